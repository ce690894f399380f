"""Writing the docs tree: only changed files are rewritten, stale ones removed, dotfiles and
dot-folders kept."""

from __future__ import annotations

import os
from pathlib import Path

from cofund.render.docs_writer import write_docs as write_tree


def test_rewrites_only_what_changed(tmp_path: Path) -> None:
    root = tmp_path / "docs"
    assert write_tree(root, {"a.md": b"one", "x/b.md": b"two", "x/y/c.md": b"three"}.items()) == 3
    (root / ".gitignore").write_text("*\n")
    (root / ".kept").mkdir()
    (root / ".kept" / "site-1.json").write_text("{}")
    old = 1_000_000_000
    for path in ("a.md", "x/b.md"):
        os.utime(root / path, (old, old))
    assert write_tree(root, {"a.md": b"one", "x/b.md": b"TWO"}.items()) == 1
    assert (root / "a.md").stat().st_mtime == old  # unchanged: untouched
    assert (root / "x/b.md").read_bytes() == b"TWO" and (root / "x/b.md").stat().st_mtime != old
    assert not (root / "x/y").exists()  # stale file and its emptied folder removed
    assert (root / ".gitignore").exists()
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()) == [
        ".gitignore", ".kept/site-1.json", "a.md", "x/b.md",
    ]


def test_a_path_given_twice_holds_its_last_bytes(tmp_path: Path) -> None:
    """site/'s page first, then the generated page of the same path: the generated one wins."""
    root = tmp_path / "docs"
    write_tree(root, iter([("about.md", b"hand-written"), ("about.md", b"generated")]))
    assert (root / "about.md").read_bytes() == b"generated"
    write_tree(root, iter([("about.md", b"generated")]))
    assert (root / "about.md").read_bytes() == b"generated"
