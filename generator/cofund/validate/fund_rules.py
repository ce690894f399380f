"""The rules for match funds: a fund's holder and listed organisations exist and its dates
are in order; a pitch names funds that exist and a model they can match; and, for a pitch
that names a fund, no pledge takes the pitch past its cap once the matches made before it
are counted (compute.matching works the history out; a match itself is trimmed, never
refused).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Model, Pitch
from ..money import display
from ..problems import Problem
from .context import Context, fmt
from .pledge_rules import _judged as judged
from .pledge_rules import _money_field as money_field


def funds_are_consistent(ctx: Context) -> Iterator[Problem]:
    for fund in ctx.catalogue.funds:
        if ctx.orgs_known and fund.holder not in ctx.org_ids:
            yield ctx.problem(
                fund.source, ("holder",),
                f"there is no organisation '{fund.holder}': the holder must be the id of a file in organisations/, "
                f"so add organisations/{fund.holder}.yml first or use an existing id",
            )
        for i, org in enumerate(fund.rules.organisations):
            if ctx.orgs_known and org not in ctx.org_ids:
                yield ctx.problem(
                    fund.source, ("rules", "organisations", i),
                    f"there is no organisation '{org}': list ids of files in organisations/",
                )
        if fund.rules.closes < fund.rules.opens:
            yield ctx.problem(
                fund.source, ("rules", "closes"),
                f"the fund closes on {fmt(fund.rules.closes)}, before it opens ({fmt(fund.rules.opens)}): "
                "the closing day must be on or after the opening day",
            )


def _index(ctx: Context, pitch: Pitch, fund_id: str) -> int:
    listed = ctx.files[pitch.source].parsed.data.get("funds", [])
    return listed.index(fund_id) if fund_id in listed else 0


def pitches_name_funds_that_exist(ctx: Context) -> Iterator[Problem]:
    for pitch in ctx.catalogue.pitches:
        if not pitch.funds:
            continue
        if pitch.funding.model is Model.SHARED_COST:
            yield ctx.problem(
                pitch.source, ("funds",),
                "a shared-cost pitch splits its cost equally among its partners, so a match fund has nothing to "
                "top up: remove funds, or use the target model",
            )
        for fund_id in pitch.funds:
            if fund_id not in ctx.fund_ids:
                yield ctx.problem(
                    pitch.source, ("funds", _index(ctx, pitch, fund_id)),
                    f"there is no fund '{fund_id}': each must be the id of a file in funds/ "
                    f"(funds/{fund_id}.yml is missing)",
                )


def matched_pledges_stay_within_the_cap(ctx: Context) -> Iterator[Problem]:
    """For pitches that name funds (the others: pledge_rules.pledges_stay_within_the_cap)."""
    for pitch in ctx.catalogue.pitches:
        if not pitch.funds or pitch.funding.model is Model.SHARED_COST or not judged(ctx, pitch):
            continue
        for p in pitch.pledges:
            over = ctx.matching.over_cap.get((pitch.id, p.org))
            if over is None:
                continue
            target = pitch.funding.target
            stretch = over.most - target
            limit = (
                f"its target, {display(target)}" if not stretch
                else f"the most it can raise, {display(over.most)} (its target {display(target)} plus its "
                f"stretch lines {display(stretch)})"
            )
            room = max(0, over.most - over.before)
            fix = f"pledge at most {display(room)}" if room else "it needs no more money, so remove this pledge"
            yield ctx.problem(
                p.source, (money_field(p),),
                f"this pledge takes the total raised for '{pitch.id}' to {display(over.after)}, past {limit}; "
                f"{display(over.before)} was raised before it, pledges and match funds' money together: {fix} "
                "(a match fund's match is trimmed to fit, but a pledge is not)",
            )
