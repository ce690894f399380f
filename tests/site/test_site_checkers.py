"""The accessibility and HTML checkers on one page of every kind: axe-core in Chromium (both
colour schemes) and the Nu HTML Checker (vnu.jar, installed by .ci/run from npm's vnu-jar)."""

from __future__ import annotations

import json
import subprocess

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
    files = []
    for path in PAGE_KINDS.values():
        target = built_site.root / path
        files.append(str(target / "index.html" if target.is_dir() else target))
    # Every pitch and organisation page too: they hold the text that came from the data.
    files += sorted(str(p) for p in (built_site.root / "pitches").glob("*/index.html"))
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True, text=True, check=False,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [f"{m.get('url')}:{m.get('lastLine')}: {m['message']}" for m in messages if m["type"] == "error"]
    assert not errors, "\n".join(errors)
    assert result.returncode == 0
