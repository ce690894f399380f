"""A submitted form -> a checked data file and the words of its pull request, or every problem.

All problems come at once: the answers are each judged by their field's schema as they are
read (drafts), the ids and logins looked up (references), and the file is then checked as a
whole, exactly as the PR check will see it: laid over the repository in memory
(prcheck.trees.Overlay), then the same loading, validation and refusals (prcheck.check.evaluate).
When some answers are wrong, that whole-file check still runs, on the file with each wrong
answer replaced by a stand-in, twice with different stand-ins (answers.py): only the
problems found both times, and not about a wrong answer, are the file's own.

Only when nothing is wrong is the file written, in one step (a temporary file renamed into
place), so a refused form leaves the repository as it was.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..load.layout import is_data_path
from ..prcheck.changes import Change, Status
from ..prcheck.check import Evaluation, evaluate
from ..prcheck.trees import MemoryTree, Overlay
from ..problems import WHOLE_FILE, Problem
from .answers import FieldPath, field_schema
from .drafts import Draft, adoption, pledge, withdraw
from .forms import Answers, form_fields, parse_body
from .org_drafts import organisation, signatory
from .pitch_drafts import pitch, update
from .pr_words import pr_words
from .references import Catalogue
from .words import markdown, plain

BUILDERS: dict[str, Callable[[Answers, str, dt.date, Catalogue, str], Draft]] = {
    "pitch": pitch,
    "pledge": pledge,
    "withdraw": withdraw,
    "adoption": adoption,
    "update": update,
    "organisation": organisation,
    "signatory": signatory,
}


_SEP = "\x1f"  # between a problem's label and its message


@dataclass(frozen=True)
class Outcome:
    path: str = ""
    title: str = ""
    body: str = ""
    messages: tuple[str, ...] = ()  # each problem, starting with the form field's label (words.quote marks)
    text: str = ""  # the file's content
    quoted: tuple[str, ...] = ()  # the answers given, to find in the validator's messages

    @property
    def ok(self) -> bool:
        return not self.messages

    @property
    def problems(self) -> tuple[str, ...]:
        """Each problem in plain text: `Label: message`."""
        return tuple(f"{label}: {plain(rest)}" for label, _, rest in (m.partition(_SEP) for m in self.messages))

    def comment(self) -> str:
        """The problems as one Markdown comment for the issue."""
        items = []
        for message in self.messages:
            label, _, rest = message.partition(_SEP)
            items.append(f"- **{label}**: {markdown(rest, self.quoted)}")
        count = len(items)
        head = ("This form could not be turned into a pull request yet. Please edit the issue to fix "
                f"{'this problem' if count == 1 else f'these {count} problems'}; it is checked again when you save.")
        return head + "\n\n" + "\n".join(items) + "\n"


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
    return labels.get(draft.fields.get(best, ""), "The form")


def _answer_problems(kind: str, answers: Answers, draft: Draft) -> list[tuple[str, str]]:
    fields = form_fields(kind)
    labels = {f.id: f.label for f in fields}
    out = [(label, "this question is missing from the issue; use the form to open it")
           for label in answers.missing_sections]
    for field in fields:
        if field.required and field.type != "checkboxes" and not answers.values.get(field.id) \
                and field.label not in answers.missing_sections:
            out.append((field.label, "this answer is required"))
        if field.id == "confirm" and not answers.choices(field.id):  # each form's one required box
            out.append((field.label, f"tick the box to confirm: {field.options[0] if field.options else ''}"))
    out += [(labels.get(p.field, "The form"), p.message) for p in draft.problems]
    return out


def _check(
    kind: str, draft: Draft, catalogue: Catalogue, today: dt.date, variant: int | None
) -> tuple[list[tuple[str, str]], Evaluation]:
    """The drafted file (with stand-ins: `variant`) checked as the PR check will: its problems
    by form label, and the evaluation, whose lines say what it changes."""
    raw = draft.text(variant).encode("utf-8")
    status = Status.MODIFIED if draft.modified else Status.ADDED
    change = Change(draft.path, status, 0o100644, len(raw))
    after = Overlay(catalogue.tree, MemoryTree({draft.path: raw}), [draft.path])
    ev = evaluate(catalogue.tree, after, [change], today)
    found = [(_label_of(kind, draft, p), p.message) for p in ev.problems]
    pitch_label = next((f.label for f in form_fields(kind) if f.id == "pitch"), "The form")
    return found + [(pitch_label, r.reason) for r in ev.closed_pitch_refusals()], ev


_STEP = re.compile(r"\[([0-9]+)\]|([^.\[\]]+)")


def _where(field: str) -> FieldPath | None:
    """`signatories[1].github` -> ('signatories', 1, 'github'), if the schema has that field."""
    steps: FieldPath = tuple(int(i) if i else name for i, name in _STEP.findall(field))
    return steps if steps and field != WHOLE_FILE else None


def _whole_file_problems(
    kind: str, draft: Draft, catalogue: Catalogue, today: dt.date, wrong: set[str]
) -> list[tuple[str, str]]:
    """The drafted file's own problems, found as the PR check finds them, none about an answer
    already said to be wrong (`wrong`, by label).

    A file that breaks its schema is not seen by the rules across files (validate), so when
    the first check finds such a problem (a shared-cost pitch without its minimum partners),
    the file is checked once more with a stand-in there too, for what those rules say."""
    out: list[tuple[str, str]] = []
    for _ in range(2):
        first, _ev = _check(kind, draft, catalogue, today, 0 if draft.failed else None)
        second = _check(kind, draft, catalogue, today, 1)[0] if draft.failed else first
        new = [p for p in first if p in second and p[0] not in wrong and p not in out]
        out += new
        wrong |= {label for label, _ in new}
        more = {f"file:{p.field}": where for p in _ev.problems
                if p.path == draft.path and (where := _where(p.field)) is not None and _has_field(draft, where)}
        if not new or not more.keys() - draft.failed.keys():
            break
        draft.failed.update(more)
    return out


def _has_field(draft: Draft, where: FieldPath) -> bool:
    try:
        field_schema(draft.kind, where)
    except KeyError:
        return False
    return True


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
    catalogue = Catalogue(repo)
    draft = BUILDERS[kind](answers, author, today, catalogue, via)
    found = _answer_problems(kind, answers, draft)
    quoted = tuple(x for value in answers.values.values() for x in ([value] if isinstance(value, str) else value))
    if draft.path and is_data_path(draft.path):
        found += _whole_file_problems(kind, draft, catalogue, today, {label for label, _ in found})
    elif not found:
        found = [("The form", "nothing to write")]
    if found:
        order = {f.label: i for i, f in enumerate(form_fields(kind))}
        found.sort(key=lambda p: order.get(p[0], -1 if p[0] == "The form" else len(order)))
        return Outcome(path=draft.path, messages=tuple(f"{label}\x1f{message}" for label, message in found),
                       quoted=quoted)
    ev = _check(kind, draft, catalogue, today, None)[1]
    title, body = pr_words(kind, draft, [line.text for line in ev.lines()], author, issue, quoted)
    return Outcome(path=draft.path, title=title, body=body, text=draft.text(), quoted=quoted)


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
