"""Who must approve each change, and whether they have.

| change                                              | approval needed                                  |
|-----------------------------------------------------|--------------------------------------------------|
| a pledge or adoption by org X added, changed, removed | a signatory of X                               |
| a new pitch                                         | a signatory of the proposer, and a maintainer    |
| a change to a pitch                                 | a signatory of the proposer                      |
| a new organisation                                  | a maintainer                                     |
| a change to organisation X                          | a signatory of X (and a maintainer when its      |
|                                                     | signatories, type or nation change)              |
| anything else (settings, schemas, code, workflows, pages) | a maintainer                               |
| a change that raises what X, with a live pledge, is committed to, or revives its pledge | also a signatory of X |
| a match fund added, changed or removed                | a signatory of its holder, and a maintainer      |

Matching itself needs no approval: the fund's rules, approved once by its holder, are its
consent to every match they make. A fund whose holder changes needs a signatory of both.

Two cases the table leaves open, decided here: removing a pitch or an organisation also
needs a maintainer (records are meant to be withdrawn, not deleted, so a maintainer should
see it), and a pitch whose proposer changes needs a signatory of both proposers.

Who counts is read from the BASE branch only (`Authority`): the pull request cannot add the
people who approve it. An approval counts while what it authorised still holds at the head
(binding.py). A signatory who authored the pull request authorises the changes their own
commits made, as GitHub vouches for them (commits.py): only when no one else's commit
changed those files, before or after theirs. A
maintainer never approves their own pull request (GitHub does not let anyone), so a
maintainer's change needs another maintainer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .binding import Binding, Holds
from .classify import ChangeKind as K
from .classify import Classified
from .reviews import Decision, Verdict

MAINTAINER = "maintainer"
SIGNATORY = "signatory"

_SIGNED_BY_ORG = {
    K.NEW_PLEDGE, K.PLEDGE_CHANGE, K.PLEDGE_WITHDRAWAL, K.PLEDGE_REMOVED,
    K.NEW_ADOPTION, K.ADOPTION_CHANGE, K.ADOPTION_REMOVED, K.ORGANISATION_CHANGE,
}
# An organisation's type and nation decide which funds match its pledges, which tier prices it
# may take and what its org-id must look like: a maintainer checks them, as for a new one.
_ORG_AND_MAINTAINER = {K.SIGNATORY_CHANGE, K.STANDING_CHANGE, K.ORGANISATION_REMOVED}
_PITCH = {K.NEW_PITCH, K.PITCH_CHANGE, K.PITCH_REMOVED}
_FUND = {K.NEW_FUND, K.FUND_CHANGE, K.FUND_REMOVED}


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
    if kind in _FUND:
        return (*(Need(SIGNATORY, h) for h in change.holders), Need(MAINTAINER))
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
    given_by: tuple[str, ...] = ()  # eligible people whose approval still holds at the head
    authored_by: str | None = None  # an eligible author whose own commit holds at the head
    objecting: tuple[str, ...] = ()  # eligible people whose decision is "changes requested"
    stale: tuple[str, ...] = ()  # eligible people who approved files that changed since
    missing: tuple[str, ...] = ()  # eligible people who approved a commit this repository lacks
    dismissed: tuple[str, ...] = ()  # eligible people whose approval was dismissed
    waiting_for: tuple[str, ...] = ()  # everyone who could still give it (to notify)
    impossible: str | None = None  # why nobody can give it in this pull request
    author_note: str | None = None  # why an eligible author's authorship does not count
    consent: bool = False  # needed because what this organisation is committed to rises

    @property
    def ok(self) -> bool:
        return self.impossible is None and not self.objecting and bool(self.given_by or self.authored_by)


def _lower(logins: tuple[str, ...]) -> dict[str, str]:
    return {login.lower(): login for login in logins}


def _authorship(binding: Binding, authored: tuple[str, ...] | None, paths: list[str]) -> str | None:
    """None when the author's own commits (as GitHub vouches) made every change to `paths`;
    otherwise why not, in words.

    Every commit of the pull request that changes one of `paths` (binding.changed_by: merges
    of the base branch change nothing) must be one GitHub vouches the author made. Comparing
    the files at one of their commits with the head would not do: a commit holds the whole
    branch, so the author's later commit to another file would vouch for what someone else
    pushed to their pledge before it."""
    if authored is None:
        return ("authorship counts only for commits GitHub vouches were theirs, and none were given "
                "to the check (--commits)")
    if not authored:
        return ("GitHub vouches for none of this pull request's commits as theirs (signed with their own "
                "key, or made in GitHub's web editor while signed in)")
    changers = binding.changed_by(paths)
    if changers and changers <= {sha.lower() for sha in authored}:
        return None
    return "someone else changed these files, in a commit GitHub does not vouch was theirs"


def judge(
    changes: list[Classified],
    authority: Authority,
    decisions: dict[str, Verdict],
    binding: Binding,
    author: str | None,
    authored: tuple[str, ...] | None,
    consent: dict[str, list[Classified]] | None = None,
) -> list[Approval]:
    """Every approval the changes need, grouped so each is asked for once, with its state.

    `authored` holds the commits GitHub vouches were the author's (None: not known);
    `consent` maps each organisation whose commitment rises to the changes that raise it."""
    grouped: dict[Need, list[Classified]] = {}
    for change in changes:
        for need in needs(change):
            grouped.setdefault(need, []).append(change)
    # consent.py: the organisations whose commitment rises (a table row of its own).
    for org, raising in (consent or {}).items():
        have = grouped.setdefault(Need(SIGNATORY, org), [])
        have.extend(c for c in raising if c not in have)
    author_key = author.lower() if author else None
    out = []
    for need in sorted(grouped, key=lambda n: (n.role == MAINTAINER, n.org)):
        label = "a maintainer" if need.role == MAINTAINER else f"a signatory of {authority.name(need.org)}"
        eligible = authority.eligible(need)
        covered = tuple(grouped[need])
        asked = need.role == SIGNATORY and need.org in (consent or {})
        if eligible is None:
            out.append(
                Approval(
                    need, label, covered, consent=asked,
                    impossible=(
                        f"{authority.name(need.org)} is not in the catalogue on the base branch, so it has no "
                        "signatories yet: add the organisation in a pull request of its own first (a maintainer "
                        "approves it), then make this change"
                    ),
                )
            )
            continue
        paths = sorted({c.path for c in covered})
        people = _lower(eligible)
        given: list[str] = []
        objecting: list[str] = []
        stale: list[str] = []
        missing: list[str] = []
        dismissed: list[str] = []
        for key, login in people.items():
            verdict = decisions.get(key)
            if verdict is None or key == author_key:
                continue
            if verdict.decision is Decision.CHANGES_REQUESTED:
                objecting.append(login)
            elif verdict.decision is Decision.DISMISSED:
                dismissed.append(login)
            else:
                held = binding.holds(verdict.commit, paths)
                {Holds.YES: given, Holds.CHANGED: stale, Holds.MISSING: missing}[held].append(login)
        authored_by, note = None, None
        if author_key in people and need.role == SIGNATORY:
            note = _authorship(binding, authored, paths)
            authored_by = people[author_key] if note is None else None
        waiting = tuple(login for key, login in people.items() if key != author_key)
        impossible = None
        if need.role == MAINTAINER and not waiting:
            impossible = (
                "the author is the only maintainer, and nobody approves their own pull request: "
                "name a second maintainer in cofund.yml first"
            )
        out.append(
            Approval(
                need, label, covered, tuple(given), authored_by, tuple(objecting), tuple(stale), tuple(missing),
                tuple(dismissed), waiting, impossible, note, asked,
            )
        )
    return out
