"""Where data files are read from: a folder on disk, or a tree in a Git repository.

Both give the same entries so that validation and the pull-request check see a tree the
same way. Symbolic links and other non-regular files are reported, never followed.
"""

from __future__ import annotations

import os
import stat
import time
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


# What a walk keeps of each file to tell, next time, whether it may have changed (as Git's
# index does): st_mode, st_ino, st_size, st_mtime_ns, st_ctime_ns. The inode catches a file
# replaced by another; ctime catches a rewrite whose mtime was set back (rsync -t, cp -p).
StatKey = tuple[int, int, int, int, int]
_UNREADABLE: StatKey = (0, 0, 0, 0, 0)  # a file that cannot be stat'ed: listed as not regular


@dataclass(frozen=True)
class Listing:
    """One walk of a working folder's data files, with the stat figures of each.

    `folders` maps a folder's path ("" for the top: cofund.yml, and a data folder that is not
    a folder) to its files' names and StatKeys, or to None when the folder cannot be read.
    `recent` names the files whose mtime or ctime falls within the `recent_ns` before the
    walk began: a file changed again within the same clock tick keeps the same figures, so
    only older figures can be trusted to mean "unchanged" (Git's "racy" entries).
    """

    folders: dict[str, dict[str, StatKey] | None]
    recent: frozenset[str]

    def entries(self) -> Iterator[Entry]:
        """The Entries of FolderSource, sorted by path."""
        found: list[Entry] = []
        for folder, files in self.folders.items():
            if files is None:
                found.append(Entry(folder, False, 0))
                continue
            prefix = f"{folder}/" if folder else ""
            found.extend(Entry(prefix + name, stat.S_ISREG(key[0]), key[2]) for name, key in files.items())
        found.sort(key=lambda e: e.path)
        return iter(found)

    def key(self, path: str) -> StatKey | None:
        folder, _, name = path.rpartition("/")
        files = self.folders.get(folder)
        return files.get(name) if files else None


def _key(info: os.stat_result) -> StatKey:
    return (info.st_mode, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


class FolderSource:
    """The data files in a working folder, as walked once by `listing()` (or as given)."""

    def __init__(self, root: str | os.PathLike[str], listing: Listing | None = None):
        self.root = Path(root)
        self._root = os.fspath(root)
        self._listing = listing

    def entries(self) -> Iterator[Entry]:
        listing = self._listing if self._listing is not None else self.listing()
        return listing.entries()

    def listing(self, recent_ns: int = 0) -> Listing:
        """Walk the data folders now. Files changed within `recent_ns` before the walk are `recent`."""
        started = time.time_ns()
        since = started - recent_ns
        recent: list[str] = []
        top: dict[str, StatKey] = {}
        folders: dict[str, dict[str, StatKey] | None] = {"": top}
        for name in (CATALOGUE_FILE, *DATA_FOLDERS):
            try:
                info = os.lstat(os.path.join(self._root, name))
            except OSError:  # absent (or the root itself unreadable): nothing listed
                continue
            if name in DATA_FOLDERS and stat.S_ISDIR(info.st_mode):
                self._walk(os.path.join(self._root, name), name, folders, since, recent)
            else:  # cofund.yml, or a link or a file where a data folder belongs
                top[name] = _key(info)
                if info.st_mtime_ns >= since or info.st_ctime_ns >= since:
                    recent.append(name)
        return Listing(folders, frozenset(recent))

    @staticmethod
    def _walk(
        directory: str, rel: str, folders: dict[str, dict[str, StatKey] | None], since: int, recent: list[str]
    ) -> None:
        # Plain strings and os.scandir, not pathlib: at 44,000 files pathlib's object
        # creation cost more than the reading. A loop, not recursion: a hostile tree can be
        # nested deeper than Python's recursion limit.
        pending = [(directory, rel)]
        while pending:
            directory, rel = pending.pop()
            try:
                with os.scandir(directory) as it:
                    items = list(it)
            except OSError:  # unreadable, or a path too long for the system
                folders[rel] = None
                continue
            files: dict[str, StatKey] = {}
            folders[rel] = files
            for item in items:
                if item.is_dir(follow_symlinks=False):
                    pending.append((item.path, f"{rel}/{item.name}"))
                    continue
                try:
                    info = item.stat(follow_symlinks=False)
                except FileNotFoundError:  # gone since the folder was listed
                    continue
                except OSError:
                    files[item.name] = _UNREADABLE
                    continue
                mtime, ctime = info.st_mtime_ns, info.st_ctime_ns
                files[item.name] = (info.st_mode, info.st_ino, info.st_size, mtime, ctime)
                if mtime >= since or ctime >= since:
                    recent.append(f"{rel}/{item.name}")

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
