"""`cofund build [REPO]`: validate, compute and publish the site into SITE_DIR (public/)."""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

import click

from ..compute import compute
from ..render.engine import EngineError, build_site, quiet_engine
from . import load_valid, main, repo_argument, today_option


@main.command("build")
@repo_argument
@today_option
@click.option(
    "--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Where to publish the site.  [default: REPO/public]",
)
def build_command(repo: Path, today: dt.date, site_dir: Path | None) -> None:
    """Build the catalogue site from the data in REPO.

    On invalid data it prints the same lines as `cofund validate` and exits 1; if anything
    fails, the previous site stays as it was.
    """
    started = time.monotonic()
    validated = load_valid(repo, today)
    computed = compute(validated.catalogue, today)
    target = site_dir if site_dir is not None else repo / "public"
    quiet_engine()
    try:
        written = build_site(repo, computed, target)
    except EngineError as error:
        click.echo(f"The site could not be built: {error}", err=True)
        sys.exit(1)
    click.echo(
        f"Built {len(computed.pitches)} pitches and {len(computed.organisations)} organisations into "
        f"{target} in {time.monotonic() - started:.1f}s ({written} generated files changed)."
    )
