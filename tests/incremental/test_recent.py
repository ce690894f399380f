"""Files written within the margin before a walk are read again by the next build, because a
second write in the same clock tick can leave every stat figure as it was."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest
from cofund import cache
from cofund.incremental import refresh
from cofund.load import FolderSource, load
from cofund.validate import validate
from edits import TODAY, Edit, sample_repo

PLEDGE = "pitches/adult-social-care-self-assessment/pledges/hackney.yml"


def test_a_rewrite_with_the_same_figures_is_read_again_only_if_recent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "RACY_NS", 0)
    repo = sample_repo(tmp_path / "repo")
    first = refresh(repo, TODAY, None)
    assert first.record is not None
    Edit(PLEDGE, "amount: 15000", "amount: 16000").apply(repo)  # the same size
    # As if the walk had happened just after this write, in the same tick: the figures it
    # kept are the file's figures now, though the data it read is the old one.
    walked = dataclasses.replace(first.record, listing=FolderSource(repo).listing(0))
    stale = refresh(repo, TODAY, walked)
    assert stale.summary == "no data file changed"  # what the figures alone would say: wrong
    assert stale.validated != validate(load(FolderSource(repo)), TODAY)
    # The walk marks the file as recent (its ctime is now), so the next build reads it again.
    listing = FolderSource(repo).listing(60 * 10**9)
    assert PLEDGE in listing.recent
    # (only it: the other files of the copy were written a moment ago too, and would be read
    # again with it, by the full path)
    listing = dataclasses.replace(listing, recent=frozenset({PLEDGE}))
    again = refresh(repo, TODAY, dataclasses.replace(first.record, listing=listing))
    assert again.reason == "" and again.summary.endswith("read again")
    assert again.validated == validate(load(FolderSource(repo)), TODAY)


def test_with_the_real_margin_files_just_written_are_read_again(tmp_path: Path) -> None:
    repo = sample_repo(tmp_path / "repo")  # every file written a moment ago
    first = refresh(repo, TODAY, None)
    assert first.record is not None
    every = {str(p.relative_to(repo)) for p in repo.rglob("*") if p.is_file()}
    assert first.record.listing.recent == every
    second = refresh(repo, TODAY, first.record)
    assert second.summary == f"{len(every)} data files read again"
    assert second.validated == first.validated


def test_a_file_dated_in_the_future_is_always_recent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "RACY_NS", 0)
    repo = sample_repo(tmp_path / "repo")
    future = 4_102_444_800 * 10**9  # 2100
    os.utime(repo / PLEDGE, ns=(future, future))
    first = refresh(repo, TODAY, None)
    assert first.record is not None and first.record.listing.recent == {PLEDGE}
    second = refresh(repo, TODAY, first.record)
    assert second.summary.endswith("read again")
