"""The match funds' pages: an index of every fund (funds/index.md) and a page per fund
(funds/<id>.md) with its rules in plain words, its pot (committed, returned, left), the
pitches it matches, each partner's match, and the pitches that applied but are not matched,
with compute's reasons. The words for a fund's rules are worked out here once; the pitch
page's "Match funds" panel uses the same reasons."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..compute.funds import FundMatch, FundSummary
from ..compute.matching import PledgeMatch
from ..model import FundRules
from ..money import display
from . import labels
from .i18n import N_, Words
from .page_html import RenderedPage, render_page
from .site import FUNDS_PATH, Site, fund_path

# Why a match is less than the ratio gives (compute.matching.LIMITS), in words.
LIMIT_WORDS = {
    "pot": N_("what was left in the pot"),
    "cap-per-pitch": N_("the fund's cap per pitch"),
    "cap-per-partner": N_("the fund's cap per partner"),
    "pitch-cap": N_("what the pitch could still raise"),
}


def ratio_words(rules: FundRules, said: Words) -> str:
    """1:2 -> "£1 of match for every £2 pledged"."""
    return said.gettext("£%(match)s of match for every £%(per)s pledged") % {
        "match": f"{rules.match:,}", "per": f"{rules.per:,}"}


def _listed(names: list[str], said: Words) -> str:
    if len(names) == 1:
        return names[0]
    return said.gettext("%(names)s or %(last)s") % {"names": ", ".join(names[:-1]), "last": names[-1]}


def rule_lines(site: Site, rules: FundRules) -> tuple[str, ...]:
    """The fund's rules as sentences, in the order the page lists them."""
    said = site.words
    _ = said.gettext

    def listed(table: dict[str, str], codes: Iterable[object], lower: bool = False) -> str:
        names = [str(said.label(table, c)) if str(getattr(c, "value", c)) in table else str(c) for c in codes]
        return _listed([n.lower() for n in names] if lower else names, said)

    lines = [_("It adds %(ratio)s, rounded down to the penny.") % {"ratio": ratio_words(rules, said)}]
    lines.append(_("It matches pledges made from %(opens)s to %(closes)s.") % {
        "opens": said.long_date(rules.opens), "closes": said.long_date(rules.closes)})
    if rules.min_partners:
        lines.append(_("Matching on a pitch starts once the pitch has %(num)d partners; the eligible pledges made "
                       "until then are matched that day, in the order they were made.") % {"num": rules.min_partners})
    lines.append(_("It matches at most %(cap)s on one pitch.") % {"cap": display(rules.cap_per_pitch)}
                 if rules.cap_per_pitch is not None else _("It has no cap per pitch."))
    lines.append(_("It matches at most %(cap)s for one organisation, across every pitch.")
                 % {"cap": display(rules.cap_per_partner)}
                 if rules.cap_per_partner is not None else _("It has no cap per partner."))
    if rules.categories:
        lines.append(_("Pitches in the category %(names)s.") % {"names": listed(labels.CATEGORY, rules.categories)})
    if rules.sectors:
        lines.append(_("Pitches for the sector %(names)s.") % {"names": listed(labels.SECTOR, rules.sectors)})
    if rules.nations:
        lines.append(_("Pledges by organisations in %(names)s.") % {"names": listed(labels.NATION, rules.nations)})
    if rules.types:
        lines.append(_("Pledges by organisations of the type %(names)s.")
                     % {"names": listed(labels.ORG_TYPE, rules.types, lower=True)})
    if rules.organisations:
        names = sorted((site.org_name(o) for o in rules.organisations), key=str.lower)
        lines.append(_("Pledges by %(names)s only.") % {"names": _listed(names, said)})
    lines.append(_("Never past what the pitch may raise (its target and stretch lines), nor what is left in the pot."))
    return tuple(lines)


@dataclass(frozen=True)
class Reason:
    org: str | None  # the pledging organisation, when the reason is about one pledge
    text: str  # compute's words


def reasons(fm: FundMatch) -> tuple[Reason, ...]:
    """Why a fund matches nothing (more) on a pitch: the pitch's reason, or each pledge's."""
    if fm.why_not is not None:
        return (Reason(None, fm.why_not),)
    return tuple(Reason(m.org, m.why) for m in fm.pledges if m.why and not m.amount)


def matched_pledges(fm: FundMatch) -> tuple[PledgeMatch, ...]:
    """The pledges with a match that counts or that was returned, in pledge order."""
    return tuple(m for m in fm.pledges if m.amount or m.returned)


def fund_status(f: FundSummary, today: dt.date, said: Words) -> str:
    if f.is_open:
        return said.gettext("Open")
    return said.gettext("Not open yet") if f.fund.rules.opens > today else said.gettext("Closed")


def _common(site: Site, path: str) -> dict[str, object]:
    return {
        **site.common(path),
        "rule_lines": lambda rules: rule_lines(site, rules),
        "ratio_words": lambda rules: ratio_words(rules, site.words),
        "reasons": reasons,
        "matched_pledges": matched_pledges,
        "limit_words": {code: site.words.gettext(text) for code, text in LIMIT_WORDS.items()},
        "fund_status": lambda f: fund_status(f, site.today, site.words),
    }


def fund_page(site: Site, f: FundSummary) -> tuple[str, RenderedPage]:
    path = fund_path(f.id)
    return path, render_page(
        "fund.html.j2", **_common(site, path), f=f,
        matched=tuple(fm for fm in f.pitches if fm.matched or fm.returned),
        unmatched=tuple(fm for fm in f.pitches if not fm.matched and not fm.returned),
        edit_url=site.edit_url(f.fund.source),
    )


def fund_pages(site: Site) -> Iterator[tuple[str, RenderedPage]]:
    """The index of funds (always: the navigation links to it) and a page per fund."""
    funds = site.computed.funds
    yield FUNDS_PATH, render_page("funds.html.j2", **_common(site, FUNDS_PATH), funds=funds,
                                  matched=site.computed.stats.money_matched)
    for f in funds:
        yield fund_page(site, f)
