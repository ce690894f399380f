"""Atom feeds: one for the catalogue (new pitches, pitches funded, updates) and one per
organisation (the same events for the pitches it proposed, pledged to or adopted).

Every date is a date from the data, never the build time, so the same data gives the same
feed; the feed's `updated` is its newest entry's date.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..compute import ComputedPitch, Status
from ..compute.results import OrganisationSummary
from . import chart as charts
from .pages import Part
from .site import SiteInput
from .templating import render


@dataclass(frozen=True)
class Entry:
    id: str
    date: dt.date
    title: str
    summary: str
    href: str


def _tag_base(repository: str) -> str:
    # RFC 4151 tag URIs: stable ids that do not change if the site moves.
    parts = urlsplit(repository)
    return f"tag:{parts.hostname or 'cofund'},2026:{parts.path.strip('/')}"


def pitch_events(p: ComputedPitch, tag: str) -> list[Entry]:
    link = f"pitches/{p.id}/"
    found = [Entry(f"{tag}/pitch/{p.id}/new", p.pitch.created, f"New pitch: {p.pitch.title}", p.pitch.summary, link)]
    if p.status in (Status.FUNDED, Status.IN_DEVELOPMENT, Status.LIVE):
        day = charts.first_reached(charts.series(p), p.threshold)
        if day is not None:
            found.append(Entry(
                f"{tag}/pitch/{p.id}/funded", day, f"Funded: {p.pitch.title}",
                f"{len(p.partners)} partners have funded {p.pitch.title}.", link,
            ))
    for i, u in enumerate(p.pitch.updates, start=1):
        found.append(Entry(f"{tag}/pitch/{p.id}/update/{i}", u.date, f"{p.pitch.title}: {u.title}", u.title, link))
    return found


# Feeds carry the newest entries only, as feeds do: readers poll them for what is new, and
# at national scale the full history in 2,000 organisation feeds would be tens of megabytes.
CATALOGUE_ENTRIES = 100
ORGANISATION_ENTRIES = 20


def _newest(entries: list[Entry], limit: int) -> list[Entry]:
    return sorted(entries, key=lambda e: (e.date, e.id), reverse=True)[:limit]


def feeds(given: SiteInput) -> Iterator[tuple[str, str]]:
    for part in feed_parts(given):
        yield from part()


def feed_parts(given: SiteInput) -> list[Part]:
    computed = given.computed
    settings = computed.catalogue.settings
    tag = _tag_base(settings.repository)
    base = given.site_url.rstrip("/") + "/" if given.site_url else None
    events = {p.id: pitch_events(p, tag) for p in computed.pitches}

    def feed(path: str, title: str, subtitle: str, feed_id: str, alternate: str, entries: list[Entry], limit: int) -> str:
        # Absolute links when the site's address is known (not every reader honours
        # xml:base); without it, links relative to the feed file itself.
        prefix = base or "../" * path.count("/")
        entries = [Entry(e.id, e.date, e.title, e.summary, prefix + e.href) for e in _newest(entries, limit)]
        return render(
            "feed.xml.j2", title=title, subtitle=subtitle, feed_id=feed_id,
            self_href=(base or "") + (path if base else path.rsplit("/", 1)[-1]),
            alternate=prefix + alternate, entries=entries, author=settings.name,
            updated=entries[0].date if entries else computed.today,
        )

    def catalogue_feed() -> list[tuple[str, str]]:
        return [("feeds/catalogue.xml", feed(
            "feeds/catalogue.xml", settings.name, "New pitches, pitches funded and pitch updates",
            f"{tag}/feed", "catalogue/", [e for p in computed.pitches for e in events[p.id]], CATALOGUE_ENTRIES,
        ))]

    def organisation_feed(o: OrganisationSummary) -> list[tuple[str, str]]:
        mine = sorted(set(o.proposed) | {x.pledge.pitch for x in o.pledges} | set(o.adopted))
        return [(f"feeds/organisations/{o.id}.xml", feed(
            f"feeds/organisations/{o.id}.xml", f"{settings.name}: {o.organisation.name}",
            f"Pitches {o.organisation.name} proposed, pledged to or adopted",
            f"{tag}/organisation/{o.id}/feed", f"organisations/{o.id}/", [e for pid in mine for e in events[pid]],
            ORGANISATION_ENTRIES,
        ))]

    return [catalogue_feed, *(functools.partial(organisation_feed, o) for o in computed.organisations)]
