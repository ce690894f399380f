"""Dividing a sum of pence among partners exactly: the parts always add up to the whole.

Percentage pledges use the largest-remainder rule (split_percentages): the pitch's
percentage pledges are converted together, so percentages that add up to 100% come to the
target to the penny, where rounding each one on its own could miss it by a penny or more.

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


def split_percentages(total: Pence, basis_points: Sequence[int]) -> list[Pence]:
    """Each percentage (in basis points: 12.5% is 1250) of `total`, by the largest remainder.

    Each part is first rounded down to a whole penny; the exact sum of the parts is rounded
    half up to a penny, and the pennies that leaves over go one each to the parts that lost
    the largest fraction of a penny, equal fractions in the order given (callers give
    organisation id order). So 33.33% + 33.33% + 33.34% of 10001p is 3333 + 3333 + 3335, and
    a single percentage is simply rounded half up.
    """
    floors = []
    lost = []  # numerators (over 10000) of the fraction of a penny each part lost
    for bp in basis_points:
        q, r = divmod(total * bp, 10000)
        floors.append(q)
        lost.append(r)
    exact_sum = sum(total * bp for bp in basis_points)
    left = (exact_sum + 5000) // 10000 - sum(floors)  # half up; 0 <= left <= len(parts)
    for i in sorted(range(len(floors)), key=lambda i: -lost[i])[:left]:
        floors[i] += 1
    return floors
