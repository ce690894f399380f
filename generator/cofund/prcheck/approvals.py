"""Who must approve each change, and whether they have (DESIGN.md, "Who must approve a pull request").

| change                                              | approval needed                                  |
|-----------------------------------------------------|--------------------------------------------------|
| a pledge or adoption by org X added, changed, removed | a signatory of X                               |
| a new pitch                                         | a signatory of the proposer, and a maintainer    |
| a change to a pitch                                 | a signatory of the proposer                      |
| a new organisation                                  | a maintainer                                     |
| a change to organisation X                          | a signatory of X, and a maintainer when its signatories change |
| anything else (settings, schemas, code, workflows, pages) | a maintainer                               |

Two cases the table leaves open, decided here: removing a pitch or an organisation also
needs a maintainer (records are meant to be withdrawn, not deleted, so a maintainer should
see it), and a pitch whose proposer changes needs a signatory of both proposers.

Who counts is read from the BASE branch only (`Authority`): the pull request cannot add the
people who approve it. A signatory who authored the pull request authorises their own
organisation's change. A maintainer never approves their own pull request (GitHub does not
let anyone), so a maintainer's change needs another maintainer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .classify import ChangeKind as K
from .classify import Classified
from .reviews import Decision, Verdict

MAINTAINER = "maintainer"
SIGNATORY = "signatory"

_SIGNED_BY_ORG = {
    K.NEW_PLEDGE, K.PLEDGE_CHANGE, K.PLEDGE_WITHDRAWAL, K.PLEDGE_REMOVED,
    K.NEW_ADOPTION, K.ADOPTION_CHANGE, K.ADOPTION_REMOVED, K.ORGANISATION_CHANGE,
}
_ORG_AND_MAINTAINER = {K.SIGNATORY_CHANGE, K.ORGANISATION_REMOVED}
_PITCH = {K.NEW_PITCH, K.PITCH_CHANGE, K.PITCH_REMOVED}


@dataclass(frozen=True, order=True)
class Need:
    role: str  # SIGNATORY or MAINTAINER
    org: str = ""  # for SIGNATORY: the organisation's id


def needs(change: Classified) -> tuple[Need, ...]:
    kind = change.kind
    if kind in _SIGNED_BY_ORG:
        return (Need(SIGNATORY, change.org or ""),)
    if kind in _ORG_AND_MAINTAINER:
        return (Need(SIGNATORY, change.org or ""), Need(MAINTAINER))
    if kind in _PITCH:
        out = [Need(SIGNATORY, p) for p in change.proposers]
        if kind is not K.PITCH_CHANGE or not out:  # no readable proposer: a maintainer decides
            out.append(Need(MAINTAINER))
        return tuple(out)
    return (Need(MAINTAINER),)  # new organisation, settings, and everything outside the data


@dataclass(frozen=True)
class Authority:
    """The base branch's lists: who may approve what."""

    maintainers: tuple[str, ...]
    signatories: dict[str, tuple[str, ...]]  # organisation id -> GitHub logins
    names: dict[str, str] = field(default_factory=dict)  # organisation id -> name, for people

    def name(self, org: str) -> str:
        return self.names.get(org, org)

    def eligible(self, need: Need) -> tuple[str, ...] | None:
        """The logins that can give `need`; None when the organisation is not on the base branch."""
        if need.role == MAINTAINER:
            return self.maintainers
        return self.signatories.get(need.org)


@dataclass(frozen=True)
class Approval:
    """One approval the pull request needs, and where it stands."""

    need: Need
    label: str  # "a signatory of Kirklees Council"
    changes: tuple[Classified, ...]  # what needs it
    given_by: tuple[str, ...] = ()  # eligible people who approved the head commit
    authored_by: str | None = None  # an eligible author, who authorises by opening the PR
    objecting: tuple[str, ...] = ()  # eligible people whose decision is "changes requested"
    stale: tuple[str, ...] = ()  # eligible people who approved an earlier commit
    dismissed: tuple[str, ...] = ()  # eligible people whose approval was dismissed
    waiting_for: tuple[str, ...] = ()  # everyone who could still give it (to notify)
    impossible: str | None = None  # why nobody can give it in this pull request

    @property
    def ok(self) -> bool:
        return self.impossible is None and not self.objecting and bool(self.given_by or self.authored_by)


def _lower(logins: tuple[str, ...]) -> dict[str, str]:
    return {login.lower(): login for login in logins}


def judge(
    changes: list[Classified],
    authority: Authority,
    decisions: dict[str, Verdict],
    head_sha: str,
    author: str | None,
) -> list[Approval]:
    """Every approval the changes need, grouped so each is asked for once, with its state."""
    grouped: dict[Need, list[Classified]] = {}
    for change in changes:
        for need in needs(change):
            grouped.setdefault(need, []).append(change)
    author_key = author.lower() if author else None
    out = []
    for need in sorted(grouped, key=lambda n: (n.role == MAINTAINER, n.org)):
        label = "a maintainer" if need.role == MAINTAINER else f"a signatory of {authority.name(need.org)}"
        eligible = authority.eligible(need)
        covered = tuple(grouped[need])
        if eligible is None:
            out.append(
                Approval(
                    need, label, covered,
                    impossible=(
                        f"{authority.name(need.org)} is not in the catalogue on the base branch, so it has no "
                        "signatories yet: add the organisation in a pull request of its own first (a maintainer "
                        "approves it), then make this change"
                    ),
                )
            )
            continue
        people = _lower(eligible)
        given, objecting, stale, dismissed = [], [], [], []
        for key, login in people.items():
            verdict = decisions.get(key)
            if verdict is None or key == author_key:
                continue
            if verdict.approves(head_sha):
                given.append(login)
            elif verdict.decision is Decision.CHANGES_REQUESTED:
                objecting.append(login)
            elif verdict.decision is Decision.APPROVED:
                stale.append(login)
            else:
                dismissed.append(login)
        authored = people[author_key] if author_key in people and need.role == SIGNATORY else None
        waiting = tuple(login for key, login in people.items() if key != author_key)
        impossible = None
        if need.role == MAINTAINER and not waiting:
            impossible = (
                "the author is the only maintainer, and nobody approves their own pull request: "
                "name a second maintainer in cofund.yml first"
            )
        out.append(
            Approval(
                need, label, covered, tuple(given), authored, tuple(objecting), tuple(stale),
                tuple(dismissed), waiting, impossible,
            )
        )
    return out
