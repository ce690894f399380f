"""`cofund build [REPO]`: validate, compute and publish the site into SITE_DIR (public/)."""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

import click

from ..compute import ComputedCatalogue, compute
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

    On invalid data it prints the same lines as `cofund validate` and exits 1. The site is
    built beside SITE_DIR and swapped in whole when it is finished: if anything fails, the
    previous site stays as it was.
    """
    started = time.monotonic()
    target = site_dir if site_dir is not None else repo / "public"
    built: list[str] = []
    quiet_engine()
    try:
        # No reference to the catalogue is kept here: the engine's plugin lets go of it once
        # it has written the docs tree, and the engine needs the memory for its pages.
        build_site(repo / "mkdocs.yml", target, _valid_and_computed(repo, today, built))
    except EngineError as error:
        click.echo(f"The site could not be built: {error}", err=True)
        sys.exit(1)
    click.echo(f"Built {built[0]} into {target} in {time.monotonic() - started:.1f}s.")


def _valid_and_computed(repo: Path, today: dt.date, built: list[str]) -> ComputedCatalogue:
    """The computed catalogue (exit 1 on invalid data); what it holds is added to `built`."""
    computed = compute(load_valid(repo, today).catalogue, today)
    built.append(f"{len(computed.pitches)} pitches and {len(computed.organisations)} organisations")
    return computed
