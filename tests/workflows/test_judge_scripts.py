"""The shell scripts of judge.yml, run as GitHub runs them (bash -e), with `gh`, `git` and
`cofund` replaced by small stand-ins that answer as the GitHub API would and log each call.

They prove what reading the workflow cannot: a pull request into another branch than the
default one is never judged against that branch (its lists of signatories could be anyone's)
but gets `failure`, saying why; one pull request that cannot be judged does not stop the
others; and the publish job posts each verdict on the commit it judged.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).parents[2]
SHA = {7: "a" * 40, 8: "b" * 40, 9: "c" * 40}

GH = """#!/bin/bash
printf 'gh %s\\n' "$*" >> "$FAKE/calls"
case "$*" in
  *"--method POST"*|*"--method PATCH"*) exit 0 ;;
  *"/comments"*|*"/reviews"*|*"/commits"*) exit 0 ;;
esac
for arg in "$@"; do
  case "$arg" in
    repos/*/pulls/*) n=${arg##*/}; [ -f "$FAKE/pr-$n.json" ] || exit 1; cat "$FAKE/pr-$n.json"; exit 0 ;;
  esac
done
exit 1
"""
GIT = """#!/bin/bash
printf 'git %s\\n' "$*" >> "$FAKE/calls"
"""
COFUND = """#!/bin/bash
printf 'cofund %s\\n' "$*" >> "$FAKE/calls"
case "$*" in *"--head $CRASH_ON"*) echo "Traceback" >&2; exit 3 ;; esac
while [ $# -gt 0 ]; do
  if [ "$1" = --markdown ]; then printf '<!-- cofund:check-pr -->\\nok\\n' > "$2"; fi
  shift
done
echo "Verdict: ready to merge: every approval is given and the data is valid"
"""


def _step(job: str, name: str) -> dict[str, Any]:
    workflow = yaml.safe_load((ROOT / ".github/workflows/judge.yml").read_text(encoding="utf-8"))
    return next(s for s in workflow["jobs"][job]["steps"] if s.get("name") == name)


def _fake(tmp: Path) -> dict[str, str]:
    bin_dir = tmp / "bin"
    bin_dir.mkdir()
    for name, text in (("gh", GH), ("git", GIT), ("cofund", COFUND)):
        (bin_dir / name).write_text(text, encoding="utf-8")
        (bin_dir / name).chmod(0o755)
    (tmp / "calls").write_text("", encoding="utf-8")
    runner = tmp / "runner"
    runner.mkdir()
    return {
        "PATH": f"{bin_dir}:{os.environ['PATH']}", "FAKE": str(tmp), "RUNNER_TEMP": str(runner),
        "GITHUB_STEP_SUMMARY": str(tmp / "summary.md"), "REPO": "example/cofund", "GH_TOKEN": "token",
        "OWNER": "example", "PREVIEW_REPO": "", "DEFAULT_BRANCH": "main", "CRASH_ON": SHA[9],
        "RUN_URL": "https://github.com/example/cofund/actions/runs/1",
    }


def _pr(tmp: Path, number: int, base: str) -> None:
    pr = {"number": number, "head": {"sha": SHA[number]}, "base": {"ref": base}, "user": {"login": "someone"}}
    (tmp / f"pr-{number}.json").write_text(json.dumps(pr), encoding="utf-8")


def _run(script: str, env: dict[str, str], tmp: Path, name: str) -> subprocess.CompletedProcess[str]:
    path = tmp / name
    path.write_text(script, encoding="utf-8")
    return subprocess.run(["bash", "-e", str(path)], env=env, capture_output=True, text=True, check=False)


def test_each_pull_request_is_judged_against_the_default_branch_only(tmp_path: Path) -> None:
    env = _fake(tmp_path)
    _pr(tmp_path, 7, "main")
    _pr(tmp_path, 8, "intake/issue-7")  # a branch whose signatories the pull request's author chose
    _pr(tmp_path, 9, "main")  # check-pr fails on it
    # 10: the API does not answer for it.
    judge = _step("judge", "Judge each pull request against the default branch")
    done = _run(judge["run"], {**env, "PRS": "[7, 8, 9, 10]"}, tmp_path, "judge.sh")
    assert done.returncode == 0, done.stdout + done.stderr
    calls = (tmp_path / "calls").read_text(encoding="utf-8").splitlines()
    verdicts = Path(env["RUNNER_TEMP"]) / "verdicts"

    def read(pr: int, name: str) -> str:
        return (verdicts / str(pr) / name).read_text(encoding="utf-8")

    fetches = [c for c in calls if c.startswith("git ") and " fetch " in c]
    assert [f.split()[-1] for f in fetches] == [
        "+refs/heads/main:refs/cofund/base", "+refs/pull/7/head:refs/cofund/head", "+refs/pull/9/head:refs/cofund/head",
    ]
    assert not any("intake" in c for c in calls if not c.startswith("gh api"))
    judged = [c for c in calls if c.startswith("cofund ")]
    assert len(judged) == 2 and all("--base refs/cofund/base" in c for c in judged)
    assert f"--head {SHA[7]}" in judged[0] and f"--head {SHA[9]}" in judged[1]

    assert (read(7, "state"), read(7, "head_sha")) == ("success", SHA[7])
    assert read(7, "description") == "ready to merge: every approval is given and the data is valid"
    assert (read(8, "state"), read(8, "head_sha")) == ("failure", SHA[8])
    assert read(8, "description") == "cofund judges pull requests into main only"
    comment = read(8, "comment.md")
    assert comment.startswith("<!-- cofund:check-pr -->\n") and "change its base branch to `main`" in comment
    assert (read(9, "state"), read(9, "head_sha")) == ("error", SHA[9])
    assert read(10, "state") == "error" and not (verdicts / "10" / "head_sha").exists()

    # The publish job posts each verdict on the commit judged, and nothing where there is none.
    posted = tmp_path / "posted"
    posted.mkdir()
    (tmp_path / "calls").write_text("", encoding="utf-8")
    publish = _step("publish", "Post each comment and status cofund/approvals")
    done = _run(publish["run"], env, tmp_path, "publish.sh")
    assert done.returncode == 0, done.stdout + done.stderr
    statuses = [c for c in (tmp_path / "calls").read_text(encoding="utf-8").splitlines() if "/statuses/" in c]
    assert len(statuses) == 3
    assert f"repos/example/cofund/statuses/{SHA[7]} -f state=success" in statuses[0]
    assert f"statuses/{SHA[8]} -f state=failure" in statuses[1]
    assert "description=cofund judges pull requests into main only" in statuses[1]
    assert f"statuses/{SHA[9]} -f state=error" in statuses[2]
    assert "description=cofund could not judge this pull request: see the run" in statuses[2]
