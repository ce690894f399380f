"""The DataRecord survives a pickle whole: equal, with its objects still shared as in memory."""

from __future__ import annotations

import pickle
from pathlib import Path
from types import MappingProxyType

import pytest
from cofund.incremental import refresh
from edits import TODAY, sample_repo


def test_pickle_round_trip(tmp_path: Path) -> None:
    record = refresh(sample_repo(tmp_path / "repo"), TODAY, None).record
    assert record is not None
    # The build keeps the data record with other things that point into it, in one pickle.
    kept, computed = pickle.loads(pickle.dumps((record, record.computed), protocol=pickle.HIGHEST_PROTOCOL))
    assert kept == record
    assert kept.listing == record.listing
    assert computed is kept.computed
    assert kept.computed.catalogue is kept.validated.catalogue
    for cp, pitch in zip(kept.computed.pitches, kept.validated.catalogue.pitches, strict=True):
        assert cp.pitch is pitch
        assert kept.computed.pitch(cp.id) is cp
        for partner in cp.pledges:
            assert any(partner.pledge is p for p in pitch.pledges)
    for summary, org in zip(kept.computed.organisations, kept.validated.catalogue.organisations, strict=True):
        assert summary.organisation is org
        assert kept.computed.organisation(org.id) is summary
    stats = kept.computed.stats
    assert stats == record.computed.stats
    assert isinstance(stats.by_status, MappingProxyType)
    with pytest.raises(TypeError):
        stats.by_status["open"] = 0  # type: ignore[index]


def test_something_else_kept_is_no_record(tmp_path: Path) -> None:
    repo = sample_repo(tmp_path / "repo")
    got = refresh(repo, TODAY, ("an older kind of record",))  # type: ignore[arg-type]
    assert got.reason == "no earlier build kept" and got.record is not None
