"""Every case of tests/validate/cases laid over its valid base repository after a build of the
base: refresh from that build's record finds exactly the problems (and builds the catalogue)
that reading everything does. Most cases go the incremental way; the layout cases cannot."""

from __future__ import annotations

from pathlib import Path

import pytest
from cofund import cache
from cofund.compute import compute
from cofund.incremental import refresh
from cofund.load import FolderSource, load
from cofund.validate import validate
from conftest import BASE_REPO, apply_case, build_case_repo
from edits import TODAY, Stamp

CASES = sorted(p for p in (BASE_REPO.parent).iterdir() if p.is_dir() and p.name != "_base")
# Cases with a file where no data file goes, or a link: only reading everything finds those.
EVERYTHING = {c.name for c in CASES if c.name.startswith("layout-")} | {"all-problems-in-all-files"}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_after_a_build_of_the_base(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "RACY_NS", 0)
    repo = build_case_repo(None, tmp_path / "repo")
    Stamp.all(repo)
    base = refresh(repo, TODAY, None)
    assert base.record is not None
    apply_case(case, repo, Stamp.file)  # each file written with a stamp of its own
    got = refresh(repo, TODAY, base.record)
    expected = validate(load(FolderSource(repo)), TODAY)
    assert got.validated == expected
    if expected.ok:
        assert got.computed == compute(expected.catalogue, TODAY)
    if case.name in EVERYTHING:
        assert got.reason != ""
    else:
        assert got.reason == "", got.reason  # read again, not everything
