"""Every file of the generated docs tree, as (path, text) pairs, from the computed catalogue.

Page layout (docs paths; the engine serves a/b.md at a/b/):
    index.md                          home: the site/index.md text, figures, three short lists
    catalogue/index.md                every pitch by deadline, with the script's instant filters
    catalogue/by-percent.md           every pitch by percent funded
    catalogue/<facet>/<value>.md      one page per facet value: the filters without JavaScript
    catalogue/<facet>/index.md        category and sector overviews
    pitches/<id>.md                   one page per pitch      } not in the navigation: reached
    organisations/<id>.md             one per organisation    } from the index pages (Scale)
    directory/index.md, by-type.md    organisations by nation and by type
    products.md, tags.md, data/index.md, data/*, feeds/*, and the pages from site/
Only the pages holding a folder's index go in the navigation (mkdocs.yml's nav).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from markupsafe import Markup

from ..compute import ComputedCatalogue, ComputedPitch, Status
from ..compute.results import OrganisationSummary
from . import chart as charts
from . import labels
from .history import Change, History
from .templating import href, md_link, render

SITE_PAGES = ("how-to-pitch.md", "how-to-pledge.md", "about.md", "accessibility.md")
# Statuses that take pledges while the deadline has not passed.
_ACCEPTING = (Status.OPEN, Status.FUNDED)
_LIST_LENGTH = 5


@dataclass(frozen=True)
class SiteInput:
    computed: ComputedCatalogue
    history: History
    home_text: str  # site/index.md without its front matter: the home page's opening
    site_url: str | None  # the published site's address, for absolute links in feeds


class _Site:
    """Lookups shared by every page's template."""

    def __init__(self, given: SiteInput) -> None:
        self.given = given
        self.computed = given.computed
        self.today = given.computed.today
        self.settings = given.computed.catalogue.settings
        self.repository = self.settings.repository.rstrip("/")
        self.names = {o.id: o.organisation.name for o in self.computed.organisations}
        self.nations = {o.id: o.organisation.nation.value for o in self.computed.organisations}

    def org_name(self, org_id: str) -> str:
        return self.names.get(org_id, org_id)

    def nation_of(self, p: ComputedPitch) -> str:
        # As in compute's statistics: a pitch's nation is its proposer's.
        return self.nations.get(p.pitch.proposer, "")

    def common(self, path: str) -> dict[str, object]:
        return {
            "path": path,
            "href": href,
            "md_link": md_link,
            "org_name": self.org_name,
            "nation_of": self.nation_of,
            "is_accepting": accepting,
            "pitch": self.computed.pitch,
            "sample": self.settings.sample_data,
            "repository": Markup(self.repository),
            "today": self.today,
        }

    def edit_url(self, source: str) -> Markup:
        return Markup(f"{self.repository}/edit/main/{quote(source)}")


def by_deadline(items: list[ComputedPitch] | tuple[ComputedPitch, ...]) -> list[ComputedPitch]:
    """Pitches taking pledges first, closing soonest first; then the rest, latest deadline
    first (so a reader sees what they can still join before what closed years ago).
    The catalogue's script sorts the same way (overrides/assets/cofund/cofund.js)."""
    def key(p: ComputedPitch) -> tuple[int, int, str]:
        day = p.pitch.funding.deadline.toordinal()
        return (0, day, p.id) if accepting(p) else (1, -day, p.id)

    return sorted(items, key=key)


def by_percent(items: list[ComputedPitch] | tuple[ComputedPitch, ...]) -> list[ComputedPitch]:
    return sorted(items, key=lambda p: (-p.percent_funded, p.pitch.funding.deadline, p.id))


def facet_values(p: ComputedPitch, facet: str, site: _Site) -> tuple[str, ...]:
    if facet == "status":
        return (p.status.value,)
    if facet == "category":
        return (p.pitch.category.value,)
    if facet == "sector":
        return p.pitch.sectors
    if facet == "nation":
        return (site.nation_of(p),)
    return (p.pitch.funding.model.value,)


def accepting(p: ComputedPitch) -> bool:
    return p.status in _ACCEPTING and p.days_to_deadline >= 0


def pledge_form_url(site: _Site, p: ComputedPitch) -> Markup:
    # The pledge issue form (.github/ISSUE_TEMPLATE/pledge.yml) reads its field `pitch` from
    # the query string, so the form opens already filled in for this pitch.
    query = urlencode(
        {"template": "pledge.yml", "pitch": p.id, "title": f"Pledge to {p.pitch.title}"}, quote_via=quote
    )
    return Markup(f"{site.repository}/issues/new?{query}")


AUDIT_ROWS = 25  # the newest commits shown on the page; the rest are a link to the history


@dataclass(frozen=True)
class AuditRow:
    date: object  # datetime.date
    commit: str
    text: str  # untrusted names inside: escaped by the template


def _subject(site: _Site, path: str) -> tuple[str, str]:
    """('Pledge', 'Leeds City Council') for pitches/x/pledges/leeds.yml; ('Pitch', '')."""
    parts = path.split("/")
    if parts[-1] == "pitch.yml":
        return "Pitch", ""
    kind = "Pledge" if parts[2] == "pledges" else "Adoption"
    return kind, site.org_name(parts[-1][: -len(".yml")])


def audit_rows(site: _Site, changes: tuple[Change, ...]) -> list[AuditRow]:
    """One row per commit, newest first: a pull request that adds ten pledges is one row."""
    rows: list[AuditRow] = []
    by_commit: dict[str, list[Change]] = {}
    for change in changes:
        by_commit.setdefault(change.commit, []).append(change)
    for commit, group in reversed(list(by_commit.items())):
        phrases: dict[tuple[str, str], list[str]] = {}
        for change in group:
            kind, who = _subject(site, change.path)
            phrases.setdefault((kind, change.action), []).append(who)
        text = "; ".join(
            f"{kind} {action}" if kind == "Pitch" else
            f"{kind}{'s' if len(names) > 1 else ''} by {', '.join(sorted(names))} {action}"
            for (kind, action), names in phrases.items()
        )
        rows.append(AuditRow(group[0].date, commit, text))
    return rows


def pitch_page(site: _Site, p: ComputedPitch) -> tuple[str, str]:
    path = f"pitches/{p.id}.md"
    return path, render(
        "pitch.md.j2",
        **site.common(path),
        p=p,
        accepting=accepting(p),
        pledge_url=pledge_form_url(site, p),
        edit_url=site.edit_url(p.pitch.source),
        chart=charts.chart(p, site.today),
        audit=audit_rows(site, site.given.history.of(p.id))[:AUDIT_ROWS],
        audit_more=len({c.commit for c in site.given.history.of(p.id)}) > AUDIT_ROWS,
        history_url=Markup(f"{site.repository}/commits/main/{quote(p.pitch.source.rsplit('/', 1)[0])}"),
    )


def organisation_page(site: _Site, o: OrganisationSummary) -> tuple[str, str]:
    path = f"organisations/{o.id}.md"
    return path, render(
        "organisation.md.j2", **site.common(path), o=o, edit_url=site.edit_url(o.organisation.source)
    )


def catalogue_pages(site: _Site) -> Iterator[tuple[str, str]]:
    pitches = site.computed.pitches
    counts: dict[str, dict[str, int]] = {f: {} for f in labels.FACETS}
    for p in pitches:
        for facet in labels.FACETS:
            for value in facet_values(p, facet, site):
                counts[facet][value] = counts[facet].get(value, 0) + 1
    # Only values that some pitch has: no page, link or option leads to an empty list.
    facets = [
        (facet, (name, [(v, label) for v, label in table.items() if counts[facet].get(v)]))
        for facet, (name, table) in labels.FACETS.items()
    ]
    common = {"facets": facets, "counts": counts, "intro": None, "filtered_from": None}
    for path, sort, items in (
        ("catalogue/index.md", "deadline", by_deadline(pitches)),
        ("catalogue/by-percent.md", "percent", by_percent(pitches)),
    ):
        title = "Catalogue of pitches" if sort == "deadline" else "Pitches by percent funded"
        yield path, render(
            "catalogue.md.j2", **site.common(path), **common, title=title, sort=sort, items=items,
            description="Every pitch for co-funding, with what it costs to join and how close it is to funded.",
        )
    helps = {"status": labels.STATUS_HELP, "category": labels.CATEGORY_HELP, "model": labels.MODEL_HELP}
    for facet, (name, values) in facets:
        for value, label in values:
            path = f"catalogue/{facet}/{value}.md"
            items = by_deadline([p for p in pitches if value in facet_values(p, facet, site)])
            yield path, render(
                "catalogue.md.j2", **site.common(path),
                **{**common, "intro": helps.get(facet, {}).get(value), "filtered_from": len(pitches)},
                title=f"{name}: {label}", sort="deadline", items=items,
                description=f"Pitches for co-funding: {name.lower()} {label}.",
            )
    for facet, title, description in (
        ("category", "Categories", "The four kinds of good candidate for co-funding."),
        ("sector", "Sectors", "Pitches by the sectors whose organisations can use them."),
    ):
        name, table = labels.FACETS[facet]
        entries = [
            (v, label, helps.get(facet, {}).get(v), counts[facet][v])
            for v, label in table.items() if counts[facet].get(v)
        ]
        path = f"catalogue/{facet}/index.md"
        yield path, render(
            "facet_index.md.j2", **site.common(path), title=title, description=description,
            facet=facet, entries=entries,
        )


def home_page(site: _Site) -> tuple[str, str]:
    pitches = site.computed.pitches
    closing = by_deadline([p for p in pitches if accepting(p) and p.status is Status.OPEN])[:_LIST_LENGTH]
    # Recently funded: by the day the running total reached what the pitch needed.
    funded_on = {
        p.id: charts.first_reached(charts.series(p), p.threshold) or p.pitch.created
        for p in pitches if p.status in (Status.FUNDED, Status.IN_DEVELOPMENT)
    }
    funded = sorted((p for p in pitches if p.id in funded_on), key=lambda p: (funded_on[p.id], p.id), reverse=True)
    products = sorted((p for p in pitches if p.status is Status.LIVE), key=lambda p: (p.last_update, p.id), reverse=True)
    return "index.md", render(
        "home.md.j2",
        **site.common("index.md"),
        title=site.settings.name,
        description="Public bodies pitch reusable services, pledge a share of the cost and build them together.",
        intro=Markup(site.given.home_text.strip()),
        stats=site.computed.stats,
        open_count=site.computed.stats.by_status.get("open", 0),
        closing=closing,
        funded=funded[:_LIST_LENGTH],
        products=products[:_LIST_LENGTH],
        total=len(pitches),
    )


def directory_pages(site: _Site) -> Iterator[tuple[str, str]]:
    orgs = site.computed.organisations
    for path, by, table, key in (
        ("directory/index.md", "nation", labels.NATION, lambda o: o.organisation.nation.value),
        ("directory/by-type.md", "type", labels.ORG_TYPE, lambda o: o.organisation.type.value),
    ):
        groups = []
        for code, heading in table.items():
            members = sorted((o for o in orgs if key(o) == code), key=lambda o: (o.organisation.name.lower(), o.id))
            if members:
                groups.append((heading, code, members))
        title = "Organisations" if by == "nation" else "Organisations by type"
        yield path, render(
            "directory.md.j2", **site.common(path), title=title, by=by, groups=groups, count=len(orgs),
            description=f"Every organisation in the catalogue, by {by}.",
        )


def other_pages(site: _Site, schema_names: list[str]) -> Iterator[tuple[str, str]]:
    pitches = site.computed.pitches
    live = sorted((p for p in pitches if p.status is Status.LIVE), key=lambda p: p.id)
    yield "products.md", render(
        "products.md.j2", **site.common("products.md"), products=live,
        has_in_development=any(p.status is Status.IN_DEVELOPMENT for p in pitches),
    )
    yield "tags.md", render("tags.md.j2", **site.common("tags.md"))
    yield "data/index.md", render("data.md.j2", **site.common("data/index.md"), schemas=schema_names)


# A piece of the rendering that can run on its own (in a worker process): some files.
Part = Callable[[], list[tuple[str, str]]]


def _one(page: Callable[..., tuple[str, str]], *args: object) -> list[tuple[str, str]]:
    return [page(*args)]


def page_parts(given: SiteInput, schema_names: list[str]) -> list[Part]:
    site = _Site(given)
    return [
        functools.partial(_one, home_page, site),
        lambda: list(catalogue_pages(site)),
        *(functools.partial(_one, pitch_page, site, p) for p in site.computed.pitches),
        *(functools.partial(_one, organisation_page, site, o) for o in site.computed.organisations),
        lambda: list(directory_pages(site)),
        lambda: list(other_pages(site, schema_names)),
    ]


def pages(given: SiteInput, schema_names: list[str]) -> Iterator[tuple[str, str]]:
    for part in page_parts(given, schema_names):
        yield from part()

