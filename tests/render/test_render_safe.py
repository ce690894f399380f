"""Untrusted text on its way into a page (cofund.render.safe, cofund.render.page_html).

Markdown fields: a folder of cases, cases/markdown/<name>.md with the exact sanitised HTML
expected in <name>.html. Plain fields and page metadata: properties checked with hypothesis,
so escaping and the front matter's round trip hold for any text, not just examples.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from cofund.render.page_html import MARKER, FrontMatterError, RenderedPage, toc_tokens
from cofund.render.safe import attr, markdown_html, prose_block, url

CASES = sorted((Path(__file__).parent / "cases" / "markdown").glob("*.md"))


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_markdown_case(case: Path) -> None:
    assert str(markdown_html(case.read_text())) == case.with_suffix(".html").read_text()


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_plain_text_is_escaped_html(value: str) -> None:
    escaped = str(attr(value))
    assert "<" not in escaped and ">" not in escaped and '"' not in escaped
    assert html.unescape(escaped) == " ".join(value.replace("\x02", "").replace("\x03", "").split())


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_front_matter_reads_back_as_written_or_the_page_is_refused(value: str) -> None:
    # Any text at all, noncharacters and controls included: the stub's front matter is read
    # back with MkDocs' own reader, and either means exactly what was written or is refused.
    page = RenderedPage({"title": value, "tags": [value], MARKER: True}, "<h1>x</h1>", "")
    try:
        stub = page.stub("pitches/x.md").decode()
    except FrontMatterError as error:
        assert "pitches/x.md" in str(error)
        return
    body, meta = get_data(stub)
    assert meta == page.meta and body == ""


def test_the_hostile_title_of_issue_13_stays_metadata() -> None:
    title = "Cyber \uffff *new*{: tabindex=0 autofocus=1 onfocus=alert(document.domain) } [course](javascript:alert(1))"
    page = RenderedPage({"title": str(attr(title)), MARKER: True}, "", "")
    body, meta = get_data(page.stub("pitches/x.md").decode())
    assert meta[MARKER] is True and meta["title"] == str(attr(title)) and body == ""


def test_prose_is_one_block() -> None:
    block = str(prose_block(markdown_html("*a*\n\n```\ncode\n```")))
    assert block.startswith('<div class="cofund-prose">') and block.endswith("</div>")
    assert "<script" not in str(prose_block(markdown_html("<script>alert(1)</script>")))


def test_the_table_of_contents_lists_headings_with_ids_only() -> None:
    content = '<h1 id="t">T &amp; co</h1><h2 id="a">A <em>b</em></h2><h3>no id</h3><h3 id="c">C</h3><h2 id="d">D</h2>'
    tokens = toc_tokens(content)
    assert [(t["id"], t["name"]) for t in tokens] == [("t", "T &amp; co")]
    assert [(t["id"], t["name"], [c["id"] for c in t["children"]]) for t in tokens[0]["children"]] == [
        ("a", "A b", ["c"]), ("d", "D", []),
    ]


@pytest.mark.parametrize("bad", ["javascript:alert(1)", "data:text/html,x", "JAVASCRIPT:x", "vbscript:x"])
def test_url_refuses_unsafe_schemes(bad: str) -> None:
    with pytest.raises(ValueError):
        url(bad)


def test_url_escapes_for_attributes() -> None:
    assert str(url("https://example.org/?q='x'&y=\"1\"")) == "https://example.org/?q=&#x27;x&#x27;&amp;y=&quot;1&quot;"
    assert json.dumps(str(url("mailto:a@b.org"))) == '"mailto:a@b.org"'
