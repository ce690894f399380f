"""`cofund intake --form KIND --body FILE --author LOGIN`: a submitted issue form -> a data file."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from ..intake import KINDS, intake, write
from . import main, today_option


@main.command("intake")
@click.option("--form", "kind", type=click.Choice(KINDS), required=True, help="Which form the issue was opened with.")
@click.option(
    "--body", "body_file", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=True,
    metavar="FILE", help="The issue's body, as GitHub rendered the form.",
)
@click.option("--author", required=True, metavar="LOGIN", help="The GitHub login of the issue's author.")
@click.option(
    "--repo", type=click.Path(exists=True, file_okay=False, path_type=Path), default=".", show_default=True,
    help="The catalogue repository to write the file into.",
)
@click.option(
    "--issue", type=click.IntRange(min=1), metavar="NUMBER", help="The issue's number, to link from the pull request."
)
@click.option(
    "--result", "result_file", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
    help="Also write the outcome as JSON: path, title and body of the pull request, or problems.",
)
@today_option
def intake_command(
    kind: str, body_file: Path, author: str, repo: Path, issue: int | None, result_file: Path | None, today: dt.date
) -> None:
    """Turn a submitted issue form into the data file it asks for, checked first.

    On success, writes the file into REPO and prints its path, then the pull request's
    title and body (Markdown, which @mentions the signatory the form names). Otherwise
    writes nothing, prints every problem in plain words as one Markdown comment for the
    issue, and exits 1.
    """
    body = body_file.read_text(encoding="utf-8", errors="replace")
    outcome = intake(kind, body, author, today, repo, issue)
    if result_file is not None:
        result_file.write_text(
            json.dumps({"path": outcome.path, "title": outcome.title, "body": outcome.body,
                        "problems": list(outcome.problems)}, indent=2),
            encoding="utf-8",
        )
    if not outcome.ok:
        click.echo(outcome.comment(), nl=False)
        sys.exit(1)
    write(repo, outcome)
    click.echo(outcome.path)
    click.echo(outcome.title)
    click.echo()
    click.echo(outcome.body, nl=False)
