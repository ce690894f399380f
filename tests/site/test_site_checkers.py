"""The checkers: axe-core in Chromium (both colour schemes) on one page of every kind; the Nu
HTML Checker (vnu.jar, installed by make test from npm's vnu-jar) on every page; and every
download read by the parser made for it (Atom feeds by an XML parser, JSON by json, CSV by
csv)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import xml.etree.ElementTree as ET

import pytest
from axe_playwright_python.sync_playwright import Axe
from browsing import PAGE_KINDS, ROOT

VNU = ROOT / ".cache" / "tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations(open_page, scheme):  # type: ignore[no-untyped-def]
    axe = Axe()
    found = {}
    for name, path in PAGE_KINDS.items():
        page = open_page(path, scheme=scheme)
        results = axe.run(page)
        if results.violations_count:
            found[name] = results.generate_report()
        page.close()
    assert not found, "\n".join(f"--- {name}\n{report}" for name, report in found.items())


def test_nu_html_checker_finds_no_errors(built_site):  # type: ignore[no-untyped-def]
    assert VNU.exists(), f"the Nu HTML Checker is missing: .ci/run installs it ({VNU})"
    # Every page: the generated ones hold the text that came from the data.
    files = sorted(str(p) for p in built_site.root.rglob("*.html"))
    assert len(files) > 60
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True, text=True, check=False,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [f"{m.get('url')}:{m.get('lastLine')}: {m['message']}" for m in messages if m["type"] == "error"]
    assert not errors, "\n".join(errors)
    assert result.returncode == 0


def test_every_download_parses(built_site):  # type: ignore[no-untyped-def]
    root = built_site.root
    feeds = sorted(root.glob("feeds/**/*.xml"))
    assert len(feeds) > 10
    for feed in feeds:
        assert ET.parse(feed).getroot().tag == "{http://www.w3.org/2005/Atom}feed", feed
    jsons = [*sorted(root.glob("data/**/*.json")), root / "catalogue" / "pitches.json"]
    for path in jsons:
        json.loads(path.read_bytes())
    assert json.loads((root / "data" / "catalogue.json").read_bytes()) == built_site.export
    for path in sorted(root.glob("data/*.csv")):
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
        assert len(rows) > 1 and all(len(row) == len(rows[0]) for row in rows), path
