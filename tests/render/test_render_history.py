"""The audit trail from a real Git repository: one `git log` read for the whole repository."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import git

from cofund.render.history import read_history


def commit(repo: git.Repo, day: str, message: str) -> str:
    when = f"{day}T12:00:00+00:00"
    env = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    with repo.git.custom_environment(**env):
        repo.git.add("-A")
        repo.git.commit("-m", message)
    return repo.head.commit.hexsha


def init(root: Path) -> git.Repo:
    repo = git.Repo.init(root)
    with repo.config_writer() as config:
        config.set_value("user", "name", "Test").set_value("user", "email", "test@example.org")
    return repo


def write(root: Path, rel: str, text: str) -> None:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text)


def test_each_change_to_a_pitch_folder_with_its_commit(tmp_path: Path) -> None:
    repo = init(tmp_path)
    write(tmp_path, "pitches/alpha/pitch.yml", "title: a\n")
    write(tmp_path, "organisations/leeds.yml", "name: Leeds\n")
    first = commit(repo, "2026-01-05", "Pitch alpha")
    write(tmp_path, "pitches/alpha/pledges/leeds.yml", "amount: 1\n")
    second = commit(repo, "2026-02-10", "Leeds pledges")
    write(tmp_path, "pitches/alpha/pledges/leeds.yml", "amount: 2\n")
    write(tmp_path, "pitches/beta/pitch.yml", "title: b\n")
    third = commit(repo, "2026-03-15", "Leeds raises its pledge; pitch beta")
    os.remove(tmp_path / "pitches/alpha/pledges/leeds.yml")
    fourth = commit(repo, "2026-04-20", "Leeds withdraws")

    history = read_history(tmp_path)
    alpha = [(c.commit, c.date, c.action, c.path) for c in history.of("alpha")]
    assert alpha == [
        (first, dt.date(2026, 1, 5), "added", "pitches/alpha/pitch.yml"),
        (second, dt.date(2026, 2, 10), "added", "pitches/alpha/pledges/leeds.yml"),
        (third, dt.date(2026, 3, 15), "changed", "pitches/alpha/pledges/leeds.yml"),
        (fourth, dt.date(2026, 4, 20), "removed", "pitches/alpha/pledges/leeds.yml"),
    ]
    assert [c.subject for c in history.of("beta")] == ["Leeds raises its pledge; pitch beta"]
    assert history.of("gamma") == ()


def test_a_folder_without_git_has_no_history(tmp_path: Path) -> None:
    write(tmp_path, "pitches/alpha/pitch.yml", "title: a\n")
    assert read_history(tmp_path).by_pitch == {}
    git.Repo.init(tmp_path)  # a repository with no commit yet
    assert read_history(tmp_path).by_pitch == {}


def test_a_shallow_clone_claims_no_history(tmp_path: Path) -> None:
    origin = tmp_path / "origin"
    repo = init(origin)
    write(origin, "pitches/alpha/pitch.yml", "title: a\n")
    commit(repo, "2026-01-05", "Pitch alpha")
    write(origin, "pitches/alpha/pledges/leeds.yml", "amount: 1\n")
    commit(repo, "2026-02-10", "Leeds pledges")
    assert len(read_history(origin).of("alpha")) == 2
    clone = tmp_path / "clone"
    git.Repo.clone_from(f"file://{origin}", clone, depth=1)
    # Its one commit would seem to add both files on one day: better no trail than a wrong one.
    assert read_history(clone).by_pitch == {}
