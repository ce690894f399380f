"""What each changed path is, in the terms of the approval table (approvals.py).

A path's kind comes from the layout (load.layout.place_of) and its status in the diff; the
finer distinctions (a pledge withdrawn rather than edited, an organisation whose
signatories, or whose type or nation, changed) come from the files' contents on each side, read as parsed YAML so
that a file that fails its schema is still classified, and still needs its approvals.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from ..load import DataFile, Kind, Place
from ..load.layout import CATALOGUE_FILE, is_id
from .changes import Change, Status


class ChangeKind(enum.Enum):
    NEW_PITCH = "new pitch"
    PITCH_CHANGE = "pitch change"
    PITCH_REMOVED = "pitch removed"
    NEW_PLEDGE = "new pledge"
    PLEDGE_CHANGE = "pledge change"
    PLEDGE_WITHDRAWAL = "pledge withdrawal"
    PLEDGE_REMOVED = "pledge removed"
    NEW_ADOPTION = "new adoption"
    ADOPTION_CHANGE = "adoption change"
    ADOPTION_REMOVED = "adoption removed"
    NEW_ORGANISATION = "new organisation"
    ORGANISATION_CHANGE = "organisation change"
    STANDING_CHANGE = "organisation type or nation change"
    SIGNATORY_CHANGE = "signatory change"
    ORGANISATION_REMOVED = "organisation removed"
    NEW_FUND = "new match fund"
    FUND_CHANGE = "match fund change"
    FUND_REMOVED = "match fund removed"
    SETTINGS_CHANGE = "catalogue settings change"
    OTHER = "other"  # code, schemas, workflows, pages: everything outside the data


@dataclass(frozen=True)
class Classified:
    change: Change
    kind: ChangeKind
    org: str | None = None  # the organisation whose pledge, adoption or file this is
    pitch: str | None = None
    proposers: tuple[str, ...] = ()  # a pitch's proposer on the base and, if different, on the head
    fund: str | None = None  # a match fund's id
    holders: tuple[str, ...] = ()  # a fund's holder on the base and, if different, on the head

    @property
    def path(self) -> str:
        return self.change.path


def _data(file: DataFile | None) -> dict[str, Any] | None:
    return file.parsed.data if file is not None else None


def _signatories(data: dict[str, Any] | None) -> Any:
    """The signatories as compared: logins ignore case. Unreadable counts as different."""
    if data is None:
        return object()
    listed = data.get("signatories")
    if not isinstance(listed, list):
        return repr(listed)
    return [
        tuple(
            (s.get(k) or "").lower() if k == "github" and isinstance(s.get(k), str) else s.get(k)
            for k in ("name", "role", "github")
        )
        if isinstance(s, dict) else repr(s)
        for s in listed
    ]


def signatory_logins(data: dict[str, Any] | None) -> set[str]:
    """Lower-cased GitHub logins listed in an organisation file's parsed data."""
    if data is None or not isinstance(data.get("signatories"), list):
        return set()
    return {
        s["github"].lower() for s in data["signatories"]
        if isinstance(s, dict) and isinstance(s.get("github"), str)
    }


STANDING = ("type", "nation")  # what funds' eligibility, tier prices and org-id rules read


def standing_changes(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[tuple[str, Any, Any]]:
    """(field, before, after) for each of an organisation's type and nation that differs."""
    if before is None or after is None:
        return []
    return [(k, before.get(k), after.get(k)) for k in STANDING if before.get(k) != after.get(k)]


def _proposer(data: dict[str, Any] | None, key: str = "proposer") -> str | None:
    value = data.get(key) if data is not None else None
    return value if isinstance(value, str) and is_id(value) else None


def _both(before: dict[str, Any] | None, after: dict[str, Any] | None, key: str) -> tuple[str, ...]:
    """The organisation named by `key` on the base and, if different, on the head."""
    out: list[str] = []
    for p in (_proposer(before, key), _proposer(after, key)):
        if p is not None and p not in out:
            out.append(p)
    return tuple(out)


def classify(
    change: Change,
    place: Place | None,
    base: dict[str, DataFile],
    after: dict[str, DataFile],
) -> Classified:
    """`place` is the path's place in the data layout, or None for code, pages and the like."""
    if place is None:
        return Classified(change, ChangeKind.OTHER)
    path, status = change.path, change.status
    before_data, after_data = _data(base.get(path)), _data(after.get(path))
    if place.kind is Kind.CATALOGUE or path == CATALOGUE_FILE:
        return Classified(change, ChangeKind.SETTINGS_CHANGE)
    if place.kind is Kind.PITCH:
        kind = {
            Status.ADDED: ChangeKind.NEW_PITCH,
            Status.MODIFIED: ChangeKind.PITCH_CHANGE,
            Status.DELETED: ChangeKind.PITCH_REMOVED,
        }[status]
        return Classified(change, kind, pitch=place.id, proposers=_both(before_data, after_data, "proposer"))
    if place.kind is Kind.FUND:
        kind = {
            Status.ADDED: ChangeKind.NEW_FUND,
            Status.MODIFIED: ChangeKind.FUND_CHANGE,
            Status.DELETED: ChangeKind.FUND_REMOVED,
        }[status]
        return Classified(change, kind, fund=place.id, holders=_both(before_data, after_data, "holder"))
    if place.kind is Kind.PLEDGE:
        if status is Status.ADDED:
            kind = ChangeKind.NEW_PLEDGE
        elif status is Status.DELETED:
            kind = ChangeKind.PLEDGE_REMOVED
        else:
            now, then = (after_data or {}).get("status"), (before_data or {}).get("status")
            withdrawn = now == "withdrawn" and then != "withdrawn"
            kind = ChangeKind.PLEDGE_WITHDRAWAL if withdrawn else ChangeKind.PLEDGE_CHANGE
        return Classified(change, kind, org=place.id, pitch=place.pitch)
    if place.kind is Kind.ADOPTER:
        kind = {
            Status.ADDED: ChangeKind.NEW_ADOPTION,
            Status.MODIFIED: ChangeKind.ADOPTION_CHANGE,
            Status.DELETED: ChangeKind.ADOPTION_REMOVED,
        }[status]
        return Classified(change, kind, org=place.id, pitch=place.pitch)
    # An organisation.
    if status is Status.ADDED:
        return Classified(change, ChangeKind.NEW_ORGANISATION, org=place.id)
    if status is Status.DELETED:
        return Classified(change, ChangeKind.ORGANISATION_REMOVED, org=place.id)
    if _signatories(before_data) != _signatories(after_data):
        return Classified(change, ChangeKind.SIGNATORY_CHANGE, org=place.id)
    if standing_changes(before_data, after_data):
        return Classified(change, ChangeKind.STANDING_CHANGE, org=place.id)
    return Classified(change, ChangeKind.ORGANISATION_CHANGE, org=place.id)
