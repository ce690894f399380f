"""The checkers: axe-core in Chromium (both colour schemes) on one page of every kind, in
both languages; the Nu
HTML Checker (vnu.jar, installed by make test from npm's vnu-jar) on every page; every
download read by the parser made for it (Atom feeds and SVG badges by an XML parser, JSON by
json, CSV by csv, publiccode.yml by YAML); and the open-standard files the same bytes as
`cofund export` prints."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import xml.etree.ElementTree as ET

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from browsing import PAGE_KINDS, ROOT, TODAY, WELSH_PAGE_KINDS, cofund, site_path

VNU = ROOT / ".cache" / "tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations(open_page, scheme):  # type: ignore[no-untyped-def]
    axe = Axe()
    found = {}
    for name, path in {**PAGE_KINDS, **WELSH_PAGE_KINDS}.items():
        page = open_page(path, scheme=scheme)
        results = axe.run(page)
        if results.violations_count:
            found[name] = results.generate_report()
        page.close()
    assert not found, "\n".join(f"--- {name}\n{report}" for name, report in found.items())


def test_nu_html_checker_finds_no_errors(built_site):  # type: ignore[no-untyped-def]
    assert VNU.exists(), f"the Nu HTML Checker is missing: .ci/run installs it ({VNU})"
    # Every page, in both languages (cy/): the generated ones hold the text that came from the data.
    files = sorted(str(p) for p in built_site.root.rglob("*.html"))
    assert len(files) > 60 and any("/cy/" in f for f in files)
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
    badges = sorted(root.glob("pitches/*/badge.svg"))
    assert len(badges) == len(built_site.export["pitches"])
    for path in badges:
        svg = ET.parse(path).getroot()
        assert svg.tag == "{http://www.w3.org/2000/svg}svg" and svg.get("role") == "img", path
    for path in sorted(root.glob("products/*/publiccode.yml")):
        assert yaml.safe_load(path.read_bytes())["publiccodeYmlVersion"], path


def test_standards_files_are_what_cofund_export_prints(built_site):  # type: ignore[no-untyped-def]
    # Built with mkdocs.yml's site_url, the address the packages name.
    found = re.search(r"^site_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(), re.MULTILINE)
    assert found and found.group(1).rstrip("/").endswith(site_path())
    site_url = found.group(1)
    root = built_site.root

    def export(*args: str) -> bytes:
        result = cofund("export", str(ROOT), "--today", TODAY, *args)
        assert result.returncode == 0, result.stderr
        return result.stdout.encode()

    assert (root / "data" / "ocds.json").read_bytes() == export("--format", "ocds", "--site-url", site_url)
    assert (root / "data" / "360giving.json").read_bytes() == export("--format", "360giving", "--site-url", site_url)
    products = sorted(root.glob("products/*/publiccode.yml"))
    assert products
    for path in products:
        assert path.read_bytes() == export("--format", "publiccode", "--pitch", path.parent.name), path
    # The golden files of the export tests, checked against the official schemas there.
    golden = ROOT / "tests" / "export" / "golden"
    for path in sorted(golden.rglob("*.*")):
        assert (root / path.relative_to(golden)).read_bytes() == path.read_bytes(), path
