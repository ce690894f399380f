"""Each match fund's figures: its pot, what it has committed and what is left, pitch by pitch.

The matching itself (who is matched, by how much, in what order) is in matching.py; this
module sums it per fund and per pitch, for the fund's page, the pitch's "Matched by" panel,
the export and the PR check.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..model import Catalogue, Fund
from ..money import Pence
from .matching import Matching, PledgeMatch


@dataclass(frozen=True)
class FundMatch:
    """One fund on one pitch that names it."""

    fund: str  # fund id
    pitch: str  # pitch id
    why_not: str | None  # why the fund does not match this pitch at all, in words; None when it may
    matched: Pence  # the matches that count now
    returned: Pence  # matches given back to the pot (pledges withdrawn, or the pitch released its pledges)
    pledges: tuple[PledgeMatch, ...]  # each pledge of money to the pitch, in pledge order

    @property
    def eligible(self) -> bool:
        return self.why_not is None


@dataclass(frozen=True)
class FundSummary:
    fund: Fund  # the source model object: name, holder, description, rules
    committed: Pence  # the matches that count now (on open all-or-nothing pitches, conditional like the pledges)
    left: Pence  # pot - committed: never below 0
    returned: Pence  # matches given back to the pot so far
    is_open: bool  # today is from the opening day to the closing day
    pitches: tuple[FundMatch, ...]  # every pitch that names the fund, by pitch id

    @property
    def id(self) -> str:
        return self.fund.id

    @property
    def matched_pitches(self) -> tuple[str, ...]:
        """The pitches with a match that counts, by id."""
        return tuple(p.pitch for p in self.pitches if p.matched)


def fund_matches(catalogue: Catalogue, matching: Matching) -> dict[str, tuple[FundMatch, ...]]:
    """Pitch id -> the funds it names that exist, in fund id order."""
    funds = {f.id for f in catalogue.funds}
    out: dict[str, tuple[FundMatch, ...]] = {}
    by_pair: dict[tuple[str, str], list[PledgeMatch]] = {}
    for m in matching.matches:
        by_pair.setdefault((m.fund, m.pitch), []).append(m)
    for pitch in catalogue.pitches:
        found = []
        for fund_id in pitch.funds:
            if fund_id not in funds:
                continue
            pledges = tuple(by_pair.get((fund_id, pitch.id), ()))
            found.append(FundMatch(
                fund=fund_id,
                pitch=pitch.id,
                why_not=matching.eligibility.get((fund_id, pitch.id)),
                matched=sum(m.amount for m in pledges),
                returned=sum(m.returned for m in pledges),
                pledges=pledges,
            ))
        if found:
            out[pitch.id] = tuple(found)
    return out


def fund_summaries(
    catalogue: Catalogue, by_pitch: dict[str, tuple[FundMatch, ...]], today: dt.date
) -> tuple[FundSummary, ...]:
    out = []
    for fund in catalogue.funds:
        pitches = tuple(fm for pid in sorted(by_pitch) for fm in by_pitch[pid] if fm.fund == fund.id)
        committed = sum(p.matched for p in pitches)
        out.append(FundSummary(
            fund=fund,
            committed=committed,
            left=fund.pot - committed,
            returned=sum(p.returned for p in pitches),
            is_open=fund.rules.opens <= today <= fund.rules.closes,
            pitches=pitches,
        ))
    return tuple(out)
