"""The match funds' pages: an index of every fund (funds/index.md) and a page per fund
(funds/<id>.md) with its rules in plain words, its pot (committed, returned, left), the
pitches it matches, each partner's match, and the pitches that applied but are not matched,
with compute's reasons. The words for a fund's rules are worked out here once; the pitch
page's "Match funds" panel uses the same reasons."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from ..compute.funds import FundMatch, FundSummary
from ..compute.matching import PledgeMatch
from ..model import FundRules
from ..money import display
from . import labels
from .page_html import RenderedPage, render_page
from .site import FUNDS_PATH, Site, fund_path

# Why a match is less than the ratio gives (compute.matching.LIMITS), in words.
LIMIT_WORDS = {
    "pot": "what was left in the pot",
    "cap-per-pitch": "the fund's cap per pitch",
    "cap-per-partner": "the fund's cap per partner",
    "pitch-cap": "what the pitch could still raise",
}


def ratio_words(rules: FundRules) -> str:
    """1:2 -> "£1 of match for every £2 pledged"."""
    return f"£{rules.match:,} of match for every £{rules.per:,} pledged"


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def rule_lines(site: Site, rules: FundRules) -> tuple[str, ...]:
    """The fund's rules as sentences, in the order the page lists them."""
    lines = [f"It adds {ratio_words(rules)}, rounded down to the penny."]
    lines.append(f"It matches pledges made from {labels.long_date(rules.opens)} to {labels.long_date(rules.closes)}.")
    if rules.min_partners:
        lines.append(f"Matching on a pitch starts once the pitch has {rules.min_partners} partners; the eligible "
                     "pledges made until then are matched that day, in the order they were made.")
    lines.append(f"It matches at most {display(rules.cap_per_pitch)} on one pitch." if rules.cap_per_pitch is not None
                 else "It has no cap per pitch.")
    lines.append(f"It matches at most {display(rules.cap_per_partner)} for one organisation, across every pitch."
                 if rules.cap_per_partner is not None else "It has no cap per partner.")
    if rules.categories:
        lines.append("Pitches in the category " + _listed([labels.CATEGORY[c.value] for c in rules.categories]) + ".")
    if rules.sectors:
        lines.append("Pitches for the sector " + _listed([labels.SECTOR.get(s, s) for s in rules.sectors]) + ".")
    if rules.nations:
        lines.append("Pledges by organisations in " + _listed([labels.NATION[n.value] for n in rules.nations]) + ".")
    if rules.types:
        kinds = [labels.ORG_TYPE[t.value].lower() for t in rules.types]
        lines.append("Pledges by organisations of the type " + _listed(kinds) + ".")
    if rules.organisations:
        lines.append("Pledges by " + _listed(sorted((site.org_name(o) for o in rules.organisations), key=str.lower))
                     + " only.")
    lines.append("Never past what the pitch may raise (its target and stretch lines), nor what is left in the pot.")
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


def fund_status(f: FundSummary, today: dt.date) -> str:
    if f.is_open:
        return "Open"
    return "Not open yet" if f.fund.rules.opens > today else "Closed"


def _common(site: Site, path: str) -> dict[str, object]:
    return {
        **site.common(path),
        "rule_lines": lambda rules: rule_lines(site, rules),
        "ratio_words": ratio_words,
        "reasons": reasons,
        "matched_pledges": matched_pledges,
        "limit_words": LIMIT_WORDS,
        "fund_status": lambda f: fund_status(f, site.today),
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
