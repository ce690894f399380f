"""A folder and a Git commit of the same files give the same entries and the same bytes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cofund.load import Entry, FolderSource

FILES = {
    "cofund.yml": b"name: x\n",
    "README.md": b"# not data\n",
    "generator/code.py": b"print()\n",
    "organisations/leeds.yml": b"name: Leeds\n",
    "organisations/notes.txt": b"stray\n",
    "pitches/a/pitch.yml": b"title: A\n",
    "pitches/a/pledges/leeds.yml": b"date: 2026-01-01\n",
    "pitches/a/pledges/sub/deep.yml": b"x: 1\n",
}
LINKS = {"organisations/york.yml": "/etc/passwd", "pitches/b": "/etc"}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    for path, data in FILES.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(data)
    for path, target in LINKS.items():
        os.symlink(target, tmp_path / path)
    return tmp_path


EXPECTED = [
    Entry("cofund.yml", True, 8),
    Entry("organisations/leeds.yml", True, 12),
    Entry("organisations/notes.txt", True, 6),
    Entry("organisations/york.yml", False, None),  # type: ignore[arg-type]
    Entry("pitches/a/pitch.yml", True, 9),
    Entry("pitches/a/pledges/leeds.yml", True, 17),
    Entry("pitches/a/pledges/sub/deep.yml", True, 5),
    Entry("pitches/b", False, None),  # type: ignore[arg-type]
]


def comparable(entries: list[Entry]) -> list[tuple[str, bool, int | None]]:
    # A link's size is the length of its target text on disk and 0 in Git; it is never read.
    return sorted((e.path, e.regular, e.size if e.regular else None) for e in entries)


def test_folder_source(repo: Path) -> None:
    source = FolderSource(repo)
    assert comparable(list(source.entries())) == comparable(EXPECTED)
    assert source.read("pitches/a/pitch.yml") == FILES["pitches/a/pitch.yml"]


def test_a_data_folder_that_is_a_file_or_missing(tmp_path: Path) -> None:
    (tmp_path / "organisations").write_bytes(b"x")
    assert [(e.path, e.regular) for e in FolderSource(tmp_path).entries()] == [("organisations", True)]
    (tmp_path / "organisations").unlink()
    assert list(FolderSource(tmp_path).entries()) == []
