"""Match funds, badges and feeds in the built sample site, in Chromium: a fund page's figures
equal the export; the catalogue's script filters by match fund; the progress badge loads on
its pitch page and in another page through the copied HTML, and axe passes both; each pitch
page names its feed in its head."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal

from axe_playwright_python.sync_playwright import Axe
from browsing import FUND, OPEN_PITCH

from cofund.money import display, to_pence


def shown(amount: str) -> str:
    return display(to_pence(Decimal(amount)))


def fact(page, label: str) -> str:  # type: ignore[no-untyped-def]
    return page.locator(f".cofund-facts dt:text-is('{label}') + dd").inner_text().strip()


def test_fund_pages_figures_equal_the_export(open_page, built_site):  # type: ignore[no-untyped-def]
    funds = built_site.export["funds"]
    assert funds
    for fund in funds:
        page = open_page(f"funds/{fund['id']}/")
        assert page.get_by_role("heading", level=1).inner_text() == fund["name"]
        assert fact(page, "Pot") == shown(fund["pot"])
        assert fact(page, "Committed") == shown(fund["committed"])
        assert fact(page, "Left in the pot") == shown(fund["left"])
        # Reached from the index of funds, under Catalogue.
        index = open_page("funds/")
        index.get_by_role("link", name=fund["name"]).click()
        index.wait_for_url(f"**/funds/{fund['id']}/")


def test_the_catalogue_filters_by_match_fund(open_page, built_site):  # type: ignore[no-untyped-def]
    applying = sorted(p["id"] for p in built_site.export["pitches"] if any(f["fund"] == FUND for f in p["funds"]))
    assert applying
    page = open_page("catalogue/")
    page.get_by_label("Match fund").select_option(FUND)
    page.wait_for_function("document.querySelector('[data-cofund-count]').textContent.startsWith('Showing')")
    ids = page.locator("[data-cofund-list] > li").evaluate_all("els => els.map(e => e.dataset.id)")
    assert sorted(ids) == applying
    assert page.url.endswith(f"?fund={FUND}")
    # Without JavaScript, the fund's own list page.
    nojs = open_page(f"catalogue/fund/{FUND}/", javascript=False)
    assert sorted(nojs.locator("[data-cofund-list] > li").evaluate_all("els => els.map(e => e.dataset.id)")) == applying


LOADED = "img => img.complete && img.naturalWidth > 0"


def test_the_badge_shows_on_its_pitch_page_and_axe_passes(open_page):  # type: ignore[no-untyped-def]
    page = open_page(f"pitches/{OPEN_PITCH}/")
    badge = page.locator("img.cofund-badge")
    assert badge.evaluate(LOADED)
    assert badge.get_attribute("alt", timeout=1000).startswith("Funding progress of ")
    snippet = page.get_by_label("HTML to copy onto your intranet or blog")
    assert snippet.get_attribute("readonly") is not None
    assert f"/pitches/{OPEN_PITCH}/badge.svg" in snippet.input_value()
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_the_copied_html_shows_the_badge_on_another_page(open_page, browser, base_url):  # type: ignore[no-untyped-def]
    page = open_page(f"pitches/{OPEN_PITCH}/")
    snippet = page.get_by_label("HTML to copy onto your intranet or blog").input_value()
    published = snippet.split('href="', 1)[1].split(f"pitches/{OPEN_PITCH}/", 1)[0]
    assert published.startswith("https://")
    # A council's intranet page holding the copied line (pointed at the local site).
    context = browser.new_context()
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base_url)
                  else route.abort())
    intranet = context.new_page()
    intranet.set_content(
        '<!doctype html><html lang="en"><head><title>Intranet</title></head><body><main><h1>Our projects</h1>'
        f"<p>{snippet.replace(published, base_url)}</p></main></body></html>", wait_until="load")
    image = intranet.locator("img")
    assert image.evaluate(LOADED)
    assert image.get_attribute("alt") == page.locator("img.cofund-badge").get_attribute("alt")
    assert intranet.locator("a").get_attribute("href") == f"{base_url}pitches/{OPEN_PITCH}/"
    results = Axe().run(intranet)
    assert results.violations_count == 0, results.generate_report()
    context.close()


def test_each_pitch_page_names_its_feed(open_page, built_site):  # type: ignore[no-untyped-def]
    page = open_page(f"pitches/{OPEN_PITCH}/")
    link = page.locator('head link[rel="alternate"][type="application/atom+xml"]')
    url = link.evaluate("l => l.href")
    assert url.endswith(f"/feeds/pitches/{OPEN_PITCH}.xml")
    assert page.get_by_role("link", name="News feed of this pitch").evaluate("a => a.href") == url
    response = page.request.get(url)
    assert response.ok and ET.fromstring(response.body()).tag == "{http://www.w3.org/2005/Atom}feed"
