"""The trees check-pr reads: a Git commit read by hand (trees.GitTree) must agree with GitPython's
own reading, the overlay must be the base with the pull request's paths, and the check must read
only the files that decide a change, never the whole catalogue."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import git
import pytest
from prcheck_repos import build

from cofund.prcheck.changes import changed, fork_point
from cofund.prcheck.check import evaluate
from cofund.prcheck.trees import FolderTree, GitTree, MemoryTree, Overlay

ODD_NAMES = {
    "site/a file with spaces.md": "x\n",
    "site/ünïcödé.md": "y\n",
    "site/deep/er/still.md": "z\n",
    "pitches/cyber-training/pledges/zz-top.yml": "date: 2026-11-20\nsignatory: x\nrole: funder\nstatus: pledged\n",
}


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[git.Repo, dict[str, str]]:
    where = tmp_path_factory.mktemp("trees") / "repo"
    commits = build({"head": ODD_NAMES, "symlinks": {"site/link.md": "../README.md"}}, where)
    return git.Repo(where), commits


def test_git_tree_agrees_with_gitpython(repo: tuple[git.Repo, dict[str, str]]) -> None:
    r, commits = repo
    commit = r.commit(commits["head"])
    tree = GitTree(commit)
    by_folder: dict[str, list[str]] = {}
    for item in commit.tree.traverse():
        folder = os.path.dirname(item.path)
        if item.type != "tree":
            by_folder.setdefault(folder, []).append(item.name)
            entry = tree.entry(item.path)
            assert entry is not None and entry.path == item.path
            assert entry.regular == (item.mode in (0o100644, 0o100755))
            assert entry.size == item.size
            assert tree.read(item.path) == item.data_stream.read()
        else:
            assert tree.entry(item.path) is None  # a folder is not a file
    for folder, names in by_folder.items():
        assert tree.files(folder) == sorted(names)
    assert tree.entry("no/such/file.yml") is None and tree.files("no/such") == []


def test_overlay_is_the_base_with_the_changes(tmp_path: Path) -> None:
    base = tmp_path / "base"
    (base / "pitches/p/pledges").mkdir(parents=True)
    for name in ("a.yml", "b.yml"):
        (base / "pitches/p/pledges" / name).write_text(name)
    top = MemoryTree({"pitches/p/pledges/c.yml": b"new", "pitches/p/pledges/a.yml": b"changed"})
    paths = ["pitches/p/pledges/a.yml", "pitches/p/pledges/b.yml", "pitches/p/pledges/c.yml"]
    overlay = Overlay(FolderTree(base), top, paths)
    assert overlay.files("pitches/p/pledges") == ["a.yml", "c.yml"]  # b.yml is deleted by the change
    assert overlay.read("pitches/p/pledges/a.yml") == b"changed"
    assert overlay.entry("pitches/p/pledges/b.yml") is None


class Counting:
    """A tree that records every file it is asked to read."""

    def __init__(self, tree: object):
        self.tree = tree
        self.read_paths: list[str] = []

    def entry(self, path: str):  # type: ignore[no-untyped-def]
        return self.tree.entry(path)  # type: ignore[attr-defined]

    def files(self, folder: str) -> list[str]:
        return self.tree.files(folder)  # type: ignore[attr-defined,no-any-return]

    def read(self, path: str) -> bytes:
        self.read_paths.append(path)
        return self.tree.read(path)  # type: ignore[attr-defined,no-any-return]


def test_the_check_reads_only_what_decides_the_change(tmp_path: Path) -> None:
    many = {
        f"pitches/extra-{i}/pledges/leeds.yml": "date: 2026-02-01\nsignatory: lcarter-leeds\nrole: funder\n"
        "status: pledged\n"
        for i in range(30)
    }
    extra_pitch = (Path(__file__).parent / "base/pitches/foi-tool/pitch.yml").read_text(encoding="utf-8")
    many.update({f"pitches/extra-{i}/pitch.yml": extra_pitch for i in range(30)})
    commits = build({"main_moves_on": many, "head": {
        "pitches/cyber-training/pledges/kirklees.yml":
            "date: 2026-11-20\nsignatory: jsmith-kirklees\nrole: funder\nstatus: pledged\n",
    }}, tmp_path / "repo")
    r = git.Repo(tmp_path / "repo")
    base, head = r.commit(commits["base"]), r.commit(commits["head"])
    changes = changed(fork_point(r, base, head), head)
    base_tree = Counting(GitTree(base))
    after = Counting(Overlay(GitTree(base), GitTree(head), [c.path for c in changes]))
    evaluate(base_tree, after, changes, dt.date(2026, 11, 24))
    expected = {
        "cofund.yml",
        "pitches/cyber-training/pitch.yml",
        "pitches/cyber-training/pledges/leeds.yml",
        "pitches/cyber-training/pledges/calderdale.yml",
        "organisations/leeds.yml",  # the proposer, and a pledger
        "organisations/calderdale.yml",
        "organisations/kirklees.yml",
    }
    assert set(base_tree.read_paths) == expected
    assert set(after.read_paths) == expected | {"pitches/cyber-training/pledges/kirklees.yml"}
