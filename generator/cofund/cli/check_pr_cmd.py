"""`cofund check-pr [REPO] --base REF --head REF`: may this pull request merge?"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click
import git

from ..prcheck import ReviewsError, check, parse_reviews
from ..prcheck.report import markdown, text
from . import main, today_option


def _commit(repo: git.Repo, ref: str, option: str) -> git.Commit:
    # A ref starting with '-' would be read by git as an option.
    if not ref or ref.startswith("-"):
        raise click.BadParameter(f"{ref!r} is not a branch, tag or commit", param_hint=option)
    try:
        return repo.commit(ref)
    except (git.BadName, git.BadObject, ValueError, IndexError):
        raise click.BadParameter(f"{ref!r} is not a branch, tag or commit of this repository", param_hint=option) from None


@main.command("check-pr")
@click.argument("repo", type=click.Path(exists=True, file_okay=False, path_type=Path), default=".", required=False)
@click.option("--base", "base_ref", required=True, metavar="REF", help="The branch the pull request merges into (its tip).")
@click.option("--head", "head_ref", required=True, metavar="REF", help="The pull request's head commit.")
@click.option(
    "--reviews", "reviews_file", type=click.File("r", encoding="utf-8"), metavar="FILE",
    help="The JSON array GitHub's REST API returns for the pull request's reviews (every page).",
)
@click.option("--author", metavar="LOGIN", help="The GitHub login of the pull request's author.")
@click.option(
    "--markdown", "markdown_file", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
    help="Also write the summary as Markdown, for the pull request's comment.",
)
@today_option
def check_pr_command(
    repo: Path,
    base_ref: str,
    head_ref: str,
    reviews_file: click.utils.LazyFile | None,
    author: str | None,
    markdown_file: Path | None,
    today: dt.date,
) -> None:
    """Check a pull request: what it changes, who must approve it, and whether they have.

    Reads both commits straight from Git (nothing is checked out or run), validates the
    files the change touches, and lists each approval needed with who gave it and who still
    must. Signatories and maintainers are read from BASE. Exit 0 when the pull request may
    merge, 1 when data is invalid, a change is refused or an approval is missing, 2 on a
    usage error.
    """
    try:
        repository = git.Repo(repo)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise click.BadParameter(f"{repo} is not a Git repository", param_hint="REPO") from None
    base = _commit(repository, base_ref, "--base")
    head = _commit(repository, head_ref, "--head")
    reviews = []
    if reviews_file is not None:
        try:
            reviews = parse_reviews(reviews_file.read())
        except ReviewsError as exc:
            raise click.BadParameter(f"{reviews_file.name}: {exc}", param_hint="--reviews") from None
    report = check(repository, base, head, reviews, author, today)
    click.echo(text(report), nl=False)
    if markdown_file is not None:
        markdown_file.write_text(markdown(report), encoding="utf-8")
    sys.exit(0 if report.may_merge else 1)
