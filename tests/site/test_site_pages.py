"""The sample catalogue as a person sees it: figures, filters, keyboard use, no other origins."""

from __future__ import annotations

import re
from decimal import Decimal

from browsing import PAGE_KINDS, screenshot

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
        page = open_page(PAGE_KINDS[name])
        screenshot(page, name)
        screenshot(open_page(PAGE_KINDS[name], scheme="dark"), f"{name}-dark")


def test_pitch_figures_equal_the_export(open_page, built_site):  # type: ignore[no-untyped-def]
    for exported in built_site.export["pitches"]:
        page = open_page(f"pitches/{exported['id']}/")
        assert fact(page, "Target") == shown(exported["target"])
        assert fact(page, "Pledged").startswith(shown(exported["pledged"]) + " (")
        percent = Decimal(exported["percent_funded"])
        assert fact(page, "Pledged").endswith(f"({percent.normalize():f}%)")
        assert page.locator(".cofund-progress__text").inner_text().startswith(shown(exported["pledged"]))
        bar = page.get_by_role("progressbar", name="Funding progress")
        assert shown(exported["pledged"]) in bar.get_attribute("aria-valuetext")
        partners = page.locator("table", has=page.locator("th", has_text="Pays today"))
        for org in exported["partners"]:
            assert partners.locator(f"a[href$='/organisations/{org}/']").count() == 1
        assert f"{exported['deadline'][:4]}" in fact(page, "Deadline")


def test_filters_narrow_the_list_instantly(open_page):  # type: ignore[no-untyped-def]
    page = open_page("catalogue/")
    cards = page.locator("[data-cofund-list] > li:visible")
    total = cards.count()
    assert total > 2
    page.get_by_label("Status").select_option("open")
    open_count = cards.count()
    assert 0 < open_count < total
    assert all(s == "open" for s in cards.evaluate_all("els => els.map(e => e.dataset.status)"))
    assert page.get_by_role("status").inner_text() == f"Showing {open_count} of {total} pitches."
    page.get_by_label("Status").select_option("")
    page.get_by_label("Sort by").select_option("percent")
    percents = [int(x) for x in cards.evaluate_all("els => els.map(e => e.dataset.percent)")]
    assert percents == sorted(percents, reverse=True) and len(percents) == total


def test_the_script_sorts_as_the_pages_without_javascript_do(open_page):  # type: ignore[no-untyped-def]
    ids = "els => els.map(e => e.dataset.id)"
    by_deadline = open_page("catalogue/", javascript=False).locator("[data-cofund-list] > li").evaluate_all(ids)
    by_percent = open_page("catalogue/by-percent/", javascript=False).locator("[data-cofund-list] > li").evaluate_all(ids)
    assert sorted(by_deadline) == sorted(by_percent) and by_deadline != by_percent
    page = open_page("catalogue/")
    cards = page.locator("[data-cofund-list] > li")
    page.get_by_label("Sort by").select_option("percent")
    assert cards.evaluate_all(ids) == by_percent
    page.get_by_label("Sort by").select_option("deadline")
    assert cards.evaluate_all(ids) == by_deadline


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
    chosen = status.input_value()
    assert chosen
    visible = page.locator("[data-cofund-list] > li:visible")
    assert visible.count() < total
    assert all(s == chosen for s in visible.evaluate_all("els => els.map(e => e.dataset.status)"))


def test_filters_without_javascript_are_pages(open_page):  # type: ignore[no-untyped-def]
    page = open_page("catalogue/", javascript=False)
    assert page.locator("[data-cofund-filters]").is_hidden()
    total = page.locator("[data-cofund-list] > li").count()
    page.get_by_role("navigation", name="Filter pitches").get_by_role("link", name=re.compile("^Open for pledges")).click()
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
