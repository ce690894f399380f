"""Atom feeds: one for the catalogue (new pitches, pitches funded, updates), one per
organisation (the same events for the pitches it proposed, pledged to or adopted), and one
per pitch (its own history: updates, each partner joining or withdrawing, adopters,
milestones met, and the status changes the data dates: funded, expired).

Every date is a date from the data, never the build time, so the same data gives the same
feed; the feed's `updated` is its newest entry's date.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple
from urllib.parse import urlsplit

from ..compute import ComputedPitch, Status
from . import labels
from .site import Site
from .templating import render


class Entry(NamedTuple):
    id: str
    date: dt.date
    title: str
    summary: str
    href: str


def tag_base(repository: str) -> str:
    # RFC 4151 tag URIs: stable ids that do not change if the site moves.
    parts = urlsplit(repository)
    return f"tag:{parts.hostname or 'cofund'},2026:{parts.path.strip('/')}"


def pitch_events(site: Site, p: ComputedPitch, tag: str, funded: dt.date | None) -> list[Entry]:
    """A pitch's events; `funded`: the day it was funded (Site.funded_day), if it was."""
    _, lang = site.words.gettext, site.lang
    link = f"pitches/{p.id}/"
    title = p.pitch.text("title", lang).value
    found = [Entry(f"{tag}/pitch/{p.id}/new", p.pitch.created, _("New pitch: %(title)s") % {"title": title},
                   p.pitch.text("summary", lang).value, link)]
    if funded is not None:
        n = len(p.partners)
        found.append(Entry(
            f"{tag}/pitch/{p.id}/funded", funded, _("Funded: %(title)s") % {"title": title},
            site.words.ngettext("%(num)d partner has funded %(title)s.", "%(num)d partners have funded %(title)s.", n)
            % {"num": n, "title": title}, link,
        ))
    for i, u in enumerate(p.pitch.updates, start=1):
        said = u.text("title", lang).value
        found.append(Entry(f"{tag}/pitch/{p.id}/update/{i}", u.date, f"{title}: {said}", said, link))
    return found


def pitch_feed_path(pitch_id: str) -> str:
    return f"feeds/pitches/{pitch_id}.xml"


def pitch_history(site: Site, p: ComputedPitch, tag: str) -> list[Entry]:
    """A pitch's own feed: its events (pitch_events) and the rest of its history."""
    _, lang = site.words.gettext, site.lang
    title, base = p.pitch.text("title", lang).value, f"{tag}/pitch/{p.id}"
    link = f"pitches/{p.id}/"
    found = pitch_events(site, p, tag, site.funded_day(p))
    for x in p.pledges:
        said = {"name": site.org_name(x.org), "title": title, "role": site.words.label(labels.ROLE, x.role).lower()}
        found.append(Entry(f"{base}/partner/{x.org}", x.date, _("New partner: %(name)s") % said,
                           _("%(name)s pledged to %(title)s, as %(role)s.") % said, link + "#partners"))
        if x.pledge.withdrawn_on is not None:
            found.append(Entry(f"{base}/partner/{x.org}/withdrawn", x.pledge.withdrawn_on,
                               _("Pledge withdrawn: %(name)s") % said, _("%(name)s withdrew its pledge to %(title)s.")
                               % said, link + "#partners"))
    if p.status is Status.EXPIRED:
        # It expires the day after its deadline (the deadline is the last day it takes pledges).
        found.append(Entry(
            f"{base}/expired", p.pitch.funding.deadline + dt.timedelta(days=1),
            _("Expired: %(title)s") % {"title": title},
            _("The deadline passed before %(title)s was funded: every pledge to it was released.") % {"title": title},
            link))
    for i, m in enumerate(p.pitch.milestones, start=1):
        if m.done is not None:
            done = m.text("title", lang).value
            found.append(Entry(f"{base}/milestone/{i}", m.done, _("Milestone met: %(title)s") % {"title": done},
                               f"{title}: {done}.", link + "#milestones"))
    for a in p.adopters:
        said = {"name": site.org_name(a.org), "title": title}
        found.append(Entry(f"{base}/adopter/{a.org}", a.date, _("Adopted by %(name)s") % said,
                           _("%(name)s adopted %(title)s.") % said, link + "#adoption"))
    return found


# Feeds carry the newest entries only, as feeds do: readers poll them for what is new, and
# at national scale the full history in 2,000 organisation feeds would be tens of megabytes.
CATALOGUE_ENTRIES = 100
ORGANISATION_ENTRIES = 20
PITCH_ENTRIES = 50


def _newest(entries: list[Entry], limit: int) -> list[Entry]:
    return sorted(entries, key=lambda e: (e.date, e.id), reverse=True)[:limit]


def feeds(site: Site) -> list[tuple[str, str]]:
    """The catalogue's feed, one per organisation and one per pitch, as (path, text)."""
    computed = site.computed
    settings = site.settings
    _ = site.words.gettext
    # The Welsh feeds are feeds of their own: their ids differ from the English ones'.
    tag = tag_base(settings.repository) + ("" if site.lang == "en" else f"/{site.lang}")
    base = site.given.site_url.rstrip("/") + "/" if site.given.site_url else None
    by_pitch: dict[str, list[Entry]] = {}

    def events(p: ComputedPitch) -> list[Entry]:
        if p.id not in by_pitch:  # a pitch is in the catalogue's feed and in each partner's
            by_pitch[p.id] = pitch_events(site, p, tag, site.funded_day(p))
        return by_pitch[p.id]

    def feed(
        path: str, title: str, subtitle: str, feed_id: str, alternate: str, entries: list[Entry], limit: int
    ) -> str:
        # Absolute links when the site's address is known (not every reader honours
        # xml:base); without it, links relative to the feed file itself.
        prefix = base or "../" * path.count("/")
        entries = [e._replace(href=prefix + e.href) for e in _newest(entries, limit)]
        return render(
            "feed.xml.j2", site.lang, title=title, subtitle=subtitle, feed_id=feed_id,
            self_href=(base or "") + (path if base else path.rsplit("/", 1)[-1]),
            alternate=prefix + alternate, entries=entries, author=settings.name,
            updated=entries[0].date if entries else computed.today,
        )

    made = [("feeds/catalogue.xml", feed(
        "feeds/catalogue.xml", settings.name, _("New pitches, pitches funded and pitch updates"),
        f"{tag}/feed", "catalogue/", [e for p in computed.pitches for e in events(p)], CATALOGUE_ENTRIES,
    ))]
    for o in computed.organisations:
        path = f"feeds/organisations/{o.id}.xml"
        made.append((path, feed(
            path, f"{settings.name}: {site.org_name(o.id)}",
            _("Pitches %(name)s proposed, pledged to or adopted") % {"name": site.org_name(o.id)},
            f"{tag}/organisation/{o.id}/feed", f"organisations/{o.id}/",
            [e for p in site.linked(o) for e in events(p)], ORGANISATION_ENTRIES,
        )))
    for p in computed.pitches:
        path = pitch_feed_path(p.id)
        made.append((path, feed(
            path, f"{settings.name}: {p.pitch.text('title', site.lang).value}",
            _("Updates, new partners and changes of status"), f"{tag}/pitch/{p.id}/feed", f"pitches/{p.id}/",
            pitch_history(site, p, tag), PITCH_ENTRIES,
        )))
    return made
