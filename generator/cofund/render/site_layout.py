"""A new site's folder laid out: its folders, and hard links to the files that the previous
site or the docs tree already holds (copies where links are not possible).

Neither of those ever rewrites a file in place (the docs tree's files are replaced whole:
tree.py), so the new site can share their files. The rule that keeps sharing safe: nothing
is written into a file that may be shared; one that must change is removed and made anew
(`Tree.link`, `lay_out`).

The folder may start empty, or hold an older site (site_folder.py's spare), which `lay_out`
makes into the new one, touching only what differs. `Layout` does that in a forked process
while the rest of the build (engine_build.py) reads and renders the pages.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import shutil
from collections.abc import Iterable
from typing import Any

from mkdocs.structure.files import File

from .. import forked


class Tree:
    """Hard links (copies where links are not possible) into the new site, each folder made
    once: os.makedirs for each of 4,000 page folders cost 0.5 s at national scale, as it
    checks every level of the path each time."""

    def __init__(self, root: str) -> None:
        self.root = os.path.normpath(root)
        self.made = {self.root}

    def folder(self, path: str) -> None:
        if path in self.made:
            return
        self.folder(os.path.dirname(path))
        with contextlib.suppress(FileExistsError):  # MkDocs may have made it, writing a page
            os.mkdir(path)
        self.made.add(path)

    def link(self, source: str, target: str) -> None:
        self.folder(os.path.dirname(target))
        try:
            os.link(source, target)
        except FileExistsError:  # never write into a file that another site may share
            os.unlink(target)
            self.link(source, target)
        except OSError:  # another file system, or links not allowed: copy
            shutil.copyfile(source, target)


def _walk(root: str) -> tuple[dict[str, int], list[str]]:
    """Every file (or link) under root with its inode, and every folder."""
    files: dict[str, int] = {}
    folders: list[str] = []
    stack = [root]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                    stack.append(entry.path)
                else:
                    files[entry.path] = entry.inode()
    return files, folders


def lay_out(root: str, folders: Iterable[str], links: Iterable[tuple[str, str]], copies: Iterable[File]) -> None:
    """Make root hold the folders and links given and nothing else, ready for the copies and
    for MkDocs to write the rest. root may hold an older site (site_folder.py's spare): a file
    there that is already the link wanted stays; every other file is removed, so nothing
    is ever written into a file that another site shares; folders no longer wanted go."""
    wanted = {target: source for source, target in links}
    tree = Tree(root)
    device = os.stat(tree.root).st_dev
    there, old_folders = _walk(tree.root)
    done = set()
    for path, inode in there.items():
        source = wanted.get(path)
        if source is not None:
            with contextlib.suppress(OSError):
                st = os.stat(source)
                if st.st_ino == inode and st.st_dev == device:  # the very file: a link to it
                    done.add(path)
                    continue
        os.unlink(path)
    needed = set()
    for folder in folders:
        while folder not in needed and folder != tree.root:
            needed.add(folder)
            folder = os.path.dirname(folder)
    for folder in sorted(old_folders, key=len, reverse=True):
        if folder in needed:
            tree.made.add(folder)
        else:
            with contextlib.suppress(OSError):  # it holds a folder that is needed
                os.rmdir(folder)
    for folder in folders:
        tree.folder(folder)
    for source, target in links:
        if target not in done:
            tree.link(source, target)
    for file in copies:
        file.copy_file()


class Layout:
    """The new site's folders, kept pages and static files, laid out (lay_out) by a forked
    process while this one reads and renders the pages, before anything is written.

    It is file-system work that needs nothing from the rest of the build once it is known
    which pages are kept: over a spare site, a walk of its folders (0.05 s at national
    scale); into an empty folder, 4,000 page folders and 6,000 links (0.35 s, seconds when
    the disk is busy). In a process of its own it overlaps the rest. Without processes (one
    job, or no fork) it is done here and now."""

    def __init__(self, jobs: int, root: str, folders: list[str], links: list[tuple[str, str]], copies: list[File]) -> None:
        self.work = (root, folders, links, copies)
        self.linked = {target for _, target in links}
        self.process: Any = None
        # Over a spare site it is a walk and a few changes: not worth a process.
        if forked.forks(jobs, 2) and not os.listdir(root):
            self.process = multiprocessing.get_context("fork").Process(target=lay_out, args=self.work, daemon=True)
            self.process.start()
        else:
            lay_out(*self.work)

    def wait(self) -> None:
        """Until it is done; done here if the process failed (it is all idempotent)."""
        if self.process is not None:
            self.process.join()
            failed = self.process.exitcode != 0
            self.process = None
            if failed:
                lay_out(*self.work)

    def stop(self) -> None:
        """The build failed: stop, so that the new site's folder can be removed."""
        if self.process is not None:
            self.process.terminate()
            self.process.join()
            self.process = None
