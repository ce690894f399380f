"""`cofund check-pr [REPO] --base REF --head REF`: may this pull request merge?"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click
import git

from ..prcheck import check, parse_reviews
from ..prcheck.commits import authored_by
from ..prcheck.github_json import GitHubJSONError, read_array
from ..prcheck.report import PREVIEW_URL, markdown, text
from . import main, today_option


def _commit(repo: git.Repo, ref: str, option: str) -> git.Commit:
    # A ref starting with '-' would be read by git as an option.
    if not ref or ref.startswith("-"):
        raise click.BadParameter(f"{ref!r} is not a branch, tag or commit", param_hint=option)
    try:
        return repo.commit(ref)
    except (git.BadName, git.BadObject, ValueError, IndexError):
        raise click.BadParameter(
            f"{ref!r} is not a branch, tag or commit of this repository", param_hint=option
        ) from None


_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


def _preview_url(_ctx: click.Context, _param: click.Parameter, url: str | None) -> str | None:
    if url is None:
        return None
    url = url if url.endswith("/") else url + "/"
    if not PREVIEW_URL.fullmatch(url):
        raise click.BadParameter(
            f"{url!r} is not a plain http(s) address such as https://example.github.io/previews/pr-7/"
        )
    return url


@main.command("check-pr")
@click.argument("repo", type=click.Path(exists=True, file_okay=False, path_type=Path), default=".", required=False)
@click.option(
    "--base", "base_ref", required=True, metavar="REF", help="The branch the pull request merges into (its tip)."
)
@click.option("--head", "head_ref", required=True, metavar="REF", help="The pull request's head commit.")
@click.option(
    "--reviews", "reviews_file", type=_FILE, metavar="FILE",
    help="The JSON array GitHub's REST API returns for the pull request's reviews (every page).",
)
@click.option("--author", metavar="LOGIN", help="The GitHub login of the pull request's author.")
@click.option(
    "--commits", "commits_file", type=_FILE, metavar="FILE",
    help="The JSON array GitHub's REST API returns for the pull request's commits (GET .../pulls/N/commits). "
         "A signatory who authored the pull request authorises only the commits GitHub vouches were theirs; "
         "without this file, authorship authorises nothing.",
)
@click.option(
    "--markdown", "markdown_file", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
    help="Also write the summary as Markdown, for the pull request's comment.",
)
@click.option(
    "--preview-url", metavar="URL", callback=_preview_url,
    help="Where the pull request's built site is published: the comment links it and each pitch and "
         "organisation page the pull request changes. Without it, the comment says how to open the PR "
         "check's site-preview artifact.",
)
@today_option
def check_pr_command(
    repo: Path,
    base_ref: str,
    head_ref: str,
    reviews_file: Path | None,
    author: str | None,
    commits_file: Path | None,
    markdown_file: Path | None,
    preview_url: str | None,
    today: dt.date,
) -> None:
    """Check a pull request: what it changes, who must approve it, and whether they have.

    Reads both commits straight from Git (nothing is checked out or run), validates the
    files the change touches, and lists each approval needed with who gave it and who still
    must. Signatories and maintainers are read from BASE. An approval counts while the
    changes it approved are unchanged at the head. Exit 0 when the pull request may merge,
    1 when data is invalid, a change is refused or an approval is missing, 2 on a usage error.
    """
    try:
        repository = git.Repo(repo)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise click.BadParameter(f"{repo} is not a Git repository", param_hint="REPO") from None
    base = _commit(repository, base_ref, "--base")
    head = _commit(repository, head_ref, "--head")
    reviews = []
    authored: tuple[str, ...] | None = None
    try:
        if reviews_file is not None:
            where, option = reviews_file, "--reviews"
            reviews = parse_reviews(read_array(reviews_file, "a pull request's reviews"))
        if commits_file is not None:
            where, option = commits_file, "--commits"
            if not author:
                raise click.UsageError("--commits needs --author: whose commits are they checked for?")
            authored = authored_by(read_array(commits_file, "a pull request's commits"), author)
    except GitHubJSONError as exc:
        # One line, as a usage error: the file is not what the option asks for.
        click.echo(f"Error: {option} {click.format_filename(where)}: {exc}", err=True)
        sys.exit(2)
    report = check(repository, base, head, reviews, author, today, authored)
    click.echo(text(report, preview_url), nl=False)
    if markdown_file is not None:
        markdown_file.write_text(markdown(report, preview_url), encoding="utf-8")
    sys.exit(0 if report.may_merge else 1)
