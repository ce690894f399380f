"""The sample catalogue as a person sees it: figures, filters, keyboard use, no other origins."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from browsing import (
    PAGE_KINDS,
    PAGED_PITCHES,
    ROOT,
    TODAY,
    build_paged_site,
    cofund,
    copy_repo_for_build,
    record_requests,
    screenshot,
    serve,
    site_path,
)
from playwright.sync_api import Page

from cofund.money import display, to_pence


def shown(amount: str) -> str:
    """The export's "6000.00" as a page shows it: £6,000."""
    return display(to_pence(Decimal(amount)))


def fact(page, label: str) -> str:  # type: ignore[no-untyped-def]
    return page.locator(f".cofund-facts dt:text-is('{label}') + dd").inner_text().strip()


def test_every_kind_of_page_loads_only_from_this_site(open_page, built_site):  # type: ignore[no-untyped-def]
    # open_page fails the test if any of these pages asks for anything from another origin.
    for name, path in PAGE_KINDS.items():
        page = open_page(path)
        assert page.title(), name
    for name in ("home", "catalogue", "pitch"):
        screenshot(open_page(PAGE_KINDS[name], scheme="dark"), f"{name}-dark-1280")


def test_pitch_figures_equal_the_export(open_page, built_site):  # type: ignore[no-untyped-def]
    for exported in built_site.export["pitches"]:
        page = open_page(f"pitches/{exported['id']}/")
        assert fact(page, "Target") == shown(exported["target"])
        bar = page.get_by_role("progressbar", name="Funding progress")
        if exported["reached"] is not None:
            # Its pledges were released: it shows what it reached and who had pledged what.
            percent = Decimal(exported["percent_reached"])
            assert fact(page, "Reached") == f"{shown(exported['reached'])} ({percent.normalize():f}%), released"
            words = page.locator(".cofund-progress__text").inner_text()
            assert words.startswith(f"Reached {shown(exported['reached'])}")
            assert shown(exported["reached"]) in bar.get_attribute("aria-valuetext")
            had = page.locator("table", has=page.locator("th", has_text="Had pledged"))
            for pledge in (x for x in exported["pledges"] if x["status"] == "released"):
                row = had.locator("tr", has=page.locator(f"a[href$='/organisations/{pledge['organisation']}/']"))
                assert shown(pledge["released"]) in row.inner_text()
            continue
        assert fact(page, "Pledged").startswith(shown(exported["pledged"]) + " (")
        percent = Decimal(exported["percent_funded"])
        assert fact(page, "Pledged").endswith(f"({percent.normalize():f}%)")
        assert page.locator(".cofund-progress__text").inner_text().startswith(shown(exported["pledged"]))
        assert shown(exported["pledged"]) in bar.get_attribute("aria-valuetext")
        if Decimal(exported["matched"]):
            assert fact(page, "Match funds add") == shown(exported["matched"])
            words = page.locator(".cofund-progress__text").inner_text()
            assert f"{shown(exported['matched'])} from match funds" in words
        partners = page.locator("table", has=page.locator("th", has_text="Pays today"))
        for org in exported["partners"]:
            assert partners.locator(f"a[href$='/organisations/{org}/']").count() == 1
        interested = page.locator("table", has=page.locator("th", has_text="Interested since"))
        assert interested.locator("tbody tr").count() == len(exported["interested"])
        for org in exported["interested"]:
            assert interested.locator(f"a[href$='/organisations/{org}/']").count() == 1
        assert f"{exported['deadline'][:4]}" in fact(page, "Deadline")


RESULTS = "document.querySelector('[data-cofund-count]').textContent.startsWith('Showing')"


def choose(page, label: str, value: str) -> None:  # type: ignore[no-untyped-def]
    """Pick a filter and wait for the script's result (it reads the list of pitches first)."""
    page.get_by_label(label).select_option(value)
    page.wait_for_function(RESULTS)


def test_filters_narrow_the_list_instantly(open_page):  # type: ignore[no-untyped-def]
    page = open_page("catalogue/")
    cards = page.locator("[data-cofund-list] > li:visible")
    total = cards.count()
    assert total > 2
    choose(page, "Status", "open")
    open_count = cards.count()
    assert 0 < open_count < total
    assert all(s == "open" for s in cards.evaluate_all("els => els.map(e => e.dataset.status)"))
    assert page.get_by_role("status").inner_text() == f"Showing {open_count} of {total} pitches."
    # The script's cards are the pages' cards: the same markup for the same pitches in the
    # same order, links (absolute in the script's, relative in the page's) to the same place.
    card = ("els => els.map(e => [e.outerHTML.replace(/>\\s+</g, '><').replace(/ href=\"[^\"]*\"/g, ''), "
            "e.querySelector('a').href])")
    assert cards.evaluate_all(card) == open_page("catalogue/status/open/", javascript=False).locator(
        "[data-cofund-list] > li").evaluate_all(card)
    page.get_by_label("Status").select_option("")
    choose(page, "Sort by", "percent")
    percents = [int(x) for x in cards.evaluate_all("els => els.map(e => e.dataset.percent)")]
    assert percents == sorted(percents, reverse=True) and len(percents) == total


def test_the_script_sorts_as_the_pages_without_javascript_do(open_page):  # type: ignore[no-untyped-def]
    ids = "els => els.map(e => e.dataset.id)"
    items = "[data-cofund-list] > li"
    by_deadline = open_page("catalogue/", javascript=False).locator(items).evaluate_all(ids)
    by_percent = open_page("catalogue/by-percent/", javascript=False).locator(items).evaluate_all(ids)
    assert sorted(by_deadline) == sorted(by_percent) and by_deadline != by_percent
    # Each list's page, sorted by the script the other way: the other list's order.
    page = open_page("catalogue/")
    cards = page.locator("[data-cofund-list] > li")
    choose(page, "Sort by", "percent")
    assert cards.evaluate_all(ids) == by_percent
    page.get_by_label("Sort by").select_option("deadline")  # the page's own cards come back
    assert cards.evaluate_all(ids) == by_deadline
    page = open_page("catalogue/by-percent/")
    choose(page, "Sort by", "deadline")
    assert page.locator("[data-cofund-list] > li").evaluate_all(ids) == by_deadline


def test_filters_work_from_the_keyboard(open_page):  # type: ignore[no-untyped-def]
    page = open_page("catalogue/")
    total = page.locator("[data-cofund-list] > li:visible").count()
    status = page.get_by_label("Status")
    # Tab from the top of the page until the status filter has focus.
    for _ in range(60):
        page.keyboard.press("Tab")
        if status.evaluate("el => el === document.activeElement"):
            break
    else:
        raise AssertionError("the status filter cannot be reached with Tab")
    page.keyboard.press("ArrowDown")  # a closed select changes value with the arrow keys
    page.wait_for_function(RESULTS)
    chosen = status.input_value()
    assert chosen
    visible = page.locator("[data-cofund-list] > li:visible")
    assert visible.count() < total
    assert all(s == chosen for s in visible.evaluate_all("els => els.map(e => e.dataset.status)"))


def test_filters_without_javascript_are_pages(open_page):  # type: ignore[no-untyped-def]
    page = open_page("catalogue/", javascript=False)
    assert page.locator("[data-cofund-filters]").is_hidden()
    total = page.locator("[data-cofund-list] > li").count()
    filters = page.get_by_role("navigation", name="Filter pitches")
    filters.get_by_role("link", name=re.compile("^Open for pledges")).click()
    page.wait_for_url(re.compile(r"/catalogue/status/open/$"))
    statuses = page.locator("[data-cofund-list] > li").evaluate_all("els => els.map(e => e.dataset.status)")
    assert 0 < len(statuses) < total and set(statuses) == {"open"}
    page.get_by_role("link", name="percent funded").click()
    page.wait_for_url(re.compile(r"/catalogue/by-percent/$"))


def test_pledge_button_from_the_keyboard(open_page, built_site):  # type: ignore[no-untyped-def]
    open_pitch = next(p for p in built_site.export["pitches"] if p["status"] == "open")
    form = "https://github.com/cofund/cofund/issues/new?"  # the repository named in cofund.yml
    page = open_page(f"pitches/{open_pitch['id']}/", allow=(form,))
    button = page.get_by_role("link", name="Pledge to this pitch")
    for _ in range(80):
        page.keyboard.press("Tab")
        if button.evaluate("el => el === document.activeElement"):
            break
    else:
        raise AssertionError("the pledge button cannot be reached with Tab")
    href = button.get_attribute("href")
    assert href.startswith(form + "template=pledge.yml&")
    assert f"&pitch={open_pitch['id']}&" in href
    # Enter follows the link: the browser asks for the issue form (aborted: no network here).
    with page.expect_request(lambda r: r.url == href):
        page.keyboard.press("Enter")


def test_pitch_page_is_light(built_site):  # type: ignore[no-untyped-def]
    sizes = {p.parent.name: p.stat().st_size for p in (built_site.root / "pitches").glob("*/index.html")}
    print(f"\nlargest pitch page: {max(sizes.values()) / 1024:.1f} KB ({max(sizes, key=sizes.get)}); "
          f"search index: {(built_site.root / 'search' / 'search_index.json').stat().st_size / 1024:.1f} KB; "
          f"build {built_site.seconds:.1f}s")
    assert sizes and max(sizes.values()) < 100 * 1024


def test_search_finds_who_and_what_not_figures(built_site):  # type: ignore[no-untyped-def]
    """A pitch's proposer and sectors are searchable (not their labels); its figures and dates
    stay out of the index every visitor downloads, as do an organisation's website and a
    product's table."""
    docs = json.loads((built_site.root / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    text = {d["location"]: d["title"] + " " + d["text"] for d in docs}
    pitch = next(p for p in built_site.export["pitches"] if p["status"] == "open")
    facts = next(v for k, v in text.items() if k.startswith(f"pitches/{pitch['id']}/#"))
    proposer = next(o for o in built_site.export["organisations"] if o["id"] == pitch["proposer"])
    assert proposer["name"] in facts
    assert not any(word in facts for word in ("Proposed by", "Sectors", "Target", "Pledged", "Deadline", "£"))
    assert not any(word in v for k, v in text.items() if k.startswith("organisations/")
                   for word in ("Website", "Nation", "https://"))
    assert not any("Adoption price" in v for k, v in text.items() if k.startswith("products/"))


# ------------------------------------------------------------------ lists of several pages
# The sample has 8 pitches, one page of any list: these tests build a generated catalogue of
# PAGED_PITCHES pitches (three pages of the whole catalogue at 50 a page).

IDS = "els => els.map(e => e.dataset.id)"


@pytest.fixture(scope="module")
def paged(tmp_path_factory, browser) -> Iterator[tuple[Path, Callable[..., Page]]]:  # type: ignore[no-untyped-def]
    site, seconds = build_paged_site(tmp_path_factory.mktemp("paged"))
    print(f"\n{PAGED_PITCHES} pitches built in {seconds:.1f}s")
    root = site
    for _ in Path(site_path()).parts:
        root = root.parent
    server, url = serve(root)
    base = url + "".join(f"{part}/" for part in Path(site_path()).parts)
    contexts = []

    def opener(path: str, javascript: bool = True, scheme: str = "light"):  # type: ignore[no-untyped-def]
        context = browser.new_context(java_script_enabled=javascript, color_scheme=scheme,
                                      viewport={"width": 1280, "height": 900})
        contexts.append((context, record_requests(context)))
        page = context.new_page()
        page.goto(base + path, wait_until="load")
        return page

    yield site, opener
    foreign = [url for _, r in contexts for url in r.foreign]
    for context, _ in contexts:
        context.close()
    server.shutdown()
    assert not foreign, f"pages asked for things from other origins: {foreign}"


def every_page(opener, path: str) -> tuple[list[str], list[str]]:  # type: ignore[no-untyped-def]
    """Follow a list's "Next page" links without JavaScript: the pitches' ids and page URLs."""
    page = opener(path, javascript=False)
    ids, urls = [], []
    while True:
        urls.append(page.url)
        ids += page.locator("[data-cofund-list] > li").evaluate_all(IDS)
        pages = page.get_by_role("navigation", name="Pages of this list")
        if not pages.count():
            return ids, urls
        following = pages.get_by_role("link", name="Next page")
        if not following.count():
            return ids, urls
        following.click()
        page.wait_for_url(lambda url: url not in urls)


def test_a_long_list_in_pages_without_javascript(paged):  # type: ignore[no-untyped-def]
    site, opener = paged
    ids, urls = every_page(opener, "catalogue/")
    everything = json.loads((site / "catalogue" / "pitches.json").read_text())
    assert len(ids) == len(set(ids)) == PAGED_PITCHES == len(everything["pitches"])
    assert [u.split("/catalogue/")[1] for u in urls] == ["", "2/", "3/"]
    page = opener("catalogue/2/", javascript=False)
    assert page.title().startswith("Catalogue of pitches (page 2 of 3)")
    assert page.get_by_role("heading", level=1).inner_text() == "Catalogue of pitches (page 2 of 3)"
    pages = page.get_by_role("navigation", name="Pages of this list")
    assert pages.get_by_text("Page 2 of 3", exact=True).is_visible()
    assert pages.get_by_role("link", name="Page 2", exact=True).get_attribute("aria-current") == "page"
    assert pages.locator("[aria-current]").count() == 1
    assert pages.get_by_role("link", name="Previous page").get_attribute("rel") == "prev"
    assert pages.get_by_role("link", name="Next page").get_attribute("rel") == "next"
    # The facet and sort links lead to page 1 of their lists, from any page.
    page.get_by_role("navigation", name="Filter pitches").get_by_role("link", name="percent funded").click()
    page.wait_for_url(lambda url: url.endswith("/catalogue/by-percent/"))
    by_percent, _ = every_page(opener, "catalogue/by-percent/")
    assert sorted(by_percent) == sorted(ids) and by_percent != ids


def test_the_script_filters_and_sorts_the_whole_catalogue(paged):  # type: ignore[no-untyped-def]
    site, opener = paged
    by_percent, _ = every_page(opener, "catalogue/by-percent/")
    # The filter value with the most pitches: a result longer than a page.
    everything = json.loads((site / "catalogue" / "pitches.json").read_text())
    rows = [dict(zip(everything["fields"], row, strict=True)) for row in everything["pitches"]]
    facet, value = max(((f, v) for f in ("status", "category", "nation", "model") for v in {r[f] for r in rows}),
                       key=lambda fv: sum(r[fv[0]] == fv[1] for r in rows))
    largest, _ = every_page(opener, f"catalogue/{facet}/{value}/")
    assert len(largest) > 50
    page = opener("catalogue/2/")
    own = page.locator("[data-cofund-list] > li").evaluate_all(IDS)
    pager = page.get_by_role("navigation", name="Pages of this list")
    more = page.get_by_role("button", name=re.compile("^Show \\d+ more$"))

    def everything_shown() -> list[str]:
        while more.is_visible():
            more.click()
        return page.locator("[data-cofund-list] > li").evaluate_all(IDS)

    choose(page, "Sort by", "percent")
    assert pager.is_hidden()  # its pages are the unfiltered list's
    assert page.get_by_role("status").inner_text() == f"Showing 50 of {PAGED_PITCHES} pitches."
    assert everything_shown() == by_percent  # not only this page's 50
    page.get_by_label("Sort by").select_option("deadline")
    label = {"status": "Status", "category": "Category", "nation": "Nation", "model": "Funding model"}[facet]
    choose(page, label, value)
    status = f"Showing 50 of {len(largest)} matching pitches ({PAGED_PITCHES} in all)."
    assert page.get_by_role("status").inner_text() == status
    assert everything_shown() == largest
    assert page.get_by_role("status").inner_text() == f"Showing {len(largest)} of {PAGED_PITCHES} pitches."
    page.get_by_label(label).select_option("")
    assert page.locator("[data-cofund-list] > li").evaluate_all(IDS) == own and pager.is_visible()


def test_show_more_from_the_keyboard(paged):  # type: ignore[no-untyped-def]
    _, opener = paged
    page = opener("catalogue/")
    choose(page, "Sort by", "percent")
    more = page.get_by_role("button", name=re.compile("^Show \\d+ more$"))
    more.focus()
    page.keyboard.press("Enter")
    # Focus moves to the first card just shown, so reading and tabbing carry on from there.
    assert page.evaluate("document.activeElement.closest('li').dataset.id") == \
        page.locator("[data-cofund-list] > li").nth(50).get_attribute("data-id")


def test_list_pages_pass_the_checkers(paged):  # type: ignore[no-untyped-def]
    site, opener = paged
    paths = ["catalogue/2/", "catalogue/by-percent/3/", *(
        f"{p.parent.relative_to(site)}/" for p in sorted(site.glob("catalogue/*/*/2/index.html"))[:1])]
    assert len(paths) == 3
    axe = Axe()
    found = {}
    for path in paths:
        page = opener(path)
        if (results := axe.run(page)).violations_count:
            found[path] = results.generate_report()
    page = opener("catalogue/")
    choose(page, "Status", "open")  # the script's cards too
    if (results := axe.run(page)).violations_count:
        found["filtered"] = results.generate_report()
    page.get_by_label("Status").select_option("")
    choose(page, "Sort by", "percent")  # and its button
    if (results := axe.run(page)).violations_count:
        found["sorted"] = results.generate_report()
    page = opener("catalogue/2/", scheme="dark")  # the current page's colours
    if (results := axe.run(page)).violations_count:
        found["dark"] = results.generate_report()
    assert not found, "\n".join(f"--- {name}\n{report}" for name, report in found.items())
    vnu = ROOT / ".cache" / "tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    assert vnu.exists(), f"the Nu HTML Checker is missing: .ci/run installs it ({vnu})"
    result = subprocess.run(["java", "-jar", str(vnu), "--errors-only", "--format", "json",
                             *(str(site / path / "index.html") for path in paths)],
                            capture_output=True, text=True, check=False)
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    assert [m for m in messages if m["type"] == "error"] == [] and result.returncode == 0


def test_the_scripts_cards_keep_hostile_text_inert(browser, tmp_path):  # type: ignore[no-untyped-def]
    # The script builds cards from catalogue/pitches.json: text from a pull request must stay
    # text there too (tests/site/hostile: a pitch and an organisation whose every field is a payload).
    def hostile(repo: Path) -> None:
        for folder in ("organisations", "pitches"):
            shutil.copytree(ROOT / "tests" / "site" / "hostile" / folder, repo / folder, dirs_exist_ok=True)

    repo = copy_repo_for_build(tmp_path / "repo", hostile)
    site = tmp_path / "www"
    result = cofund("build", str(repo), "--today", TODAY, "--site-dir", str(site))
    assert result.returncode == 0, result.stdout + result.stderr
    server, url = serve(site)
    context = browser.new_context()
    requests = record_requests(context)
    dialogs: list[str] = []
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        page.goto(url + "catalogue/", wait_until="load")
        choose(page, "Status", "open")
        card = page.locator("[data-cofund-list] > li[data-id=hostile-pitch]")
        assert "<script>window.pwned='title'</script>" in card.inner_text()
        assert "<img src=x onerror=" in card.inner_text()
        assert page.evaluate("typeof window.pwned") == "undefined"
        assert card.locator("script, img, [onerror], [onclick], a[href^='javascript:' i]").count() == 0
    finally:
        context.close()
        server.shutdown()
    assert dialogs == [] and requests.foreign == []
