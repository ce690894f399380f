"""Write the generated docs tree, touching only files whose bytes changed.

An unchanged file keeps its modification time, so an engine that rebuilds only what changed
(`mkdocs serve`, a dirty build) skips it; files no longer generated are removed. Dotfiles and
dot-folders are left alone (the engine ignores them; the folder's .gitignore lives there).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path


def write_tree(root: Path, files: Mapping[str, bytes]) -> int:
    """Make `root` hold exactly `files` (relative POSIX paths); return how many were written."""
    root.mkdir(parents=True, exist_ok=True)
    written = 0
    for rel, data in files.items():
        target = root / rel
        try:
            if target.read_bytes() == data:
                continue
        except FileNotFoundError:
            target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_bytes(data)
        os.replace(tmp, target)
        written += 1
    for dirpath, dirnames, filenames in os.walk(root, topdown=False):
        if any(part.startswith(".") for part in Path(dirpath).relative_to(root).parts):
            continue
        for name in filenames:
            if name.startswith("."):
                continue
            path = Path(dirpath, name)
            if path.relative_to(root).as_posix() not in files:
                path.unlink()
        if dirpath != str(root) and not os.listdir(dirpath):
            os.rmdir(dirpath)
    return written
