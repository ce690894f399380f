"""Hypothesis strategies (imported by name: test folders are not packages) for the typed model:
pitches under each funding model, with pledges that validate would accept (each fits its
model, dated between creation and deadline, an interest without money, and none taking the
total past the target plus the stretch lines)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from hypothesis import strategies as st

from cofund.model import (
    Adopter,
    Adoption,
    BusinessCase,
    Catalogue,
    Category,
    Contract,
    CostLine,
    Funding,
    Model,
    Nation,
    Organisation,
    OrgType,
    Phase,
    Pitch,
    Pledge,
    PledgeStatus,
    Procurement,
    Role,
    Settings,
    Signatory,
    Sla,
    Stage,
    Tier,
)

CREATED = dt.date(2026, 1, 1)
ORG_IDS = [f"org-{i}" for i in range(40)]
pence = st.integers(min_value=0, max_value=10**11)  # up to £1bn, the schema's maximum
# A percentage as validate keeps it: exact text with at most two decimals ("12.5", "100", "0.07").
percents = st.integers(min_value=1, max_value=10000).map(
    lambda bp: f"{bp // 100}.{bp % 100:02d}".rstrip("0").rstrip("."),
)


def organisation(org_id: str) -> Organisation:
    return Organisation(
        id=org_id, name=org_id.title(), type=OrgType.DISTRICT, nation=Nation.ENGLAND,
        website=f"https://{org_id}.example", gss_code=None,
        signatories=(Signatory("S", "R", f"sig-{org_id}"),), source=f"organisations/{org_id}.yml",
    )


@st.composite
def funding(draw: st.DrawFn) -> Funding:
    model = draw(st.sampled_from(Model))
    target = draw(st.integers(min_value=100, max_value=10**11))  # a target is at least £1
    tiers: tuple[Tier, ...] = ()
    if model is Model.TIERED:
        prices = draw(st.lists(st.integers(0, 10**9), min_size=1, max_size=4))
        tiers = tuple(Tier(f"t{i}", f"Tier {i}", p, ()) for i, p in enumerate(prices))
    return Funding(
        model=model,
        target=target,
        deadline=CREATED + dt.timedelta(days=draw(st.integers(0, 400))),
        min_partners=draw(st.integers(1, 15)) if model is Model.SHARED_COST else draw(st.none() | st.integers(1, 15)),
        all_or_nothing=draw(st.booleans()),
        tiers=tiers,
    )


@st.composite
def pledge_for(draw: st.DrawFn, f: Funding, pitch_id: str, org: str, status: PledgeStatus | None = None) -> Pledge:
    amount = percent = tier = None
    status = status or draw(st.sampled_from(PledgeStatus))
    if f.model is Model.TARGET and status is PledgeStatus.INTEREST:
        pass  # an interest is not money
    elif f.model is Model.TARGET:
        if draw(st.booleans()):
            amount = draw(st.integers(0, 10**9))
        else:
            percent = draw(percents)
    elif f.model is Model.TIERED:
        tier = draw(st.sampled_from(f.tiers)).id
    return Pledge(
        pitch=pitch_id, org=org,
        date=CREATED + dt.timedelta(days=draw(st.integers(0, (f.deadline - CREATED).days))),
        signatory=f"sig-{org}", role=draw(st.sampled_from(Role)),
        amount=amount, percent=percent, tier=tier, in_kind=None, conditions=None,
        status=status,
        source=f"pitches/{pitch_id}/pledges/{org}.yml",
    )


@st.composite
def pitches(draw: st.DrawFn, pitch_id: str = "p", stage: Stage | None = None) -> Pitch:
    f = draw(funding())
    orgs = draw(st.lists(st.sampled_from(ORG_IDS[:-1]), unique=True, max_size=15))  # ORG_IDS[-1] stays free
    drawn = tuple(sorted((draw(pledge_for(f, pitch_id, o)) for o in orgs), key=lambda p: p.org))
    # Cost lines add up to the target (validate insists); a keep-what-you-raise pitch has a core line.
    core = draw(st.integers(0, f.target))
    lines = (CostLine("core", core, True), CostLine("optional", f.target - core, False))
    stretch: tuple[CostLine, ...] = ()
    if f.model is not Model.SHARED_COST and draw(st.booleans()):
        amounts = draw(st.lists(st.integers(1, 10**9), max_size=3))
        stretch = tuple(CostLine(f"s{i}", a, False) for i, a in enumerate(amounts))
    pledges = within_cap(drawn, f.target + sum(c.amount for c in stretch), f, pitch_id)
    stage = stage or draw(st.sampled_from([Stage.OPEN, Stage.OPEN, Stage.WITHDRAWN, Stage.RETIRED]))
    adopters: tuple[Adopter, ...] = ()
    adoption = None
    if stage is Stage.RETIRED:
        adoption = Adoption(price=draw(pence), rebate_percent=draw(st.integers(0, 100)))
        free = [o for o in ORG_IDS if o not in orgs][:3]
        adopters = tuple(
            Adopter(
                pitch_id, o, f.deadline, draw(st.integers(0, 10**9)),
                f"sig-{o}", f"pitches/{pitch_id}/adopters/{o}.yml",
            )
            for o in free[: draw(st.integers(0, 3))]
        )
    return Pitch(
        id=pitch_id, title="T", summary="S", body="B", proposer=ORG_IDS[0],
        category=Category.NEW_TECHNOLOGY, sectors=("local-government",), tags=(), stage=stage,
        phase=Phase.LIVE if stage is Stage.LIVE else None, created=CREATED,
        business_case=BusinessCase("P", "U", ("B",), draw(pence), lines, stretch),
        procurement=Procurement.G_CLOUD, contract=Contract(None, "MIT", 12),
        sla=Sla("99.5", "Office hours", (("critical", "4 hours"),)),
        funding=f, updates=(), milestones=(), adoption=adoption, pledges=pledges, adopters=adopters,
        source=f"pitches/{pitch_id}/pitch.yml",
    )


def within_cap(pledges: tuple[Pledge, ...], most: int, f: Funding, pitch_id: str) -> tuple[Pledge, ...]:
    """The pledges validate would accept: in pledge order, each live one that takes the total past
    `most` is left out (as validate refuses it), by compute's own valuation."""
    from cofund.compute.funding import pledge_values  # the rule validate applies

    probe = _bare_pitch(pitch_id, f)
    accepted: list[Pledge] = []
    for p in sorted(pledges, key=lambda p: (p.date, p.org)):
        live = tuple(x for x in accepted if x.status.is_money)
        over = f.model is not Model.SHARED_COST and p.status.is_money
        if over and sum(pledge_values(probe, (*live, p)).values()) > most:
            continue
        accepted.append(p)
    return tuple(sorted(accepted, key=lambda p: p.org))


def _bare_pitch(pitch_id: str, f: Funding) -> Pitch:
    return Pitch(
        id=pitch_id, title="T", summary="S", body="B", proposer=ORG_IDS[0],
        category=Category.NEW_TECHNOLOGY, sectors=("local-government",), tags=(), stage=Stage.OPEN,
        phase=None, created=CREATED, business_case=BusinessCase("P", "U", ("B",), 0, (), ()),
        procurement=Procurement.G_CLOUD, contract=Contract(None, "MIT", 12),
        sla=Sla("99.5", "Office hours", (("critical", "4 hours"),)),
        funding=f, updates=(), milestones=(), adoption=None, pledges=(), adopters=(),
        source=f"pitches/{pitch_id}/pitch.yml",
    )


todays = st.integers(0, 500).map(lambda d: CREATED + dt.timedelta(days=d))


def catalogue(*ps: Pitch) -> Catalogue:
    used = {ORG_IDS[0]} | {p.org for x in ps for p in x.pledges} | {a.org for x in ps for a in x.adopters}
    return Catalogue(
        settings=Settings("t", "https://example.org", ("m",), False),
        organisations=tuple(organisation(o) for o in sorted(used)),
        pitches=tuple(sorted(ps, key=lambda p: p.id)),
    )


def with_pledge(pitch: Pitch, pledge: Pledge) -> Pitch:
    return replace(pitch, pledges=tuple(sorted((*pitch.pledges, pledge), key=lambda p: p.org)))
