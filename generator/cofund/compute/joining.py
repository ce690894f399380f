"""What joining a pitch costs, and how far its stretch lines are funded.

Both are figures for people deciding whether to pledge: "what would we pay if we joined
today, and if more join?" and "what does money beyond the target pay for?".
"""

from __future__ import annotations

from ..model import Model, Pitch
from ..money import Pence
from .funding import cap, shared_parts
from .results import JoiningCost, StretchLine
from .splits import largest_share

SHARED_ROWS = 6  # shared-cost: min_partners to min_partners + 5 partners


def stretch_lines(pitch: Pitch, pledged: Pence) -> tuple[StretchLine, ...]:
    """The stretch lines, each funded once the pledges beyond the target cover it and every
    line before it (the order the pitch lists them in)."""
    beyond = max(0, pledged - pitch.funding.target)
    out = []
    for line in pitch.business_case.stretch:
        covered = min(line.amount, beyond)
        beyond -= covered
        out.append(StretchLine(line.item, line.amount, covered == line.amount, covered))
    return tuple(out)


def joining_costs(pitch: Pitch, joined: int, pledged: Pence) -> tuple[JoiningCost, ...]:
    """What one more partner pays, for a pitch taking pledges with `joined` partners counting
    and `pledged` in all (see JoiningCost)."""
    f = pitch.funding
    room = max(0, cap(pitch) - pledged)
    if f.model is Model.SHARED_COST:
        minimum = f.min_partners or 1
        newcomer = shared_parts(pitch, joined + 1)
        counts = list(range(minimum, minimum + SHARED_ROWS))
        if newcomer not in counts:  # more have joined than the table's rows: show today's too
            counts.append(newcomer)
        shares = {n: largest_share(f.target, n) for n in counts}
        return tuple(
            JoiningCost(partners=n, tier=None, pays=shares[n], most=shares[n], now=n == newcomer) for n in counts
        )
    if f.model is Model.TIERED:
        fits = {t.id: t.price <= room for t in f.tiers}
        return tuple(
            JoiningCost(partners=None, tier=t.id, pays=t.price, most=t.price if fits[t.id] else 0, now=fits[t.id])
            for t in f.tiers
        )
    remaining = max(0, f.target - pledged)
    return (JoiningCost(partners=joined + 1, tier=None, pays=remaining, most=room, now=room > 0),)
