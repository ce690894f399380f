"""Trees of files the PR check reads a few paths of: a Git commit, a folder, and one laid over another.

`load.sources` walks a whole tree, which is right for `cofund validate` and wrong here: the
check of a one-file pull request must cost the same in a catalogue of 40 pledges or 40,000.
So these trees answer three questions about single paths (is it there and what is it, which
files are in this folder, what does it hold) and read a Git folder only when asked, once.

`Overlay` is the catalogue as it will be after the merge: the base branch's files, with the
pull request's changed paths taken from its head (or gone, where the head deletes them).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Protocol

from ..load.sources import Entry

SYMLINK_MODE = 0o120000
SUBMODULE_MODE = 0o160000
REGULAR_MODES = (0o100644, 0o100755)


class Tree(Protocol):
    def entry(self, path: str) -> Entry | None:
        """The file at `path` (a symbolic link or submodule counts, as not regular), or None."""
        ...

    def files(self, folder: str) -> list[str]:
        """The names of the files (not folders) directly in `folder`, sorted; [] if there is none."""
        ...

    def folders(self, folder: str) -> list[str]:
        """The names of the folders directly in `folder`, sorted; [] if there is none."""
        ...

    def read(self, path: str) -> bytes: ...


TREE_MODE = 0o040000


def _tree_entries(data: bytes) -> dict[str, tuple[int, bytes]]:
    """A raw Git tree object -> {name: (mode, object id)}.

    Written here rather than using GitPython's Tree because that checks every entry's name in
    Python as it parses: 0.1 s for the pitches/ and organisations/ folders of a national
    catalogue, which would make the check's time grow with the catalogue. This reads only
    what the check uses (entry: "<octal mode> <name>\\0<20-byte id>").
    """
    out: dict[str, tuple[int, bytes]] = {}
    i, end = 0, len(data)
    while i < end:
        space = data.index(b" ", i)
        nul = data.index(b"\0", space)
        name = data[space + 1:nul].decode("utf-8", "surrogateescape")
        out[name] = (int(data[i:space], 8), data[nul + 1:nul + 21])
        i = nul + 21
    return out


class GitTree:
    """One commit's tree, read as Git data: nothing is checked out, no file of it is run."""

    def __init__(self, commit: Any):
        self.odb = commit.repo.odb
        self.root = commit.tree.binsha
        self._folders: dict[str, dict[str, tuple[int, bytes]] | None] = {}

    def _folder(self, folder: str) -> dict[str, tuple[int, bytes]] | None:
        """name -> (mode, id) for one folder, read once; None when `folder` is not a folder."""
        if folder in self._folders:
            return self._folders[folder]
        if folder == "":
            found: dict[str, tuple[int, bytes]] | None = _tree_entries(self.odb.stream(self.root).read())
        else:
            parent, _, name = folder.rpartition("/")
            items = self._folder(parent)
            item = items.get(name) if items is not None else None
            is_folder = item is not None and item[0] == TREE_MODE
            found = _tree_entries(self.odb.stream(item[1]).read()) if item is not None and is_folder else None
        self._folders[folder] = found
        return found

    def item(self, path: str) -> tuple[int, bytes] | None:
        """(mode, object id) of whatever is at `path`, folders included, or None."""
        parent, _, name = path.rpartition("/")
        items = self._folder(parent)
        return items.get(name) if items is not None else None

    def entry(self, path: str) -> Entry | None:
        item = self.item(path)
        if item is None or item[0] == TREE_MODE:
            return None
        mode, binsha = item
        if mode == SUBMODULE_MODE:  # a commit of another repository: there is nothing here to read
            return Entry(path, False, 0)
        return Entry(path, mode in REGULAR_MODES, self.odb.info(binsha).size)

    def files(self, folder: str) -> list[str]:
        items = self._folder(folder)
        if items is None:
            return []
        return sorted(name for name, (mode, _) in items.items() if mode != TREE_MODE)

    def folders(self, folder: str) -> list[str]:
        items = self._folder(folder)
        return sorted(name for name, (mode, _) in (items or {}).items() if mode == TREE_MODE)

    def read(self, path: str) -> bytes:
        item = self.item(path)
        if item is None or item[0] in (TREE_MODE, SUBMODULE_MODE):
            raise FileNotFoundError(path)
        return self.odb.stream(item[1]).read()  # type: ignore[no-any-return]


class GitTrees:
    """Each commit's `GitTree`, made once. The check reads the base and the head; the approvals'
    binding reads the head, its merge base with the base branch (most often the base itself),
    and each commit of the pull request with its parents. Each read of a national catalogue's
    pitches/ folder costs 50 ms of a check that must answer in a second."""

    def __init__(self, repo: Any):
        self.repo = repo
        self._by_sha: dict[str, GitTree] = {}

    def of(self, commit: Any) -> GitTree:
        if commit.hexsha not in self._by_sha:
            self._by_sha[commit.hexsha] = GitTree(commit)
        return self._by_sha[commit.hexsha]

    def at(self, sha: str) -> GitTree:
        """The tree of the commit `sha` (40 hex digits), which must be in the repository."""
        return self._by_sha[sha] if sha in self._by_sha else self.of(self.repo.commit(sha))


class FolderTree:
    """A working folder, for `cofund intake` and `cofund new`. Links are reported, never followed."""

    def __init__(self, root: str | os.PathLike[str]):
        self.root = Path(root)

    def entry(self, path: str) -> Entry | None:
        try:
            info = (self.root / path).lstat()
        except (FileNotFoundError, NotADirectoryError):
            return None
        if stat.S_ISDIR(info.st_mode):
            return None
        return Entry(path, stat.S_ISREG(info.st_mode), info.st_size)

    def files(self, folder: str) -> list[str]:
        where = self.root / folder
        if where.is_symlink() or not where.is_dir():
            return []
        with os.scandir(where) as it:
            return sorted(e.name for e in it if not e.is_dir(follow_symlinks=False))

    def folders(self, folder: str) -> list[str]:
        where = self.root / folder
        if where.is_symlink() or not where.is_dir():
            return []
        with os.scandir(where) as it:
            return sorted(e.name for e in it if e.is_dir(follow_symlinks=False))

    def read(self, path: str) -> bytes:
        return (self.root / path).read_bytes()


class MemoryTree:
    """Files held in memory: what `cofund intake` is about to write, checked before it is."""

    def __init__(self, files: Mapping[str, bytes]):
        self.data = dict(files)

    def entry(self, path: str) -> Entry | None:
        return Entry(path, True, len(self.data[path])) if path in self.data else None

    def files(self, folder: str) -> list[str]:
        prefix = f"{folder}/" if folder else ""
        return sorted(p[len(prefix):] for p in self.data if p.startswith(prefix) and "/" not in p[len(prefix):])

    def folders(self, folder: str) -> list[str]:
        prefix = f"{folder}/" if folder else ""
        inside = (p[len(prefix):] for p in self.data if p.startswith(prefix))
        return sorted({rest.split("/")[0] for rest in inside if "/" in rest})

    def read(self, path: str) -> bytes:
        return self.data[path]


class Overlay:
    """`base` with each path in `changed` taken from `top` instead (absent there: deleted)."""

    def __init__(self, base: Tree, top: Tree, changed: Iterable[str]):
        self.base = base
        self.top = top
        self.changed = frozenset(changed)

    def entry(self, path: str) -> Entry | None:
        return (self.top if path in self.changed else self.base).entry(path)

    def files(self, folder: str) -> list[str]:
        prefix = f"{folder}/" if folder else ""
        names = set(self.base.files(folder))
        for path in self.changed:
            if path.startswith(prefix) and "/" not in path[len(prefix):]:
                names.add(path[len(prefix):])
        return sorted(n for n in names if self.entry(prefix + n) is not None)

    def folders(self, folder: str) -> list[str]:
        # The base's folders and those the changed paths lie in; one the pull request empties is
        # listed still, and its files read as absent.
        prefix = f"{folder}/" if folder else ""
        inside = (p[len(prefix):] for p in self.changed if p.startswith(prefix))
        return sorted(set(self.base.folders(folder)) | {rest.split("/")[0] for rest in inside if "/" in rest})

    def read(self, path: str) -> bytes:
        return (self.top if path in self.changed else self.base).read(path)


class SubsetSource:
    """A `load.Source` over chosen paths of a tree: `load()` reads only these."""

    def __init__(self, tree: Tree, paths: Iterable[str]):
        self.tree = tree
        self.paths = sorted(set(paths))

    def entries(self) -> Iterator[Entry]:
        for path in self.paths:
            entry = self.tree.entry(path)
            if entry is not None:
                yield entry

    def read(self, path: str) -> bytes:
        return self.tree.read(path)
