"""Write the generated docs tree into its folder, touching only files whose bytes changed.

An unchanged file keeps its modification time, so `mkdocs serve`, which watches the folder,
does not see a change that is not one (rewriting every file would start another rebuild).
Files no longer generated are removed, and folders left empty. Dotfiles and dot-folders are
left alone (the engine ignores them; the folder's .gitignore lives there).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path


def _listing(root: Path) -> tuple[set[str], list[str]]:
    """Every file not under a dot name (relative POSIX paths), and every folder."""
    files: set[str] = set()
    folders: list[str] = []
    for folder, dirs, names in os.walk(root):  # symlinked folders are neither followed nor removed
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        rel = Path(folder).relative_to(root).as_posix()
        prefix = "" if rel == "." else rel + "/"
        if prefix:
            folders.append(rel)
        files.update(prefix + name for name in names if not name.startswith("."))
    return files, folders


def write_docs(root: Path, files: Iterable[tuple[str, bytes]]) -> int:
    """Make `root` hold exactly `files`, (path, bytes) pairs, besides dot names; a path given
    twice holds its last bytes. Return how many files were written. The pairs are written as
    they come, so a national catalogue's files are never all in memory at once."""
    root.mkdir(parents=True, exist_ok=True)
    present, folders = _listing(root)
    given: set[str] = set()
    written = 0
    for rel, data in files:
        given.add(rel)
        target = root / rel
        if rel in present and target.stat().st_size == len(data) and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_bytes(data)
        os.replace(tmp, target)  # a reader (mkdocs serve) never sees half a file
        written += 1
    for rel in present - given:
        (root / rel).unlink(missing_ok=True)
    for rel in sorted(folders, key=lambda f: f.count("/"), reverse=True):  # deepest first
        with suppress(OSError):
            (root / rel).rmdir()  # only if empty
    return written
