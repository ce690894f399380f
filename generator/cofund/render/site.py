"""What every page's template shares: the inputs of the site, lookups, and the orders and
facets that the lists, the home page and the feeds agree on."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import quote

from markupsafe import Markup

from ..compute import ComputedCatalogue, ComputedPitch, Status
from ..compute.results import OrganisationSummary
from ..export import Download, standards_downloads
from . import chart as charts
from . import i18n, labels
from .history import History
from .templating import href

# The page that says how every figure is worked out, linked beside the headline figures.
FIGURES_PATH = "figures.md"
# The index of match funds (in the navigation, under Catalogue); each fund's page is beside it.
FUNDS_PATH = "funds/index.md"


@dataclass(frozen=True)
class SiteInput:
    computed: ComputedCatalogue
    history: History
    home_text: str  # site/index.md without its front matter: the home page's opening
    site_url: str | None  # the published site's address, for absolute links in feeds
    lang: str = "en"  # the language of the pages (i18n.py)


class Site:
    """Lookups shared by every page's template."""

    def __init__(self, given: SiteInput) -> None:
        self.given = given
        self.lang = given.lang
        self.words = i18n.words(given.lang)
        self.computed = given.computed
        self.today = given.computed.today
        self.settings = given.computed.catalogue.settings
        self.repository = self.settings.repository.rstrip("/")
        self.names = {o.id: o.organisation.text("name", self.lang).value for o in self.computed.organisations}
        self.nations = {o.id: o.organisation.nation.value for o in self.computed.organisations}
        self._pitches = {p.id: p for p in given.computed.pitches}
        self.fund_names = {f.id: f.fund.text("name", self.lang).value for f in self.computed.funds}
        # Worked out once per pitch (charts.series is the costly step): the home page, the
        # feeds and several lists ask for it.
        self._funded_days: dict[str, dt.date | None] = {}

    def funded_day(self, p: ComputedPitch) -> dt.date | None:
        """The day a funded, in-development or live pitch's pledges first reached its threshold."""
        if p.id not in self._funded_days:
            self._funded_days[p.id] = funded_day(p)
        return self._funded_days[p.id]

    def linked(self, o: OrganisationSummary) -> tuple[ComputedPitch, ...]:
        """The pitches an organisation proposed, pledged to or adopted, by id: what its page
        and its feed show of other pitches."""
        ids = set(o.proposed)
        ids.update(o.adopted)  # the pitches of o.adoptions
        ids.update([x.pledge.pitch for x in o.pledges])
        return tuple(self._pitches[i] for i in sorted(ids))

    @cached_property
    def standards(self) -> dict[str, Download]:
        """The open-standard downloads (OCDS, 360Giving, publiccode.yml), by docs path: the
        site publishes them and the pages link to them."""
        return standards_downloads(self.computed, self.given.site_url)

    @property
    def facets(self) -> dict[str, tuple[str, dict[str, str]]]:
        """The catalogue's facets, (name, {value: label}) each: the fixed ones and the match
        funds, by fund id (a pitch is under each fund it applies to)."""
        return {**labels.FACETS, "fund": (i18n.N_("Match fund"), dict(self.fund_names))}

    def fund_name(self, fund_id: str) -> str:
        return self.fund_names.get(fund_id, fund_id)

    def org_name(self, org_id: str) -> str:
        return self.names.get(org_id, org_id)

    def nation_of(self, p: ComputedPitch) -> str:
        # As in compute's statistics: a pitch's nation is its proposer's.
        return self.nations.get(p.pitch.proposer, "")

    def common(self, path: str) -> dict[str, object]:
        return {
            "path": path,
            "lang": self.lang,
            "href": href,
            "org_name": self.org_name,
            "nation_of": self.nation_of,
            "letter_path": letter_path,
            "fund_path": fund_path,
            "fund_name": self.fund_name,
            "figures_path": FIGURES_PATH,
            "pitch": self.computed.pitch,
            "sample": self.settings.sample_data,
            "repository": Markup(self.repository),
            "today": self.today,
        }

    def edit_url(self, source: str) -> Markup:
        return Markup(f"{self.repository}/edit/main/{quote(source)}")


def funded_day(p: ComputedPitch) -> dt.date | None:
    if p.status not in (Status.FUNDED, Status.IN_DEVELOPMENT, Status.LIVE):
        return None
    return charts.first_reached(charts.series(p), p.threshold)


def by_deadline(items: list[ComputedPitch] | tuple[ComputedPitch, ...]) -> list[ComputedPitch]:
    """Pitches taking pledges first, closing soonest first; then the rest, latest deadline
    first (so a reader sees what they can still join before what closed years ago).
    The catalogue's script sorts the same way (overrides/assets/cofund/cofund.js)."""
    def key(p: ComputedPitch) -> tuple[int, int, str]:
        day = p.pitch.funding.deadline.toordinal()
        return (0, day, p.id) if p.accepting else (1, -day, p.id)

    return sorted(items, key=key)


def by_interest(items: list[ComputedPitch] | tuple[ComputedPitch, ...]) -> list[ComputedPitch]:
    """Most organisations interested (not yet pledged) first; then as by_deadline."""
    order = {p.id: i for i, p in enumerate(by_deadline(items))}
    return sorted(items, key=lambda p: (-len(p.interested), order[p.id]))


def letter_path(pitch_id: str, org_id: str) -> str:
    """The path of a pledge's printable letter in the built site: beside its pitch's page, as
    the pledge file sits beside its pitch's file. A standalone HTML document, not a page
    (letters.py), served at .../pledges/<org>/ as a page would be."""
    return f"pitches/{pitch_id}/pledges/{org_id}/index.html"


def fund_path(fund_id: str) -> str:
    return f"funds/{fund_id}.md"


def by_percent(items: list[ComputedPitch] | tuple[ComputedPitch, ...]) -> list[ComputedPitch]:
    return sorted(items, key=lambda p: (-p.percent_funded, p.pitch.funding.deadline, p.id))


def facet_values(p: ComputedPitch, facet: str, site: Site) -> tuple[str, ...]:
    if facet == "status":
        return (p.status.value,)
    if facet == "category":
        return (p.pitch.category.value,)
    if facet == "sector":
        return p.pitch.sectors
    if facet == "nation":
        return (site.nation_of(p),)
    if facet == "fund":
        return tuple(fm.fund for fm in p.funds)
    return (p.pitch.funding.model.value,)

