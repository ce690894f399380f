"""No two concurrency groups that one workflow run can hold at once share a value.

GitHub cancels a job whose concurrency group has the same value as a group its own run
already holds (the run's workflow-level group, another job's, or a called workflow's): so
such a job never runs. That happened to Approvals: the workflow's group and the verdict
job's group both came to `approvals-<N>`, and no verdict was ever published.

This reads every workflow, and for every trigger it listens to, works out the value of each
group the run can hold: the workflow's, each job's (each matrix entry's), and those of the
workflows it calls with the inputs it passes. It treats every job as able to run at the same
time as every other (so it proves more than is needed), and holds every value to be
distinct and fully worked out (no empty expression at the end of a group).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from workflow_files import load_workflow

ROOT = Path(__file__).parents[2]
WORKFLOWS = ROOT / ".github" / "workflows"
PR, OTHER_PR = 7, 8

# What each trigger's event holds, as far as groups read it.
EVENTS: dict[str, dict[str, Any]] = {
    "pull_request": {"pull_request": {"number": PR}},
    "pull_request_target": {"pull_request": {"number": PR}},
    "pull_request_review": {"pull_request": {"number": PR}},
    "issue_comment": {"issue": {"number": PR, "pull_request": {"url": "x"}}},
    "issues": {"issue": {"number": PR}},
    "workflow_run": {"workflow_run": {"head_sha": "a" * 40, "id": 99, "pull_requests": [{"number": PR}]}},
    "push": {"ref": "refs/heads/main"},
    "schedule": {},
    "workflow_dispatch": {},
}

_EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
_PATH = re.compile(r"[A-Za-z_][\w-]*(?:\.[\w-]+|\[\d+\])*")


def _lookup(path: str, context: dict[str, Any]) -> Any:
    value: Any = context
    for part in re.findall(r"[\w-]+|\[\d+\]", path):
        if part.startswith("["):
            index = int(part[1:-1])
            value = value[index] if isinstance(value, list) and index < len(value) else None
        else:
            value = value.get(part) if isinstance(value, dict) else None
    return value


def _operand(text: str, context: dict[str, Any]) -> Any:
    text = text.strip()
    if text.startswith("'") and text.endswith("'"):
        return text[1:-1]
    call = re.fullmatch(r"fromJSON\((.*)\)", text)
    if call:
        return yaml.safe_load(str(_operand(call.group(1), context)))
    assert _PATH.fullmatch(text), f"this test cannot work out {text!r}: extend it"
    return _lookup(text, context)


def evaluate(expression: str, context: dict[str, Any]) -> Any:
    """`a || b || 'c'`, property paths and fromJSON(): the forms groups and inputs use here."""
    for operand in expression.split("||"):
        value = _operand(operand, context)
        if value not in (None, "", 0, False):
            return value
    return ""


def render(template: Any, context: dict[str, Any]) -> Any:
    if not isinstance(template, str):
        return template
    whole = _EXPR.fullmatch(template.strip())
    if whole:
        return evaluate(whole.group(1), context)
    return _EXPR.sub(lambda m: str(evaluate(m.group(1), context)), template)


def _group(concurrency: Any) -> Any:
    return concurrency.get("group") if isinstance(concurrency, dict) else concurrency


def _matrix(job: dict[str, Any], context: dict[str, Any]) -> list[dict[str, Any]]:
    """Each matrix entry; a list worked out from the run (fromJSON of a job's output) stands for two entries."""
    matrix = (job.get("strategy") or {}).get("matrix")
    if not matrix:
        return [{}]
    entries: list[dict[str, Any]] = [{}]
    for key, values in matrix.items():
        if isinstance(values, str):
            values = [PR, OTHER_PR]
        entries = [{**e, key: v} for e in entries for v in values]
    return entries


def held(workflow: dict[str, Any], context: dict[str, Any], where: str) -> list[tuple[str, str]]:
    """(where, value) for every group one run of `workflow` can hold, given its context."""
    out: list[tuple[str, str]] = []
    if "concurrency" in workflow:
        out.append((f"{where}: workflow", str(render(_group(workflow["concurrency"]), context))))
    for job_id, job in workflow["jobs"].items():
        needs = {n: {"outputs": {"number": str(PR), "numbers": f"[{PR}, {OTHER_PR}]"}} for n in workflow["jobs"]}
        for entry in _matrix(job, context):
            job_context = {**context, "needs": needs, "matrix": entry}
            label = f"{where}: job {job_id}" + (f" {entry}" if entry else "")
            if "concurrency" in job:
                out.append((label, str(render(_group(job["concurrency"]), job_context))))
            uses = job.get("uses", "")
            if uses.startswith("./"):
                called = load_workflow(ROOT / uses[2:])
                inputs = {k: render(v, job_context) for k, v in (job.get("with") or {}).items()}
                out += held(called, {**context, "inputs": inputs}, f"{label} -> {Path(uses).name}")
    return out


def triggers(workflow: dict[str, Any]) -> list[str]:
    on = workflow["on"]
    return [on] if isinstance(on, str) else list(on)


def clashes(workflow: dict[str, Any], name: str) -> list[str]:
    """Every pair of groups with one value, on any trigger, in words; [] when there is none."""
    found = []
    for trigger in triggers(workflow):
        if trigger == "workflow_call":  # judged as part of each caller's run
            continue
        context = {
            "github": {
                "event_name": trigger,
                "event": EVENTS[trigger],
                "ref": "refs/heads/main",
                "repository": "example/cofund",
                "run_id": 1234,
            }
        }
        seen: dict[str, str] = {}
        for where, value in held(workflow, context, f"{name} on {trigger}"):
            assert not value.endswith("-") and value, f"{where}: the group {value!r} is not fully worked out"
            if value in seen:
                found.append(f"{seen[value]} and {where} both hold {value!r}")
            seen[value] = where
    return found


@pytest.mark.parametrize("path", sorted(WORKFLOWS.glob("*.yml")), ids=lambda p: p.stem)
def test_no_two_groups_one_run_holds_share_a_value(path: Path) -> None:
    assert clashes(load_workflow(path), path.name) == []


def test_it_finds_the_clash_that_cancelled_the_approvals_verdict() -> None:
    """The shape Approvals had: a workflow group and a job group that both came to approvals-<N>."""
    old = yaml.safe_load("""
on: {pull_request_target: {}, issue_comment: {}, workflow_run: {}}
concurrency:
  group: >-
    approvals-${{ github.event.pull_request.number || github.event.issue.number
    || github.event.workflow_run.head_sha }}
jobs:
  find: {runs-on: ubuntu-latest, steps: []}
  verdict:
    needs: find
    runs-on: ubuntu-latest
    concurrency: {group: "approvals-${{ needs.find.outputs.number }}", cancel-in-progress: true}
    steps: []
""")
    old["on"] = old.pop(True)
    found = clashes(old, "old approvals.yml")
    assert len(found) == 2 and all("'approvals-7'" in f for f in found)  # pull_request_target and issue_comment


def test_rejudge_and_its_judging_job_hold_different_groups_on_each_trigger() -> None:
    workflow = load_workflow(WORKFLOWS / "rejudge.yml")
    for trigger in ("push", "schedule"):
        context = {"github": {"event_name": trigger, "event": EVENTS[trigger]}}
        values = dict(held(workflow, context, "rejudge"))
        assert values == {"rejudge: workflow": "cofund-rejudge", "rejudge: job judge": "cofund-rejudge-judge"}


def test_preview_serialises_each_pull_requests_updates_on_both_triggers() -> None:
    """A publish after a PR check and a removal on close of one pull request take turns (one
    group), and neither holds a group its own run holds already."""
    workflow = load_workflow(WORKFLOWS / "preview.yml")
    for trigger in ("workflow_run", "pull_request_target"):
        context = {"github": {"event_name": trigger, "event": EVENTS[trigger]}}
        values = dict(held(workflow, context, "preview"))
        assert values["preview: job update"] == f"cofund-preview-pr-{PR}"
        assert values["preview: workflow"] != values["preview: job update"]
