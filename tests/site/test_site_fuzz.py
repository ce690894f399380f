"""Fuzz: arbitrary and hostile text in every free-text field of every kind of file, built by
`cofund build` and opened in real Chromium, never runs, never becomes a handler or a live
`javascript:`/`data:` link, and never breaks a feed or a download.

Each example writes a small catalogue to a temporary folder: the validate tests' sample
catalogue, with COPIES pitches (each with its own proposer, pledges, updates, milestones and
cost lines) and organisations added, the tiered pitch's tier labels and the catalogue's name
replaced, every free-text field holding generated text. Only catalogues `cofund validate`
accepts are built: what the loader or the schema refuses never reaches a page, and that is
tested elsewhere. The build goes through the CLI only (`cofund build REPO --site-dir DIR
--today DATE`), so the test holds whatever the build does inside.

Examples: COFUND_FUZZ_EXAMPLES (default EXAMPLES_DEFAULT, a minute or so); derandomized in CI
(CI=true), so a CI run is repeatable. Shrinking a failure rebuilds the site hundreds of
times, so it is off unless COFUND_FUZZ_SHRINK=1.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import os
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any

from browsing import ROOT, TODAY, cofund, record_requests, serve
from click.testing import CliRunner
from hypothesis import HealthCheck, Phase, example, given, note, reject, settings
from hypothesis import strategies as st
from playwright.sync_api import Browser, Dialog, Page

from cofund.cli import main
from cofund.load.safe_yaml import parse_yaml

EXAMPLES_DEFAULT = 10
EXAMPLES = int(os.environ.get("COFUND_FUZZ_EXAMPLES", str(EXAMPLES_DEFAULT)))
IN_CI = os.environ.get("CI", "").lower() == "true"
SHRINK = os.environ.get("COFUND_FUZZ_SHRINK") == "1"
COPIES = 2  # fuzzed pitches and organisations per build: more text per (slow) build
BASE = ROOT / "tests" / "validate" / "cases" / "_base"

# Every payload that runs sets window.__pwned and opens a dialog.
RUN = "window.__pwned=1;alert(1)"
FRAGMENTS = [
    f"<script>{RUN}</script>",
    f"<img src=x onerror={RUN}>",
    f'<svg onload="{RUN}"></svg>',
    f"<a href=\"javascript:{RUN}\">a</a>",
    f"<iframe srcdoc='<script>{RUN}</script>'></iframe>",
    f"<details open ontoggle={RUN}>",
    f'" onmouseover="{RUN}" x="',
    f"' autofocus onfocus='{RUN}' '",
    "</title><script>window.__pwned=1</script>",
    "</textarea></noscript></style><script>window.__pwned=1</script>",
    "<!--", "-->", "<![CDATA[", "]]>", "&lt;script&gt;", "&#106;avascript:alert(1)", "&amp;", "&",
    f"[link](javascript:{RUN})",
    "[link](JaVaScRiPt:alert(1))",
    "[link]( javascript:alert(1) )",
    "[link](jav&#x09;ascript:alert(1))",
    "[link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![img](data:image/svg+xml,<svg onload=alert(1)>)",
    "![img](javascript:alert(1))",
    "<javascript:alert(1)>",
    "[ref]\n\n[ref]: javascript:alert(1)",
    "*new*{: tabindex=0 autofocus=1 onfocus=alert(document.domain) }",
    "{: onclick=alert(1) }",
    '{: .x #y onmouseover="alert(1)" }',
    "\n---\ntitle: x\n---\n",
    "---", "...", "+++", "title: injected", "description: x\n", "template: main.html",
    ": ", "- ", "? ", "#", "&anchor ", "*alias", "!!python/object/apply:os.system ['true']", "%YAML 1.1",
    "|", ">", "{", "}", "[", "]", ",", "'", '"', "\\", "`", "```", "~~~", "@", "%", "\\uFFFF",
    "{{ config }}", "{% include 'x' %}", "{#", '--8<-- "/etc/passwd"', "!!! note", "::: x",
    "| a | b |\n|---|---|\n| c | d |", "    indented code", "# heading", "> quote", "1. list",
    "=cmd|' /C calc'!A0", "+1", "-1", "@SUM(1)", ",\"", "\n",
    "<https://example.com>", "[x](https://example.com/?q=\"'<>)", "mailto:x@example.com",
    "\u200e", "\u200f", "\u061c", "\ufeff", "\u00ad", "\u200b", "\U0001f600", "\u0301",
]
# Direction controls: the loader allows them only in text written as a block.
DIRECTION = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

# Any character but those no data file may hold (controls other than tab and line feed,
# surrogates, unassigned code points and noncharacters, Unicode line separators); the
# loader's own tests cover those. Direction controls only where the text is a block.
_CHARS = st.characters(blacklist_categories=("Cs", "Cc", "Cn", "Zl", "Zp"), blacklist_characters=DIRECTION)
_SYNTAX = st.sampled_from("\t\n<>&\"'`:[](){}#*_!")  # Markdown's and HTML's, more often than at random
_PIECE = st.sampled_from(FRAGMENTS) | st.text(_CHARS | _SYNTAX, min_size=1, max_size=12)
_BLOCK_PIECE = _PIECE | st.sampled_from(DIRECTION)


def _one_line(text: str, most: int) -> str:
    line = " ".join(text.replace("\r", "\n").split("\n")).strip()
    return (line or "x")[:most]


LINE = st.lists(_PIECE, min_size=1, max_size=6).map(lambda p: _one_line("".join(p), 200))
def _summary(text: str) -> str:
    line = _one_line(text, 300)
    return line if len(line) >= 20 else line + " and twenty characters"  # the schema's shortest


SUMMARY = st.lists(_PIECE, min_size=1, max_size=8).map(lambda p: _summary("".join(p)))
MARKDOWN = st.lists(_BLOCK_PIECE, min_size=1, max_size=10).map(lambda p: "".join(p).replace("\r", "\n") or "x")
TAGS = st.lists(
    st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)
    | st.sampled_from(["script", "javascript", "onload", "data", "alert-1"]),
    max_size=4, unique=True,
)


class Block(str):
    """Text written as a YAML literal block, as people write Markdown."""


def _slots(copy_: int) -> dict[str, st.SearchStrategy[Any]]:
    c = f"{copy_}."
    lines = ["org.name", "signatory.name", "signatory.role", "pitch.title", "benefit.0", "benefit.1",
             "cost.0", "cost.1", "supplier", "licence", "support_hours", "critical", "high", "normal",
             "update.title", "milestone.0", "milestone.1", "pledge.in_kind", "pledge.conditions",
             "other.conditions"]
    slots: dict[str, st.SearchStrategy[Any]] = {c + name: LINE for name in lines}
    slots |= {c + name: MARKDOWN for name in ("body", "problem", "users", "update.body")}
    slots |= {c + "summary": SUMMARY, c + "tags": TAGS}
    return slots


SLOTS: dict[str, st.SearchStrategy[Any]] = {"catalogue.name": LINE, "tier.0": LINE, "tier.1": LINE,
                                            "planning.title": LINE, "forms.title": LINE}
for _copy in range(COPIES):
    SLOTS |= _slots(_copy)


def _every_fragment() -> dict[str, Any]:
    """An explicit first example: every fragment somewhere, with the issue's own exploit."""
    texts: dict[str, Any] = {}
    for i, (name, strategy) in enumerate(sorted(SLOTS.items())):
        pieces = FRAGMENTS[i::len(SLOTS)]
        if strategy is TAGS:
            texts[name] = ["javascript", "onload"]
        elif strategy is MARKDOWN:
            texts[name] = "\n\n".join(pieces) + "\n\u2067right to left\u2069"
        else:
            texts[name] = _summary(" ".join(pieces)) if strategy is SUMMARY else _one_line(" ".join(pieces), 200)
    texts["0.pitch.title"] = (
        "Cyber and GDPR e-learning *new*{: tabindex=0 autofocus=1 onfocus=alert(document.domain) }"
        " [course](javascript:alert(1))"
    )
    return texts


# --- writing the catalogue ---------------------------------------------------------------

def _yaml(value: Any, indent: int = 0) -> str:
    pad = " " * indent
    if isinstance(value, dict):
        return "".join(f"\n{pad}{key}:{_yaml(item, indent + 2)}" for key, item in value.items()) if value else " {}"
    if isinstance(value, list):
        return "".join(f"\n{pad}-{_yaml(item, indent + 2)}" for item in value) if value else " []"
    if isinstance(value, Block):  # (its parent is always two spaces less indented)
        return " |2+" + "".join(f"\n{pad}{line}" if line else "\n" for line in value.split("\n"))
    if isinstance(value, bool):
        return " true" if value else " false"
    if isinstance(value, (int, Decimal)):
        return f" {value}"
    return " " + json.dumps(value, ensure_ascii=False)  # a double-quoted YAML scalar


def _write(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_yaml(data).lstrip("\n") + "\n", encoding="utf-8")


def _read(relative: str) -> dict[str, Any]:
    return copy.deepcopy(parse_yaml((BASE / relative).read_bytes()).data)


def write_catalogue(repo: Path, texts: dict[str, Any]) -> None:
    for folder in ("organisations", "pitches"):
        (repo / folder).mkdir(parents=True, exist_ok=True)
    for path in BASE.rglob("*.yml"):
        target = repo / path.relative_to(BASE)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    catalogue = _read("cofund.yml")
    catalogue["name"] = texts["catalogue.name"]
    _write(repo / "cofund.yml", catalogue)
    planning = _read("pitches/planning-tool/pitch.yml")
    planning["title"] = texts["planning.title"]
    for i, tier in enumerate(planning["funding"]["tiers"][:2]):
        tier["label"] = texts[f"tier.{i}"]
    _write(repo / "pitches/planning-tool/pitch.yml", planning)
    forms = _read("pitches/shared-forms/pitch.yml")
    forms["title"] = texts["forms.title"]
    _write(repo / "pitches/shared-forms/pitch.yml", forms)
    for n in range(COPIES):
        _write_copy(repo, n, {name[len(f"{n}."):]: text for name, text in texts.items() if name.startswith(f"{n}.")})


def _write_copy(repo: Path, n: int, t: dict[str, Any]) -> None:
    org, login, slug = f"fuzz-org-{n}", f"fuzz-signer-{n}", f"fuzz-pitch-{n}"
    _write(repo / f"organisations/{org}.yml", {
        "name": t["org.name"], "type": "district", "nation": "england", "website": f"https://fuzz{n}.example.gov.uk",
        "org_id": f"GB-LAE-FZ{chr(65 + n % 26)}",
        "signatories": [{"name": t["signatory.name"], "role": t["signatory.role"], "github": login}],
    })
    pitch = _read("pitches/cyber-elearning/pitch.yml")
    case = pitch["business_case"]
    pitch |= {"title": "Fuzzpitch " + t["pitch.title"], "summary": t["summary"], "body": Block(t["body"]),
              "proposer": org, "tags": t["tags"]}
    case |= {"problem": Block(t["problem"]), "users": Block(t["users"]), "benefits": [t["benefit.0"], t["benefit.1"]]}
    for i, line in enumerate(case["cost_lines"][:2]):
        line["item"] = t[f"cost.{i}"]
    pitch["contract"] |= {"supplier": t["supplier"], "licence": t["licence"]}
    pitch["sla"] |= {"support_hours": t["support_hours"],
                     "response_times": {"critical": t["critical"], "high": t["high"], "normal": t["normal"]}}
    pitch["updates"] = [{"date": "2026-10-01", "title": t["update.title"], "body": Block(t["update.body"])}]
    pitch["milestones"] = [{"title": t["milestone.0"], "due": "2026-06-30", "done": "2026-06-20"},
                           {"title": t["milestone.1"], "due": "2027-01-31"}]
    if not pitch["tags"]:
        del pitch["tags"]
    _write(repo / f"pitches/{slug}/pitch.yml", pitch)
    pledge = {"date": "2026-02-01", "signatory": login, "role": "funder", "amount": 10000,
              "in_kind": t["pledge.in_kind"], "conditions": t["pledge.conditions"], "status": "pledged"}
    _write(repo / f"pitches/{slug}/pledges/{org}.yml", pledge)
    other = _read("pitches/cyber-elearning/pledges/leeds.yml") | {"conditions": t["other.conditions"]}
    _write(repo / f"pitches/{slug}/pledges/leeds.yml", other)


# --- what must hold ----------------------------------------------------------------------

# Run in each page: what from the data became live. URLs are resolved as the browser does
# (so "JaVaScRiPt:", entities and stray whitespace count).
CHECK_PAGE = """() => {
  const found = [];
  const urlAttributes = ['href', 'src', 'action', 'formaction', 'xlink:href', 'poster', 'data', 'background',
                         'srcdoc', 'srcset', 'ping', 'cite', 'manifest'];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on')) found.push(`${el.tagName} has ${name}="${attr.value}"`);
      if (name === 'srcdoc') found.push(`${el.tagName} has srcdoc`);
      if (urlAttributes.includes(name)) {
        // (A srcset is a list of "URL width" candidates; any other value is one URL, which the
        // URL parser itself cleans of stray whitespace and tabs, as the browser does.)
        const urls = name === 'srcset' ? attr.value.split(',').map(c => c.trim().split(/\\s+/)[0]) : [attr.value];
        for (const url of urls) {
          let protocol = '';
          try { protocol = new URL(url, document.baseURI).protocol; } catch (e) { continue; }
          if (protocol === 'javascript:' || protocol === 'data:') found.push(`${el.tagName} ${name}="${attr.value}"`);
        }
      }
    }
  }
  for (const meta of document.querySelectorAll('meta[http-equiv]')) found.push(`meta http-equiv: ${meta.outerHTML}`);
  for (const script of document.scripts) {
    if (script.text.includes('__pwned') || script.text.includes('alert(')) found.push(`script: ${script.text}`);
  }
  if (typeof window.__pwned !== 'undefined') found.push('window.__pwned was set');
  return found;
}"""


def data_pages(site: Path) -> list[str]:
    """The pages that show the generated text: each page a fuzzed field appears on, at least once."""
    pages = ["", "catalogue/", "directory/", "products/", "tags/", "organisations/leeds/", "pitches/planning-tool/"]
    pages += [f"{folder}/fuzz-{kind}-{n}/" for n in range(COPIES) for folder, kind in
              (("pitches", "pitch"), ("organisations", "org"))]
    missing = [p for p in pages if not (site / p / "index.html").is_file()]
    assert not missing, f"pages not built: {missing}"
    return pages


def check_downloads(site: Path) -> None:
    feeds = sorted(site.rglob("*.xml"))
    assert any(p.parent.name == "feeds" for p in feeds), "no Atom feed was built"
    for path in feeds:
        root = ET.parse(path).getroot()  # raises on a feed that is not well-formed XML
        if "feeds" in path.relative_to(site).parts:
            assert root.tag == "{http://www.w3.org/2005/Atom}feed", path
    for path in sorted(site.rglob("*.json")):
        json.loads(path.read_text(encoding="utf-8"))
    for path in sorted(site.rglob("*.csv")):
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline=""), strict=True))
        assert rows and all(len(row) == len(rows[0]) for row in rows), path


def check_in_chromium(browser: Browser, url: str, pages: list[str]) -> None:
    context = browser.new_context()
    requests = record_requests(context)
    dialogs: list[str] = []
    page: Page = context.new_page()

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    try:
        for path in pages:
            page.goto(url + path, wait_until="load")
            found = page.evaluate(CHECK_PAGE)
            assert not found, f"{path}: {found}"
            if path.startswith("pitches/fuzz-pitch-"):
                # The title reached the page (a page whose head was lost would not have it).
                assert "Fuzzpitch" in page.title(), (path, page.title())
        # Search shows titles and summaries from the data, rendered by the theme's script.
        page.goto(url, wait_until="load")
        page.locator("input[name=query]").click()
        page.keyboard.type("Fuzzpitch", delay=10)
        page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
        found = page.evaluate(CHECK_PAGE)
        assert not found, f"search results: {found}"
    finally:
        context.close()
    assert dialogs == [], f"a dialog opened: {dialogs}"
    assert requests.foreign == [], f"pages asked for things from other origins: {requests.foreign}"


@contextmanager
def built_site(texts: dict[str, Any]) -> Iterator[tuple[Path, str]]:
    """Write, validate and build one catalogue; yield the site and its URL while served."""
    with tempfile.TemporaryDirectory(prefix="cofund-fuzz-") as temporary:
        repo = Path(temporary) / "repo"
        write_catalogue(repo, texts)
        valid = CliRunner().invoke(main, ["validate", str(repo), "--today", TODAY])
        if valid.exit_code != 0:
            note(valid.output)
            reject()  # text the loader or the schema refuses never reaches a page
        (repo / "mkdocs.yml").write_bytes((ROOT / "mkdocs.yml").read_bytes())
        (repo / "site").symlink_to(ROOT / "site")
        (repo / "generator").symlink_to(ROOT / "generator")  # mkdocs.yml's theme overrides
        site = Path(temporary) / "www"
        built = cofund("build", str(repo), "--site-dir", str(site), "--today", TODAY)
        assert built.returncode == 0, built.stdout + built.stderr
        server, url = serve(site)
        try:
            yield site, url
        finally:
            server.shutdown()


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=IN_CI,  # (which also leaves out the example database)
    phases=tuple(Phase) if SHRINK else (Phase.explicit, Phase.reuse, Phase.generate),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
)
@given(texts=st.fixed_dictionaries(SLOTS))
@example(texts=_every_fragment())
def test_text_from_data_never_runs_and_every_download_parses(browser: Browser, texts: dict[str, Any]) -> None:
    with built_site(texts) as (site, url):
        check_downloads(site)
        check_in_chromium(browser, url, data_pages(site))
