"""`cofund export [REPO] [--format json|csv]`: the computed catalogue as open data on stdout."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from ..compute import compute
from ..export import to_csv, to_json
from . import load_valid, main, repo_argument, today_option


@main.command("export")
@repo_argument
@today_option
@click.option(
    "--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True,
    help="json: the whole computed catalogue; csv: one row per pledge.",
)
def export_command(repo: Path, today: dt.date, fmt: str) -> None:
    """Print the computed catalogue of REPO: pitches, pledges, organisations, totals.

    Money is written in pounds with two decimals ("6000.00"). Exit 0 when the data is valid,
    1 (with every problem listed) when it is not.
    """
    computed = compute(load_valid(repo, today).catalogue, today)
    text = to_csv(computed) if fmt == "csv" else to_json(computed)
    # Bytes, so the CSV's CRLF line ends and UTF-8 reach stdout unchanged on every platform.
    sys.stdout.flush()
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.buffer.flush()
