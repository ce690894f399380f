"""The catalogue's list pages: every pitch by deadline, by percent funded and by interest (the
organisations interested but not yet pledged), and one list per
facet value (status, category, sector, nation, model, match fund), so that filtering works without
JavaScript; the category and sector overviews; and the small list of every pitch that the
catalogue's instant filters read (catalogue/pitches.json).

Each list is cut into pages of PAGE_SIZE pitches. Page 1 keeps the list's address; page n is
the docs page <list>/n.md, which directory URLs serve at <list URL>/n/:
    catalogue/index.md             -> catalogue/            catalogue/2.md -> catalogue/2/
    catalogue/by-percent.md        -> catalogue/by-percent/ catalogue/by-percent/2.md -> .../2/
    catalogue/status/open.md       -> catalogue/status/open/, catalogue/status/open/2.md -> .../2/
No page can take another's address: numbers are never the name of a list, a facet or a
facet value (codes from the schemas), and a list's later pages sit in a folder of their own
(catalogue/'s own for the whole catalogue, beside by-percent and the facets' folders).

Every page here, the overviews and pitches.json included, is a `ListPage`: its path, its
pitches and a `context` tuple of everything else it shows."""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..compute import ComputedPitch
from . import labels, safe
from .cards import card
from .i18n import Words
from .page_html import RenderedPage, render_page
from .site import Site, by_deadline, by_interest, by_percent, facet_values, fund_path
from .templating import href

# Pitches on one page of a list. A card is about 1 KB of HTML at national scale (a title, a
# one-line summary, the figures and a bar), the theme's page about 20 KB and the filter links
# 2 KB: with 50 the largest list page is 73 KB at national scale (it was 1.98 MB with every
# pitch on one page), under the 100 KB a pitch page is held to, and the whole catalogue is 40
# pages. 100 would pass 100 KB; fewer would only make more pages to click through.
PAGE_SIZE = 50
JSON_PATH = "catalogue/pitches.json"
# Page links either side of the current one in the pagination (and always the first and last).
_PAGE_WINDOW = 2


@dataclass(frozen=True)
class ListPage:
    path: str  # docs path, e.g. "catalogue/status/open/2.md"
    items: tuple[ComputedPitch, ...]  # the pitches shown on this page, in order
    # Everything else the page shows, as (name, value) pairs of tuples, strings and numbers:
    # two ListPages with equal path, context and items render to the same text.
    context: tuple[tuple[str, Any], ...]


def _page_path(list_path: str, number: int) -> str:
    """catalogue/index.md, 3 -> catalogue/3.md; catalogue/status/open.md, 2 -> catalogue/status/open/2.md."""
    if number == 1:
        return list_path
    stem = list_path[: -len(".md")]
    folder = stem[: -len("index")] if stem.endswith("index") else stem + "/"
    return f"{folder}{number}.md"


def _page_links(number: int, pages: int) -> tuple[int | None, ...]:
    """Which page numbers the pagination links to: the first, the last and a window around
    the current one; None where numbers are left out."""
    shown = sorted({1, pages, *range(max(1, number - _PAGE_WINDOW), min(pages, number + _PAGE_WINDOW) + 1)})
    links: list[int | None] = []
    previous = 0
    for n in shown:
        if previous and n - previous > 1:
            links.append(None)
        links.append(n)
        previous = n
    return tuple(links)


def _paged(list_path: str, items: list[ComputedPitch], title: str, description: str,
           shared: tuple[tuple[str, Any], ...]) -> Iterator[ListPage]:
    pages = max(1, -(-len(items) // PAGE_SIZE))
    for number in range(1, pages + 1):
        first = (number - 1) * PAGE_SIZE
        shown = tuple(items[first : first + PAGE_SIZE])
        # Page 1 is the list itself, at the address people link to: its title is the list's.
        # Later pages say which page they are in the title, the heading and the description.
        part = f" (page {number} of {pages})" if number > 1 else ""
        yield ListPage(
            path=_page_path(list_path, number),
            items=shown,
            context=(
                ("kind", "list"),
                ("title", title + part),
                ("description", description + (f" Page {number} of {pages}." if number > 1 else "")),
                ("list_path", list_path),
                ("total", len(items)),
                ("page", number),
                ("pages", pages),
                ("first", first + 1),
                ("last", first + len(shown)),
                ("prev", _page_path(list_path, number - 1) if number > 1 else None),
                ("next", _page_path(list_path, number + 1) if number < pages else None),
                ("page_links", tuple(
                    None if n is None else (n, _page_path(list_path, n)) for n in _page_links(number, pages)
                )),
                *shared,
            ),
        )


def list_pages(site: Site) -> list[ListPage]:
    """Every page of every list, the two facet overviews and the filters' list of pitches."""
    pitches = site.computed.pitches
    _ = site.words.gettext
    # Each facet's name and labels in the page's language (a fund's name is the fund's own).
    tables = {
        facet: (_(name), {v: (label if facet == "fund" else _(label)) for v, label in table.items()})
        for facet, (name, table) in site.facets.items()
    }
    counts: dict[str, dict[str, int]] = {f: {} for f in tables}
    members: dict[tuple[str, str], list[ComputedPitch]] = {}
    for p in pitches:
        for facet in tables:
            for value in facet_values(p, facet, site):
                counts[facet][value] = counts[facet].get(value, 0) + 1
                members.setdefault((facet, value), []).append(p)
    # Only values that some pitch has: no page, link or option leads to an empty list.
    facets = tuple(
        (facet, (name, tuple((v, label) for v, label in table.items() if counts[facet].get(v))))
        for facet, (name, table) in tables.items()
    )
    facet_counts = tuple((f, tuple(sorted(c.items()))) for f, c in counts.items())
    result: list[ListPage] = []
    shared: tuple[tuple[str, Any], ...]
    description = _("Every pitch for co-funding, with what it costs to join and how close it is to funded.")
    for path, sort, items, title in (
        ("catalogue/index.md", "deadline", by_deadline(pitches), _("Catalogue of pitches")),
        ("catalogue/by-percent.md", "percent", by_percent(pitches), _("Pitches by percent funded")),
        ("catalogue/by-interest.md", "interest", by_interest(pitches), _("Pitches by interest")),
    ):
        shared = (("sort", sort), ("intro", None), ("more", None), ("filtered_from", None),
                  ("facets", facets), ("counts", facet_counts))
        result += _paged(path, items, title, description, shared)
    helps = {
        facet: {code: _(text) for code, text in table.items()}
        for facet, table in (("status", labels.STATUS_HELP), ("category", labels.CATEGORY_HELP),
                             ("model", labels.MODEL_HELP))
    }
    helps["fund"] = dict.fromkeys(tables["fund"][1], _(
        "Pitches that apply to this match fund. Its page says which it matches, by how much, and why the others "
        "are not matched."))
    for facet, (name, values) in facets:
        for value, label in values:
            more = fund_path(value) if facet == "fund" else None
            shared = (("sort", "deadline"), ("intro", helps.get(facet, {}).get(value)), ("more", more),
                      ("filtered_from", len(pitches)), ("facets", facets), ("counts", facet_counts))
            result += _paged(
                f"catalogue/{facet}/{value}.md", by_deadline(members[facet, value]), f"{name}: {label}",
                _("Pitches for co-funding: %(facet)s %(value)s.") % {"facet": name.lower(), "value": label}, shared,
            )
    for facet, title, description in (
        ("category", _("Categories"), _("The four kinds of good candidate for co-funding.")),
        ("sector", _("Sectors"), _("Pitches by the sectors whose organisations can use them.")),
    ):
        name, table = tables[facet]
        entries = tuple(
            (v, label, helps.get(facet, {}).get(v), counts[facet][v])
            for v, label in table.items() if counts[facet].get(v)
        )
        result.append(ListPage(f"catalogue/{facet}/index.md", (), (
            ("kind", "overview"), ("title", title), ("description", description), ("facet", facet),
            ("entries", entries),
        )))
    result.append(ListPage(JSON_PATH, tuple(by_deadline(pitches)), (("kind", "json"),)))
    return result


def _plain(value: object) -> str:
    # The text as the cards show it (safe.attr's spacing), unescaped: the script sets it as
    # text, never as HTML.
    return html.unescape(str(safe.attr(value)))


def _json_list(site: Site, items: tuple[ComputedPitch, ...]) -> str:
    """What the instant filters need to filter, sort and show any pitch's card: the values
    of the cards' data attributes and their text, already formatted as the pages format it
    (so the script has no money, percent or date formatting of its own to get wrong)."""
    rows = []
    for p in items:
        c = card(p, site.words)  # the words the page's card shows
        rows.append([
            p.id, p.status.value, p.pitch.category.value, " ".join(p.pitch.sectors), site.nation_of(p),
            p.pitch.funding.model.value, p.pitch.funding.deadline.isoformat(), 1 if p.accepting else 0,
            p.percent_funded, len(p.interested), _plain(p.pitch.text("title", site.lang).value),
            _plain(p.pitch.text("summary", site.lang).value), str(site.words.label(labels.STATUS, p.status)),
            c.figures, c.when, c.people, _plain(site.org_name(p.pitch.proposer)),
            c.bar, 1 if c.released else 0, " ".join(fm.fund for fm in p.funds),
        ])
    fields = ["id", "status", "category", "sector", "nation", "model", "deadline", "open", "percent", "interest",
              "title", "summary", "status_label", "figures", "when", "people", "proposer", "bar", "released", "fund"]
    # One array per pitch under a list of field names: half the size of an object per pitch.
    return json.dumps({"fields": fields, "pitches": rows}, ensure_ascii=False, separators=(",", ":")) + "\n"


# A number in each of CLDR's plural categories (Welsh has all six; English one and other):
# the script picks a message's form with the browser's Intl.PluralRules for the page's language.
_PLURAL_SAMPLES = {"zero": 0, "one": 1, "two": 2, "few": 3, "many": 6, "other": 7}


def script_words(said: Words) -> str:
    """The instant filters' words in the page's language, as JSON for the script
    (overrides/assets/cofund/cofund.js): plural messages by CLDR category."""
    def forms(one: str, many: str) -> dict[str, str]:
        return {c: said.ngettext(one, many, n) for c, n in _PLURAL_SAMPLES.items()}

    return json.dumps({
        "showing": forms("Showing %(shown)s of %(total)s pitch.", "Showing %(shown)s of %(total)s pitches."),
        "matching": forms("Showing %(shown)s of %(matched)s matching pitch (%(total)s in all).",
                          "Showing %(shown)s of %(matched)s matching pitches (%(total)s in all)."),
        "more": forms("Show %(count)s more", "Show %(count)s more"),
        "loading": said.gettext("Loading every pitch…"),
        "failed": said.gettext("The filters could not read the list of pitches: use the links below."),
    }, ensure_ascii=False, sort_keys=True)


def render_list_page(site: Site, page: ListPage) -> str | RenderedPage:
    """The text of one page: reads `page` and the site's settings, today and organisation
    names and nations, nothing else of the catalogue."""
    context = dict(page.context)
    if context["kind"] == "json":
        return _json_list(site, page.items)
    common = {
        "path": page.path,
        "lang": site.lang,
        "href": href,
        "org_name": site.org_name,
        "nation_of": site.nation_of,
        "sample": site.settings.sample_data,
    }
    if context["kind"] == "overview":
        return render_page("facet_index.html.j2", **common, **context)
    context["counts"] = {facet: dict(values) for facet, values in context["counts"]}
    return render_page("catalogue.html.j2", **common, **context, items=page.items, json_path=JSON_PATH,
                       page_size=PAGE_SIZE, script_words=script_words(site.words))
