"""A submitted form -> a checked data file and the words of its pull request, or the problems.

The file is checked before it is written, exactly as the PR check will see it: laid over the
repository in memory (prcheck.trees.Overlay), then the same loading, validation and refusals
(prcheck.check.evaluate). Only when nothing is wrong is it written, in one step (a
temporary file renamed into place), so a refused form leaves the repository as it was.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..load.layout import is_data_path
from ..prcheck.changes import Change, Status
from ..prcheck.check import evaluate
from ..prcheck.trees import FolderTree, MemoryTree, Overlay
from ..problems import Problem
from .drafts import BUILDERS, Draft, FormProblem
from .forms import Answers, form_fields, parse_body


@dataclass(frozen=True)
class Outcome:
    path: str = ""
    title: str = ""
    body: str = ""
    problems: tuple[str, ...] = ()  # each in plain words, starting with the form field's label
    text: str = ""  # the file's content

    @property
    def ok(self) -> bool:
        return not self.problems


_INDEX = re.compile(r"\[[0-9]+\]")


def _label_of(kind: str, draft: Draft, problem: Problem) -> str:
    """The form field a problem in the drafted file belongs to, by its label."""
    labels = {f.id: f.label for f in form_fields(kind)}
    if problem.path != draft.path:
        return problem.path  # another file the change affects (its pitch, say)
    dotted = _INDEX.sub("", problem.field)
    best = ""
    for data_path in draft.fields:
        if (dotted == data_path or dotted.startswith(data_path + ".")) and len(data_path) > len(best):
            best = data_path
    form_id = draft.fields.get(best, "")
    return labels.get(form_id, "The form")


def _form_problems(kind: str, answers: Answers, problems: list[FormProblem]) -> list[str]:
    labels = {f.id: f.label for f in form_fields(kind)}
    out = [f"{label}: this question is missing from the issue; use the form to open it" for label in answers.missing_sections]
    for field in form_fields(kind):
        if field.required and field.type != "checkboxes" and not answers.values.get(field.id) and field.label not in answers.missing_sections:
            out.append(f"{field.label}: this answer is required")
    confirm = next((f for f in form_fields(kind) if f.id == "confirm"), None)
    if confirm is not None and not answers.choices("confirm"):
        out.append(f"{confirm.label}: tick the box to confirm you may do this for your organisation")
    for p in problems:
        out.append(f"{labels.get(p.field, 'The form')}: {p.message}")
    return out


def _pr_words(kind: str, draft: Draft, lines: list[str], author: str, issue: int | None) -> tuple[str, str]:
    what = lines[0] if lines else draft.path
    title = {
        "pitch": f"Pitch: {what.split(':')[0]}",
        "pledge": f"Pledge: {what.split(':')[0]}",
        "withdraw": f"Withdrawal: {what.split(':')[0]}",
        "organisation": f"New organisation: {draft.subject}",
    }[kind]
    who = {
        "pitch": f"a signatory of {draft.subject} (the proposer) and a maintainer approve this pull request",
        "pledge": f"a signatory of {draft.subject} approves this pull request",
        "withdraw": f"a signatory of {draft.subject} approves this pull request",
        "organisation": f"a maintainer checks that {draft.subject} is real and approves this pull request",
    }[kind]
    source = f"from #{issue} " if issue is not None else ""
    body = [
        f"Opened {source}for @{author}, who filled in the form.",
        "",
        *[f"- {line}" for line in lines],
        "",
        *([f"Reason given: {draft.note}", ""] if draft.note else []),
        f"File: `{draft.path}`. To go ahead, {who}"
        + (f": @{author}, if you are that signatory, open *Files changed*, then *Review changes*, and choose *Approve*."
           if kind != "organisation" else "."),
        "The cofund check comment below says who has approved and what is still needed.",
    ]
    if issue is not None:
        body += ["", f"Closes #{issue}."]
    return title[:256], "\n".join(body) + "\n"


def intake(
    kind: str, body: str, author: str, today: dt.date, repo: Path, issue: int | None = None
) -> Outcome:
    """A submitted issue's body -> the checked file and its pull request's words."""
    return draft_file(kind, parse_body(body, form_fields(kind)), author, today, repo, issue)


def draft_file(
    kind: str,
    answers: Answers,
    author: str,
    today: dt.date,
    repo: Path,
    issue: int | None = None,
    via: str = "through the form",
) -> Outcome:
    """A form's answers (from an issue, or asked by `cofund new`) -> the checked file."""
    tree = FolderTree(repo)
    draft = BUILDERS[kind](answers, author, today, tree, via)
    problems = _form_problems(kind, answers, draft.problems)
    if problems or not draft.path or not is_data_path(draft.path):
        return Outcome(problems=tuple(problems or ["The form: nothing to write"]))
    raw = draft.text.encode("utf-8")
    status = Status.MODIFIED if draft.modified else Status.ADDED
    change = Change(draft.path, status, 0o100644, len(raw))
    after = Overlay(tree, MemoryTree({draft.path: raw}), [draft.path])
    ev = evaluate(tree, after, [change], today)
    found = [f"{_label_of(kind, draft, p)}: {p.message}" for p in ev.problems]
    pitch_label = next((f.label for f in form_fields(kind) if f.id == "pitch"), "The form")
    found += [f"{pitch_label}: {r.reason}" for r in ev.closed_pitch_refusals()]
    if found:
        return Outcome(path=draft.path, problems=tuple(found), text=draft.text)
    lines = [line.text for line in ev.lines()]
    title, pr_body = _pr_words(kind, draft, lines, author, issue)
    return Outcome(path=draft.path, title=title, body=pr_body, text=draft.text)


def write(repo: Path, outcome: Outcome) -> Path:
    """Write the file all at once: a temporary file in the same folder, renamed into place."""
    target = repo / outcome.path
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".cofund-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(outcome.text)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target

