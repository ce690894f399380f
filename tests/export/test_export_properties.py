"""Export invariants over made-up catalogues (strategies from tests/compute)."""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from pathlib import Path

from hypothesis import given, settings

sys.path.insert(0, str(Path(__file__).parents[1] / "compute"))
from funding_strategies import catalogue, pitches, todays

from cofund.compute import compute
from cofund.export import csv_export, json_export
from cofund.money import pounds


@settings(max_examples=60)
@given(pitches("a"), pitches("b"), todays)
def test_json_money_matches_compute_exactly(a, b, today) -> None:  # type: ignore[no-untyped-def]
    computed = compute(catalogue(a, b), today)
    text = json_export(computed).text
    assert text == json_export(compute(catalogue(a, b), today)).text
    data = json.loads(text)
    for cp, pitch in zip(computed.pitches, data["pitches"], strict=True):
        assert pitch["pledged"] == pounds(cp.pledged)
        assert pitch["partners"] == [p.org for p in cp.partners]
        assert [p["pays"] for p in pitch["pledges"]] == [pounds(p.pays) for p in cp.pledges]
    assert not re.search(r'"[a-z_]+": -?[0-9]+\.[0-9]', text)  # no bare decimal number anywhere


@settings(max_examples=60)
@given(pitches("a"), todays)
def test_csv_rows_match_the_pledges(a, today) -> None:  # type: ignore[no-untyped-def]
    computed = compute(catalogue(a), today)
    rows = list(csv.reader(io.StringIO(csv_export(computed).text, newline="")))
    assert len(rows) == 1 + len(a.pledges)
    assert len({len(r) for r in rows}) == 1
