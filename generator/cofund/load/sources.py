"""Where data files are read from: a folder on disk (`FolderSource`). The pull-request check
reads Git trees through the same `Source` protocol (prcheck/trees.py), so both see a tree the
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
        """Every file in the data folders and cofund.yml, sorted by path. A data folder that is
        a link or a file is listed as an entry of its own (not regular), never followed."""
        found: list[Entry] = []
        for name in (CATALOGUE_FILE, *DATA_FOLDERS):
            try:
                info = os.lstat(os.path.join(self._root, name))
            except OSError:  # absent (or the root itself unreadable): nothing listed
                continue
            if name in DATA_FOLDERS and stat.S_ISDIR(info.st_mode):
                self._walk(os.path.join(self._root, name), name, found)
            else:  # cofund.yml, or a link or a file where a data folder belongs
                found.append(Entry(name, stat.S_ISREG(info.st_mode), info.st_size))
        found.sort(key=lambda e: e.path)
        return iter(found)

    @staticmethod
    def _walk(directory: str, rel: str, found: list[Entry]) -> None:
        # Plain strings and os.scandir, not pathlib: at 44,000 files pathlib's object
        # creation cost more than the reading. A loop, not recursion: a hostile tree can be
        # nested deeper than Python's recursion limit.
        pending = [(directory, rel)]
        while pending:
            directory, rel = pending.pop()
            try:
                with os.scandir(directory) as it:
                    items = list(it)
            except OSError:  # unreadable, or a path too long for the system: reported as not regular
                found.append(Entry(rel, False, 0))
                continue
            for item in items:
                if item.is_dir(follow_symlinks=False):
                    pending.append((item.path, f"{rel}/{item.name}"))
                    continue
                try:
                    info = item.stat(follow_symlinks=False)
                except FileNotFoundError:  # gone since the folder was listed
                    continue
                except OSError:
                    found.append(Entry(f"{rel}/{item.name}", False, 0))
                    continue
                found.append(Entry(f"{rel}/{item.name}", stat.S_ISREG(info.st_mode), info.st_size))

    def read(self, path: str) -> bytes:
        with open(os.path.join(self._root, path), "rb") as handle:
            return handle.read()
