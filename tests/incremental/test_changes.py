"""Which changes a few pitch folders cover, and why the others need every file read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from cofund.incremental.changes import Plan, plan
from cofund.load import FolderSource
from edits import Edit, Operation, Remove, Write, sample_repo

FOI = "pitches/foi-request-handling"

# (what changes, the pitch folders changed, or (organisations, pitch folders) changed, or the
# reason every file is read)
CASES: list[tuple[str, list[Operation], set[str] | tuple[set[str], set[str]] | str]] = [
    ("nothing", [], set()),
    ("a pledge edited", [Edit(f"{FOI}/pledges/cardiff.yml", "status: pledged", "status: paid")], {"foi-request-handling"}),
    ("a pledge added", [Write(f"{FOI}/pledges/kent.yml", "x: 1\n")], {"foi-request-handling"}),
    ("an adopter added", [Write(f"{FOI}/adopters/kent.yml", "x: 1\n")], {"foi-request-handling"}),
    ("a pitch folder removed", [Remove(FOI)], {"foi-request-handling"}),
    ("a pitch folder added", [Write("pitches/new/pitch.yml", "x: 1\n")], {"new"}),
    ("two pitches", [Remove(f"{FOI}/pitch.yml"), Write("pitches/new/pledges/kent.yml", "x: 1\n")], {"foi-request-handling", "new"}),
    ("an organisation edited", [Edit("organisations/kent.yml", "name: ", "name: The ")], ({"kent"}, set())),
    ("an organisation added", [Write("organisations/newtown.yml", "x: 1\n")], ({"newtown"}, set())),
    ("an organisation removed", [Remove("organisations/kent.yml")], ({"kent"}, set())),
    ("the settings", [Edit("cofund.yml", "name: ", "name: The ")], (set(), set())),
    ("a file in organisations/", [Write("organisations/notes.txt", "x\n")], "organisations/notes.txt is not where data files go"),
    ("a stray file in a pitch folder", [Write(f"{FOI}/notes.md", "x\n")], f"{FOI}/notes.md is not where data files go"),
    ("a folder in pledges/", [Write(f"{FOI}/pledges/old/kent.yml", "x\n")], f"{FOI}/pledges/old/kent.yml is not where data files go"),
    ("a bad pitch id", [Write("pitches/Bad_Id/pitch.yml", "x\n")], "pitches/Bad_Id/pitch.yml is not where data files go"),
    ("a file at the top of pitches/", [Write("pitches/readme.yml", "x\n")], "pitches/readme.yml is not where data files go"),
    ("pitches/ a file", [Remove("pitches"), Write("pitches", "x\n")], "pitches changed"),
    ("organisations/ a file", [Remove("organisations"), Write("organisations", "x\n")], "organisations changed"),
    ("a file outside the data folders", [Write("README.md", "x\n"), Write("docs/x.yml", "x\n")], set()),
]


@pytest.mark.parametrize("operations, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_plan(tmp_path: Path, operations: list[Operation], expected: set[str] | tuple[set[str], set[str]] | str) -> None:
    repo = sample_repo(tmp_path / "repo")
    before = FolderSource(repo).listing()
    for op in operations:
        op.apply(repo)
    found = plan(before, FolderSource(repo).listing())
    if isinstance(expected, str):
        assert found == expected
    else:
        orgs, pitches = expected if isinstance(expected, tuple) else (set(), expected)
        assert isinstance(found, Plan) and (found.orgs, found.pitches) == (orgs, pitches)


def test_a_link_where_a_pledge_goes(tmp_path: Path) -> None:
    repo = sample_repo(tmp_path / "repo")
    before = FolderSource(repo).listing()
    os.symlink("/etc/passwd", repo / FOI / "pledges" / "kent.yml")
    assert plan(before, FolderSource(repo).listing()) == f"{FOI}/pledges/kent.yml is not an ordinary file"


def test_a_file_replaced_by_another_of_the_same_size_and_time(tmp_path: Path) -> None:
    repo = sample_repo(tmp_path / "repo")
    path = repo / FOI / "pledges" / "cardiff.yml"
    before = FolderSource(repo).listing()
    info = path.stat()
    replacement = path.with_name("new.tmp")
    replacement.write_bytes(path.read_bytes().replace(b"pledged", b"paid\n  "))
    os.utime(replacement, ns=(info.st_atime_ns, info.st_mtime_ns))
    os.replace(replacement, path)  # as editors save: a new inode under the old name
    assert path.stat().st_size == info.st_size and path.stat().st_mtime_ns == info.st_mtime_ns
    found = plan(before, FolderSource(repo).listing())
    assert isinstance(found, Plan) and found.paths == (f"{FOI}/pledges/cardiff.yml",)
