"""Untrusted text on its way into a page (cofund.render.safe).

Markdown fields: a folder of cases, cases/markdown/<name>.md with the exact sanitised HTML
expected in <name>.html. Plain fields: properties checked with hypothesis against the same
Python-Markdown extensions the site uses, so escaping holds for any text, not just examples.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import markdown
import pytest
import yaml
from cofund.render.safe import markdown_html, prose_block, text, url
from cofund.render.templating import front_matter, raw_html
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config

CASES = sorted((Path(__file__).parent / "cases" / "markdown").glob("*.md"))
# The Markdown extensions the site uses, as mkdocs.yml configures them.
SITE = load_config(str(Path(__file__).resolve().parents[2] / "mkdocs.yml"))


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_markdown_case(case: Path) -> None:
    assert str(markdown_html(case.read_text())) == case.with_suffix(".html").read_text()


def engine(source: str) -> str:
    return markdown.markdown(source, extensions=SITE.markdown_extensions, extension_configs=SITE.mdx_configs)


lines = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=80)


@settings(max_examples=300, deadline=None)
@given(lines)
def test_plain_text_stays_text_in_markdown(value: str) -> None:
    flat = " ".join(value.split())
    if not flat:
        return
    # In a paragraph, a table cell and a heading, the engine's output is exactly the text.
    rendered = engine(str(text(value)))
    assert rendered.startswith("<p>") and rendered.endswith("</p>")
    assert html.unescape(rendered[3:-4]) == flat
    table = engine(f"| a |\n| --- |\n| {text(value)} |")
    assert html.unescape(table.split("<td>")[1].split("</td>")[0]) == flat
    heading = engine(f"## {text(value)}")
    assert html.unescape(heading.split(">", 1)[1].rsplit("</h2>", 1)[0]) == flat


@settings(max_examples=200, deadline=None)
@given(lines)
def test_front_matter_strings_are_escaped_html(value: str) -> None:
    meta = yaml.safe_load(str(front_matter(title=value, tags=[value])).strip("-\n"))
    flat = " ".join(value.split())
    assert html.unescape(meta["title"]) == flat and html.unescape(meta["tags"][0]) == flat
    assert "<" not in meta["title"] and '"' not in meta["title"]


def test_prose_block_is_one_block_the_engine_passes_through() -> None:
    fragment = markdown_html("para one\n\npara *two*\n\n- a\n- b\n")
    block = str(prose_block(fragment))
    assert "\n\n" not in block
    # Nothing in it is read as Markdown again, and what follows is a new block.
    assert engine(raw_html(block) + "\n*after*") == block + "\n<p><em>after</em></p>"


fences = st.lists(st.sampled_from(["```", "~~~", "```cofund-html", "    ```", "<b>", "*x*", "\n", "\n\n", " ", "a"]))


@settings(max_examples=300, deadline=None)
@given(fences.map("".join) | st.text(max_size=120))
def test_text_cannot_end_or_open_the_block_it_sits_in(value: str) -> None:
    # Code in a pitch body can hold a line of backticks: it must not close the raw block
    # around it (its HTML would then be parsed as Markdown) nor open one of its own.
    block = str(prose_block(markdown_html(value)))
    assert engine(raw_html(block) + "\n*after*") == block + "\n<p><em>after</em></p>"


@pytest.mark.parametrize("bad", ["javascript:alert(1)", "data:text/html,x", "JAVASCRIPT:x", "vbscript:x"])
def test_url_refuses_unsafe_schemes(bad: str) -> None:
    with pytest.raises(ValueError):
        url(bad)


def test_url_escapes_for_attributes() -> None:
    assert str(url("https://example.org/?q='x'&y=\"1\"")) == "https://example.org/?q=&#x27;x&#x27;&amp;y=&quot;1&quot;"
    assert json.dumps(str(url("mailto:a@b.org"))) == '"mailto:a@b.org"'
