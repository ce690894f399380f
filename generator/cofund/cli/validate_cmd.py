"""`cofund validate [REPO]`: every problem in every file, one line each."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from . import load_valid, main, repo_argument, today_option


def _count(number: int, noun: str, plural: str = "") -> str:
    return f"{number:,} " + (noun if number == 1 else plural or noun + "s")


@main.command("validate")
@repo_argument
@today_option
def validate_command(repo: Path, today: dt.date) -> None:
    """Check every data file in REPO; print one line per problem.

    Each line reads `path:line:column: field: message`, sorted by path and line. Exit 0 when
    all is valid (with a one-line summary), 1 when there are problems, 2 on a usage error.
    """
    catalogue = load_valid(repo, today).catalogue
    pledges = sum(len(p.pledges) for p in catalogue.pitches)
    adopters = sum(len(p.adopters) for p in catalogue.pitches)
    click.echo(
        f"Valid: {_count(len(catalogue.organisations), 'organisation')}, "
        f"{_count(len(catalogue.pitches), 'pitch', 'pitches')}, "
        f"{_count(pledges, 'pledge')} and {_count(adopters, 'adopter')}."
    )
