"""Every file of the generated docs tree, as (path, text) pairs, from the computed catalogue.

Page layout (docs paths; the engine serves a/b.md at a/b/):
    index.md                          home: the site/index.md text, figures, three short lists
    catalogue/index.md                every pitch by deadline, with the script's instant filters
    catalogue/by-percent.md           every pitch by percent funded
    catalogue/by-interest.md          every pitch by the organisations interested in it
    catalogue/<facet>/<value>.md      one page per facet value: the filters without JavaScript
    catalogue/<facet>/index.md        category and sector overviews
    pitches/<id>.md                   one page per pitch      } not in the navigation: reached
    organisations/<id>.md             one per organisation    } from the index pages (Scale)
    directory/index.md, by-type.md    organisations by nation and by type
    figures.md                        how the figures are worked out (figures.py)
    products.md, tags.md, data/index.md, data/*, feeds/*, and the pages from site/
Only the pages holding a folder's index go in the navigation (mkdocs.yml's nav). The pledge
letters (pitches/<id>/pledges/<org>/) are no pages and not in the docs tree: letters.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from markupsafe import Markup

from ..compute import ComputedPitch, Status
from ..compute.results import OrganisationSummary
from . import chart as charts
from . import labels
from .badges import HEIGHT as BADGE_HEIGHT
from .badges import badge, badge_alt, badge_path, badge_snippet
from .feeds import pitch_feed_path
from .figures import figures_page
from .funds import fund_pages, matched_pledges, ratio_words, reasons
from .history import Change
from .i18n import N_, NN_
from .listings import list_pages, render_list_page
from .open_data import open_data_page
from .page_html import MARKER, RenderedPage, render_page
from .site import Site, by_deadline

SITE_PAGES = ("how-to-pitch.md", "how-to-pledge.md", "about.md", "accessibility.md")
_LIST_LENGTH = 5


def pledge_form_url(site: Site, p: ComputedPitch) -> Markup:
    # The pledge issue form (.github/ISSUE_TEMPLATE/pledge.yml) reads its field `pitch` from
    # the query string, so the form opens already filled in for this pitch.
    # The Welsh site opens the Welsh form (pledge.cy.yml), which the same code reads.
    form = "pledge.yml" if site.lang == "en" else f"pledge.{site.lang}.yml"
    title = site.words.gettext("Pledge to %(title)s") % {"title": p.pitch.text("title", site.lang).value}
    query = urlencode({"template": form, "pitch": p.id, "title": title}, quote_via=quote)
    return Markup(f"{site.repository}/issues/new?{query}")


AUDIT_ROWS = 25  # the newest commits shown on the page; the rest are a link to the history


@dataclass(frozen=True)
class AuditRow:
    date: object  # datetime.date
    commit: str
    text: str  # untrusted names inside: escaped by the template


def _subject(site: Site, path: str) -> tuple[str, str]:
    """('Pledge', 'Leeds City Council') for pitches/x/pledges/leeds.yml; ('Pitch', '')."""
    parts = path.split("/")
    if parts[-1] == "pitch.yml":
        return "Pitch", ""
    kind = "Pledge" if parts[2] == "pledges" else "Adoption"
    return kind, site.org_name(parts[-1][: -len(".yml")])


_PITCH_CHANGES = {"added": N_("Pitch added"), "changed": N_("Pitch changed"), "removed": N_("Pitch removed")}
# ngettext's (one, many) for a commit's changes to pledges and adoptions.
_CHANGES = {
    ("Pledge", "added"): NN_("Pledge by %(names)s added", "Pledges by %(names)s added"),
    ("Pledge", "changed"): NN_("Pledge by %(names)s changed", "Pledges by %(names)s changed"),
    ("Pledge", "removed"): NN_("Pledge by %(names)s removed", "Pledges by %(names)s removed"),
    ("Adoption", "added"): NN_("Adoption by %(names)s added", "Adoptions by %(names)s added"),
    ("Adoption", "changed"): NN_("Adoption by %(names)s changed", "Adoptions by %(names)s changed"),
    ("Adoption", "removed"): NN_("Adoption by %(names)s removed", "Adoptions by %(names)s removed"),
}


def audit_rows(site: Site, changes: tuple[Change, ...]) -> list[AuditRow]:
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
            site.words.gettext(_PITCH_CHANGES[action]) if kind == "Pitch" else
            site.words.ngettext(*_CHANGES[kind, action], len(names)) % {"names": ", ".join(sorted(names))}
            for (kind, action), names in phrases.items()
        )
        rows.append(AuditRow(group[0].date, commit, text))
    return rows


def pitch_page(site: Site, p: ComputedPitch) -> tuple[str, RenderedPage]:
    path = f"pitches/{p.id}.md"
    publiccode = f"products/{p.id}/publiccode.yml"
    return path, render_page(
        "pitch.html.j2",
        **site.common(path),
        p=p,
        accepting=p.accepting,
        pledge_url=pledge_form_url(site, p),
        edit_url=site.edit_url(p.pitch.source),
        chart=charts.chart(p, site.today),
        audit=audit_rows(site, site.given.history.of(p.id))[:AUDIT_ROWS],
        audit_more=len({c.commit for c in site.given.history.of(p.id)}) > AUDIT_ROWS,
        history_url=Markup(f"{site.repository}/commits/main/{quote(p.pitch.source.rsplit('/', 1)[0])}"),
        fund=site.computed.fund,
        ratio_words=lambda rules: ratio_words(rules, site.words),
        matched_pledges=matched_pledges,
        fund_reasons=reasons,
        feed_path=pitch_feed_path(p.id),
        badge=badge_path(p.id),
        badge_alt=badge_alt(site, p),
        badge_width=badge(site, p).width,
        badge_height=BADGE_HEIGHT,
        snippet=badge_snippet(site, p),
        publiccode=publiccode if publiccode in site.standards else None,
    )


def organisation_page(site: Site, o: OrganisationSummary) -> tuple[str, RenderedPage]:
    path = f"organisations/{o.id}.md"
    return path, render_page(
        "organisation.html.j2", **site.common(path), o=o, edit_url=site.edit_url(o.organisation.source)
    )


def home_page(site: Site) -> tuple[str, RenderedPage]:
    """The home page: site/index.md's text (the engine renders it: it is the repository's
    own), then the figures and short lists."""
    pitches = site.computed.pitches
    closing = by_deadline([p for p in pitches if p.accepting and p.status is Status.OPEN])[:_LIST_LENGTH]
    # Recently funded: by the day the running total reached what the pitch needed.
    funded_on = {
        p.id: site.funded_day(p) or p.pitch.created
        for p in pitches if p.status in (Status.FUNDED, Status.IN_DEVELOPMENT)
    }
    funded = sorted((p for p in pitches if p.id in funded_on), key=lambda p: (funded_on[p.id], p.id), reverse=True)
    live = (p for p in pitches if p.status is Status.LIVE)
    products = sorted(live, key=lambda p: (p.last_update, p.id), reverse=True)
    return "index.md", render_page(
        "home.html.j2",
        **site.common("index.md"),
        title=site.settings.name,
        description=site.words.gettext(
            "Public bodies pitch reusable services, pledge a share of the cost and build them together."),
        stats=site.computed.stats,
        open_count=site.computed.stats.by_status.get("open", 0),
        closing=closing,
        funded=funded[:_LIST_LENGTH],
        products=products[:_LIST_LENGTH],
        total=len(pitches),
    )


_DIRECTORIES: tuple[tuple[str, str, dict[str, str], Callable[[OrganisationSummary], str]], ...] = (
    ("directory/index.md", "nation", labels.NATION, lambda o: o.organisation.nation.value),
    ("directory/by-type.md", "type", labels.ORG_TYPE, lambda o: o.organisation.type.value),
)


def directory_pages(site: Site) -> Iterator[tuple[str, RenderedPage]]:
    orgs = site.computed.organisations
    for path, by, table, key in _DIRECTORIES:
        by_code: dict[str, list[OrganisationSummary]] = {}
        for o in orgs:
            by_code.setdefault(key(o), []).append(o)
        groups = [
            (site.words.gettext(heading), code,
             sorted(by_code[code], key=lambda o: (o.organisation.name.lower(), o.id)))
            for code, heading in table.items() if code in by_code
        ]
        _ = site.words.gettext
        title = _("Organisations") if by == "nation" else _("Organisations by type")
        yield path, render_page(
            "directory.html.j2", **site.common(path), title=title, by=by, groups=groups, count=len(orgs),
            description=_("Every organisation in the catalogue, by nation.") if by == "nation"
            else _("Every organisation in the catalogue, by type."),
        )


def products_page(site: Site, live: tuple[ComputedPitch, ...], has_in_development: bool) -> tuple[str, RenderedPage]:
    return "products.md", render_page(
        "products.html.j2", **site.common("products.md"), products=live, has_in_development=has_in_development,
    )


def pages(site: Site, schema_names: tuple[str, ...]) -> Iterator[tuple[str, str | RenderedPage]]:
    """Every generated page, as (docs path, page); a file that is no page (the filters' JSON
    list of pitches) as (docs path, its text)."""
    pitches = site.computed.pitches
    live = tuple(sorted((p for p in pitches if p.status is Status.LIVE), key=lambda p: p.id))
    yield home_page(site)
    for page in list_pages(site):
        yield page.path, render_list_page(site, page)
    for p in pitches:
        yield pitch_page(site, p)
    for o in site.computed.organisations:
        yield organisation_page(site, o)
    yield figures_page(site)
    yield from fund_pages(site)
    yield from directory_pages(site)
    yield products_page(site, live, any(p.status is Status.IN_DEVELOPMENT for p in pitches))
    yield "data/index.md", open_data_page(site, schema_names)
    # The tags plugin lists the tagged pages where its marker is: Markdown of our own.
    _ = site.words.gettext
    tags = RenderedPage(
        {"title": _("Tags"), "description": _("Pitches by keyword."), "search": {"exclude": True}, MARKER: True},
        "", "", markdown=f"# {_('Tags')}\n\n{_('Pitches by the keywords their proposers gave them.')}\n\n"
        "<!-- material/tags -->\n",
    )
    if site.settings.sample_data:
        tags.meta["sample_data"] = True
    yield "tags.md", tags
