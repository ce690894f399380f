"""What every page's template shares: the inputs of the site, lookups, and the orders and
facets that the lists, the home page and the feeds agree on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote

from markupsafe import Markup

from ..compute import ComputedCatalogue, ComputedPitch, Status
from ..compute.results import OrganisationSummary
from . import chart as charts
from .history import History
from .memo import PitchFacts
from .templating import href, md_link

# Statuses that take pledges while the deadline has not passed.
_ACCEPTING = (Status.OPEN, Status.FUNDED)


@dataclass(frozen=True)
class SiteInput:
    computed: ComputedCatalogue
    history: History
    home_text: str  # site/index.md without its front matter: the home page's opening
    site_url: str | None  # the published site's address, for absolute links in feeds


class Site:
    """Lookups shared by every page's template."""

    def __init__(self, given: SiteInput, facts: Mapping[str, PitchFacts] | None = None) -> None:
        self.given = given
        # Worked out per pitch before the pages are rendered (and kept between builds); a
        # Site made without them works each out when asked.
        self.facts = facts if facts is not None else {}
        # Each organisation's linked pitch ids, worked out from its summary: kept between
        # builds (an organisation with many pledges takes a while), reused while the summary
        # is the same object.
        self.linked_ids: dict[str, tuple[OrganisationSummary, tuple[str, ...]]] = {}
        self._linked_now: dict[str, tuple[OrganisationSummary, tuple[ComputedPitch, ...]]] = {}
        self._org_keys: dict[str, tuple[object, ...]] = {}
        self._pitches = {p.id: p for p in given.computed.pitches}
        # Lines of pages that list every organisation, by (page, organisation id): (the
        # summary shown, the line). Kept between builds (pages.directory_lines).
        self.lines: dict[tuple[str, str], tuple[OrganisationSummary, str]] = {}
        self.computed = given.computed
        self.today = given.computed.today
        self.settings = given.computed.catalogue.settings
        self.repository = self.settings.repository.rstrip("/")
        self.names = {o.id: o.organisation.name for o in self.computed.organisations}
        self.nations = {o.id: o.organisation.nation.value for o in self.computed.organisations}

    def funded_day(self, p: ComputedPitch) -> dt.date | None:
        """The day a funded, in-development or live pitch's pledges first reached its threshold."""
        known = self.facts.get(p.id)
        return known.funded_day if known is not None and known.pitch is p else funded_day(p)

    def linked(self, o: OrganisationSummary) -> tuple[ComputedPitch, ...]:
        """The pitches an organisation proposed, pledged to or adopted, by id: what its page
        and its feed show of other pitches."""
        found = self._linked_now.get(o.id)
        if found is None or found[0] is not o:
            known = self.linked_ids.get(o.id)
            if known is None or known[0] is not o:
                ids = set(o.proposed)
                ids.update(o.adopted)  # the pitches of o.adoptions
                ids.update([x.pledge.pitch for x in o.pledges])
                known = self.linked_ids[o.id] = (o, tuple(sorted(ids)))
            found = self._linked_now[o.id] = (o, tuple(map(self._pitches.__getitem__, known[1])))
        return found[1]

    def org_key(self, o: OrganisationSummary) -> tuple[object, ...]:
        """The key of an organisation's page and of its feed (memo.py): its summary and its
        linked pitches. One tuple for both, so that comparing it once is enough."""
        known = self._org_keys.get(o.id)
        if known is None or known[0] is not o:
            known = self._org_keys[o.id] = (o, *self.linked(o))
        return known

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
        return (0, day, p.id) if accepting(p) else (1, -day, p.id)

    return sorted(items, key=key)


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
    return (p.pitch.funding.model.value,)


def accepting(p: ComputedPitch) -> bool:
    return p.status in _ACCEPTING and p.days_to_deadline >= 0
