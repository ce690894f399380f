"""compute.partial.recompute gives compute's result, reusing every pitch that did not change:
over catalogues hypothesis makes up (tests/compute/funding_strategies.py) and changes to them."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from cofund.compute import compute
from cofund.compute.partial import recompute
from cofund.model import Catalogue
from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parents[1] / "compute"))  # test folders are not packages
from funding_strategies import ORG_IDS, catalogue, organisation, pitches, todays  # noqa: E402

ids = st.sampled_from([f"p{i}" for i in range(8)])


@st.composite
def catalogue_and_change(draw: st.DrawFn) -> tuple[Catalogue, Catalogue, set[str]]:
    """A catalogue, the same with some pitches changed, added or removed, and their ids."""
    before = {i: draw(pitches(pitch_id=i)) for i in draw(st.lists(ids, unique=True, max_size=6))}
    after = dict(before)
    changed = set(draw(st.lists(ids, unique=True, max_size=3)))
    for i in changed:
        if i in after and draw(st.booleans()):
            del after[i]
        else:
            after[i] = draw(pitches(pitch_id=i))
            if draw(st.booleans()):  # another proposer: two summaries change
                after[i] = replace(after[i], proposer=draw(st.sampled_from(ORG_IDS)))
    first, second = catalogue(*before.values()), catalogue(*after.values())
    used = {o.id for o in second.organisations} | {p.proposer for p in second.pitches}
    second = replace(second, organisations=tuple(organisation(o) for o in sorted(used)))
    return first, second, changed


@settings(max_examples=60, deadline=None)
@given(catalogue_and_change(), todays)
def test_recompute_is_compute(change: tuple[Catalogue, Catalogue, set[str]], today) -> None:  # type: ignore[no-untyped-def]
    first, second, changed = change
    previous = compute(first, today)
    again = recompute(previous, second)
    assert again == compute(second, today)
    for cp in again.pitches:
        if cp.id not in changed:
            assert cp is previous.pitch(cp.id)
    for summary in again.organisations:
        named = {p.proposer for p in first.pitches + second.pitches if p.id in changed} | {
            x.org for p in first.pitches + second.pitches if p.id in changed for x in (*p.pledges, *p.adopters)
        }
        if summary.id not in named and summary.id in {o.id for o in first.organisations}:
            assert summary is previous.organisation(summary.id)
