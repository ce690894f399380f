"""Money is integer pence, everywhere. These are the only conversions in and out.

Rounding rule, the only one in cofund: a result that falls between two pennies is rounded
half up (away from zero) to the nearest penny. It applies to a percentage of a target and
to a rebate; equal shares are split exactly instead (see compute).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

Pence = int


def to_pence(pounds: int | Decimal) -> Pence:
    """An exact amount in pounds as read from YAML (validated: at most 2 decimal places)."""
    value = Decimal(pounds) * 100
    if value != value.to_integral_value():
        raise ValueError(f"{pounds} has more than two decimal places")
    return int(value)


def round_pence(value: Decimal) -> Pence:
    """Round an exact Decimal number of pence to a whole penny, half up."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def percent_of(total: Pence, percent: int | Decimal) -> Pence:
    return round_pence(Decimal(total) * Decimal(percent) / 100)


def pounds(pence: Pence) -> str:
    """For data downloads: `600000` -> `"6000.00"`."""
    sign = "-" if pence < 0 else ""
    whole, part = divmod(abs(pence), 100)
    return f"{sign}{whole}.{part:02d}"


def display(pence: Pence) -> str:
    """For people: `£60,000` for whole pounds, `£60,000.50` otherwise."""
    sign = "-" if pence < 0 else ""
    whole, part = divmod(abs(pence), 100)
    return f"{sign}£{whole:,}" + (f".{part:02d}" if part else "")
