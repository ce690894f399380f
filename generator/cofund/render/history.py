"""The audit trail: which commits added, changed or removed each data file under pitches/.

Git is asked once for the whole repository (one `git log --name-status`), never per file:
at national scale there are tens of thousands of pledge files. It is asked for every commit
rather than for the path pitches/, which would make Git simplify the history (and take
twice as long: 8 s against 4 s for 46,000 commits); other paths are dropped here. That still
takes seconds, so `start_history` runs it in the background while the data is validated,
and keeps Git's answer in a cache folder for the next build of the same commit (a rebuild
after editing files that are not committed yet). A folder that is not a Git repository (or
has no commits yet) simply has no history.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

import git

_ACTIONS = {"A": "added", "M": "changed", "D": "removed", "T": "changed"}


class Change(NamedTuple):
    # A named tuple rather than a dataclass: a rebuild compares every pitch's changes with
    # the previous build's (render/memo.py), tens of thousands of them, at C speed.
    commit: str  # full SHA
    date: dt.date  # the commit date (when it reached the repository's history)
    action: str  # added, changed or removed
    path: str  # the file, relative to the repository
    subject: str  # the commit message's first line: untrusted text


@dataclass(frozen=True)
class History:
    """Changes by pitch id, oldest first."""

    by_pitch: Mapping[str, tuple[Change, ...]]
    # What it was read from (the commit, and how Git was asked): the same source, the same
    # history. "" when there is none.
    source: str = ""

    def of(self, pitch_id: str) -> tuple[Change, ...]:
        return self.by_pitch.get(pitch_id, ())

    def __reduce__(self) -> tuple[Any, ...]:
        # Kept between builds in a pickle (render/memo.py), which cannot hold a mappingproxy.
        return _history, (dict(self.by_pitch), self.source)


def _history(by_pitch: dict[str, tuple[Change, ...]], source: str) -> History:
    return History(MappingProxyType(by_pitch), source)


EMPTY = History(MappingProxyType({}))

# A field separator that cannot occur in a commit subject line.
_SEP = "\x1f"
_LOG_ARGS = (f"--format={_SEP}%H{_SEP}%cs{_SEP}%s", "--name-status", "--no-renames", "--reverse")
_CACHE_NAME = "history.txt"


class PendingHistory:
    """A history being read in a background thread (Git does the work, in its own process).

    Only Git's answer is read in the background: turning it into changes (0.15 s at national
    scale) would hold the interpreter while this process reads the last build's record, and
    is not needed when that build's history came from the same commit (`result`)."""

    def __init__(self, repo_path: Path, cache_dir: Path | None) -> None:
        self._log: tuple[str, str] | None = None
        self._result: History | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(repo_path, cache_dir), daemon=True)
        self._thread.start()

    def _run(self, repo_path: Path, cache_dir: Path | None) -> None:
        try:
            self._log = _read(repo_path, cache_dir)
        except BaseException as error:  # handed to whoever asks for the result
            self._error = error

    def result(self, known: History | None = None) -> History:
        """The history; `known` itself if it was read from the same source."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        if self._log is None:
            return EMPTY
        if known is not None and known.source == self._log[0]:
            return known
        if self._result is None:
            self._result = _parse(*self._log)
        return self._result


def start_history(repo_path: Path, cache_dir: Path | None = None) -> PendingHistory:
    """Start reading the history; `cache_dir`: where to keep Git's answer between builds."""
    return PendingHistory(repo_path, cache_dir)


def read_history(repo_path: Path, cache_dir: Path | None = None) -> History:
    log = _read(repo_path, cache_dir)
    return EMPTY if log is None else _parse(*log)


def _log(repo: git.Repo, cache_dir: Path | None) -> tuple[str, str]:
    """`git log` over the whole history, or the copy kept for this very commit; and what
    it was read from."""
    source = f"{repo.head.commit.hexsha} {' '.join(_LOG_ARGS)}"
    key = f"{source}\n"
    cache = cache_dir / _CACHE_NAME if cache_dir is not None else None
    if cache is not None:
        try:
            kept = cache.read_text(encoding="utf-8")
            if kept.startswith(key):
                return source, kept[len(key) :]
        except OSError:
            pass
    out: str = repo.git.log(*_LOG_ARGS)
    if cache is not None:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache.with_name(f"{_CACHE_NAME}.{os.getpid()}.tmp")
            tmp.write_text(key + out, encoding="utf-8")
            os.replace(tmp, cache)
        except OSError:
            pass  # a cache only
    return source, out


def _read(repo_path: Path, cache_dir: Path | None) -> tuple[str, str] | None:
    """What Git says of the history (see _log), if there is one to tell."""
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
        return _log(repo, cache_dir)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError, git.GitCommandError, ValueError):
        return None


def _parse(source: str, out: str) -> History:
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
    return History(MappingProxyType({k: tuple(v) for k, v in found.items()}), source)
