"""Invariants of the funding engine, over pitches hypothesis makes up (strategies.py)."""

from __future__ import annotations

import itertools
from dataclasses import replace
from fractions import Fraction

from funding_strategies import (
    CREATED,
    ORG_IDS,
    catalogue,
    pitches,
    pledge_for,
    todays,
    with_pledge,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from cofund.compute import PledgeState, compute
from cofund.compute.funding import live_pledges, pledge_values
from cofund.compute.pitches import compute_pitch
from cofund.compute.splits import largest_share, split_equally, split_percentages, split_pro_rata
from cofund.model import Model, PledgeStatus, Stage

money = st.integers(0, 10**11)


@given(money, st.integers(1, 2000))
def test_equal_shares_sum_to_the_total_and_differ_by_at_most_a_penny(total: int, parts: int) -> None:
    shares = split_equally(total, parts)
    assert sum(shares) == total
    assert len(shares) == parts
    assert max(shares) - min(shares) <= 1
    assert shares == sorted(shares, reverse=True)  # the odd pennies go to the earliest partners
    assert shares[0] == largest_share(total, parts)


@given(money, st.lists(st.integers(0, 10**9), min_size=1, max_size=30))
def test_pro_rata_parts_sum_to_the_total_and_are_within_a_penny_of_exact(total: int, weights: list[int]) -> None:
    parts = split_pro_rata(total, weights)
    if sum(weights) == 0:
        assert parts == [0] * len(weights)
        return
    assert sum(parts) == total
    for part, w in zip(parts, weights, strict=True):
        assert abs(part - Fraction(total * w, sum(weights))) < 1


@given(pitches(), todays)
def test_shares_sum_to_the_target_once_min_partners_have_joined(pitch, today) -> None:  # type: ignore[no-untyped-def]
    cp = compute_pitch(pitch, today)
    if pitch.funding.model is Model.SHARED_COST and cp.shared and cp.shared.joined >= cp.shared.min_partners:
        assert sum(p.pays for p in cp.partners) == pitch.funding.target
        assert max(p.pays for p in cp.partners) == cp.shared.share_today
        assert max(p.pays for p in cp.partners) - min(p.pays for p in cp.partners) <= 1


@given(pitches(), todays)
def test_pledged_is_the_sum_of_the_live_pledges(pitch, today) -> None:  # type: ignore[no-untyped-def]
    cp = compute_pitch(pitch, today)
    assert cp.pledged == sum(p.pays for p in cp.partners)
    # Released pledges (expired, withdrawn, or retired without funding) are the exception;
    # their amount can be 0 (a target of 0), so it is told by their state, not their sum.
    if not any(p.state is PledgeState.RELEASED for p in cp.pledges):
        values = pledge_values(pitch, live_pledges(pitch))
        assert cp.pledged == sum(values.values())
        assert {p.org for p in cp.partners} == {p.org for p in live_pledges(pitch)}
    assert cp.saving == sum(p.saving for p in cp.partners)
    assert cp.saving == (cp.would_save if cp.status.goes_ahead else 0)
    assert cp.remaining == max(0, cp.target - cp.pledged)
    assert sum(p.rebate for p in cp.partners) == cp.rebates or not cp.partners
    assert cp.founders_net_cost == cp.pledged - cp.rebates or not cp.partners


@given(st.data(), pitches(stage=Stage.OPEN), todays)
def test_adding_a_pledge_never_lowers_percent_funded_nor_raises_a_share(data, pitch, today) -> None:  # type: ignore[no-untyped-def]
    newcomer = data.draw(pledge_for(pitch.funding, pitch.id, ORG_IDS[-1], status=PledgeStatus.PLEDGED))
    before = compute_pitch(pitch, today)
    after = compute_pitch(with_pledge(pitch, newcomer), today)
    assert after.percent_funded >= before.percent_funded
    assert after.pledged >= before.pledged
    if pitch.funding.model is not Model.TARGET:
        # Under the target model percentages are converted together (largest remainder), so
        # a newcomer can move an odd penny from one percentage pledge to another.
        for p in before.partners:
            assert after.partner(p.org).pays <= p.pays  # type: ignore[union-attr]
    if before.shared and after.shared and after.shared.joined == before.shared.joined + 1:
        # share_today is 0 while no one has joined; the newcomer pays what next_share said
        assert after.shared.share_today == before.shared.next_share <= before.shared.ceiling
        if before.shared.joined:
            assert after.shared.share_today <= before.shared.share_today


@given(st.data(), pitches(), todays)
def test_a_withdrawn_or_released_pledge_counts_nowhere(data, pitch, today) -> None:  # type: ignore[no-untyped-def]
    other = data.draw(pitches(pitch_id="q"))
    computed = compute(catalogue(pitch, other), today)
    for cp in computed.pitches:
        for p in cp.pledges:
            if not p.counts:
                assert (p.pays, p.saving, p.rebate, p.net_cost) == (0, 0, 0, 0)
                assert p not in cp.partners
                assert cp.id not in computed.organisation(p.org).pledged_to
        if cp.status.releases_pledges:
            assert cp.pledged == 0 and not cp.partners
    for org in computed.organisations:
        assert org.committed == sum(p.pays for p in org.pledges if p.counts)
    assert computed.stats.money_pledged == sum(o.committed for o in computed.organisations)
    # Changing what a withdrawn pledge offered changes no figure at all.
    withdrawn = [p for p in pitch.pledges if p.status is PledgeStatus.WITHDRAWN]
    if withdrawn and pitch.funding.model is Model.TARGET:
        changed = tuple(
            replace(p, amount=(p.amount or 0) + 12345, percent=None) if p in withdrawn else p for p in pitch.pledges
        )
        again = compute(catalogue(replace(pitch, pledges=changed), other), today)
        assert again.stats == computed.stats
        assert again.pitch(pitch.id).partners == computed.pitch(pitch.id).partners


@settings(max_examples=50)
@given(pitches(), todays)
def test_compute_is_deterministic(pitch, today) -> None:  # type: ignore[no-untyped-def]
    assert compute(catalogue(pitch), today) == compute(catalogue(pitch), today)


def _cut(total: int, parts: int, data: st.DataObject) -> list[int]:
    """`total` cut into `parts` positive whole numbers (needs total >= parts)."""
    cuts = sorted(data.draw(st.lists(st.integers(1, total - 1), unique=True, min_size=parts - 1, max_size=parts - 1)))
    edges = [0, *cuts, total]
    return [b - a for a, b in itertools.pairwise(edges)]


@given(money, st.lists(st.integers(0, 10000), min_size=1, max_size=30))
def test_percentage_parts_are_within_a_penny_of_exact_and_their_sum_rounded(total: int, bps: list[int]) -> None:
    parts = split_percentages(total, bps)
    exact = [Fraction(total * bp, 10000) for bp in bps]
    assert sum(parts) == (sum(total * bp for bp in bps) + 5000) // 10000  # the exact sum, half up
    for part, x in zip(parts, exact, strict=True):
        assert abs(part - x) < 1


@given(st.data(), st.integers(100, 10**11), st.integers(1, 12), todays)
def test_percentages_adding_up_to_100_give_the_target_exactly(data, target, n, today) -> None:  # type: ignore[no-untyped-def]
    pitch = data.draw(pitches(stage=Stage.OPEN))
    f = replace(
        pitch.funding, model=Model.TARGET, target=target, tiers=(), min_partners=None, deadline=today,
        all_or_nothing=True,
    )
    pledges = tuple(
        data.draw(pledge_for(f, pitch.id, org, status=PledgeStatus.PLEDGED))
        for org in ORG_IDS[:n]
    )
    bps = _cut(10000, n, data) if n > 1 else [10000]
    pledges = tuple(
        replace(p, amount=None, percent=f"{bp // 100}.{bp % 100:02d}", date=CREATED)
        for p, bp in zip(pledges, bps, strict=True)
    )
    case = replace(pitch.business_case, stretch=())
    cp = compute_pitch(replace(pitch, funding=f, pledges=pledges, business_case=case), today)
    assert cp.pledged == target == sum(p.pays for p in cp.partners)
    assert cp.funded


@given(pitches(), todays)
def test_per_partner_figures_add_up_to_pledged_and_no_saving_is_negative(pitch, today) -> None:  # type: ignore[no-untyped-def]
    computed = compute(catalogue(pitch), today)
    cp = computed.pitch(pitch.id)
    assert sum(p.pays for p in cp.partners) == cp.pledged
    assert sum(p.net_cost for p in cp.partners) == cp.founders_net_cost or not cp.partners
    for p in cp.pledges:
        assert p.saving >= 0 and p.would_save >= 0
        assert p.saving <= p.would_save
        if p.saving:
            assert cp.status.goes_ahead and p.counts
            assert p.saving == cp.cost_alone - p.pays
    assert all(a.saving >= 0 for a in cp.adopters)
    assert computed.stats.money_saved >= 0
    assert computed.stats.money_saved == cp.saving + sum(a.saving for a in cp.adopters)
    assert all(o.saved >= 0 for o in computed.organisations)


@given(pitches(), todays)
def test_interest_is_never_money_and_the_cap_holds(pitch, today) -> None:  # type: ignore[no-untyped-def]
    cp = compute_pitch(pitch, today)
    interested = {p.org for p in pitch.pledges if p.status is PledgeStatus.INTEREST}
    assert {i.org for i in cp.interested} == interested
    assert not interested & {p.org for p in cp.pledges}
    assert cp.pledged <= cp.cap  # the strategy keeps to the cap, as validate does
    if cp.reached is not None:
        assert cp.pledged == 0 and cp.reached == sum(p.released for p in cp.released_pledges)
    funded_lines = [s.funded for s in cp.stretch]
    assert funded_lines == sorted(funded_lines, reverse=True)  # funded in order
    assert sum(s.covered for s in cp.stretch) == min(max(0, cp.pledged - cp.target), cp.cap - cp.target)
