"""One pitch's figures: status, totals, shares, savings, interest, history, adopters and
rebates, staleness.

Money rules are in funding.py (what a pledge is worth) and splits.py (odd pennies); what
joining costs and the stretch lines are in joining.py; this module applies them to one pitch
on one day.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ..model import Model, Pitch, Pledge, PledgeStatus, Stage
from ..money import Pence, percent_of
from .funding import cap, funded_by, interests, live_pledges, pledge_values, shared_parts, threshold
from .funds import FundMatch
from .joining import joining_costs, stretch_lines
from .results import (
    AdopterFee,
    ComputedPitch,
    Interest,
    Partner,
    PledgeState,
    SharedCost,
    Status,
    TierPrice,
)
from .splits import largest_share, split_pro_rata

STALE_AFTER_DAYS = 90  # an open pitch with no update for 90 days is flagged stale

_STAGE_STATUS = {
    Stage.DRAFT: Status.DRAFT,
    Stage.IN_DEVELOPMENT: Status.IN_DEVELOPMENT,
    Stage.LIVE: Status.LIVE,
    Stage.WITHDRAWN: Status.WITHDRAWN,
    Stage.RETIRED: Status.RETIRED,
}


def status_of(pitch: Pitch, funded: bool, today: dt.date) -> Status:
    if pitch.stage is not Stage.OPEN:
        return _STAGE_STATUS[pitch.stage]
    if funded:
        return Status.FUNDED
    if today > pitch.funding.deadline:
        # All-or-nothing and short, or keep-what-you-raise short of its core cost lines: either
        # way it cannot go ahead, and its pledges are released.
        return Status.EXPIRED
    return Status.OPEN


def percent_funded(pledged: Pence, target: Pence) -> int:
    """Basis points, rounded down (see results.py). A target is at least £1 (the schema); a
    made-up target of 0 reads as 0%, never as funded."""
    if target <= 0:
        return 0
    return pledged * 10000 // target


def _state(pledge: Pledge, released: bool) -> PledgeState:
    if pledge.status is PledgeStatus.WITHDRAWN:
        return PledgeState.WITHDRAWN
    if released:
        return PledgeState.RELEASED
    return PledgeState(pledge.status.value)


def _shared(pitch: Pitch, joined: int, released: tuple[Partner, ...]) -> SharedCost | None:
    f = pitch.funding
    if f.model is not Model.SHARED_COST:
        return None
    minimum = f.min_partners or 1
    split_among = shared_parts(pitch, joined) if joined else 0
    return SharedCost(
        min_partners=minimum,
        joined=joined,
        split_among=split_among,
        share_today=largest_share(f.target, split_among) if joined else 0,
        ceiling=largest_share(f.target, minimum),
        next_share=largest_share(f.target, shared_parts(pitch, joined + 1)),
        released_partners=len(released),
        released_share=max((p.released for p in released), default=0),
    )


def _tiers(pitch: Pitch, partners: tuple[Partner, ...]) -> tuple[TierPrice, ...]:
    if pitch.funding.model is not Model.TIERED:
        return ()
    return tuple(
        TierPrice(t.id, t.label, t.price, t.types, sum(1 for p in partners if p.pledge.tier == t.id))
        for t in pitch.funding.tiers
    )


def _saving(cost_alone: Pence, pays: Pence) -> Pence:
    """What a partner saves against building alone: never below zero (a partner that pays more
    than cost_alone saves nothing; it does not lose the difference from anyone's total)."""
    return max(0, cost_alone - pays)


def compute_pitch(pitch: Pitch, today: dt.date, funds: tuple[FundMatch, ...] = ()) -> ComputedPitch:
    """`funds`: the match funds the pitch names, with their matches (compute.funds)."""
    live = live_pledges(pitch)
    values = pledge_values(pitch, live)
    matches = [m for fm in funds for m in fm.pledges]
    matched_now = sum(m.amount for m in matches)  # 0 once released: matching.py gave it back
    funded = funded_by(pitch, live, values, matched_now)
    if pitch.stage is Stage.RETIRED and not funded:
        # A retired pitch that was never funded never took anyone's money.
        status = Status.RETIRED
        released = True
    else:
        status = status_of(pitch, funded, today)
        released = status.releases_pledges
    goes_ahead = status.goes_ahead and not released  # only then are savings real
    cost_alone = pitch.business_case.cost_alone

    # Rebates: rebate_percent of each fee (half up), the pool split pro rata to what each
    # founder pays (splits.py). Founders are the partners whose pledges count.
    counting = [] if released else list(live)
    pays = [values[p.org] for p in counting]
    percent = pitch.adoption.rebate_percent if pitch.adoption else 0
    adopters = tuple(
        AdopterFee(
            org=a.org,
            date=a.date,
            fee=a.fee,
            rebate=percent_of(a.fee, Decimal(percent)) if sum(pays) else 0,
            saving=_saving(cost_alone, a.fee),
            adopter=a,
        )
        for a in sorted(pitch.adopters, key=lambda a: (a.date, a.org))
    )
    rebates = sum(a.rebate for a in adopters)
    founder_rebates = dict(zip((p.org for p in counting), split_pro_rata(rebates, pays), strict=True))

    withdrawn = tuple(p for p in pitch.pledges if p.status is PledgeStatus.WITHDRAWN)
    records = []
    for pledge in sorted(live + withdrawn, key=lambda p: (p.date, p.org)):
        state = _state(pledge, released)
        paid = values.get(pledge.org, 0) if state.counts else 0
        would = _saving(cost_alone, paid) if state.counts else 0
        rebate = founder_rebates.get(pledge.org, 0)
        records.append(
            Partner(
                org=pledge.org,
                role=pledge.role,
                date=pledge.date,
                state=state,
                pays=paid,
                saving=would if goes_ahead else 0,
                would_save=would,
                released=values.get(pledge.org, 0) if state is PledgeState.RELEASED else 0,
                rebate=rebate,
                net_cost=paid - rebate,
                in_kind=pledge.in_kind,
                pledge=pledge,
                matched=sum(m.amount for m in matches if m.org == pledge.org) if state.counts else 0,
            )
        )
    pledges = tuple(records)
    partners = tuple(p for p in pledges if p.counts)
    released_pledges = tuple(p for p in pledges if p.state is PledgeState.RELEASED)
    pledged = sum(p.pays for p in partners)
    matched = 0 if released else matched_now
    raised = pledged + matched
    live_orgs = {p.org for p in live}
    match_released = sum(m.returned for m in matches if m.org in live_orgs) if released else 0
    reached = sum(values.values()) if released else None
    need = threshold(pitch)
    target = pitch.funding.target
    last_update = max([pitch.created, *(u.date for u in pitch.updates)])
    active = status in (Status.OPEN, Status.FUNDED, Status.IN_DEVELOPMENT)
    accepting = status in (Status.OPEN, Status.FUNDED) and today <= pitch.funding.deadline
    return ComputedPitch(
        pitch=pitch,
        status=status,
        target=target,
        threshold=need,
        pledged=pledged,
        released=reached or 0,
        reached=reached,
        percent_reached=None if reached is None else percent_funded(reached, target),
        cap=cap(pitch),
        remaining=max(0, target - raised),
        to_threshold=max(0, need - raised),
        funded=funded and not released,
        percent_funded=percent_funded(raised, target),
        days_to_deadline=(pitch.funding.deadline - today).days,
        pledges=pledges,
        partners=partners,
        released_pledges=released_pledges,
        interested=tuple(Interest(p.org, p.role, p.date, p) for p in interests(pitch)),
        shared=_shared(pitch, len(partners), released_pledges),
        tiers=_tiers(pitch, partners),
        stretch=stretch_lines(pitch, raised),
        joining=joining_costs(pitch, len(partners), raised) if accepting else (),
        cost_alone=cost_alone,
        saving=sum(p.saving for p in partners),
        would_save=sum(p.would_save for p in partners),
        adopters=adopters,
        adoption_fees=sum(a.fee for a in adopters),
        rebates=rebates,
        founders_net_cost=pledged - rebates,
        last_update=last_update,
        stale=active and (today - last_update).days >= STALE_AFTER_DAYS,
        matched=matched,
        match_released=match_released,
        raised=raised,
        funds=funds,
    )
