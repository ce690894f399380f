"""Each form's answers -> the data file it asks for (a Draft), or the problems with the answers.

One function a form. Each checks what only the form can know (that the pitch it names
exists, that the organisation has no pledge there yet) and builds the file's data; the
rules that apply to every file (schemas, signatories, funding models) are checked afterwards
on the file itself (intake/run.py), as for a pull request.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..load.layout import ID_RULE, is_id
from ..load.safe_yaml import YamlRefused, parse_yaml
from ..prcheck.trees import Tree
from . import values as v
from .forms import Answers


@dataclass(frozen=True)
class FormProblem:
    field: str  # the form field's id ("" for the form as a whole)
    message: str


@dataclass
class Draft:
    """What a form asks for: the file to write, or why not."""

    path: str = ""
    text: str = ""
    modified: bool = False  # True when it changes an existing file (a withdrawal)
    subject: str = ""  # "Kirklees Council", the organisation or proposer, for the PR's words
    note: str = ""  # words for the pull request (a withdrawal's reason)
    problems: list[FormProblem] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)  # data field path -> form field id

    def problem(self, field_id: str, message: str) -> None:
        self.problems.append(FormProblem(field_id, message))


def _read(draft: Draft, field_id: str, convert: Callable[[str], Any], text: str) -> Any:
    try:
        return convert(text)
    except v.Unreadable as exc:
        draft.problem(field_id, str(exc))
        return None


def _id(draft: Draft, field_id: str, text: str, what: str) -> str:
    value = text.strip()
    if not is_id(value):
        draft.problem(field_id, f"'{value}' is not a valid {what} id: it must be {ID_RULE}")
    return value


def _org_file(tree: Tree, org: str) -> dict[str, Any] | None:
    if tree.entry(f"organisations/{org}.yml") is None:
        return None
    try:
        return parse_yaml(tree.read(f"organisations/{org}.yml")).data
    except YamlRefused:
        return {}


def _org_exists(draft: Draft, tree: Tree, field_id: str, org: str) -> dict[str, Any] | None:
    data = _org_file(tree, org)
    if data is None and is_id(org):
        draft.problem(field_id, f"there is no organisation '{org}' in the catalogue: use your organisation's id "
                                "(the name of its file in organisations/), or add it first with the "
                                "'Add an organisation' form")
    return data


def _pitch_exists(draft: Draft, tree: Tree, pitch: str) -> bool:
    if is_id(pitch) and tree.entry(f"pitches/{pitch}/pitch.yml") is None:
        draft.problem("pitch", f"there is no pitch '{pitch}' in the catalogue: copy its id from the pitch's "
                               "web address")
        return False
    return is_id(pitch)


def _name(data: dict[str, Any] | None, org: str) -> str:
    name = (data or {}).get("name")
    return name if isinstance(name, str) else org


PLEDGE_FIELDS = {
    "role": "role", "amount": "amount", "percent": "percent", "tier": "tier",
    "in_kind": "in_kind", "conditions": "conditions", "signatory": "", "date": "",
}


def pledge(answers: Answers, author: str, today: dt.date, tree: Tree, via: str = "through the form") -> Draft:
    draft = Draft(fields=dict(PLEDGE_FIELDS))
    pitch = _id(draft, "pitch", answers.text("pitch"), "pitch")
    org = _id(draft, "organisation", answers.text("organisation"), "organisation")
    org_data = _org_exists(draft, tree, "organisation", org)
    if _pitch_exists(draft, tree, pitch) and org_data is not None:
        path = f"pitches/{pitch}/pledges/{org}.yml"
        if tree.entry(path) is not None:
            draft.problem("organisation", f"{_name(org_data, org)} already has a pledge to '{pitch}': to withdraw "
                                          "it use the 'Withdraw a pledge' form; to change it, edit its file")
        draft.path = path
    draft.subject = _name(org_data, org)
    data: dict[str, Any] = {
        "date": today.isoformat(),
        "signatory": v.login(author),
        "role": (answers.choices("role") or [""])[0],
        "status": "pledged",
    }
    if answers.text("amount"):
        data["amount"] = _read(draft, "amount", v.money, answers.text("amount"))
    if answers.text("percent"):
        data["percent"] = _read(draft, "percent", v.number, answers.text("percent"))
    if answers.text("tier"):
        data["tier"] = answers.text("tier").strip()
    for key in ("in_kind", "conditions"):
        if answers.text(key):
            data[key] = answers.text(key)
    draft.text = v.to_yaml(data, f"Pledged {via} by @{v.login(author)}.")
    return draft


def withdraw(answers: Answers, author: str, today: dt.date, tree: Tree, via: str = "through the form") -> Draft:
    draft = Draft(fields={"status": "", "signatory": ""})
    pitch = _id(draft, "pitch", answers.text("pitch"), "pitch")
    org = _id(draft, "organisation", answers.text("organisation"), "organisation")
    org_data = _org_exists(draft, tree, "organisation", org)
    draft.subject = _name(org_data, org)
    draft.note = answers.text("reason")
    if draft.problems or not _pitch_exists(draft, tree, pitch):
        return draft
    signatories = (org_data or {}).get("signatories")
    logins = [s.get("github", "") for s in signatories if isinstance(s, dict)] if isinstance(signatories, list) else []
    if v.login(author).lower() not in {str(x).lower() for x in logins}:
        draft.problem("", f"@{v.login(author)} is not a signatory of {draft.subject}, so cannot withdraw its pledge: "
                          f"ask one of its signatories ({', '.join(map(str, logins))}) to fill in the form")
    path = f"pitches/{pitch}/pledges/{org}.yml"
    draft.path, draft.modified = path, True
    if tree.entry(path) is None:
        draft.problem("organisation", f"{draft.subject} has no pledge to '{pitch}', so there is nothing to withdraw")
        return draft
    raw = tree.read(path)
    try:
        parsed = parse_yaml(raw)
    except YamlRefused as exc:
        draft.problem("", f"{path} cannot be read ({exc.message}): a maintainer needs to fix it first")
        return draft
    if parsed.data.get("status") == "withdrawn":
        draft.problem("organisation", f"{draft.subject}'s pledge to '{pitch}' is already withdrawn")
        return draft
    # Change the one line, so the file keeps its comments and layout.
    text = raw.decode("utf-8")
    file_lines = text.splitlines(keepends=True)
    where = parsed.positions.get(("status",))
    if where is None:
        draft.problem("", f"{path} has no status line to change: a maintainer needs to fix it first")
        return draft
    ending = "\n" if file_lines[where.line - 1].endswith("\n") else ""
    file_lines[where.line - 1] = "status: withdrawn" + ending
    draft.text = "".join(file_lines)
    try:
        check = parse_yaml(draft.text.encode("utf-8")).data
    except YamlRefused:
        check = None
    if check != {**parsed.data, "status": "withdrawn"}:
        draft.problem("", f"the status in {path} is not on a line of its own: a maintainer needs to withdraw it by hand")
    return draft


ORGANISATION_FIELDS = {
    "name": "name", "type": "type", "nation": "nation", "website": "website", "gss_code": "gss_code",
    "signatories": "signatories",
}


def organisation(answers: Answers, author: str, today: dt.date, tree: Tree, via: str = "through the form") -> Draft:
    draft = Draft(fields=dict(ORGANISATION_FIELDS))
    org = _id(draft, "id", answers.text("id"), "organisation")
    draft.subject = answers.text("name") or org
    if is_id(org):
        draft.path = f"organisations/{org}.yml"
        if tree.entry(draft.path) is not None:
            draft.problem("id", f"there is already an organisation '{org}' in the catalogue")
    signatories = []
    for line in v.lines(answers.text("signatories")):
        name, role, github = v.cells(line, 3)[:3]
        if not (name and role and github):
            draft.problem("signatories", f"'{line}' is not `Name | Job title | GitHub login`: give all three, "
                                         "separated by |")
            continue
        signatories.append({"name": name, "role": role, "github": v.login(github)})
    data: dict[str, Any] = {
        "name": answers.text("name"),
        "type": (answers.choices("type") or [""])[0],
        "nation": (answers.choices("nation") or [""])[0],
        "website": answers.text("website").strip(),
    }
    if answers.text("gss_code"):
        data["gss_code"] = answers.text("gss_code").strip()
    data["signatories"] = signatories
    draft.text = v.to_yaml(data, f"Added {via} by @{v.login(author)}; a maintainer checks it is real.")
    return draft


PITCH_FIELDS = {
    "title": "title", "summary": "summary", "body": "body", "proposer": "proposer", "category": "category",
    "sectors": "sectors", "tags": "tags", "stage": "stage", "created": "",
    "business_case.problem": "problem", "business_case.users": "users", "business_case.benefits": "benefits",
    "business_case.cost_alone": "cost_alone", "business_case.cost_lines": "cost_lines", "business_case": "cost_lines",
    "procurement": "procurement", "contract.supplier": "supplier", "contract.licence": "licence",
    "contract.duration_months": "duration_months", "sla.availability": "availability",
    "sla.support_hours": "support_hours", "sla.response_times.critical": "critical",
    "sla.response_times.high": "high", "sla.response_times.normal": "normal", "sla.response_times": "critical",
    "funding.model": "model", "funding.target": "target", "funding.deadline": "deadline",
    "funding.min_partners": "min_partners", "funding.all_or_nothing": "all_or_nothing", "funding.tiers": "tiers",
    "funding": "model", "adoption.price": "adoption_price", "adoption.rebate_percent": "rebate_percent",
    "adoption": "adoption_price", "phase": "stage",
}


def _cost_lines(draft: Draft, text: str) -> list[dict[str, Any]]:
    out = []
    for line in v.lines(text):
        item, amount, core = v.cells(line, 3)[:3]
        kind = core.lower()
        if not item or not amount or kind not in ("core", "optional"):
            draft.problem("cost_lines", f"'{line}' is not `item | amount | core` or `item | amount | optional`")
            continue
        out.append({"item": item, "amount": _read(draft, "cost_lines", v.money, amount), "core": kind == "core"})
    return out


def _tiers(draft: Draft, text: str) -> list[dict[str, Any]]:
    out = []
    for line in v.lines(text):
        tier_id, label, price, types = v.cells(line, 4)[:4]
        if not tier_id or not label or not price:
            draft.problem("tiers", f"'{line}' is not `id | who it is for | price | types`")
            continue
        tier: dict[str, Any] = {"id": tier_id, "label": label, "price": _read(draft, "tiers", v.money, price)}
        if types:
            tier["types"] = [t.strip() for t in types.split(",") if t.strip()]
        out.append(tier)
    return out


def pitch(answers: Answers, author: str, today: dt.date, tree: Tree, via: str = "through the form") -> Draft:
    draft = Draft(fields=dict(PITCH_FIELDS))
    a = answers
    pitch_id = a.text("slug").strip() or v.slug(a.text("title"))
    pitch_id = _id(draft, "slug", pitch_id, "pitch")
    if is_id(pitch_id):
        draft.path = f"pitches/{pitch_id}/pitch.yml"
        if tree.entry(draft.path) is not None:
            draft.problem("slug", f"there is already a pitch '{pitch_id}': choose another web address id")
    proposer = _id(draft, "proposer", a.text("proposer"), "organisation")
    draft.subject = _name(_org_exists(draft, tree, "proposer", proposer), proposer)
    data: dict[str, Any] = {
        "title": a.text("title"),
        "summary": " ".join(a.text("summary").split()),
        "body": a.text("body") + "\n",
        "proposer": proposer,
        "category": (a.choices("category") or [""])[0],
        "sectors": a.choices("sectors"),
    }
    tags = [t.strip() for t in a.text("tags").split(",") if t.strip()]
    if tags:
        data["tags"] = tags
    data["stage"] = (a.choices("stage") or ["open"])[0]
    data["created"] = today.isoformat()
    data["business_case"] = {
        "problem": a.text("problem"),
        "users": a.text("users"),
        "benefits": v.lines(a.text("benefits")),
        "cost_alone": _read(draft, "cost_alone", v.money, a.text("cost_alone")),
        "cost_lines": _cost_lines(draft, a.text("cost_lines")),
    }
    data["procurement"] = (a.choices("procurement") or [""])[0]
    contract: dict[str, Any] = {}
    if a.text("supplier"):
        contract["supplier"] = a.text("supplier")
    contract["licence"] = a.text("licence")
    contract["duration_months"] = _read(draft, "duration_months", v.whole, a.text("duration_months"))
    data["contract"] = contract
    data["sla"] = {
        "availability": _read(draft, "availability", v.number, a.text("availability")),
        "support_hours": a.text("support_hours"),
        "response_times": {k: a.text(k) for k in ("critical", "high", "normal") if a.text(k)},
    }
    funding: dict[str, Any] = {
        "model": (a.choices("model") or [""])[0],
        "target": _read(draft, "target", v.money, a.text("target")),
        "deadline": a.text("deadline").strip(),
        "currency": "GBP",
    }
    if a.text("min_partners"):
        funding["min_partners"] = _read(draft, "min_partners", v.whole, a.text("min_partners"))
    funding["all_or_nothing"] = not (a.choices("all_or_nothing") or ["all"])[0].startswith("keep")
    if a.text("tiers"):
        funding["tiers"] = _tiers(draft, a.text("tiers"))
    data["funding"] = funding
    if a.text("adoption_price") or a.text("rebate_percent"):
        data["adoption"] = {
            "price": _read(draft, "adoption_price", v.money, a.text("adoption_price") or "?"),
            "rebate_percent": _read(draft, "rebate_percent", v.whole, a.text("rebate_percent") or "?"),
        }
    draft.text = v.to_yaml(data, f"Pitched {via} by @{v.login(author)}.")
    return draft


BUILDERS: dict[str, Callable[..., Draft]] = {
    "pitch": pitch,
    "pledge": pledge,
    "withdraw": withdraw,
    "organisation": organisation,
}
