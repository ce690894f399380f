"""Every case of tests/validate/cases laid over its valid base repository after a build of the
base: refresh from that build's record finds exactly the problems (and builds the catalogue)
that reading everything does. Most cases go the incremental way; the layout cases cannot."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from cofund.compute import compute
from cofund.incremental import changes, refresh
from cofund.load import FolderSource, load
from cofund.validate import validate
from conftest import BASE_REPO, CASE_FILES, build_case_repo
from edits import TODAY, Stamp

CASES = sorted(p for p in (BASE_REPO.parent).iterdir() if p.is_dir() and p.name != "_base")
# Cases with a file where no data file goes, or a link: only reading everything finds those.
EVERYTHING = {c.name for c in CASES if c.name.startswith("layout-")} | {"all-problems-in-all-files"}


def lay_over(case: Path, repo: Path) -> None:
    """The case applied to a copy of the base, as conftest.build_case_repo does from scratch."""
    remove = case / "remove.txt"
    if remove.exists():
        for line in remove.read_text().splitlines():
            target = repo / line.strip()
            shutil.rmtree(target) if target.is_dir() else target.unlink()
    for source in sorted(case.rglob("*")):
        rel = source.relative_to(case)
        if source.is_dir() or str(rel) in CASE_FILES:
            continue
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, repo / rel)
        Stamp.file(repo / rel)
    links = case / "symlinks.txt"
    if links.exists():
        for line in links.read_text().splitlines():
            path, target = (part.strip() for part in line.split("->"))
            (repo / path).parent.mkdir(parents=True, exist_ok=True)
            os.symlink(target, repo / path)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_after_a_build_of_the_base(case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(changes, "RECENT_NS", 0)
    repo = build_case_repo(None, tmp_path / "repo")
    Stamp.all(repo)
    base = refresh(repo, TODAY, None)
    assert base.record is not None
    lay_over(case, repo)
    got = refresh(repo, TODAY, base.record)
    expected = validate(load(FolderSource(repo)), TODAY)
    assert got.validated == expected
    if expected.ok:
        assert got.computed == compute(expected.catalogue, TODAY)
    if case.name in EVERYTHING:
        assert got.reason != ""
    else:
        assert got.reason == "", got.reason  # read again, not everything
