"""`cofund build [REPO]`: validate, compute and publish the site into SITE_DIR (public/)."""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

import click

from ..cache import cache_dir
from ..compute import compute
from ..render import generate, start_history
from ..render.engine import EngineError, build_site, quiet_engine
from . import load_valid, main, repo_argument, today_option


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
def build_command(repo: Path, today: dt.date, site_dir: Path | None, jobs: int | None) -> None:
    """Build the catalogue site from the data in REPO.

    On invalid data it prints the same lines as `cofund validate` and exits 1; if anything
    fails, the previous site stays as it was. Pages of the previous site whose sources did
    not change are kept rather than built again (the result is the same, byte for byte).
    """
    started = time.monotonic()
    # Git reads the audit trail while the data is validated.
    history = start_history(repo, cache_dir(repo))
    validated = load_valid(repo, today)
    computed = compute(validated.catalogue, today)
    target = site_dir if site_dir is not None else repo / "public"
    quiet_engine()
    try:
        written = build_site(
            repo / "mkdocs.yml", target, today=today, jobs=jobs,
            generate=lambda docs_dir, site_url, jobs: generate(
                repo, computed, docs_dir, site_url, history.result(), jobs
            ).written,
        )
    except EngineError as error:
        click.echo(f"The site could not be built: {error}", err=True)
        sys.exit(1)
    click.echo(
        f"Built {len(computed.pitches)} pitches and {len(computed.organisations)} organisations into "
        f"{target} in {time.monotonic() - started:.1f}s ({written} generated files changed)."
    )
