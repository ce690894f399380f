"""The ids and logins a form names, looked up in the catalogue: is the pitch there and open to
pledges, is the organisation there, is the login one of its signatories.

These are what people get wrong most (`calderdale-council` for `calderdale`, `kirklee`), so
each problem suggests the closest ids (difflib) and says where to find the right one: an
organisation's page on the site ends in its id and lists its signatories' GitHub logins;
a pitch's page ends in the pitch's id. Both `cofund new` (before asking anything else) and
`cofund intake` use them. Signatories are always read from the catalogue as it is (for an
intake, the default branch), never from the change being made.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..compute import ComputedPitch
from ..load.layout import is_id
from ..load.safe_yaml import YamlRefused, parse_yaml
from ..prcheck.changes import Change
from ..prcheck.changes import Status as ChangeStatus
from ..prcheck.check import evaluate
from ..prcheck.refusals import _CLOSED as CLOSED  # the PR check's own list, so the two agree
from ..prcheck.trees import FolderTree
from .values import slug
from .words import quote

ORG_PAGE = "the organisation's page on the catalogue site"
PITCH_PAGE = "the pitch's page on the catalogue site"

@dataclass(frozen=True)
class Org:
    id: str
    name: str
    logins: tuple[str, ...]  # the signatories' GitHub logins, as written in the file

    def login(self, typed: str) -> str | None:
        """The signatory's login as the file writes it (logins ignore case), or None."""
        wanted = typed.strip().removeprefix("@").lower()
        return next((x for x in self.logins if x.lower() == wanted), None)


def suggest(typed: str, known: list[str]) -> str:
    """' (did you mean `a` or `b`?)' for the closest of `known`, or ''."""
    candidates = difflib.get_close_matches(typed.lower(), known, n=3, cutoff=0.75)
    made = slug(typed)  # "Calderdale Council" -> calderdale-council, then as typed
    for word in (made, made.split("-")[0] if made else ""):
        if word in known and word not in candidates:
            candidates.insert(0, word)
    # A word too short for difflib: `foi` for foi-tool, `jsmith` for jsmith-kirklees.
    for longer in (x for x in known if made and x.startswith(made + "-") and x not in candidates):
        candidates.append(longer)
    for shorter in (x for x in known if made.startswith(x + "-") and x not in candidates):
        candidates.insert(0, shorter)
    if not candidates:
        return ""
    return f" (did you mean {' or '.join(f'`{c}`' for c in candidates[:3])}?)"


class Catalogue:
    """The repository folder the form's file is written into, read only where asked."""

    def __init__(self, root: Path):
        self.root = root
        self.tree = FolderTree(root)
        self._orgs: dict[str, Org | None] = {}

    def _names(self, folder: str, dirs: bool) -> list[str]:
        where = self.root / folder
        if where.is_symlink() or not where.is_dir():
            return []
        with os.scandir(where) as it:
            found = [e.name for e in it if e.is_dir(follow_symlinks=False) == dirs]
        return sorted(n.removesuffix(".yml") for n in found if is_id(n.removesuffix(".yml")))

    def org_ids(self) -> list[str]:
        return self._names("organisations", dirs=False)

    def pitch_ids(self) -> list[str]:
        return self._names("pitches", dirs=True)

    def read(self, path: str) -> dict[str, Any] | None:
        entry = self.tree.entry(path)
        if entry is None or not entry.regular:
            return None
        try:
            return parse_yaml(self.tree.read(path)).data
        except YamlRefused:
            return {}

    def org(self, org_id: str) -> Org | None:
        if org_id not in self._orgs:
            data = self.read(f"organisations/{org_id}.yml") if is_id(org_id) else None
            if data is None:
                self._orgs[org_id] = None
            else:
                listed = data.get("signatories")
                logins = tuple(
                    str(s["github"]) for s in (listed if isinstance(listed, list) else [])
                    if isinstance(s, dict) and isinstance(s.get("github"), str)
                )
                name = data.get("name")
                self._orgs[org_id] = Org(org_id, name if isinstance(name, str) else org_id, logins)
        return self._orgs[org_id]

    def pitch(self, pitch_id: str) -> dict[str, Any] | None:
        return self.read(f"pitches/{pitch_id}/pitch.yml") if is_id(pitch_id) else None

    def computed(self, pitch_id: str, today: dt.date) -> ComputedPitch | None:
        """The pitch with its status and figures, from its own files only (as the PR check
        reads them), or None if it is not there or its files are not valid."""
        path = f"pitches/{pitch_id}/pitch.yml"
        entry = self.tree.entry(path)
        if entry is None:
            return None
        change = Change(path, ChangeStatus.MODIFIED, 0o100644, entry.size)
        return evaluate(self.tree, self.tree, [change], today).before.pitches.get(pitch_id)

    # -- the problems, each in plain words, or None --

    def org_problem(self, typed: str) -> str | None:
        org_id = typed.strip()
        if self.org(org_id) is not None:
            return None
        hint = suggest(org_id, self.org_ids())
        what = "is not an organisation id" if not is_id(org_id) else "is not an organisation in the catalogue"
        return (
            f"{quote(org_id)} {what}{hint}: the id is the last part of the web address of {ORG_PAGE} "
            "(for example .../organisations/kirklees/). "
            "If your organisation is not in the catalogue yet, add it first with the 'Add an organisation' form"
        )

    def pitch_problem(self, typed: str) -> str | None:
        pitch_id = typed.strip()
        if self.pitch(pitch_id) is not None:
            return None
        hint = suggest(pitch_id, self.pitch_ids())
        what = "is not a pitch id" if not is_id(pitch_id) else "is not a pitch in the catalogue"
        return (f"{quote(pitch_id)} {what}{hint}: the id is the last part of the web address of {PITCH_PAGE} "
                "(for example .../pitches/cyber-training/)")

    def signatory_problem(self, org: Org, typed: str, role: str = "approve this") -> str | None:
        """Is `typed` one of `org`'s signatories (who may `role`)?"""
        login = typed.strip().removeprefix("@")
        if org.login(login) is not None:
            return None
        listed = ", ".join(f"`{x}`" for x in org.logins) or "none"
        hint = suggest(login, [x.lower() for x in org.logins])
        return (
            f"{quote(login)} is not a signatory of {org.name}{hint}, so cannot {role}. Its signatories' GitHub "
            f"logins are {listed}, as listed on {ORG_PAGE}. To add someone, use the 'Add or remove a "
            "signatory' form first"
        )

    def pledge_problem(self, pitch_id: str, today: dt.date) -> str | None:
        """Why the pitch takes no pledges now, or None when it does."""
        computed = self.computed(pitch_id, today)
        if computed is None:
            return None  # not valid as it is: the whole-file check says why
        if computed.status in CLOSED:
            return (f"{quote(computed.pitch.title)} is {CLOSED[computed.status]}, so it takes no pledges: "
                    "pledge to an open pitch instead")
        return None
