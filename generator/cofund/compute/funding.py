"""How much each live pledge is worth and whether a pitch is funded, under its funding model.

This is the one place those rules live: validate asks it whether a pitch may be in
development, and the rest of compute builds totals, shares and savings on it.
"""

from __future__ import annotations

from decimal import Decimal

from ..model import Model, Pitch, Pledge, PledgeStatus
from ..money import Pence, percent_of


def live_pledges(pitch: Pitch) -> tuple[Pledge, ...]:
    """Pledges that count: not withdrawn. Ordered by date, then organisation id."""
    return tuple(
        sorted(
            (p for p in pitch.pledges if p.status is not PledgeStatus.WITHDRAWN),
            key=lambda p: (p.date, p.org),
        )
    )


def split_equally(total: Pence, parts: int) -> list[Pence]:
    """Split `total` into `parts` shares that add up to it exactly.

    Each share is the whole-penny quotient; the pennies left over (fewer than `parts`) go
    one each to the first shares, so the earliest partners pay at most a penny more.
    """
    base, extra = divmod(total, parts)
    return [base + 1 if i < extra else base for i in range(parts)]


def pledge_values(pitch: Pitch, pledges: tuple[Pledge, ...] | None = None) -> dict[str, Pence]:
    """What each live pledge is worth today, by organisation id.

    shared-cost: with fewer partners than min_partners each is committed to a ceiling share
    (the target split min_partners ways); from min_partners on, the target is split among
    everyone who has joined.
    """
    live = live_pledges(pitch) if pledges is None else pledges
    funding = pitch.funding
    if funding.model is Model.SHARED_COST:
        if not live:
            return {}
        parts = max(len(live), funding.min_partners or 1)
        shares = split_equally(funding.target, parts)
        return {p.org: shares[i] for i, p in enumerate(live)}
    if funding.model is Model.TIERED:
        prices = {t.id: t.price for t in funding.tiers}
        return {p.org: prices.get(p.tier or "", 0) for p in live}
    return {p.org: p.amount if p.amount is not None else percent_of(funding.target, Decimal(p.percent or 0)) for p in live}


def threshold(pitch: Pitch) -> Pence:
    """What must be pledged for the pitch to go ahead: the target, or for keep-what-you-raise
    pitches the core cost lines."""
    if pitch.funding.all_or_nothing:
        return pitch.funding.target
    return sum(c.amount for c in pitch.business_case.cost_lines if c.core)


def pledged_total(pitch: Pitch) -> Pence:
    return sum(pledge_values(pitch).values())


def is_funded(pitch: Pitch) -> bool:
    if pitch.funding.model is Model.SHARED_COST:
        enough_partners = len(live_pledges(pitch)) >= (pitch.funding.min_partners or 1)
        return enough_partners or (not pitch.funding.all_or_nothing and pledged_total(pitch) >= threshold(pitch))
    return pledged_total(pitch) >= threshold(pitch)
