"""Each form's answers -> the data file it asks for (a Draft), with every problem in the answers.

One function a form (the pledge, withdrawal and adoption forms here; organisations in
org_drafts.py, pitches and updates in pitch_drafts.py). Each answer is judged on its own as
it is read (Draft.answer: the field's schema), and the ids and logins are looked up in the
catalogue (references.py); the rules across files are checked afterwards on the file as a
whole (run.py), as for a pull request.

Anyone may fill in a form for an organisation: the form names the signatory who will
approve it, and the change binds only once a signatory approves the pull request.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..load import Kind
from ..load.safe_yaml import Parsed, YamlRefused, parse_yaml
from . import answers as checks
from . import values as v
from .answers import FieldPath
from .edits import replace_line
from .forms import Answers
from .references import Catalogue, Org
from .words import quote


@dataclass(frozen=True)
class FormProblem:
    field: str  # the form field's id ("" for the form as a whole)
    message: str


@dataclass
class Draft:
    """What a form asks for: the file's data and how to write it, and what is wrong."""

    kind: Kind  # the kind of file, whose schema judges each answer
    path: str = ""  # "" until the pitch and organisation it belongs to are found
    modified: bool = False  # True when it changes an existing file
    subject: str = ""  # "Kirklees Council": the organisation or proposer, for the PR's words
    note: str = ""  # the reason given, for the pull request
    approver: str = ""  # the signatory who will approve, as their organisation's file writes it
    data: dict[str, Any] = field(default_factory=dict)
    problems: list[FormProblem] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)  # data field path -> form field id
    failed: dict[str, FieldPath] = field(default_factory=dict)  # form field id -> its wrong answer's place
    render: Callable[[dict[str, Any]], str] | None = None  # data -> the file's text

    def problem(self, field_id: str, message: str) -> None:
        self.problems.append(FormProblem(field_id, message))

    def answer(self, field_id: str, where: FieldPath, text: str, convert: Callable[[str], Any] = str.strip) -> Any:
        """Read one answer into the data at `where`, judged by that field's schema. A wrong
        answer is a problem, and its place is kept for a stand-in (answers.py). An empty
        one is left to the check of required answers (run.py)."""
        if not text.strip():
            self.failed.setdefault(field_id, where)
            put(self.data, where, None)
            return None
        try:
            value = convert(text)
        except v.Unreadable as exc:
            self.fail(field_id, where, str(exc))
            put(self.data, where, None)
            return None
        return self.value(field_id, where, value, text.strip())

    def value(self, field_id: str, where: FieldPath, value: Any, typed: str) -> Any:
        """`value` (read from the answer `typed`) put at `where`, judged by that field's schema."""
        message = checks.judge(self.kind, where, value, typed)
        if message is not None:
            self.fail(field_id, where, message)
        put(self.data, where, value)
        return value if message is None else None

    def fail(self, field_id: str, where: FieldPath, message: str) -> None:
        """A wrong answer; the file is checked with a stand-in at `where`, if the file has
        such a field (an update's approver is named in the form, not in the pitch's file)."""
        self.problem(field_id, message)
        try:
            checks.field_schema(self.kind, where)
        except KeyError:
            return
        self.failed.setdefault(field_id, where)

    def text(self, variant: int | None = None) -> str:
        """The file's text; with `variant`, each wrong answer replaced by a stand-in."""
        data = copy.deepcopy(self.data)
        if variant is not None:
            for where in self.failed.values():
                put(data, where, checks.stand_in(self.kind, where, variant))
        return self.render(data) if self.render is not None else v.to_yaml(data)


def put(data: Any, where: FieldPath, value: Any) -> None:
    for step in where[:-1]:
        data = data[step] if isinstance(step, int) else data.setdefault(step, {})
    data[where[-1]] = value


def name_of(org: Org | None, typed: str) -> str:
    return org.name if org is not None else typed.strip()


def org_and_signatory(draft: Draft, answers: Answers, catalogue: Catalogue, role: str) -> Org | None:
    """The organisation the form is for and the signatory who will approve, both looked up."""
    typed = answers.text("organisation")
    problem = catalogue.org_problem(typed)
    if problem:
        draft.problem("organisation", problem)
        return None
    org = catalogue.org(typed.strip())
    assert org is not None
    draft.subject = org.name
    signatory_named(draft, org, answers.text("signatory"), catalogue, role)
    return org


def signatory_named(draft: Draft, org: Org, typed: str, catalogue: Catalogue, role: str) -> None:
    """The signatory of `org` the form names to approve it (its "signatory" field)."""
    if not typed:
        return  # the check of required answers says so
    wrong = catalogue.signatory_problem(org, typed, role)
    if wrong:
        draft.fail("signatory", ("signatory",), wrong)
    else:
        draft.approver = org.login(typed) or ""


def read_to_edit(draft: Draft, raw: bytes, path: str) -> Parsed | None:
    """The file an intake edits, parsed; None (and a problem on the draft) when it cannot be read."""
    try:
        return parse_yaml(raw)
    except YamlRefused as exc:
        draft.problem("", f"{path} cannot be read ({exc.message}): a maintainer needs to fix it first")
        return None


def pitch_found(draft: Draft, answers: Answers, catalogue: Catalogue) -> str | None:
    pitch = answers.text("pitch").strip()
    problem = catalogue.pitch_problem(pitch)
    if problem:
        draft.problem("pitch", problem)
        return None
    return pitch


PLEDGE_FIELDS = {
    "role": "role", "amount": "amount", "percent": "percent", "tier": "tier",
    "in_kind": "in_kind", "conditions": "conditions", "signatory": "signatory", "date": "",
}


def pledge(answers: Answers, author: str, today: dt.date, catalogue: Catalogue, via: str) -> Draft:
    draft = Draft(Kind.PLEDGE, fields=dict(PLEDGE_FIELDS))
    pitch = pitch_found(draft, answers, catalogue)
    org = org_and_signatory(draft, answers, catalogue, "approve this pledge")
    if pitch is not None:
        closed = catalogue.pledge_problem(pitch, today)
        if closed:
            draft.problem("pitch", closed)
    if pitch is not None and org is not None:
        draft.path = f"pitches/{pitch}/pledges/{org.id}.yml"
        if catalogue.tree.entry(draft.path) is not None:
            draft.problem("organisation", f"{org.name} already has a pledge to {quote(pitch)}: to withdraw it use "
                                          "the 'Withdraw a pledge' form; to change it, edit its file")
    draft.data = {"date": today.isoformat()}
    draft.answer("signatory", ("signatory",), draft.approver or answers.text("signatory"), v.login)
    draft.answer("role", ("role",), (answers.choices("role") or [""])[0])
    draft.data["status"] = "pledged"
    for field_id, convert in (("amount", v.money), ("percent", v.number), ("tier", str.strip)):
        if answers.text(field_id):
            draft.answer(field_id, (field_id,), answers.text(field_id), convert)
    for field_id in ("in_kind", "conditions"):
        if answers.text(field_id):
            draft.answer(field_id, (field_id,), answers.text(field_id))
    draft.render = lambda data: v.to_yaml(data, f"Pledged {via} by @{v.login(author)}.")
    return draft


def withdraw(answers: Answers, author: str, today: dt.date, catalogue: Catalogue, via: str) -> Draft:
    draft = Draft(Kind.PLEDGE, fields={"status": "", "signatory": "signatory"})
    pitch = pitch_found(draft, answers, catalogue)
    org = org_and_signatory(draft, answers, catalogue, "approve its withdrawal")
    draft.note = answers.text("reason")
    if pitch is None or org is None:
        return draft
    path = f"pitches/{pitch}/pledges/{org.id}.yml"
    raw = catalogue.tree.read(path) if catalogue.tree.entry(path) is not None else None
    if raw is None:
        draft.problem("organisation", f"{org.name} has no pledge to {quote(pitch)}, so there is nothing to withdraw")
        return draft
    parsed = read_to_edit(draft, raw, path)
    if parsed is None:
        return draft
    if parsed.data.get("status") == "withdrawn":
        draft.problem("organisation", f"{org.name}'s pledge to {quote(pitch)} is already withdrawn")
        return draft
    draft.path, draft.modified = path, True
    draft.data = {**parsed.data, "status": "withdrawn"}
    draft.render = lambda data: replace_line(raw, parsed, "status", "status: withdrawn", data)
    return draft


ADOPTION_FIELDS = {"fee": "fee", "date": "date", "signatory": "signatory"}


def adoption(answers: Answers, author: str, today: dt.date, catalogue: Catalogue, via: str) -> Draft:
    draft = Draft(Kind.ADOPTER, fields=dict(ADOPTION_FIELDS))
    pitch = pitch_found(draft, answers, catalogue)
    org = org_and_signatory(draft, answers, catalogue, "approve this adoption")
    if pitch is not None and org is not None:
        draft.path = f"pitches/{pitch}/adopters/{org.id}.yml"
        if catalogue.tree.entry(draft.path) is not None:
            draft.problem("organisation", f"{org.name}'s adoption of {quote(pitch)} is already recorded")
    draft.answer("date", ("date",), answers.text("date") or today.isoformat())
    draft.answer("fee", ("fee",), answers.text("fee"), v.money)
    draft.answer("signatory", ("signatory",), draft.approver or answers.text("signatory"), v.login)
    draft.render = lambda data: v.to_yaml(data, f"Adoption recorded {via} by @{v.login(author)}.")
    return draft
