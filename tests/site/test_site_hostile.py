"""Hostile text from a pull request renders inert, proved in a real browser.

A small catalogue with tests/site/hostile/ added (a pitch, an organisation and pledges whose
every text field carries a payload) is built in a temporary repository. Each payload would
set window.pwned, open a dialog or load an image from another origin if it ran.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from browsing import ROOT, TODAY, cofund, record_requests, serve

HOSTILE = ROOT / "tests" / "site" / "hostile"
PAGES = ("pitches/hostile-pitch/", "organisations/hostile-org/", "catalogue/", "", "tags/", "directory/")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    repo = tmp_path_factory.mktemp("hostile") / "repo"
    shutil.copytree(ROOT / "tests" / "validate" / "cases" / "_base", repo)
    for folder in ("organisations", "pitches"):
        shutil.copytree(HOSTILE / folder, repo / folder, dirs_exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", repo / "mkdocs.yml")
    shutil.copytree(ROOT / "site", repo / "site")
    site = repo.parent / "public"
    result = cofund("build", str(repo), "--today", TODAY, "--site-dir", str(site))
    assert result.returncode == 0, result.stdout + result.stderr
    server, url = serve(site)
    yield url
    server.shutdown()


def test_hostile_text_never_runs(browser, hostile_site):  # type: ignore[no-untyped-def]
    context = browser.new_context()
    requests = record_requests(context)
    dialogs: list[str] = []
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for path in PAGES:
        page.goto(hostile_site + path, wait_until="load")
        assert page.evaluate("typeof window.pwned") == "undefined", path
        # Nothing from the data became an element that runs or loads anything.
        # The one image allowed is a pitch's own progress badge, from this site.
        live = "article script, article iframe, article img:not(.cofund-badge), article style, article svg[onload]"
        assert page.locator(live).count() == 0
        badges = page.locator("article img.cofund-badge").evaluate_all("els => els.map(e => e.src)")
        assert badges == ([f"{hostile_site}{path}badge.svg"] if path.startswith("pitches/") else [])
        handlers = "article [onerror], article [onload], article [onclick], article [onmouseover]"
        assert page.locator(handlers).count() == 0
        assert page.locator("a[href^='javascript:' i], a[href^='data:' i]").count() == 0
    # The payloads are still there, as text a reader can see.
    page.goto(hostile_site + "pitches/hostile-pitch/", wait_until="load")
    assert "<script>window.pwned = 'script'" in page.locator("article").inner_text()
    assert page.locator("h1").inner_text().startswith("Hostile <script>")
    # Issue 13's title: Markdown and attribute lists in a title are text, and the page keeps
    # its title and description (its front matter was read).
    assert "*new*{: tabindex=0 autofocus=1" in page.locator("h1").inner_text()
    assert page.title().startswith("Hostile <script>")
    assert page.locator("meta[name=description]").get_attribute("content").startswith("A pitch whose text")
    assert page.locator("[autofocus], [onfocus], [tabindex='0'] em").count() == 0
    # Search shows titles from the data as text too.
    page.locator("input[name=query]").click()
    page.keyboard.type("hostile", delay=30)
    page.locator(".md-search-result__item").first.wait_for()
    assert "<script>window.pwned='title'</script>" in page.locator(".md-search-result").inner_text()
    assert page.evaluate("typeof window.pwned") == "undefined"
    page.close()
    context.close()
    assert dialogs == []
    assert requests.foreign == []
