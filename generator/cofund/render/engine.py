"""Run the site engine (MkDocs + Material) over the generated docs tree, and publish.

`build_site` is what `cofund build` does: generate the docs tree, build it into a temporary
folder beside the site, then swap that folder into place. Until the swap nothing the
visitor sees changes, and a failure at any step leaves the previous site as it was.

The docs tree lives in a persistent folder (mkdocs.yml's docs_dir) and only files whose bytes
changed are rewritten, so an engine that skips unchanged pages can; it is a cache, never
served. cofund's own run of MkDocs (engine_build.py) uses every core, and keeps the pages of
the previous site whose sources did not change: a record of what that site was built from
is kept in the repository's cache folder (cofund/cache.py).

The replaced site is not removed: it is kept as the spare (in the cache folder), and the
next build starts from it, changing only the files that differ (_take_spare). A folder
renamed into place whole is still the only way the site changes.
"""

from __future__ import annotations

import datetime as dt
import glob
import hashlib
import logging
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, MkDocsException
from mkdocs.utils.yaml import yaml_load

from ..cache import cache_dir
from . import engine_build

T = TypeVar("T")


class EngineError(Exception):
    """The engine could not build the site; the message says why."""


@contextmanager
def source_date(today: dt.date) -> Iterator[None]:
    """MkDocs stamps the sitemap with the build date: make it `today`, so that the same data
    and the same today give byte-identical output (the reproducible-builds convention)."""
    epoch = str(int(dt.datetime(today.year, today.month, today.day, tzinfo=dt.UTC).timestamp()))
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = epoch
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


OLD_PREFIX = ".{name}.old-"  # a replaced site, waiting to be removed
NEW_PREFIX = ".{name}.new-"  # a site being built


def _swap_into_place(built: Path, site_dir: Path, spare: Path | None) -> None:
    """Replace site_dir with built: two renames on one file system. The old site becomes the
    spare (see _take_spare), or, if that place is taken, is removed without waiting for it.

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
        _remove_later(old)


def _spare_path(config_file: Path, site_dir: Path) -> Path:
    """Where the site before the one in site_dir is kept: in the cache folder, out of the
    user's way, if that is on the site's file system (folders move only within one);
    otherwise a hidden folder beside the site."""
    cache = _record_path(config_file, site_dir).with_suffix(".spare")
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        if cache.parent.stat().st_dev == site_dir.parent.stat().st_dev:
            return cache
    except OSError:
        pass
    return site_dir.parent / f".{site_dir.name}.spare"


def _take_spare(spare: Path, staging: Path) -> bool:
    """Move the spare site into the (empty) staging folder, to build the new site over it.

    The site before last differs from the new one only where the last two builds changed
    something, so making it the new site (engine_build._lay_out: it links, writes or removes
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


def _remove_later(folder: Path) -> None:
    """Remove folder in a detached process (here, if one cannot be started). The process
    holds a lock on the folder while it works, so a build starting meanwhile leaves it be."""
    handle = _lock(folder)
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


def _lock(folder: Path) -> int | None:
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


def _discard(folder: Path, site_dir: Path) -> None:
    """Remove folder without waiting: renamed aside first (beside it), so that its name is
    free at once and nothing that takes that name later can be touched by the removal."""
    aside = Path(tempfile.mkdtemp(prefix=OLD_PREFIX.format(name=site_dir.name), dir=folder.parent))
    try:
        os.rename(folder, aside / site_dir.name)
    except OSError:
        aside.rmdir()
        return
    _remove_later(aside)


def remove_leftovers(site_dir: Path, where: Path | None = None) -> None:
    """Remove replaced sites beside site_dir (or in `where`) that an interrupted removal left
    behind, and sites an interrupted build left half built (a build holds a lock on its
    folder, so one still running is left be)."""
    for prefix in (OLD_PREFIX, NEW_PREFIX):
        for leftover in (where or site_dir.parent).glob(glob.escape(prefix.format(name=site_dir.name)) + "*"):
            if leftover.is_dir() and not leftover.is_symlink():
                try:
                    _remove_later(leftover)
                except OSError:
                    pass  # gone meanwhile


def docs_dir_of(config_file: Path) -> Path:
    with open(config_file, encoding="utf-8") as f:
        raw = yaml_load(f) or {}
    return config_file.parent / str(raw.get("docs_dir", "docs"))


def ensure_docs_dir(config_file: Path) -> None:
    """MkDocs refuses a docs_dir that does not exist yet, before any plugin runs: make it."""
    docs_dir_of(config_file).mkdir(parents=True, exist_ok=True)


def default_jobs() -> int:
    """One process per core this process may use; one where processes cannot fork."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _record_path(config_file: Path, site_dir: Path) -> Path:
    key = hashlib.blake2b(str(site_dir).encode(), digest_size=8).hexdigest()
    return cache_dir(config_file.parent) / f"site-{key}.json"


def _previous_record(path: Path, site_dir: Path) -> engine_build.Record | None:
    """The record of the site now in site_dir, if there is one and it describes that folder."""
    try:
        record = engine_build.Record.from_json(path.read_text(encoding="utf-8"))
        if record is not None and record.stamp == engine_build.site_stamp(site_dir):
            return record
    except OSError:
        pass
    return None


def _save_record(path: Path, record: engine_build.Record, site_dir: Path) -> None:
    record.site, record.stamp = str(site_dir), engine_build.site_stamp(site_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(record.to_json(), encoding="utf-8")
    os.replace(tmp, path)
    # Records of sites that are gone (a temporary folder, say) would pile up: drop them, and
    # their spare sites (which may then hold the only copy of each file: a whole site).
    for other in path.parent.glob("site-*.json"):
        if other != path:
            kept = engine_build.Record.from_json(other.read_text(encoding="utf-8"))
            if kept is None or not kept.site or not Path(kept.site).is_dir():
                other.unlink(missing_ok=True)
    for spare in path.parent.glob("site-*.spare"):
        if spare != path.with_suffix(".spare") and not spare.with_suffix(".json").exists() and spare.is_dir():
            _discard(spare, site_dir)


def build_site(
    config_file: Path, site_dir: Path, generate: Callable[[Path, str | None, int], T], today: dt.date,
    jobs: int | None = None, incremental: bool = True,
) -> T:
    """Generate the docs tree, build the site into site_dir, and return what `generate` did.

    generate(docs_dir, site_url, jobs) writes the docs tree (mkdocs.yml says where it goes
    and the site's address). With `incremental`, pages of the site already in site_dir whose
    sources did not change are kept rather than built again; the result is the same, byte
    for byte."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(site_dir)
    ensure_docs_dir(config_file)
    staging = Path(tempfile.mkdtemp(prefix=NEW_PREFIX.format(name=site_dir.name), dir=site_dir.parent))
    spare = _spare_path(config_file, site_dir)
    if spare.parent != site_dir.parent:
        remove_leftovers(site_dir, spare.parent)
    lock = None
    try:
        with source_date(today):
            config = load_config(str(config_file), site_dir=str(staging))
            record_path = _record_path(config_file, site_dir)
            previous = _previous_record(record_path, site_dir) if incremental and site_dir.is_dir() else None
            # Only cofund's engine builds over an older site (MkDocs' own wants an empty folder),
            # and only one that shares most files with the site now: after a build that built
            # most pages again, replacing nearly every file of the spare costs more than a new folder.
            if previous is not None and engine_build.supports(config) and previous.built * 2 < len(previous.search):
                _take_spare(spare, staging)
            elif spare.is_dir() and not spare.is_symlink():
                _discard(spare, site_dir)  # its place is for the site now in site_dir
            lock = _lock(staging)  # remove_leftovers leaves a folder alone while a build holds it
            docs_dir = Path(config.docs_dir)
            jobs = jobs or default_jobs()
            generated = generate(docs_dir, config.site_url, jobs)
            plugin = config.plugins.get("cofund")
            if plugin is not None:
                plugin.tree_ready = True  # generated just now: the plugin need not do it again
            record = None
            if engine_build.supports(config):
                record = engine_build.build(
                    config, jobs=jobs, previous_site=site_dir if previous else None, record=previous
                )
            else:
                mkdocs_build(config)
        # mkdtemp makes the folder private (0700): give the site the usual permissions.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(staging, 0o777 & ~umask)
        os.utime(staging)  # a new stamp (site_stamp), even where nothing at its top changed
        record_path.unlink(missing_ok=True)  # it describes the site about to be replaced
        _swap_into_place(staging, site_dir, spare)
        if record is not None:
            _save_record(record_path, record, site_dir)
        return generated
    except (Abort, MkDocsException) as error:
        raise EngineError(str(error) or type(error).__name__) from error
    finally:
        if lock not in (None, -1):
            os.close(lock)
        if staging.exists():
            # Failed: whatever the folder holds, it can be the next build's spare.
            try:
                if os.path.lexists(spare):
                    raise FileExistsError(spare)
                os.rename(staging, spare)
            except OSError:
                shutil.rmtree(staging, ignore_errors=True)


def quiet_engine() -> None:
    """MkDocs logs every page at INFO; keep warnings and errors only."""
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
