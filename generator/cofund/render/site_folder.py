"""The published site folder: built beside, moved in whole, the previous one kept as the spare.

A site is built into a new hidden folder beside the site (`new_folder`), then swapped into
place (`swap_into_place`): two renames on one file system. Until the swap nothing the visitor
sees changes, and a failure at any step leaves the previous site as it was.

The replaced site is not removed: it is kept as the spare (in the cache folder, beside the
record of the site it preceded: `spare_path`), and the next build starts from it, changing
only the files that differ (`take_spare`). A folder renamed into place whole is still the
only way the site changes.

What is removed (a replaced site when the spare's place is taken, a spare that is not
wanted) is removed by a detached process, without waiting for it (`remove_later`); whatever
an interrupted removal or build left behind, the next build removes (`remove_leftovers`).
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

OLD_PREFIX = ".{name}.old-"  # a replaced site, waiting to be removed
NEW_PREFIX = ".{name}.new-"  # a site being built
COPY_PREFIX = ".{name}.copy-"  # a copy of the site being made, to be the spare (copy_later)


def new_folder(site_dir: Path) -> Path:
    """An empty hidden folder beside site_dir, to build the next site in."""
    return Path(tempfile.mkdtemp(prefix=NEW_PREFIX.format(name=site_dir.name), dir=site_dir.parent))


def make_publishable(folder: Path) -> None:
    """Ready a folder made by new_folder to be swapped into place."""
    # mkdtemp makes the folder private (0700): give the site the usual permissions.
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(folder, 0o777 & ~umask)
    os.utime(folder)  # a new stamp (site_stamp), even where nothing at its top changed


def swap_into_place(built: Path, site_dir: Path, spare: Path | None) -> None:
    """Replace site_dir with built: two renames on one file system. The old site becomes the
    spare (see take_spare), or, if that place is taken, is removed without waiting for it.

    Removing a national-scale site (10,000 files and folders) takes as long as everything
    else an incremental build does, and nobody needs to wait for it: by then the new site is
    in place whole. So the old one is renamed aside into a hidden folder beside the site, and a
    detached process removes it. If that process is stopped before it finishes, the hidden
    folder is a leftover that the next build removes (remove_leftovers); no visitor ever sees
    it, as it is outside site_dir."""
    old = None
    if site_dir.exists():
        if spare is not None and not os.path.lexists(spare):
            old = spare
            os.rename(site_dir, spare)
        else:
            old = Path(tempfile.mkdtemp(prefix=OLD_PREFIX.format(name=site_dir.name), dir=site_dir.parent))
            os.rename(site_dir, old / site_dir.name)
    os.rename(built, site_dir)
    if old is not None and old != spare:
        remove_later(old)


def spare_path(record_path: Path, site_dir: Path) -> Path:
    """Where the site before the one in site_dir is kept: in the cache folder beside its
    record (record_path), out of the user's way, if that is on the site's file system
    (folders move only within one); otherwise a hidden folder beside the site."""
    cache = record_path.with_suffix(".spare")
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        if cache.parent.stat().st_dev == site_dir.parent.stat().st_dev:
            return cache
    except OSError:
        pass
    return site_dir.parent / f".{site_dir.name}.spare"


def take_spare(spare: Path, staging: Path) -> bool:
    """Move the spare site into the (empty) staging folder, to build the new site over it.

    The site before last differs from the new one only where the last two builds changed
    something, so making it the new site (site_layout.lay_out: it links, writes or removes
    only the files that differ, and never writes into a file another site shares) is a few
    dozen file operations, where a new folder takes 10,000 (4,000 folders and 6,000 links at
    national scale, 0.35 s, seconds when the disk is busy), and removing the old site as many
    again. The swap is the same two renames: the site is still moved in whole."""
    if not spare.is_dir() or spare.is_symlink():
        return False
    try:
        os.rename(spare, staging)  # onto the empty folder; fails if another build took it
    except OSError:
        return False
    return True


def keep_as_spare(staging: Path, spare: Path | None) -> None:
    """A build into staging failed: whatever the folder holds, it can be the next build's
    spare; removed if that place is taken (or there is no spare: nothing is kept)."""
    if staging.exists():
        try:
            if spare is None or os.path.lexists(spare):
                raise FileExistsError(spare)
            os.rename(staging, spare)
        except OSError:
            shutil.rmtree(staging, ignore_errors=True)


# Run by a detached `python -I -S` (no code of this project): hard links of every file of
# the site into the new folder, which is then renamed to be the spare, if that place is free.
_COPY = """
import os, shutil, sys
site, copy, spare = sys.argv[1:4]
try:
    for root, folders, files in os.walk(site):
        here = os.path.join(copy, os.path.relpath(root, site))
        os.makedirs(here, exist_ok=True)
        for name in files:
            os.link(os.path.join(root, name), os.path.join(here, name))
    if os.path.lexists(spare):
        raise FileExistsError(spare)
    os.rename(copy, spare)
except OSError:
    shutil.rmtree(copy, ignore_errors=True)
"""


def copy_later(site_dir: Path, spare: Path) -> None:
    """Make the spare a copy of the site in site_dir, of hard links, in a detached process.

    After a build that built most pages (a first build, or one after the settings changed),
    the old site shares almost no files with the new one: as a spare it would cost more to
    bring up to date than a new folder (4,000 folders and 6,000 links at national scale,
    half a second). A copy of links shares every file, so the next build, the first small
    change, only replaces the pages that change. Nobody waits for it: a build that starts
    before it is done finds no spare and lays out a new folder, as before. The copy is made
    under another name (COPY_PREFIX, locked while it is made) and renamed into place whole."""
    if os.path.lexists(spare):
        return
    copy = Path(tempfile.mkdtemp(prefix=COPY_PREFIX.format(name=site_dir.name), dir=spare.parent))
    handle = lock(copy)
    try:
        subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", _COPY, str(site_dir), str(copy), str(spare)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True, pass_fds=(handle,) if handle not in (None, -1) else (),
        )
    except OSError:
        shutil.rmtree(copy, ignore_errors=True)
    finally:
        unlock(handle)  # the child's copy keeps the lock until it exits


def remove_later(folder: Path) -> None:
    """Remove folder in a detached process (here, if one cannot be started). The process
    holds a lock on the folder while it works, so a build starting meanwhile leaves it be."""
    handle = lock(folder)
    if handle == -1:
        return  # another process is removing it
    try:
        # -I -S: isolated, no site packages; the child runs no code of this project.
        subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)",
             str(folder)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True, pass_fds=(handle,) if handle is not None else (),
        )
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)
    finally:
        if handle is not None:
            os.close(handle)  # the child's copy keeps the lock until it exits


def lock(folder: Path) -> int | None:
    """A descriptor of folder holding an exclusive lock on it; -1 if another process holds
    one; None where there are no such locks."""
    try:
        import fcntl
    except ImportError:
        return None
    handle = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(handle)
        return -1
    return handle


def unlock(handle: int | None) -> None:
    """Let go of a lock that lock() returned (-1 or None: there is none)."""
    if handle not in (None, -1):
        os.close(handle)


def discard(folder: Path, site_dir: Path) -> None:
    """Remove folder without waiting: renamed aside first (beside it), so that its name is
    free at once and nothing that takes that name later can be touched by the removal."""
    aside = Path(tempfile.mkdtemp(prefix=OLD_PREFIX.format(name=site_dir.name), dir=folder.parent))
    try:
        os.rename(folder, aside / site_dir.name)
    except OSError:
        aside.rmdir()
        return
    remove_later(aside)


def discard_spares_without_record(record_path: Path, site_dir: Path) -> None:
    """Remove the spare sites beside record_path whose record is gone (their site is gone:
    a temporary folder, say): each may hold the only copy of each file, a whole site."""
    for spare in record_path.parent.glob("site-*.spare"):
        if spare != record_path.with_suffix(".spare") and not spare.with_suffix(".json").exists() and spare.is_dir():
            discard(spare, site_dir)


def remove_leftovers(site_dir: Path, where: Path | None = None) -> None:
    """Remove replaced sites beside site_dir (or in `where`) that an interrupted removal left
    behind, and sites an interrupted build left half built (a build holds a lock on its
    folder, so one still running is left be)."""
    for prefix in (OLD_PREFIX, NEW_PREFIX, COPY_PREFIX):
        for leftover in (where or site_dir.parent).glob(glob.escape(prefix.format(name=site_dir.name)) + "*"):
            if leftover.is_dir() and not leftover.is_symlink():
                try:
                    remove_later(leftover)
                except OSError:
                    pass  # gone meanwhile

