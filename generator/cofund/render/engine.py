"""Run the site engine (MkDocs + Material) over the generated docs tree, and publish.

`publish` builds the docs tree that a `TreeWriter` writes into a new folder beside the site,
then swaps that folder into place (site_folder.py: the folder built beside, moved in whole,
the previous one kept as the spare to build the next one over). `cofund build` runs it in a
process of its own (engine_process.py); `build_site` runs it here, with a function that
writes the tree.

The docs tree lives in a persistent folder (mkdocs.yml's docs_dir) and only files whose bytes
changed are rewritten, so an engine that skips unchanged pages can; it is a cache, never
served. cofund's own run of MkDocs (engine_build.py) uses every core, and keeps the pages of
the previous site whose sources did not change: a record of what that site was built from
is kept in the repository's cache folder (cofund/cache.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol, TypeVar

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, MkDocsException
from mkdocs.utils.yaml import yaml_load

from .. import forked
from ..cache import compiled_templates_dir
from . import engine_build, site_folder
from .engine_process import EngineError

T = TypeVar("T")


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


def docs_dir_of(config_file: Path) -> Path:
    with open(config_file, encoding="utf-8") as f:
        raw = yaml_load(f) or {}
    return config_file.parent / str(raw.get("docs_dir", "docs"))


def ensure_docs_dir(config_file: Path) -> None:
    """MkDocs refuses a docs_dir that does not exist yet, before any plugin runs: make it."""
    docs_dir_of(config_file).mkdir(parents=True, exist_ok=True)


def _record_path(cache: Path, site_dir: Path) -> Path:
    key = hashlib.blake2b(str(site_dir).encode(), digest_size=8).hexdigest()
    return cache / f"site-{key}.json"


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
    # their spare sites.
    for other in path.parent.glob("site-*.json"):
        if other != path:
            kept = engine_build.Record.from_json(other.read_text(encoding="utf-8"))
            if kept is None or not kept.site or not Path(kept.site).is_dir():
                other.unlink(missing_ok=True)
    site_folder.discard_spares_without_record(path, site_dir)


class TreeWriter(Protocol):
    """Who writes the docs tree for `publish`, and when."""

    def settings(self, docs_dir: Path, site_url: str | None, jobs: int) -> None:
        """The engine has read its settings: where the tree goes, and the site's address."""

    def write(self) -> None:
        """The engine needs the docs tree now: return once it is written."""


class _GenerateHere:
    """generate(docs_dir, site_url, jobs) in this process, when the engine needs the tree."""

    def __init__(self, generate: Callable[[Path, str | None, int], T]) -> None:
        self.generate, self.made = generate, []
        self.args: tuple[Path, str | None, int] | None = None

    def settings(self, docs_dir: Path, site_url: str | None, jobs: int) -> None:
        self.args = (docs_dir, site_url, jobs)

    def write(self) -> None:
        assert self.args is not None
        self.made.append(self.generate(*self.args))


def build_site(
    config_file: Path, site_dir: Path, generate: Callable[[Path, str | None, int], T], today: dt.date,
    jobs: int | None = None, cache: Path | None = None, incremental: bool = True,
) -> T:
    """Generate the docs tree, build the site into site_dir, and return what `generate` did.

    generate(docs_dir, site_url, jobs) writes the docs tree (mkdocs.yml says where it goes
    and the site's address). For `cache` and `incremental`, see `publish`; `cofund build`
    runs `publish` in a process of its own instead (engine_process.py)."""
    here = _GenerateHere(generate)
    publish(config_file, site_dir, here, today, jobs, cache, incremental)
    return here.made[0]  # type: ignore[no-any-return]


def publish(
    config_file: Path, site_dir: Path, tree: TreeWriter, today: dt.date,
    jobs: int | None = None, cache: Path | None = None, incremental: bool = True,
) -> None:
    """Build the site into site_dir, with the docs tree that `tree` writes when asked.

    `cache`: the folder where builds keep their record and the spare site (None: keep
    nothing). With `incremental`, pages of the site already in site_dir whose sources did not
    change are kept rather than built again; the result is the same, byte for byte."""
    if site_dir.is_symlink():
        # The folder is replaced whole and the old one removed: never wherever a link points.
        raise EngineError(f"{site_dir} is a symbolic link: give the site's folder itself")
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    site_folder.remove_leftovers(site_dir)
    ensure_docs_dir(config_file)
    staging = site_folder.new_folder(site_dir)
    lock = site_folder.lock(staging)  # from the start: remove_leftovers leaves a locked folder be
    record_path = _record_path(cache, site_dir) if cache is not None else None
    spare = site_folder.spare_path(record_path, site_dir) if record_path is not None else None
    if spare is not None and spare.parent != site_dir.parent:
        site_folder.remove_leftovers(site_dir, spare.parent)
    try:
        with source_date(today):
            config = load_config(str(config_file), site_dir=str(staging))
            plugin = config.plugins.get("cofund")
            if plugin is not None:
                plugin.tree_ready = True  # `tree` writes it: the plugin need not
            jobs = jobs or forked.default_jobs()
            tree.settings(Path(config.docs_dir), config.site_url, jobs)
            previous = (
                _previous_record(record_path, site_dir)
                if incremental and record_path is not None and site_dir.is_dir() else None
            )
            # Only cofund's engine builds over an older site (MkDocs' own wants an empty folder),
            # and only one that shares most files with the site now: after a build that built
            # most pages again, replacing nearly every file of the spare costs more than a new folder.
            if (previous is not None and spare is not None and engine_build.supports(config)
                    and (previous.spare_is_copy or previous.built * 2 < len(previous.search))):
                if site_folder.take_spare(spare, staging):
                    # The spare's folder is at staging now: hold a lock on it instead.
                    lock, held = site_folder.lock(staging), lock
                    site_folder.unlock(held)
            elif spare is not None and spare.is_dir() and not spare.is_symlink():
                site_folder.discard(spare, site_dir)  # its place is for the site now in site_dir
            record = None
            if engine_build.supports(config):
                compiled = compiled_templates_dir(cache) if cache is not None and incremental else None
                record = engine_build.build(
                    config, jobs=jobs, previous_site=site_dir if previous else None, record=previous,
                    tree_written=tree.write, compiled=compiled,
                )
            else:
                tree.write()
                mkdocs_build(config)
        site_folder.make_publishable(staging)
        if record_path is not None:
            _keep(lambda: record_path.unlink(missing_ok=True))  # it describes the site about to be replaced
        # After a build that built most pages, the old site shares few files with the new one:
        # a copy of the new one makes the better spare (copy_later).
        most = record is not None and record.built * 2 >= len(record.search)
        site_folder.swap_into_place(staging, site_dir, None if most else spare)
        if most and spare is not None and not os.path.lexists(spare):
            site_folder.copy_later(site_dir, spare)
            record.spare_is_copy = True
        if record is not None and record_path is not None:
            _keep(lambda: _save_record(record_path, record, site_dir))
    except (Abort, MkDocsException) as error:
        raise EngineError(str(error) or type(error).__name__) from error
    finally:
        site_folder.unlock(lock)
        site_folder.keep_as_spare(staging, spare)  # if the build failed


def _keep(step: Callable[[], None]) -> None:
    """A step that only keeps something for the next build: if the cache folder cannot be
    written (full, read-only), say so and go on; the site itself is built and in place."""
    try:
        step()
    except OSError as error:
        logging.getLogger("cofund").warning(
            "The build's record could not be kept (%s); the next build will build every page.", error
        )


def quiet_engine() -> None:
    """MkDocs logs every page at INFO; keep warnings and errors only."""
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
