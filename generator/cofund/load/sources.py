"""Where data files are read from: a folder on disk, or a tree in a Git repository.

Both give the same entries so that validation and the pull-request check see a tree the
same way. Symbolic links and other non-regular files are reported, never followed.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from .layout import CATALOGUE_FILE, DATA_FOLDERS


@dataclass(frozen=True)
class Entry:
    path: str  # relative, with forward slashes
    regular: bool  # False for symlinks, submodules, devices, ...
    size: int


class Source(Protocol):
    def entries(self) -> Iterator[Entry]:
        """Every file (not folder) in the data folders, and cofund.yml if present."""
        ...

    def read(self, path: str) -> bytes: ...


class FolderSource:
    """The data files in a working folder."""

    def __init__(self, root: str | os.PathLike[str]):
        self.root = Path(root)
        self._root = os.fspath(root)

    def entries(self) -> Iterator[Entry]:
        top = self.root / CATALOGUE_FILE
        if top.is_symlink() or top.exists():
            yield self._entry(os.fspath(top), CATALOGUE_FILE)
        for folder in DATA_FOLDERS:
            base = self.root / folder
            if base.is_dir() and not base.is_symlink():
                yield from self._walk(os.fspath(base), folder)
            elif base.is_symlink() or base.exists():  # a link or a file where a folder belongs
                yield self._entry(os.fspath(base), folder)

    def _walk(self, directory: str, rel: str) -> Iterator[Entry]:
        # Plain strings and os.scandir, not pathlib: at 44,000 files pathlib's object
        # creation cost more than the reading. A loop, not recursion: a hostile tree can be
        # nested deeper than Python's recursion limit.
        pending = [(directory, rel)]
        while pending:
            directory, rel = pending.pop()
            try:
                with os.scandir(directory) as it:
                    items = sorted(it, key=lambda e: e.name, reverse=True)
            except OSError:  # unreadable, or a path too long for the system
                yield Entry(rel, False, 0)
                continue
            for item in items:
                child = f"{rel}/{item.name}"
                if item.is_dir(follow_symlinks=False):
                    pending.append((item.path, child))
                else:
                    info = item.stat(follow_symlinks=False)
                    yield Entry(child, stat.S_ISREG(info.st_mode), info.st_size)

    @staticmethod
    def _entry(path: str, rel: str) -> Entry:
        info = os.lstat(path)
        return Entry(rel, stat.S_ISREG(info.st_mode), info.st_size)

    def read(self, path: str) -> bytes:
        with open(os.path.join(self._root, path), "rb") as handle:
            return handle.read()


class GitTreeSource:
    """The data files in one commit of a Git repository, read as Git data (no checkout)."""

    REGULAR_MODES = (0o100644, 0o100755)

    def __init__(self, commit: object):
        self.tree = commit.tree  # type: ignore[attr-defined]

    def entries(self) -> Iterator[Entry]:
        # Only the data folders are walked: a repository's code and pages can be large.
        # Entries come sorted by path, as from FolderSource.
        found: list[Entry] = []
        for item in self.tree:
            if item.path == CATALOGUE_FILE or item.path in DATA_FOLDERS:
                if item.type == "tree" and item.path in DATA_FOLDERS:
                    found.extend(self._entry(x) for x in item.traverse() if x.type != "tree")
                else:
                    found.append(self._entry(item))
        yield from sorted(found, key=lambda e: e.path)

    def _entry(self, item: object) -> Entry:
        is_blob = item.type == "blob"  # type: ignore[attr-defined]
        regular = is_blob and item.mode in self.REGULAR_MODES  # type: ignore[attr-defined]
        return Entry(item.path, regular, item.size if is_blob else 0)  # type: ignore[attr-defined]

    def read(self, path: str) -> bytes:
        return self.tree[path].data_stream.read()
