"""Invariants of the funding engine, over pitches hypothesis makes up (strategies.py)."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

from cofund.compute import PledgeState, compute
from cofund.compute.funding import live_pledges, pledge_values
from cofund.compute.pitches import compute_pitch
from cofund.compute.splits import largest_share, split_equally, split_pro_rata
from cofund.model import Model, PledgeStatus, Stage
from funding_strategies import (
    ORG_IDS,
    catalogue,
    pitches,
    pledge_for,
    todays,
    with_pledge,
)
from hypothesis import given, settings
from hypothesis import strategies as st

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
    assert cp.saving == len(cp.partners) * cp.cost_alone - cp.pledged
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
    for p in before.partners:
        assert after.partner(p.org).pays <= p.pays  # type: ignore[union-attr]
    if before.shared and after.shared:
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
        changed = tuple(replace(p, amount=(p.amount or 0) + 12345, percent=None) if p in withdrawn else p for p in pitch.pledges)
        again = compute(catalogue(replace(pitch, pledges=changed), other), today)
        assert again.stats == computed.stats
        assert again.pitch(pitch.id).partners == computed.pitch(pitch.id).partners


@settings(max_examples=50)
@given(pitches(), todays)
def test_compute_is_deterministic(pitch, today) -> None:  # type: ignore[no-untyped-def]
    assert compute(catalogue(pitch), today) == compute(catalogue(pitch), today)
