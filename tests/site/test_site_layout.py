"""The site on a phone and on paper: nothing scrolls sideways at 390 px, every control is
reachable with the keyboard, chart labels are readable, filters live in the address, a
pledge letter prints on A4 without the site's navigation; and a screenshot of every kind of
page at 390 and 1280 px (test-artifacts/screenshots/, to look at)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from browsing import OPEN_PITCH, PAGE_KINDS, screenshot
from playwright.sync_api import Browser, Page

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser: Browser, base_url: str) -> Iterator[Callable[[str], Page]]:
    """phone(path) -> a Page 390 px wide at base_url + path (only this site is reachable)."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=1)
    context.route(re.compile(r"^(?!http://127\.0\.0\.1:).*"), lambda route: route.abort())

    def opener(path: str) -> Page:
        page = context.new_page()
        page.goto(base_url + path, wait_until="load")
        return page

    yield opener
    context.close()


def test_no_page_scrolls_sideways_on_a_phone(phone, open_page):  # type: ignore[no-untyped-def]
    wide = {}
    for name, path in PAGE_KINDS.items():
        page = phone(path)
        width, inner = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
        if width > inner:
            wide[name] = width
        # Money in a table is never cut off: each cell lies inside the viewport.
        outside = page.evaluate("""() => [...document.querySelectorAll('.md-content td, .md-content th')]
            .filter(c => c.offsetParent && !c.closest('thead'))  // a phone's table headers are hidden
            .filter(c => c.getBoundingClientRect().right > window.innerWidth + 0.5)
            .map(c => c.textContent.trim()).slice(0, 3)""")
        if outside:
            wide[f"{name} cells"] = outside
        screenshot(page, f"{name}-390")
        page.close()
        screenshot(open_page(path), f"{name}-1280")
    assert wide == {}


# Every control a person uses: links, buttons, form fields and disclosure widgets.
# A themed page's content is .md-content; a pledge letter (no theme) is its main.
CONTROLS = """() => [...document.querySelectorAll(':is(.md-content, .cofund-letter) '
    + ':is(a[href], button, select, summary, input)')]
  .filter(e => !e.closest('[hidden]') && e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
  .map((e, i) => { e.dataset.control = String(i); return String(i); })"""


@pytest.mark.parametrize("name", ["catalogue", "open-pitch", "organisation", "pledge-letter", "home"])
def test_every_control_is_reachable_with_the_keyboard(phone, name):  # type: ignore[no-untyped-def]
    page = phone(PAGE_KINDS[name])
    controls = set(page.evaluate(CONTROLS))
    assert controls
    reached: set[str] = set()
    for _ in range(len(controls) + 60):  # the header's controls come first
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement && document.activeElement.dataset.control")
        if focused:
            reached.add(focused)
        if reached == controls:
            break
    missing = page.evaluate("ids => ids.map(i => document.querySelector(`[data-control='${i}']`).outerHTML"
                            ".slice(0, 120))", sorted(controls - reached))
    assert missing == []


def test_chart_labels_are_readable_on_a_phone(phone):  # type: ignore[no-untyped-def]
    page = phone(PAGE_KINDS["open-pitch"])
    sizes = page.evaluate("""() => [...document.querySelectorAll('.cofund-chart text')].map(t => {
        const svg = t.ownerSVGElement;
        const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        return parseFloat(getComputedStyle(t).fontSize) * scale; })""")
    assert sizes and min(sizes) >= 12, sizes


def test_filters_are_kept_in_the_address(open_page, built_site):  # type: ignore[no-untyped-def]
    page = open_page("catalogue/")
    page.get_by_label("Status").select_option("open")
    page.wait_for_function("document.querySelector('[data-cofund-count]').textContent.startsWith('Showing')")
    page.get_by_label("Sort by").select_option("interest")
    page.wait_for_url(re.compile(r"/catalogue/\?status=open&sort=interest$"))
    ids = page.locator("[data-cofund-list] > li").evaluate_all("els => els.map(e => e.dataset.id)")
    # The shared address opens the same list, its filters chosen.
    shared = open_page("catalogue/?" + page.url.split("?", 1)[1])
    shared.wait_for_function("document.querySelector('[data-cofund-count]').textContent.startsWith('Showing')")
    assert shared.get_by_label("Status").input_value() == "open"
    assert shared.get_by_label("Sort by").input_value() == "interest"
    assert shared.locator("[data-cofund-list] > li").evaluate_all("els => els.map(e => e.dataset.id)") == ids
    # Back to no filter and the page's own sort: the address is the list's own again.
    shared.get_by_label("Status").select_option("")
    shared.get_by_label("Sort by").select_option("deadline")
    shared.wait_for_url(re.compile(r"/catalogue/$"))
    # A value the list does not have is ignored, not an empty list.
    odd = open_page("catalogue/?status=no-such-status")
    assert odd.get_by_label("Status").input_value() == ""
    assert odd.locator("[data-cofund-list] > li").count() == len(built_site.export["pitches"])


def test_the_catalogue_sorts_by_interest(open_page, built_site):  # type: ignore[no-untyped-def]
    interest = {p["id"]: len(p["interested"]) for p in built_site.export["pitches"]}
    page = open_page("catalogue/by-interest/", javascript=False)
    ids = page.locator("[data-cofund-list] > li").evaluate_all("els => els.map(e => e.dataset.id)")
    assert sorted(ids) == sorted(interest)
    counts = [interest[i] for i in ids]
    assert counts == sorted(counts, reverse=True) and counts[0] > 0


# The letter in each language: its print button, its date line and the headings a committee
# paper relies on.
LETTERS = {
    "en": ("", "Print this letter", "figures as at 24 November 2026",
           ("The pitch", "The commitment", "Conditions", "Procurement", "Signatory", "Record")),
    "cy": ("cy/", "Argraffu'r llythyr hwn", "ffigurau fel yr oeddent ar 24 Tachwedd 2026",
           ("Y cynnig", "Yr ymrwymiad", "Amodau", "Caffael", "Llofnodwr", "Cofnod")),
}


@pytest.mark.parametrize("lang", LETTERS)
def test_a_pledge_letter_prints_on_a4_without_navigation(open_page, tmp_path, lang):  # type: ignore[no-untyped-def]
    prefix, button, as_at, headings = LETTERS[lang]
    page = open_page(prefix + PAGE_KINDS["pledge-letter"])
    assert page.locator("html").get_attribute("lang") == lang
    assert page.get_by_role("button", name=button).is_visible()
    page.emulate_media(media="print")
    assert page.locator(".md-header, .md-sidebar, .md-footer").count() == 0  # no theme at all
    for hidden in (".cofund-letter__actions", "button"):
        assert page.locator(hidden).evaluate_all("els => els.every(e => !e.getClientRects().length)"), hidden
    assert page.locator(".cofund-banner").is_visible()  # the sample-data banner stays on paper
    text = page.locator("main").inner_text()
    assert as_at.lower() in text.lower()
    for part in headings:
        assert page.get_by_role("heading", name=part, exact=True).is_visible(), part
    pdf = page.pdf(prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF")
    # A4 is 595 x 842 points.
    sizes = {tuple(round(float(v)) for v in m) for m in re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)}
    assert sizes == {(595, 842)} or sizes == {(596, 843)}, sizes
    (tmp_path / "letter.pdf").write_bytes(pdf)


def test_partner_rows_link_their_pledge_letters(open_page, built_site):  # type: ignore[no-untyped-def]
    exported = next(p for p in built_site.export["pitches"] if p["id"] == OPEN_PITCH)
    page = open_page(f"pitches/{OPEN_PITCH}/")
    letters = page.get_by_role("link", name=re.compile("^Pledge letter"))
    assert letters.count() == len(exported["pledges"])
    letters.first.click()
    page.wait_for_url(re.compile(rf"/pitches/{OPEN_PITCH}/pledges/[a-z0-9-]+/$"))
    assert page.get_by_role("heading", level=1).inner_text().endswith(exported["title"])
