"""`cofund export [REPO] [--format ...] [--pitch ID] [--site-url URL]`: the computed catalogue as
open data on stdout.

json (the default) and csv are cofund's own exports; publiccode, 360giving and ocds speak the
open standards (export/publiccode.py, export/threesixty_giving.py, export/ocds.py).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from ..compute import compute
from ..export import csv_export, json_export
from ..export.ocds import ocds_export
from ..export.publiccode import publiccode_files
from ..export.threesixty_giving import threesixty_giving_export
from . import load_valid, main, repo_argument, today_option

FORMATS = ("json", "csv", "publiccode", "360giving", "ocds")


@main.command("export")
@repo_argument
@today_option
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="json", show_default=True,
    help="json: the whole computed catalogue; csv: one row per pledge; publiccode: the publiccode.yml of "
    "each product (every pitch in development or live that names a repository), one YAML document each; "
    "360giving: the paid pledges to grant pitches as a 360Giving package; ocds: every pitch taking "
    "pledges as an OCDS planning release, in a release package.",
)
@click.option("--pitch", "pitch_id", metavar="ID", help="With --format publiccode: only this pitch's file.")
@click.option(
    "--site-url", metavar="URL", help="The published site's address, for the package URIs of 360giving and ocds.",
)
def export_command(repo: Path, today: dt.date, fmt: str, pitch_id: str | None, site_url: str | None) -> None:
    """Print the computed catalogue of REPO: pitches, pledges, organisations, totals.

    Money is written in pounds with two decimals ("6000.00"). Exit 0 when the data is valid,
    1 (with every problem listed) when it is not.
    """
    if pitch_id is not None and fmt != "publiccode":
        raise click.UsageError("--pitch goes with --format publiccode")
    computed = compute(load_valid(repo, today).catalogue, today)
    if fmt == "csv":
        data = csv_export(computed).data
    elif fmt == "publiccode":
        data = _publiccode(publiccode_files(computed), pitch_id).encode("utf-8")
    elif fmt == "360giving":
        grants = threesixty_giving_export(computed, site_url)
        if grants is None:
            click.echo("No grant has been paid: no pitch with grant: true has a paid pledge.", err=True)
            return
        data = grants.data
    elif fmt == "ocds":
        data = ocds_export(computed, site_url).data
    else:
        data = json_export(computed).data
    # Bytes, so the CSV's CRLF line ends and UTF-8 reach stdout unchanged on every platform.
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def _publiccode(files: dict[str, str], pitch_id: str | None) -> str:
    """One pitch's file, or every file as one YAML stream (a document each, `---` between)."""
    if pitch_id is None:
        return "---\n".join(files.values())
    if pitch_id not in files:
        having = ", ".join(files) or "none"
        raise click.UsageError(
            f"'{pitch_id}' has no publiccode.yml: only a pitch in development or live that names a "
            f"repository has one (here: {having})"
        )
    return files[pitch_id]
