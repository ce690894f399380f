"""Dividing a sum of pence among partners exactly: the parts always add up to the whole.

How odd pennies are placed (the one rule, for equal shares and pro-rata splits alike): each
part is first rounded down to a whole penny; the pennies left over (fewer than the number of
parts) go one each to the parts that lost the largest fraction of a penny, and among equal
fractions to the earliest partner (pledge date, then organisation id). For an equal split
that simply means the earliest partners pay one penny more than the rest.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..money import Pence


def split_equally(total: Pence, parts: int) -> list[Pence]:
    """`total` split into `parts` shares, largest first; share i is ceil((total - i) / parts)."""
    if parts < 1:
        raise ValueError("cannot split among no one")
    base, extra = divmod(total, parts)
    return [base + 1 if i < extra else base for i in range(parts)]


def largest_share(total: Pence, parts: int) -> Pence:
    """The first (largest) of `split_equally(total, parts)`, without building the list."""
    return -(-total // parts)


def split_pro_rata(total: Pence, weights: Sequence[Pence]) -> list[Pence]:
    """`total` split in proportion to `weights` (non-negative, in partner order), exactly.

    With no weight at all there is no one to share with: every part is 0.
    """
    whole = sum(weights)
    if whole == 0:
        return [0 for _ in weights]
    floors = []
    lost = []  # numerators of the fraction of a penny each part lost by rounding down
    for w in weights:
        q, r = divmod(total * w, whole)
        floors.append(q)
        lost.append(r)
    left = total - sum(floors)
    # Largest fraction first; sorted() is stable, so equal fractions keep partner order.
    for i in sorted(range(len(weights)), key=lambda i: -lost[i])[:left]:
        floors[i] += 1
    return floors
