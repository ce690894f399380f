"""`cofund build [REPO]`: validate, compute and publish the site into SITE_DIR (public/)."""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

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
@click.option(
    "--site-url", metavar="URL", default=None,
    help="The address the site will be served from, for its absolute links (feeds, letters, the sitemap, "
    "the 404 page), such as a pull request's preview.  [default: site_url in mkdocs.yml]",
)
def build_command(repo: Path, today: dt.date, site_dir: Path | None, site_url: str | None) -> None:
    """Build the catalogue site from the data in REPO.

    On invalid data it prints the same lines as `cofund validate` and exits 1. The site is
    built beside SITE_DIR and swapped in whole when it is finished: if anything fails, the
    previous site stays as it was.
    """
    if site_url is not None:
        site_url = _site_url(site_url)
    started = time.monotonic()
    target = site_dir if site_dir is not None else repo / "public"
    built: list[str] = []
    quiet_engine()
    try:
        # No reference to the catalogue is kept here: the engine's plugin lets go of it once
        # it has written the docs tree and the letters; the engine needs the memory for its pages.
        build_site(repo / "mkdocs.yml", target, _valid_and_computed(repo, today, built), site_url)
    except EngineError as error:
        click.echo(f"The site could not be built: {error}", err=True)
        sys.exit(1)
    click.echo(f"Built {built[0]} into {target} in {time.monotonic() - started:.1f}s.")


def _valid_and_computed(repo: Path, today: dt.date, built: list[str]) -> ComputedCatalogue:
    """The computed catalogue (exit 1 on invalid data); what it holds is added to `built`."""
    computed = compute(load_valid(repo, today).catalogue, today)
    built.append(f"{len(computed.pitches)} pitches and {len(computed.organisations)} organisations")
    return computed


def _site_url(url: str) -> str:
    """An http(s) address with a host, ending in '/' (MkDocs joins page paths to it)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment \
            or any(c.isspace() or not c.isprintable() for c in url):
        raise click.BadParameter(f"{url!r} is not an http(s) address such as https://example.org/cofund/",
                                 param_hint="--site-url")
    return url if url.endswith("/") else url + "/"
