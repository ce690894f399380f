"""The organisation forms: add an organisation, and add or remove one of its signatories.

A new organisation is checked by a maintainer. A change to the signatories is approved by
one of the organisation's current signatories (named in the form) and a maintainer; the
file's other lines are left as they were (edits.py).
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from typing import Any

from ..load import Kind
from ..load.layout import is_id
from . import values as v
from .drafts import Draft, org_and_signatory, read_to_edit
from .edits import append_item, remove_item
from .forms import Answers
from .references import ORG_PAGE, Catalogue, suggest
from .words import quote

ORGANISATION_FIELDS = {
    "name": "name", "name_cy": "name_cy", "type": "type", "nation": "nation", "website": "website",
    "gss_code": "gss_code", "signatories": "signatories",
}


_READ_PERSON: tuple[tuple[str, Callable[[str], Any]], ...] = (
    ("name", str.strip), ("role", str.strip), ("github", v.login),
)


def _person(draft: Draft, field_id: str, index: int, cells: tuple[str, str, str]) -> None:
    for (key, convert), text in zip(_READ_PERSON, cells, strict=True):
        draft.answer(field_id, ("signatories", index, key), text, convert)


def organisation(answers: Answers, author: str, today: dt.date, catalogue: Catalogue, via: str) -> Draft:
    draft = Draft(Kind.ORGANISATION, fields=dict(ORGANISATION_FIELDS))
    org = answers.text("id").strip()
    draft.subject = answers.text("name") or org
    if not is_id(org):
        draft.problem("id", f"{quote(org)} is not a valid organisation id: use lowercase words joined by hyphens, "
                            f"such as {v.slug(answers.text('name')) or 'kirklees'}")
    elif catalogue.org(org) is not None:
        draft.problem("id", f"there is already an organisation {quote(org)} in the catalogue: see {ORG_PAGE}")
    else:
        draft.path = f"organisations/{org}.yml"
    draft.answer("name", ("name",), answers.text("name"))
    if answers.text("name_cy"):
        draft.answer("name_cy", ("name_cy",), answers.text("name_cy"))
    draft.answer("type", ("type",), (answers.choices("type") or [""])[0])
    draft.answer("nation", ("nation",), (answers.choices("nation") or [""])[0])
    draft.answer("website", ("website",), answers.text("website"))
    if answers.text("gss_code"):
        draft.answer("gss_code", ("gss_code",), answers.text("gss_code"))
    draft.data["signatories"] = []
    for line in v.lines(answers.text("signatories")):
        name, role, github = v.cells(line, 3)[:3]
        if not (name and role and github):
            draft.fail("signatories", ("signatories",), f"{quote(line)} is not `Name | Job title | GitHub login`: "
                                                        "give all three, separated by |")
            continue
        draft.data["signatories"].append({})
        _person(draft, "signatories", len(draft.data["signatories"]) - 1, (name, role, github))
    comment = f"Added {via} by @{v.login(author)}; a maintainer checks it is real."
    draft.render = lambda data: v.to_yaml(data, comment)
    return draft


SIGNATORY_FIELDS = {"signatories": "github", "signatory": "signatory"}
ADD = "add"


def signatory(answers: Answers, author: str, today: dt.date, catalogue: Catalogue, via: str) -> Draft:
    """Add a signatory to an organisation, or remove one; a current signatory approves."""
    draft = Draft(Kind.ORGANISATION, fields=dict(SIGNATORY_FIELDS))
    org = org_and_signatory(draft, answers, catalogue, "approve this change")
    draft.note = answers.text("reason")
    adding = (answers.choices("change") or [ADD])[0].startswith(ADD)
    login = v.login(answers.text("github"))
    if org is None or not login:  # no login: the check of required answers says so
        return draft
    path = f"organisations/{org.id}.yml"
    raw = catalogue.tree.read(path)
    parsed = read_to_edit(draft, raw, path)
    if parsed is None:
        return draft
    listed = parsed.data.get("signatories")
    if not isinstance(listed, list):
        draft.problem("", f"{path} has no list of signatories to change: a maintainer needs to fix it first")
        return draft
    draft.path, draft.modified = path, True
    draft.data = copy.deepcopy(parsed.data)
    current = org.login(login) if login else None
    if adding:
        if current is not None:
            draft.problem("github", f"{quote(login)} is already a signatory of {org.name}")
        draft.data["signatories"].append({})
        _person(draft, "github", len(listed), (answers.text("name"), answers.text("role"), login))
        for field_id, what in (("name", "name"), ("role", "job title")):
            if not answers.text(field_id).strip():
                draft.problem(field_id, f"give their {what} to add them")
        draft.render = lambda data: append_item(raw, parsed, "signatories", data["signatories"][-1], data)
        return draft
    if current is None:
        hint = suggest(login, [x.lower() for x in org.logins])
        logins = ", ".join(f"`{x}`" for x in org.logins)
        draft.problem("github", f"{quote(login)} is not a signatory of {org.name}{hint}, so cannot be removed: "
                                f"its signatories are {logins}")
        return draft
    if len(listed) == 1:
        draft.problem("github", f"{current} is {org.name}'s only signatory: add another first, then remove them")
        return draft
    index = next(i for i, s in enumerate(listed) if isinstance(s, dict) and s.get("github") == current)
    del draft.data["signatories"][index]
    draft.render = lambda data: remove_item(raw, parsed, "signatories", index, data)
    return draft

