"""`cofund build [REPO]`: validate, compute and publish the site into SITE_DIR (public/)."""

from __future__ import annotations

import datetime as dt
import gc
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import click

from ..cache import (
    CacheError,
    cache_dir,
    code_fingerprint,
    compiled_templates_dir,
    read_kept,
    write_kept_later,
)
from ..incremental import DataRecord, refresh, walk_meanwhile
from ..load.repository import paused_gc
from ..render import generate, start_history
from ..render.engine_process import EngineError, start_engine
from ..render.memo import RenderRecord
from ..render.templating import keep_compiled
from . import main, print_problems, repo_argument, today_option

KEPT = "build.pickle"


@dataclass(frozen=True)
class Kept:
    """What a build keeps for the next one, in one pickle so that the objects the two
    records share (the computed catalogue) are still shared when read back."""

    data: DataRecord
    render: RenderRecord


@main.command("build")
@repo_argument
@today_option
@click.option(
    "--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Where to publish the site.  [default: REPO/public]",
)
@click.option(
    "--jobs", type=click.IntRange(min=1), default=None,
    help="Processes to build pages with.  [default: one per core]",
)
@click.option(
    "--no-cache", is_flag=True,
    help="Do all the work again, ignoring what earlier builds kept (the result is the same).",
)
def build_command(repo: Path, today: dt.date, site_dir: Path | None, jobs: int | None, no_cache: bool) -> None:
    """Build the catalogue site from the data in REPO.

    On invalid data it prints the same lines as `cofund validate` and exits 1; if anything
    fails, the previous site stays as it was. A build keeps what the next one may reuse
    (outside the repository: see cofund/cache.py), so after a small change only the data
    files, pages and site files it touched are read, computed and built again; the result
    is the same, byte for byte, as a build from nothing (`--no-cache`).
    """
    started = time.monotonic()
    cache = _usable_cache(repo)
    target = site_dir if site_dir is not None else repo / "public"
    # The data folders are walked and the engine starts (in forked children: before any
    # thread starts), and Git reads the audit trail, while the last build's record is read.
    walked = walk_meanwhile(repo)
    # Cancelled if anything fails before the site is built (see Engine).
    with start_engine(repo / "mkdocs.yml", target, today, jobs, cache, incremental=not no_cache) as engine:
        history = start_history(repo, None if no_cache else cache)
        keep_compiled(compiled_templates_dir(cache) if cache is not None and not no_cache else None)
        key = f"{code_fingerprint()} {today.isoformat()}"
        with paused_gc():  # hundreds of thousands of objects that form no cycles
            kept = read_kept(cache / KEPT, key) if cache is not None and not no_cache else None
        refreshed = refresh(repo, today, kept.data if isinstance(kept, Kept) else None, walked())
        if not refreshed.validated.ok:
            print_problems(refreshed.validated.problems)
            sys.exit(1)
        computed = refreshed.computed
        assert computed is not None and refreshed.record is not None
        built = f"{len(computed.pitches)} pitches and {len(computed.organisations)} organisations"
        reused = f"{refreshed.summary}: {refreshed.reason}" if refreshed.reason else refreshed.summary
        if no_cache:
            reused = f"{refreshed.summary}: --no-cache"

        def generate_and_keep(docs_dir: Path, site_url: str | None, jobs: int) -> int:
            nonlocal kept, refreshed, computed, history
            assert refreshed is not None and history is not None
            previous = kept.render if isinstance(kept, Kept) else None
            generated = generate(
                repo, computed, docs_dir, site_url, history.result(previous.history if previous else None), jobs,
                previous=previous,
            )
            if cache is not None:
                # The docs tree is written: what describes it can be kept now (nobody waits for it).
                write_kept_later(cache / KEPT, key, Kept(refreshed.record, generated.record))
            if previous is None:
                # Every page is built now: for seconds, the engine has a worker per core, and this
                # process only waits. What it holds (the catalogue, the records: 390 MiB at national
                # scale) is let go of, to make room for them.
                kept = refreshed = computed = history = None
                gc.collect()
            else:
                # After a small change the engine is done sooner than freeing all that would be:
                # it is left for the process's end, which does not free it (cli.run). Freed one by
                # one as this function returned, the last build's record and this one's
                # catalogue (half a million objects at national scale) took 0.15 s.
                _LEFT_FOR_EXIT[:] = [kept, refreshed, generated]
            return generated.written

        try:
            written = engine.build(generate_and_keep)
        except EngineError as error:
            click.echo(f"The site could not be built: {error}", err=True)
            sys.exit(1)
        click.echo(
            f"Built {built} into {target} in {time.monotonic() - started:.1f}s ({reused}; {written} generated files changed)."
        )


_LEFT_FOR_EXIT: list[object] = []


def _usable_cache(repo: Path) -> Path | None:
    """The cache folder, made if need be; None (and a warning) if it cannot be: a build
    without it does all the work. One inside the repository is refused outright."""
    try:
        cache = cache_dir(repo)
    except CacheError as error:
        raise click.UsageError(str(error)) from error
    try:
        cache.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        click.echo(f"Warning: the cache folder cannot be used ({error}); building everything.", err=True)
        return None
    return cache
