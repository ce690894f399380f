"""The audit trail: which commits added, changed or removed each data file under pitches/.

Git is asked once for the whole repository (one `git log --name-status`), never per file:
at national scale there are tens of thousands of pledge files. It is asked for every commit
rather than for the path pitches/, which would make Git simplify the history (and take
twice as long: 8 s against 4 s for 46,000 commits); other paths are dropped here. A folder
that is not a Git repository (or has no commits yet) simply has no history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

import git

_ACTIONS = {"A": "added", "M": "changed", "D": "removed", "T": "changed"}


class Change(NamedTuple):
    commit: str  # full SHA
    date: dt.date  # the commit date (when it reached the repository's history)
    action: str  # added, changed or removed
    path: str  # the file, relative to the repository
    subject: str  # the commit message's first line: untrusted text


@dataclass(frozen=True)
class History:
    """Changes by pitch id, oldest first."""

    by_pitch: Mapping[str, tuple[Change, ...]]

    def of(self, pitch_id: str) -> tuple[Change, ...]:
        return self.by_pitch.get(pitch_id, ())


EMPTY = History(MappingProxyType({}))

# A field separator that cannot occur in a commit subject line.
_SEP = "\x1f"
_LOG_ARGS = (f"--format={_SEP}%H{_SEP}%cs{_SEP}%s", "--name-status", "--no-renames", "--reverse")


def read_history(repo_path: Path) -> History:
    log = _read(repo_path)
    return EMPTY if log is None else _parse(log)


def _read(repo_path: Path) -> str | None:
    """What Git says of the history, if there is one to tell."""
    try:
        repo = git.Repo(repo_path)
        if not repo.head.is_valid():
            return None
        # Only when the data sits at the top of the repository does a path mean the same.
        if Path(repo.working_tree_dir or "").resolve() != repo_path.resolve():
            return None
        # A shallow clone would show every file as added by its one commit: say nothing
        # rather than something untrue (the publishing workflow checks out full history).
        if repo.git.rev_parse("--is-shallow-repository") == "true":
            return None
        out: str = repo.git.log(*_LOG_ARGS)
        return out
    except (git.InvalidGitRepositoryError, git.NoSuchPathError, git.GitCommandError, ValueError):
        return None


def _parse(out: str) -> History:
    found: dict[str, list[Change]] = {}
    commit = subject = ""
    date = dt.date.min
    for line in out.splitlines():
        if line.startswith(_SEP):
            _, commit, day, subject = line.split(_SEP, 3)
            date = dt.date.fromisoformat(day)
        elif "\tpitches/" in line:
            status, _, path = line.partition("\t")
            parts = path.split("/")
            if len(parts) >= 3 and parts[0] == "pitches" and path.endswith(".yml"):
                found.setdefault(parts[1], []).append(
                    Change(commit, date, _ACTIONS.get(status[:1], "changed"), path, subject)
                )
    return History(MappingProxyType({k: tuple(v) for k, v in found.items()}))
