"""`cofund validate [REPO]`: every problem in every file, one line each."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from . import load_valid, main, repo_argument, today_option


@main.command("validate")
@repo_argument
@today_option
def validate_command(repo: Path, today: dt.date) -> None:
    """Check every data file in REPO; print one line per problem.

    Each line reads `path:line:column: field: message`. Exit 0 when all is valid, 1 otherwise.
    """
    validated = load_valid(repo, today)
    catalogue = validated.catalogue
    pledges = sum(len(p.pledges) for p in catalogue.pitches)
    adopters = sum(len(p.adopters) for p in catalogue.pitches)
    click.echo(
        f"Valid: {len(catalogue.organisations)} organisations, {len(catalogue.pitches)} pitches, "
        f"{pledges} pledges, {adopters} adopters."
    )
