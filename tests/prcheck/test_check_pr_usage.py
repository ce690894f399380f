"""`cofund check-pr` usage errors exit 2 with a reason; the reviews file must have GitHub's shape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from prcheck_repos import build, github_commits, github_reviews

from cofund.cli import main
from cofund.prcheck.commits import authored_by
from cofund.prcheck.reviews import Decision, ReviewsError, parse_reviews, verdicts


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    where = tmp_path_factory.mktemp("usage") / "repo"
    commits = build({"head": {"README.md": "# changed\n"}, "pushes": [{"README.md": "# changed again\n"}]}, where)
    return where, commits


def _run(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check-pr", *args])
    return result.exit_code, result.output


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--base", "main", "--head", "no-such-branch"], "'no-such-branch' is not a branch, tag or commit"),
        (["--base", "--upload-pack=x", "--head", "main"], "is not a branch, tag or commit"),
        (["--head", "main"], "Missing option '--base'"),
    ],
)
def test_bad_refs_are_usage_errors(repo: tuple[Path, dict[str, str]], args: list[str], says: str) -> None:
    code, output = _run([str(repo[0]), *args, "--today", "2026-11-24"])
    assert code == 2 and says in output


def test_a_folder_that_is_not_a_repository(tmp_path: Path) -> None:
    code, output = _run([str(tmp_path), "--base", "main", "--head", "main"])
    assert code == 2 and "is not a Git repository" in output


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("{}", "not a JSON array"),
        ("[", "not JSON"),
        ('[{"user": {"login": "x"}, "state": "LGTM"}]', "item 1: state 'LGTM' is not one of"),
        ('[{"user": {}, "state": "APPROVED"}]', "item 1: user.login is missing"),
        ('[{"user": {"login": "x"}, "state": "APPROVED", "submitted_at": "yesterday"}]', "is not an ISO 8601"),
    ],
)
def test_reviews_not_in_githubs_shape(
    repo: tuple[Path, dict[str, str]], tmp_path: Path, content: str, says: str
) -> None:
    reviews = tmp_path / "reviews.json"
    reviews.write_text(content, encoding="utf-8")
    code, output = _run([str(repo[0]), "--base", "main", "--head", repo[1]["head"], "--reviews", str(reviews)])
    assert code == 2 and says in output


def test_reviews_in_githubs_shape_parse(repo: tuple[Path, dict[str, str]]) -> None:
    rows = [
        {"user": "Alice", "state": "APPROVED", "commit": "first"},
        {"user": "alice", "state": "COMMENTED", "commit": "head"},
        {"user": "bob", "state": "PENDING", "commit": "head"},
    ]
    data = github_reviews(rows, repo[1])
    data.append({**data[0], "user": None})  # a deleted account
    reviews = parse_reviews(json.loads(json.dumps(data)))
    assert [r.login for r in reviews] == ["Alice", "alice", "bob"]
    decided = verdicts(reviews)
    assert set(decided) == {"alice"}  # a comment and a draft decide nothing
    assert decided["alice"].decision is Decision.APPROVED and decided["alice"].commit == repo[1]["first"]


def test_parse_reviews_rejects_an_item_that_is_not_an_object() -> None:
    with pytest.raises(ReviewsError):
        parse_reviews(["APPROVED"])


@pytest.mark.parametrize(
    ("rows", "vouched"),
    [
        ([{"commit": "first", "author": "jsmith-kirklees", "committer": "jsmith-kirklees", "verified": True}],
         ["first"]),
        ([{"commit": "first", "author": "jsmith-kirklees", "committer": "web-flow", "verified": True}], ["first"]),
        # Unsigned, or signed by someone else with the author's name on the author line: not theirs.
        ([{"commit": "first", "author": "jsmith-kirklees", "committer": "jsmith-kirklees", "verified": False}], []),
        ([{"commit": "first", "author": "jsmith-kirklees", "committer": "maint-ann", "verified": True}], []),
        ([{"commit": "first", "author": None, "committer": "web-flow", "verified": True}], []),
        ([{"commit": "first", "author": "jsmith-kirklees", "committer": None, "verified": True}], []),
    ],
)
def test_which_commits_github_vouches_for(
    repo: tuple[Path, dict[str, str]], rows: list[dict[str, object]], vouched: list[str]
) -> None:
    data = json.loads(json.dumps(github_commits(rows, repo[1])))
    assert authored_by(data, "JSmith-Kirklees") == tuple(repo[1][v] for v in vouched)


def test_commits_need_an_author(repo: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    listed = tmp_path / "commits.json"
    listed.write_text("[]", encoding="utf-8")
    code, output = _run([str(repo[0]), "--base", "main", "--head", repo[1]["head"], "--commits", str(listed)])
    assert code == 2 and "--commits needs --author" in output


def test_a_huge_pull_request_still_fits_in_a_github_comment(tmp_path: Path) -> None:
    """GitHub refuses comments over 65,536 characters: long lists are cut, the verdict stays."""
    pledge = "date: 2026-11-20\nsignatory: nobody\nrole: funder\nstatus: pledged\n"
    head = {f"pitches/cyber-training/pledges/org-{i}.yml": pledge for i in range(400)}
    head.update({f"site/page-{i}.md": "x\n" for i in range(300)})
    commits = build({"head": head}, tmp_path / "repo")
    comment = tmp_path / "comment.md"
    result = CliRunner().invoke(main, ["check-pr", str(tmp_path / "repo"), "--base", "main", "--head", commits["head"],
                                       "--today", "2026-11-24", "--markdown", str(comment)])
    assert result.exit_code == 1
    text = comment.read_text(encoding="utf-8")
    assert len(text) < 65_536
    assert text.startswith("<!-- cofund:check-pr -->\n### ❌ cofund: not ready to merge")
    assert "more: see the check's log" in text
