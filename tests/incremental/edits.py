"""Changes to a copy of the sample catalogue, and the check that refresh after them gives what
reading everything gives.

Every file an edit writes gets its own modification time, far in the past and one second
after the previous one, so that what the tests see does not depend on the clock; the
"recent" margin is set to 0 by the tests that use these (see test_recent.py for the margin).
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
import shutil
from dataclasses import dataclass
from pathlib import Path

from cofund.compute import ComputedCatalogue, compute
from cofund.compute.partial import named
from cofund.incremental import DataRecord, Refreshed, refresh
from cofund.load import FolderSource, load
from cofund.validate import validate

ROOT = Path(__file__).resolve().parents[2]  # the sample data: cofund.yml, organisations/, pitches/
TODAY = dt.date(2026, 11, 24)


def sample_repo(into: Path) -> Path:
    into.mkdir()
    shutil.copyfile(ROOT / "cofund.yml", into / "cofund.yml")
    shutil.copytree(ROOT / "organisations", into / "organisations")
    shutil.copytree(ROOT / "pitches", into / "pitches")
    Stamp().all(into)
    return into


class Stamp:
    """Distinct, old modification times (2020 onwards), one second apart."""

    next_ns = 1_577_836_800 * 10**9

    @classmethod
    def file(cls, path: Path) -> None:
        cls.next_ns += 10**9
        os.utime(path, ns=(cls.next_ns, cls.next_ns), follow_symlinks=False)

    @classmethod
    def all(cls, folder: Path) -> None:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                cls.file(path)


# Edits, each one operation on a path relative to the repository.


@dataclass(frozen=True)
class Edit:
    path: str
    old: str
    new: str

    def apply(self, repo: Path) -> None:
        text = (repo / self.path).read_text()
        assert self.old in text, f"{self.old!r} is not in {self.path}"
        (repo / self.path).write_text(text.replace(self.old, self.new, 1))
        Stamp.file(repo / self.path)


@dataclass(frozen=True)
class Write:
    path: str
    text: str

    def apply(self, repo: Path) -> None:
        (repo / self.path).parent.mkdir(parents=True, exist_ok=True)
        (repo / self.path).write_text(self.text)
        Stamp.file(repo / self.path)


@dataclass(frozen=True)
class Remove:
    path: str

    def apply(self, repo: Path) -> None:
        target = repo / self.path
        shutil.rmtree(target) if target.is_dir() else target.unlink()


@dataclass(frozen=True)
class Copy:
    """A file or folder of the repository copied to `path`."""

    source: str
    path: str

    def apply(self, repo: Path) -> None:
        _copy_in(repo / self.source, repo / self.path)


@dataclass(frozen=True)
class Restore:
    """A file or folder put back as it is in the sample data."""

    path: str

    def apply(self, repo: Path) -> None:
        source, target = ROOT / self.path, repo / self.path
        if target.is_dir():
            shutil.rmtree(target)
        _copy_in(source, target)


def _copy_in(source: Path, target: Path) -> None:
    if source.is_dir():
        shutil.copytree(source, target)
        Stamp.all(target)
    else:
        shutil.copyfile(source, target)
        Stamp.file(target)


Operation = Edit | Write | Remove | Copy | Restore


def pitch_folder(path: str) -> str | None:
    parts = path.split("/")
    return parts[1] if parts[0] == "pitches" and len(parts) > 1 else None


class Checker:
    """Keeps the last record a build would keep (pickled and loaded again, as the build does),
    and after each change holds refresh to what reading everything gives."""

    def __init__(self, repo: Path):
        self.repo = repo
        self.record: DataRecord | None = None
        self.touched: set[str] = set()  # paths changed since self.record was made

    def apply(self, operations: list[Operation]) -> None:
        for op in operations:
            op.apply(self.repo)
            self.touched.add(op.path)

    def check(self) -> Refreshed:
        previous = self.record
        got = refresh(self.repo, TODAY, previous)
        expected = validate(load(FolderSource(self.repo)), TODAY)
        assert got.validated.problems == expected.problems
        assert got.validated.catalogue == expected.catalogue
        if not expected.ok:
            assert got.computed is None and got.record is None
            return got
        assert got.computed == compute(expected.catalogue, TODAY)
        assert got.record is not None and got.record.computed is got.computed
        if previous is not None:
            self._kept_identity(previous.computed, got.computed)
        self.record = pickle.loads(pickle.dumps(got.record, protocol=pickle.HIGHEST_PROTOCOL))
        self.touched = set()
        return got

    def _kept_identity(self, before: ComputedCatalogue, after: ComputedCatalogue) -> None:
        """What no change reached is the previous object, not just an equal one."""
        folders = {pitch_folder(p) for p in self.touched} - {None}
        orgs = {p.split("/")[1][:-4] for p in self.touched if p.startswith("organisations/")}
        for cp in after.pitches:
            if cp.id not in folders and cp.id in {p.id for p in before.pitches}:
                assert cp is before.pitch(cp.id), f"{cp.id} was computed again"
                assert cp.pitch is next(p for p in after.catalogue.pitches if p.id == cp.id), cp.id
        for folder in folders:
            for side in (before, after):
                if folder in {p.id for p in side.pitches}:
                    orgs |= named(side.pitch(folder))
        old_orgs = {o.id for o in before.organisations}
        for summary in after.organisations:
            if summary.id not in orgs and summary.id in old_orgs:
                assert summary is before.organisation(summary.id), f"{summary.id} was summed again"
