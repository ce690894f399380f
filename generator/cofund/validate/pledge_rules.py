"""The rules for pledges: each fits its pitch's funding model, its life (interest ->
pledged -> invoiced -> paid, or withdrawn) is dated in order, a pledge on a funded pitch is
binding, and no pledge takes the total past the pitch's cap.

How much a pledge is worth, whether a pitch is funded and its cap come from compute.funding,
so validate and the published figures never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..compute.funding import cap, is_funded, live_on, live_pledges, pledge_values
from ..model import Model, Pitch, Pledge, PledgeStatus
from ..money import display
from ..problems import Problem
from .context import Context, fmt


def _tier_list(pitch: Pitch) -> str:
    return ", ".join(t.id for t in pitch.funding.tiers)


def duplicate_tiers(pitch: Pitch) -> bool:
    ids = [t.id for t in pitch.funding.tiers]
    return len(ids) != len(set(ids))


def pledges_fit_the_model(ctx: Context) -> Iterator[Problem]:
    for pitch in ctx.catalogue.pitches:
        yield from model_problems(ctx, pitch)


def model_problems(ctx: Context, pitch: Pitch) -> Iterator[Problem]:
    """What is wrong with the pledges to `pitch` under its funding model."""
    if duplicate_tiers(pitch):  # which tier a pledge names is unclear; the pitch is told why
        return
    model = pitch.funding.model
    tiers = {t.id: t for t in pitch.funding.tiers}
    for p in pitch.pledges:
        given = [k for k in ("amount", "percent", "tier") if getattr(p, k) is not None]
        if p.status is PledgeStatus.INTEREST and model is not Model.SHARED_COST:
            yield from _interest_problems(ctx, pitch, p)
            if model is Model.TARGET or p.tier is None:
                continue
            given = ["tier"]  # an interest may name the tier it expects: checked as a pledge's
        if model is Model.TARGET:
            if "tier" in given:
                yield ctx.problem(
                    p.source, ("tier",),
                    f"'{pitch.id}' uses the target model, which has no tiers: remove tier and give "
                    "amount (in pounds) or percent (of the target)",
                )
            money = [k for k in given if k != "tier"]
            if not money:
                yield ctx.problem(
                    p.source, (),
                    f"'{pitch.id}' uses the target model: add amount (in pounds) or percent (of the target)",
                )
            elif len(money) > 1:
                yield ctx.problem(
                    p.source, ("percent",),
                    f"'{pitch.id}' uses the target model: give amount or percent, not both",
                )
        elif model is Model.SHARED_COST:
            for key in given:
                yield ctx.problem(
                    p.source, (key,),
                    f"'{pitch.id}' shares its cost equally, so a pledge is one equal share and has no {key}: "
                    "remove this field",
                )
        else:
            for key in given:
                if key != "tier":
                    yield ctx.problem(
                        p.source, (key,),
                        f"'{pitch.id}' is tiered, so a pledge pays its tier's price and has no {key}: "
                        "remove this field",
                    )
            if p.tier is None:
                yield ctx.problem(
                    p.source, (),
                    f"'{pitch.id}' is tiered: add tier with one of its tiers ({_tier_list(pitch)})",
                )
            elif p.tier not in tiers:
                yield ctx.problem(
                    p.source, ("tier",),
                    f"'{p.tier}' is not a tier of '{pitch.id}': use one of its tiers ({_tier_list(pitch)})",
                )
            else:
                org = ctx.org(p.org)
                tier = tiers[p.tier]
                if org is not None and tier.types and org.type not in tier.types:
                    allowed = ", ".join(t.value for t in tier.types)
                    yield ctx.problem(
                        p.source, ("tier",),
                        f"the tier '{tier.id}' is only for organisations of type {allowed}, and "
                        f"{org.name} is {org.type.value}: choose the tier for its type",
                    )


def _interest_problems(ctx: Context, pitch: Pitch, p: Pledge) -> Iterator[Problem]:
    for key in ("amount", "percent"):
        if getattr(p, key) is not None:
            yield ctx.problem(
                p.source, (key,),
                f"status interest says {p.org} is interested, and an interest is not money: remove {key}, "
                "or set status: pledged once it pledges",
            )
    if pitch.funding.model is Model.TARGET and p.tier is not None:
        yield ctx.problem(
            p.source, ("tier",),
            f"'{pitch.id}' uses the target model, which has no tiers: remove tier",
        )


def _money_field(p: Pledge) -> str:
    return "amount" if p.amount is not None else "percent" if p.percent is not None else "tier"


def _judged(ctx: Context, pitch: Pitch) -> bool:
    """Whether a pitch's pledges can be added up: every pledge to it valid and fitting its model
    (otherwise the total would blame one pledge for another's mistake)."""
    return (
        pitch.id not in ctx.incomplete_pitches
        and not duplicate_tiers(pitch)
        and next(model_problems(ctx, pitch), None) is None
    )


def pledges_stay_within_the_cap(ctx: Context) -> Iterator[Problem]:
    """In pledge order (date, then organisation id), each pledge that takes the total past the
    target (plus the stretch lines) is refused; the pledges before it stand."""
    for pitch in ctx.catalogue.pitches:
        if pitch.funding.model is Model.SHARED_COST or not _judged(ctx, pitch):
            continue  # shared-cost pitches split their target: they never raise more
        if pitch.funds:
            continue  # the matches count too: fund_rules.matched_pledges_stay_within_the_cap
        most = cap(pitch)
        live = live_pledges(pitch)
        if sum(pledge_values(pitch, live).values()) <= most:
            continue
        accepted: list[Pledge] = []
        for p in live:
            before = sum(pledge_values(pitch, tuple(accepted)).values())
            after = sum(pledge_values(pitch, (*accepted, p)).values())
            if after <= most:
                accepted.append(p)
                continue
            yield ctx.problem(p.source, (_money_field(p),), _over_cap_message(pitch, before, after, most))


def _over_cap_message(pitch: Pitch, before: int, after: int, most: int) -> str:
    target = pitch.funding.target
    stretch = most - target
    limit = (
        f"its target, {display(target)}"
        if not stretch
        else f"the most it can raise, {display(most)} (its target {display(target)} plus its stretch lines "
        f"{display(stretch)})"
    )
    room = max(0, most - before)
    fix = f"pledge at most {display(room)}" if room else "it needs no more money, so remove this pledge"
    extra = "" if stretch else ", or ask the proposer to list stretch lines (optional costs beyond the target)"
    return (
        f"this pledge takes the total pledged to '{pitch.id}' to {display(after)}, past {limit}; "
        f"{display(before)} is pledged before it: {fix}{extra}"
    )


# Which status each dated step needs: a step's date is given only once the pledge has reached it.
_STEP_STATUSES = {
    "interested_on": (PledgeStatus.PLEDGED, PledgeStatus.INVOICED, PledgeStatus.PAID, PledgeStatus.WITHDRAWN),
    "invoiced_on": (PledgeStatus.INVOICED, PledgeStatus.PAID),
    "paid_on": (PledgeStatus.PAID,),
    "withdrawn_on": (PledgeStatus.WITHDRAWN,),
}


def pledge_steps_are_in_order(ctx: Context) -> Iterator[Problem]:
    """Each step's date fits the status and comes in order: interested_on <= date <=
    invoiced_on <= paid_on, date <= withdrawn_on, and none after today."""
    for p in ctx.all_pledges():
        for key, statuses in _STEP_STATUSES.items():
            day: dt.date | None = getattr(p, key)
            if day is None:
                continue
            if p.status not in statuses:
                allowed = " or ".join(s.value for s in statuses)
                yield ctx.problem(
                    p.source, (key,),
                    f"{key} is for a pledge whose status is {allowed}, and this one is {p.status.value}: "
                    f"remove {key}, or set the status the pledge has reached",
                )
            elif day > ctx.today:
                yield ctx.problem(
                    p.source, (key,),
                    f"{fmt(day)} is after today ({fmt(ctx.today)}): date each step the day it happens",
                )
        yield from _order_problems(ctx, p)


def _order_problems(ctx: Context, p: Pledge) -> Iterator[Problem]:
    def check(key: str, day: dt.date | None, earlier: dt.date, what: str) -> Iterator[Problem]:
        if day is not None and day < earlier:
            yield ctx.problem(
                p.source, (key,), f"{fmt(day)} is before {what} ({fmt(earlier)}): the steps come in order"
            )

    if p.interested_on is not None and p.interested_on > p.date:
        yield ctx.problem(
            p.source, ("interested_on",),
            f"{fmt(p.interested_on)} is after the pledge date ({fmt(p.date)}): interest comes before the pledge",
        )
    yield from check("invoiced_on", p.invoiced_on, p.date, "the pledge date")
    paid_after = p.invoiced_on or p.date
    yield from check("paid_on", p.paid_on, paid_after, "the invoice" if p.invoiced_on else "the pledge date")
    yield from check("withdrawn_on", p.withdrawn_on, p.date, "the pledge date")


def withdrawals_are_allowed(ctx: Context) -> Iterator[Problem]:
    """A pledge is binding once its pitch is funded with it: withdrawing it then is refused.
    The pitch is judged on the day of the withdrawal (withdrawn_on, or today without it) with
    the pledges that counted that day."""
    for pitch in ctx.catalogue.pitches:
        if not _judged(ctx, pitch):
            continue
        for p in pitch.pledges:
            if p.status is not PledgeStatus.WITHDRAWN:
                continue
            day = p.withdrawn_on or ctx.today
            with_match = ctx.matching.funded_when_withdrawn.get((pitch.id, p.org), False)
            if not is_funded(pitch, live_on(pitch, day, p)) and not with_match:
                continue
            when = (
                f"was funded with this pledge counted on {fmt(day)}, the day it was withdrawn"
                if p.withdrawn_on is not None
                else "is funded with this pledge counted"
            )
            undated = (
                "" if p.withdrawn_on is not None
                else " (withdrawn_on is not given, so the withdrawal is judged as of today: if it was withdrawn "
                "earlier, before the pitch was funded, give that date in withdrawn_on)"
            )
            yield ctx.problem(
                p.source, ("status",),
                f"'{pitch.id}' {when}, so the pledge is binding and cannot be withdrawn: ask the proposer "
                f"({pitch.proposer}) what can be done, and keep the status it had{undated}",
            )
