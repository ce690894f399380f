"""Write the generated docs tree, touching only files whose bytes changed.

An unchanged file keeps its modification time, so an engine that rebuilds only what changed
(`mkdocs serve`, a dirty build) skips it; files no longer generated are removed. Dotfiles and
dot-folders are left alone (the engine ignores them; the folder's .gitignore lives there).

The folder is listed once per generation (`scan`, with each file's inode, size and
modification time): that tells a rebuild which files are still as it left them, without
reading them back, and which files no part produces any more.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

# (st_ino, st_size, st_mtime_ns) of a regular file; None for anything else (a symlink...),
# which is never taken as a file written by cofund.
Stamp = tuple[int, int, int] | None


@dataclass(frozen=True)
class Scan:
    files: dict[str, Stamp]  # every file not under a dot name, by relative POSIX path
    empty: tuple[str, ...]  # folders that were empty (relative POSIX paths)


def _stamp(st: os.stat_result) -> Stamp:
    return (st.st_ino, st.st_size, st.st_mtime_ns) if stat.S_ISREG(st.st_mode) else None


def scan(root: Path) -> Scan:
    files: dict[str, Stamp] = {}
    empty: list[str] = []

    def walk(folder: str, prefix: str) -> None:
        with os.scandir(folder) as entries:
            listed = list(entries)
        if not listed and prefix:
            empty.append(prefix[:-1])
        for entry in listed:
            if entry.name.startswith("."):
                continue
            # Symlinked folders are neither followed nor removed (as os.walk would).
            if entry.is_dir(follow_symlinks=False):
                walk(entry.path, prefix + entry.name + "/")
            elif not entry.is_dir():
                files[prefix + entry.name] = _stamp(entry.stat(follow_symlinks=False))

    if root.is_dir():
        walk(str(root), "")
    return Scan(files, tuple(empty))


def write_files(
    root: Path, files: Iterable[tuple[str, bytes]], on_disk: Mapping[str, Stamp]
) -> tuple[int, dict[str, tuple[int, int, int]]]:
    """Write each file whose bytes differ from what is there; return how many were written and
    every file's stamp afterwards."""
    written = 0
    stamps: dict[str, tuple[int, int, int]] = {}
    made: set[str] = set()
    base = str(root)
    for rel, data in files:
        target = os.path.join(base, rel)
        was = on_disk.get(rel)
        if was is not None and was[1] == len(data):
            try:
                with open(target, "rb") as f:
                    same = f.read() == data
            except FileNotFoundError:  # removed since the scan: written below
                same = False
            if same:
                stamps[rel] = was
                continue
        folder = os.path.dirname(target)
        if folder not in made:  # once per folder: a few dozen in all
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        tmp = target + ".tmp"
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, target)
        stamp = _stamp(os.stat(target))
        assert stamp is not None
        stamps[rel] = stamp
        written += 1
    return written, stamps


def prune(root: Path, found: Scan, produced: Iterable[str] | Mapping[str, object]) -> None:
    """Remove the files of `found` that are not produced any more, and folders left empty."""
    keep = produced if isinstance(produced, (set, frozenset, dict)) else set(produced)
    base = str(root)
    folders = set(found.empty)
    for rel in found.files:
        if rel not in keep:
            try:
                os.unlink(os.path.join(base, rel))
            except FileNotFoundError:
                pass
            folders.add(rel.rpartition("/")[0])
    # Deepest first, so that a folder emptied by removing its last subfolder goes too.
    pending = sorted((f for f in folders if f), key=lambda f: f.count("/"), reverse=True)
    while pending:
        rel = pending.pop(0)
        path = os.path.join(base, rel)
        try:
            if os.listdir(path):
                continue
            os.rmdir(path)
        except FileNotFoundError:
            continue
        parent = rel.rpartition("/")[0]
        if parent and parent not in pending:
            pending.append(parent)
            pending.sort(key=lambda f: f.count("/"), reverse=True)
