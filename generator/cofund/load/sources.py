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

    def entries(self) -> Iterator[Entry]:
        top = self.root / CATALOGUE_FILE
        if top.is_symlink() or top.exists():
            yield self._entry(top, CATALOGUE_FILE)
        for folder in DATA_FOLDERS:
            base = self.root / folder
            if base.is_symlink():
                yield Entry(folder, False, 0)
            elif base.is_dir():
                yield from self._walk(base, folder)

    def _walk(self, directory: Path, rel: str) -> Iterator[Entry]:
        with os.scandir(directory) as it:
            items = sorted(it, key=lambda e: e.name)
        for item in items:
            child = f"{rel}/{item.name}"
            if item.is_dir(follow_symlinks=False):
                yield from self._walk(Path(item.path), child)
            else:
                yield self._entry(Path(item.path), child)

    @staticmethod
    def _entry(path: Path, rel: str) -> Entry:
        info = path.lstat()
        return Entry(rel, stat.S_ISREG(info.st_mode), info.st_size)

    def read(self, path: str) -> bytes:
        return (self.root / path).read_bytes()


class GitTreeSource:
    """The data files in one commit of a Git repository, read as Git data (no checkout)."""

    REGULAR_MODES = (0o100644, 0o100755)

    def __init__(self, commit: object):
        self.tree = commit.tree  # type: ignore[attr-defined]

    def entries(self) -> Iterator[Entry]:
        for blob in self.tree.traverse(predicate=lambda item, depth: item.type != "tree"):
            path = blob.path
            if path == CATALOGUE_FILE or path.split("/", 1)[0] in DATA_FOLDERS:
                regular = blob.type == "blob" and blob.mode in self.REGULAR_MODES
                yield Entry(path, regular, blob.size if blob.type == "blob" else 0)

    def read(self, path: str) -> bytes:
        return self.tree[path].data_stream.read()
