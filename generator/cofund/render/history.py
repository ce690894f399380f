"""The audit trail: which commits added, changed or removed each data file under pitches/.

Git is asked once for the whole repository (one `git log --name-status`), never per file:
at national scale there are tens of thousands of pledge files. A folder that is not a Git
repository (or has no commits yet) simply has no history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import git

_ACTIONS = {"A": "added", "M": "changed", "D": "removed", "T": "changed"}


@dataclass(frozen=True)
class Change:
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


def read_history(repo_path: Path) -> History:
    try:
        repo = git.Repo(repo_path)
        if not repo.head.is_valid():
            return EMPTY
        # Only when the data sits at the top of the repository does a path mean the same.
        if Path(repo.working_tree_dir or "").resolve() != repo_path.resolve():
            return EMPTY
        # A shallow clone would show every file as added by its one commit: say nothing
        # rather than something untrue (the publishing workflow checks out full history).
        if repo.git.rev_parse("--is-shallow-repository") == "true":
            return EMPTY
        out = repo.git.log(
            f"--format={_SEP}%H{_SEP}%cs{_SEP}%s",
            "--name-status",
            "--no-renames",
            "--reverse",
            "--",
            "pitches",
        )
    except (git.InvalidGitRepositoryError, git.NoSuchPathError, git.GitCommandError, ValueError):
        return EMPTY
    found: dict[str, list[Change]] = {}
    commit = subject = ""
    date = dt.date.min
    for line in out.splitlines():
        if line.startswith(_SEP):
            _, commit, day, subject = line.split(_SEP, 3)
            date = dt.date.fromisoformat(day)
        elif line.strip():
            status, _, path = line.partition("\t")
            parts = path.split("/")
            if len(parts) >= 3 and parts[0] == "pitches" and path.endswith(".yml"):
                found.setdefault(parts[1], []).append(
                    Change(commit, date, _ACTIONS.get(status[:1], "changed"), path, subject)
                )
    return History(MappingProxyType({k: tuple(v) for k, v in found.items()}))
