"""Every scenario in scenarios/*.yml: a real repository, `cofund check-pr`, the expected verdict.

`expect.exit` is the exit code; each of `expect.text` is a line of the plain output (compared
without surrounding spaces), each of `expect.not_text` a fragment it must not contain, and
each of `expect.markdown` a fragment of the Markdown comment, each of `expect.not_markdown` a
fragment it must not contain. A usage error (exit 2) is one
line on stderr holding each of `expect.error`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from prcheck_repos import build, github_commits, write_broken, write_reviews

from cofund.cli import main

SCENARIOS = sorted((Path(__file__).parent / "scenarios").glob("*.yml"))


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_scenario(path: Path, tmp_path: Path) -> None:
    scenario = yaml.safe_load(path.read_text(encoding="utf-8"))
    repo = tmp_path / "repo"
    commits = build(scenario, repo)
    today = str(scenario.get("today", "2026-11-24"))
    args = ["check-pr", str(repo), "--base", "main", "--head", commits["head"], "--today", today]
    if "reviews" in scenario:
        args += ["--reviews", str(write_reviews(tmp_path / "reviews.json", scenario["reviews"], commits))]
    if "reviews_file" in scenario:
        args += ["--reviews", str(write_broken(tmp_path / "reviews.json", scenario["reviews_file"]))]
    if scenario.get("author"):
        args += ["--author", scenario["author"]]
    if "commits" in scenario:
        listed = tmp_path / "commits.json"
        listed.write_text(json.dumps(github_commits(scenario["commits"], commits), indent=2), encoding="utf-8")
        args += ["--commits", str(listed)]
    comment = tmp_path / "comment.md"
    args += ["--markdown", str(comment)]

    result = CliRunner().invoke(main, args)

    expect = scenario["expect"]
    output = result.output
    lines = {line.strip() for line in output.splitlines()}
    assert result.exception is None or isinstance(result.exception, SystemExit), output
    assert result.exit_code == expect["exit"], output
    if expect["exit"] == 2:  # a usage error: one line on stderr, nothing else
        assert result.stdout == "" and len(result.stderr.splitlines()) == 1, output
        for fragment in expect.get("error", []):
            assert fragment in result.stderr, result.stderr
        return
    for line in expect.get("text", []):
        assert line.strip() in lines, f"missing line {line!r} in:\n{output}"
    for fragment in expect.get("not_text", []):
        assert fragment not in output, f"unexpected {fragment!r} in:\n{output}"
    markdown = comment.read_text(encoding="utf-8")
    assert markdown.startswith("<!-- cofund:check-pr -->\n")
    for fragment in expect.get("markdown", []):
        assert fragment in markdown, f"missing {fragment!r} in:\n{markdown}"
    for fragment in expect.get("not_markdown", []):
        assert fragment not in markdown, f"unexpected {fragment!r} in:\n{markdown}"


def test_every_scenario_says_what_it_tests() -> None:
    for path in SCENARIOS:
        scenario = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert scenario.get("about"), path.name
        assert "exit" in scenario["expect"], path.name
