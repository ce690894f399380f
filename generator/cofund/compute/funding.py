"""How much each live pledge is worth and whether a pitch is funded, under its funding model.

This is the one place those rules live: validate asks it whether a pitch may be in
development, whether a pledge takes the total past the cap and whether a withdrawal is
allowed, and the rest of compute builds totals, shares and savings on it.

- Live pledges are those pledged, invoiced or paid: an interest is never money, and a
  withdrawn pledge no longer counts.
- target: a pledge is its amount, or its percent of the target; the pitch's percentage
  pledges are converted together by the largest remainder (compute.splits.split_percentages).
- shared-cost: the target is split equally (compute.splits) among max(partners, min_partners)
  in pledge order; so until min_partners have joined each is committed to the ceiling share.
- tiered: a pledge pays its tier's price.
- Funded: all-or-nothing pitches when the pledges reach the target (shared-cost: when
  min_partners have joined, which is the same thing); keep-what-you-raise pitches when they
  reach the core cost lines (the threshold). For target and tiered pitches min_partners is
  optional and, when given, also needed ("the fewest partners needed", pitch schema).
- Cap: pledges never take the total past the target plus the stretch lines (validate refuses
  the pledge that would). Match money (compute.matching) counts towards the target and the
  cap too, and is trimmed so it never passes the cap.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ..model import Model, Pitch, Pledge, PledgeStatus
from ..money import Pence
from .splits import split_equally, split_percentages

__all__ = [
    "cap",
    "funded_by",
    "interests",
    "is_funded",
    "live_on",
    "live_pledges",
    "pledge_values",
    "pledged_total",
    "shared_parts",
    "split_equally",
    "threshold",
]


def _order(p: Pledge) -> tuple[dt.date, str]:
    return (p.date, p.org)


def live_pledges(pitch: Pitch) -> tuple[Pledge, ...]:
    """Pledges of money not withdrawn, ordered by date, then organisation id (the order that
    decides who pays an odd penny). Whether they count also depends on the pitch's status:
    see compute.pitches."""
    return tuple(sorted((p for p in pitch.pledges if p.status.is_money), key=_order))


def interests(pitch: Pitch) -> tuple[Pledge, ...]:
    """The organisations that said they are interested and have not pledged, by date then id."""
    return tuple(sorted((p for p in pitch.pledges if p.status is PledgeStatus.INTEREST), key=_order))


def live_on(pitch: Pitch, day: dt.date, also: Pledge) -> tuple[Pledge, ...]:
    """The pledges that counted on `day`, with `also` counted as if it had not been withdrawn:
    pledged by then, and not withdrawn by then (a withdrawal with no date counts from today)."""
    out = [also]
    for p in pitch.pledges:
        if p is also or p.date > day:
            continue
        withdrawn_later = p.status is PledgeStatus.WITHDRAWN and p.withdrawn_on is not None and p.withdrawn_on > day
        if p.status.is_money or withdrawn_later:
            out.append(p)
    return tuple(sorted(out, key=_order))


def shared_parts(pitch: Pitch, joined: int) -> int:
    """How many ways a shared-cost target is split when `joined` partners have joined."""
    return max(joined, pitch.funding.min_partners or 1)


def _basis_points(percent: str) -> int:
    return int(Decimal(percent) * 100)  # validated: at most two decimal places


def pledge_values(pitch: Pitch, pledges: tuple[Pledge, ...] | None = None) -> dict[str, Pence]:
    """What each of `pledges` (default: the live ones) is worth today, by organisation id, in
    pledge order."""
    live = live_pledges(pitch) if pledges is None else pledges
    funding = pitch.funding
    if funding.model is Model.SHARED_COST:
        if not live:
            return {}
        shares = split_equally(funding.target, shared_parts(pitch, len(live)))
        return {p.org: shares[i] for i, p in enumerate(live)}
    if funding.model is Model.TIERED:
        prices = {t.id: t.price for t in funding.tiers}
        return {p.org: prices.get(p.tier or "", 0) for p in live}
    by_id = sorted((p for p in live if p.amount is None and p.percent is not None), key=lambda p: p.org)
    parts = split_percentages(funding.target, [_basis_points(p.percent or "0") for p in by_id])
    from_percent = dict(zip((p.org for p in by_id), parts, strict=True))
    return {p.org: p.amount if p.amount is not None else from_percent.get(p.org, 0) for p in live}


def threshold(pitch: Pitch) -> Pence:
    """What must be pledged for the pitch to go ahead: the target, or for keep-what-you-raise
    pitches the core cost lines."""
    if pitch.funding.all_or_nothing:
        return pitch.funding.target
    return sum(c.amount for c in pitch.business_case.cost_lines if c.core)


def cap(pitch: Pitch) -> Pence:
    """The most the pledges may come to: the target plus the stretch lines."""
    return pitch.funding.target + sum(c.amount for c in pitch.business_case.stretch)


def pledged_total(pitch: Pitch) -> Pence:
    return sum(pledge_values(pitch).values())


def funded_by(pitch: Pitch, live: tuple[Pledge, ...], values: dict[str, Pence], matched: Pence = 0) -> bool:
    """The funding rule, given the live pledges and their values (so callers compute them once),
    and the match funds' money counting towards the target (compute.matching)."""
    if pitch.funding.model is Model.SHARED_COST:
        if len(live) >= (pitch.funding.min_partners or 1):
            return True
        if pitch.funding.all_or_nothing:  # the partner count decides, not pennies of a ceiling share
            return False
    elif len(live) < (pitch.funding.min_partners or 0):
        return False
    return sum(values.values()) + matched >= threshold(pitch)


def is_funded(pitch: Pitch, live: tuple[Pledge, ...] | None = None, matched: Pence = 0) -> bool:
    """Whether `live` (default: the live pledges), with `matched` from match funds, meet the funding rule."""
    live = live_pledges(pitch) if live is None else live
    return funded_by(pitch, live, pledge_values(pitch, live), matched)
