"""How much each live pledge is worth and whether a pitch is funded, under its funding model.

This is the one place those rules live: validate asks it whether a pitch may be in
development, and the rest of compute builds totals, shares and savings on it.

- target: a pledge is its amount, or its percent of the target rounded half up to the penny.
- shared-cost: the target is split equally (compute.splits) among max(partners, min_partners)
  in pledge order; so until min_partners have joined each is committed to the ceiling share.
- tiered: a pledge pays its tier's price.
- Funded: all-or-nothing pitches when the pledges reach the target (shared-cost: when
  min_partners have joined, which is the same thing); keep-what-you-raise pitches when they
  reach the core cost lines (the threshold). For target and tiered pitches min_partners is
  optional and, when given, also needed ("the fewest partners needed", pitch schema).
"""

from __future__ import annotations

from decimal import Decimal

from ..model import Model, Pitch, Pledge, PledgeStatus
from ..money import Pence, percent_of
from .splits import split_equally

__all__ = ["live_pledges", "split_equally", "pledge_values", "threshold", "pledged_total", "is_funded"]


def live_pledges(pitch: Pitch) -> tuple[Pledge, ...]:
    """Pledges not withdrawn, ordered by date, then organisation id (the order that decides who
    pays an odd penny). Whether they count also depends on the pitch's status: see compute.pitches."""
    return tuple(
        sorted(
            (p for p in pitch.pledges if p.status is not PledgeStatus.WITHDRAWN),
            key=lambda p: (p.date, p.org),
        )
    )


def shared_parts(pitch: Pitch, joined: int) -> int:
    """How many ways a shared-cost target is split when `joined` partners have joined."""
    return max(joined, pitch.funding.min_partners or 1)


def pledge_values(pitch: Pitch, pledges: tuple[Pledge, ...] | None = None) -> dict[str, Pence]:
    """What each live pledge is worth today, by organisation id (in pledge order)."""
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
    return {
        p.org: p.amount if p.amount is not None else percent_of(funding.target, Decimal(p.percent or 0))
        for p in live
    }


def threshold(pitch: Pitch) -> Pence:
    """What must be pledged for the pitch to go ahead: the target, or for keep-what-you-raise
    pitches the core cost lines."""
    if pitch.funding.all_or_nothing:
        return pitch.funding.target
    return sum(c.amount for c in pitch.business_case.cost_lines if c.core)


def pledged_total(pitch: Pitch) -> Pence:
    return sum(pledge_values(pitch).values())


def funded_by(pitch: Pitch, live: tuple[Pledge, ...], values: dict[str, Pence]) -> bool:
    """The funding rule, given the live pledges and their values (so callers compute them once)."""
    if pitch.funding.model is Model.SHARED_COST:
        if len(live) >= (pitch.funding.min_partners or 1):
            return True
        if pitch.funding.all_or_nothing:  # the partner count decides, not pennies of a ceiling share
            return False
    elif len(live) < (pitch.funding.min_partners or 0):
        return False
    return sum(values.values()) >= threshold(pitch)


def is_funded(pitch: Pitch) -> bool:
    live = live_pledges(pitch)
    return funded_by(pitch, live, pledge_values(pitch, live))
