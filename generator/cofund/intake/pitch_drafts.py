"""The pitch forms: pitch a service, and post an update on a pitch.

A new pitch is approved by a signatory of its proposer and a maintainer; an update, by a
signatory of the proposer, named in the form. An update is added at the end of the pitch's
`updates`, leaving the rest of the file as it was written (edits.py).
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from typing import Any

from ..load import Kind
from ..load.layout import is_id
from . import values as v
from .drafts import Draft, pitch_found, put, read_to_edit, signatory_named
from .edits import append_item
from .forms import Answers
from .references import PITCH_PAGE, Catalogue
from .words import quote

PITCH_FIELDS = {
    "title": "title", "summary": "summary", "body": "body", "proposer": "proposer", "category": "category",
    "title_cy": "title_cy", "summary_cy": "summary_cy", "body_cy": "body_cy",
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


def _comma_list(text: str) -> list[str]:
    return [x.strip() for x in text.split(",") if x.strip()]


# A cost line's last cell, in English or in Welsh (the Welsh form's words).
_CORE = {"core": True, "optional": False, "craidd": True, "dewisol": False}


def read_cost_lines(text: str) -> list[dict[str, Any]] | str:
    """The cost lines, or the first line that is not `item | amount | core or optional`."""
    out = []
    for line in v.lines(text):
        item, amount, core = v.cells(line, 3)[:3]
        if not item or not amount or core.lower() not in _CORE:
            return line
        out.append({"item": item, "amount": v.money(amount), "core": _CORE[core.lower()]})
    return out


def _tiers(text: str) -> list[dict[str, Any]] | str:
    out = []
    for line in v.lines(text):
        tier_id, label, price, types = v.cells(line, 4)[:4]
        if not tier_id or not label or not price:
            return line
        tier: dict[str, Any] = {"id": tier_id, "label": label, "price": v.money(price)}
        if types:
            tier["types"] = _comma_list(types)
        out.append(tier)
    return out


def _table(draft: Draft, field_id: str, where: tuple[str, ...], text: str, shape: str) -> None:
    rows = read_cost_lines(text) if field_id == "cost_lines" else _tiers(text)
    if isinstance(rows, str):
        draft.fail(field_id, where, f"{quote(rows)} is not `{shape}`")
        put(draft.data, where, None)
    elif text.strip():
        draft.value(field_id, where, rows, text)
    else:
        draft.answer(field_id, where, "")


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _block(text: str) -> str:
    return text.strip("\n") + "\n"


def _text(draft: Draft, a: Answers, where: tuple[str | int, ...], field_id: str, read: Callable[[str], str]) -> None:
    """A text and, if given, its Welsh (`<field_id>_cy`), written beside it."""
    draft.answer(field_id, (*where, field_id), a.text(field_id), read)
    welsh = f"{field_id}_cy"
    if a.text(welsh).strip():
        draft.answer(welsh, (*where, welsh), a.text(welsh), read)


def _choice(answers: Answers, field_id: str, default: str = "") -> str:
    return (answers.choices(field_id) or [default])[0]


def pitch(answers: Answers, author: str, today: dt.date, catalogue: Catalogue, via: str) -> Draft:
    draft = Draft(Kind.PITCH, fields=dict(PITCH_FIELDS))
    a = answers
    pitch_id = a.text("slug").strip() or v.slug(a.text("title"))
    if not is_id(pitch_id):
        draft.problem("slug", f"{quote(pitch_id)} is not a valid web address id: use lowercase words joined by "
                              f"hyphens, such as {v.slug(a.text('title')) or 'bin-collection-app'}")
    elif catalogue.pitch(pitch_id) is not None or (catalogue.root / "pitches" / pitch_id).exists():
        draft.problem("slug", f"there is already a pitch {quote(pitch_id)} (see {PITCH_PAGE}): choose another "
                              "web address id")
    else:
        draft.path = f"pitches/{pitch_id}/pitch.yml"
    proposer = a.text("proposer").strip()
    wrong = catalogue.org_problem(proposer) if proposer else None
    if wrong:
        draft.fail("proposer", ("proposer",), wrong)
    org = catalogue.org(proposer)
    draft.subject = org.name if org is not None else proposer
    _text(draft, a, (), "title", str.strip)
    _text(draft, a, (), "summary", _one_line)
    _text(draft, a, (), "body", _block)
    if not wrong:
        draft.answer("proposer", ("proposer",), proposer)
    draft.answer("category", ("category",), _choice(a, "category"))
    draft.answer("sectors", ("sectors",), ", ".join(a.choices("sectors")), _comma_list)
    if a.text("tags"):
        draft.answer("tags", ("tags",), a.text("tags"), _comma_list)
    draft.answer("stage", ("stage",), _choice(a, "stage", "open"))
    draft.data["created"] = today.isoformat()
    case = ("business_case",)
    draft.answer("problem", (*case, "problem"), a.text("problem"))
    draft.answer("users", (*case, "users"), a.text("users"))
    draft.answer("benefits", (*case, "benefits"), a.text("benefits"), v.lines)
    draft.answer("cost_alone", (*case, "cost_alone"), a.text("cost_alone"), v.money)
    _table(draft, "cost_lines", (*case, "cost_lines"), a.text("cost_lines"), "item | amount | core` or `item | "
           "amount | optional")
    draft.answer("procurement", ("procurement",), _choice(a, "procurement"))
    if a.text("supplier"):
        draft.answer("supplier", ("contract", "supplier"), a.text("supplier"))
    draft.answer("licence", ("contract", "licence"), a.text("licence"))
    draft.answer("duration_months", ("contract", "duration_months"), a.text("duration_months"), v.whole)
    draft.answer("availability", ("sla", "availability"), a.text("availability"), v.number)
    draft.answer("support_hours", ("sla", "support_hours"), a.text("support_hours"))
    times = {k: a.text(k).strip() for k in ("critical", "high", "normal") if a.text(k).strip()}
    draft.value("critical", ("sla", "response_times"), times, ", ".join(times.values()))
    draft.answer("model", ("funding", "model"), _choice(a, "model"))
    draft.answer("target", ("funding", "target"), a.text("target"), v.money)
    draft.answer("deadline", ("funding", "deadline"), a.text("deadline"))
    draft.data["funding"]["currency"] = "GBP"
    if a.text("min_partners"):
        draft.answer("min_partners", ("funding", "min_partners"), a.text("min_partners"), v.whole)
    draft.data["funding"]["all_or_nothing"] = not _choice(a, "all_or_nothing", "all").startswith("keep")
    if a.text("tiers"):
        _table(draft, "tiers", ("funding", "tiers"), a.text("tiers"), "id | who it is for | price | types")
    if a.text("adoption_price") or a.text("rebate_percent"):
        draft.answer("adoption_price", ("adoption", "price"), a.text("adoption_price") or "?", v.money)
        draft.answer("rebate_percent", ("adoption", "rebate_percent"), a.text("rebate_percent") or "?", v.whole)
    draft.render = lambda data: v.to_yaml(data, f"Pitched {via} by @{v.login(author)}.")
    return draft


UPDATE_FIELDS = {
    "updates": "body", "updates.title": "title", "updates.title_cy": "title_cy", "updates.body_cy": "body_cy",
    "signatory": "signatory",
}


def update(answers: Answers, author: str, today: dt.date, catalogue: Catalogue, via: str) -> Draft:
    """An update on a pitch, added at the end of its `updates`; a signatory of the proposer approves."""
    draft = Draft(Kind.PITCH, fields=dict(UPDATE_FIELDS))
    pitch_id = pitch_found(draft, answers, catalogue)
    if pitch_id is None:
        return draft
    path = f"pitches/{pitch_id}/pitch.yml"
    raw = catalogue.tree.read(path)
    parsed = read_to_edit(draft, raw, path)
    if parsed is None:
        return draft
    proposer = catalogue.org(str(parsed.data.get("proposer", "")))
    if proposer is None:
        draft.problem("pitch", f"the pitch {quote(pitch_id)} has no proposer in the catalogue to approve an update: "
                               "a maintainer needs to fix it first")
        return draft
    draft.subject = proposer.name
    signatory_named(draft, proposer, answers.text("signatory"), catalogue, f"approve updates for {proposer.name}")
    draft.path, draft.modified = path, True
    draft.data = copy.deepcopy(parsed.data)
    updates = draft.data.get("updates")
    index = len(updates) if isinstance(updates, list) else 0
    if not isinstance(updates, list):
        draft.data["updates"] = []
    draft.data["updates"].append({"date": today.isoformat()})
    where = ("updates", index)
    _text(draft, answers, where, "title", str.strip)
    _text(draft, answers, where, "body", _block)
    draft.render = lambda data: append_item(raw, parsed, "updates", data["updates"][-1], data)
    return draft
