"""The page "How the figures are worked out": every figure's definition, the rounding rules,
what is and is not counted, and a worked example taken from the catalogue's own data (so the
example is never out of date: it is built with the site, from the same computed figures).

The definitions are the project's words; the examples' numbers come from compute (or, for
the rounding rules' small examples, from the very functions compute uses)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..compute import ComputedPitch, Partner
from ..compute.splits import split_equally, split_percentages
from ..money import Pence, display, percent_of
from .page_html import RenderedPage, render_page
from .site import FIGURES_PATH, Site


@dataclass(frozen=True)
class ExampleRow:
    partner: Partner
    written: str  # the pledge as its file gives it: "£20,000", "12.5% of the target", a tier, a share
    exact: str | None  # a percentage pledge's exact value in pounds, before rounding: "10,625.0000"


@dataclass(frozen=True)
class Rounding:
    """The rounding rules, each shown on small numbers worked out by compute's own functions."""

    percent_total: Pence  # 10001p split 33.33% + 33.33% + 33.34%
    percent_parts: tuple[Pence, ...]
    equal_total: Pence
    equal_parts: tuple[Pence, ...]
    rebate_fee: Pence
    rebate_percent: Decimal
    rebate: Pence
    rebate_exact: str  # the rebate before rounding, in pounds: "75.0075"


def _written(site: Site, p: ComputedPitch, x: Partner) -> tuple[str, str | None]:
    pledge, _ = x.pledge, site.words.gettext
    if pledge.amount is not None:
        return display(pledge.amount), None
    if pledge.percent is not None:
        exact = Decimal(p.target) * Decimal(pledge.percent) / 10000  # pounds: pence / 100, percent / 100
        return _("%(percent)s%% of the target") % {"percent": pledge.percent}, f"{exact:,.4f}"
    if pledge.tier is not None:
        tier = next((t for t in p.pitch.funding.tiers if t.id == pledge.tier), None)
        label = tier.text("label", site.lang).value if tier else pledge.tier
        return _("tier “%(label)s”") % {"label": label}, None
    return _("an equal share"), None


def example_pitch(site: Site) -> ComputedPitch | None:
    """The sample's clearest worked example: a pitch that goes ahead, with a percentage pledge
    if one has one (to show the rounding), the fewest partners, then by id."""
    candidates = [p for p in site.computed.pitches if p.status.goes_ahead and p.partners]
    if not candidates:
        return None
    return min(candidates, key=lambda p: (
        not any(x.pledge.percent for x in p.partners), len(p.partners), p.id))


def rounding() -> Rounding:
    fee = 100010
    return Rounding(
        percent_total=10001,
        percent_parts=tuple(split_percentages(10001, [3333, 3333, 3334])),
        equal_total=10001,
        equal_parts=tuple(split_equally(10001, 3)),
        rebate_fee=fee,
        rebate_percent=Decimal("7.5"),
        rebate=percent_of(fee, Decimal("7.5")),
        rebate_exact=f"{Decimal(fee) * Decimal('7.5') / 10000:,.4f}",
    )


def figures_page(site: Site) -> tuple[str, RenderedPage]:
    path = FIGURES_PATH
    example = example_pitch(site)
    rows = tuple(ExampleRow(x, *_written(site, example, x)) for x in example.partners) if example else ()
    pitches = site.computed.pitches
    adopter = next(((p, a) for p in pitches for a in p.adopters if p.pitch.adoption), None)
    partner_savings = sum(x.saving for p in pitches for x in p.partners)
    adopter_savings = sum(a.saving for p in pitches for a in p.adopters)
    return path, render_page(
        "figures.html.j2",
        **site.common(path),
        stats=site.computed.stats,
        example=example,
        rows=rows,
        rounding=rounding(),
        adopter=adopter,
        partner_savings=partner_savings,
        adopter_savings=adopter_savings,
        saving_pitches=sum(1 for p in pitches if p.saving),
    )
