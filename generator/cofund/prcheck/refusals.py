"""What a pull request may not do at all, whoever approves it, each with the reason in plain words.

- A symbolic link or a submodule anywhere: a link could point at any file of the machine
  that builds the site, and a submodule pulls in another repository.
- In the data folders: a file that is not where data files go (the layout), whose name is
  not a valid id, that is binary, or larger than the data-file limit.
- Outside the data folders: a file larger than MAX_OTHER_BYTES; and, from an author who is
  not a maintainer, a path outside the repository's layout (README, "Repository layout"),
  which is nearly always a data file saved in the wrong place.
- Adding the author or a reviewer to an organisation's signatories and relying on it in the
  same pull request. Signatories are read from the base branch, so the new name would not
  count anyway; the refusal says so rather than leaving people to wonder why.
- Pledging to a pitch that is expired, withdrawn, retired or still a draft.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..compute import ComputedPitch, Status
from ..load import DataFile
from ..load.layout import NotInLayout, is_data_path, place_of
from ..load.safe_yaml import MAX_BYTES
from .approvals import SIGNATORY, needs
from .changes import Change
from .classify import ChangeKind, Classified, signatory_logins
from .trees import SUBMODULE_MODE, SYMLINK_MODE, Tree

MAX_OTHER_BYTES = 1024 * 1024

# The top level of the repository (README, "Repository layout"). Anything else at the
# top is refused from an author who is not a maintainer; a maintainer may add to it.
REPOSITORY_LAYOUT = frozenset({
    "cofund.yml", "organisations", "pitches", "funds", "schemas", "generator", "site", "tests", "benchmarks",
    ".github", ".ci", "mkdocs.yml", "pyproject.toml", "Makefile", "README.md", "CONTRIBUTING.md",
    "LICENSE", ".gitignore", ".gitattributes", ".editorconfig",
})

_CLOSED = {
    Status.EXPIRED: "expired: its deadline has passed without the funding it needed, so its pledges were released",
    Status.WITHDRAWN: "withdrawn by its proposer",
    Status.RETIRED: "retired: it is no longer offered",
    Status.DRAFT: "still a draft, not yet open to pledges",
}


@dataclass(frozen=True, order=True)
class Refusal:
    path: str
    reason: str


def _is_binary(data: bytes) -> bool:
    if b"\0" in data:
        return True
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def file_refusals(changes: Iterable[Change], head: Tree, author_is_maintainer: bool) -> list[Refusal]:
    out = []
    for change in changes:
        if change.mode is None:  # deleted: removing anything is a matter of approvals
            continue
        path = change.path
        if change.mode == SYMLINK_MODE:
            out.append(Refusal(path, "this is a symbolic link: links are not accepted, since one could point "
                                     "anywhere on the machine that builds the site; commit an ordinary file"))
            continue
        if change.mode == SUBMODULE_MODE:
            out.append(Refusal(path, "this is a Git submodule (another repository inside this one): "
                                     "submodules are not accepted"))
            continue
        if is_data_path(path):
            try:
                place_of(path)
            except NotInLayout as exc:
                out.append(Refusal(path, f"this file is not where data files go: {exc}"))
                continue
            if change.size > MAX_BYTES:
                out.append(Refusal(path, f"the file is {change.size:,} bytes, more than the limit of {MAX_BYTES:,} "
                                         "bytes for a data file: a data file should be a few kilobytes"))
            elif _is_binary(head.read(path)):
                out.append(Refusal(path, "this is not a text file: data files are YAML text in UTF-8"))
            continue
        if change.size > MAX_OTHER_BYTES:
            out.append(Refusal(path, f"the file is {change.size:,} bytes, more than the limit of "
                                     f"{MAX_OTHER_BYTES:,} bytes for a file in a pull request"))
        elif not author_is_maintainer and path.split("/", 1)[0] not in REPOSITORY_LAYOUT:
            out.append(Refusal(path, "this file is outside the repository's layout: pitches go in "
                                     "pitches/<pitch>/pitch.yml, pledges in pitches/<pitch>/pledges/<organisation>.yml "
                                     "and organisations in organisations/<organisation>.yml; only a maintainer "
                                     "adds anything else at the top of the repository"))
    return out


def self_signatory_refusals(
    changes: list[Classified],
    base: dict[str, DataFile],
    after: dict[str, DataFile],
    author: str | None,
    reviewers: Iterable[str],
    names: dict[str, str],
) -> list[Refusal]:
    """A login added to organisation X's signatories here, who authored or reviewed this pull
    request, while another change in it needs a signatory of X."""
    people = {r.lower(): r for r in reviewers}
    if author:
        people[author.lower()] = author
    out = []
    for change in changes:
        if change.kind is not ChangeKind.SIGNATORY_CHANGE or change.org is None:
            continue
        org = change.org
        added = signatory_logins(_data(after.get(change.path))) - signatory_logins(_data(base.get(change.path)))
        relying = [
            other.path for other in changes
            if other is not change and any(n.role == SIGNATORY and n.org == org for n in needs(other))
        ]
        for login in sorted(added & set(people)):
            if not relying:
                continue
            name = names.get(org, org)
            role = "authored" if author and login == author.lower() else "reviewed"
            out.append(Refusal(
                change.path,
                f"@{people[login]} is added to {name}'s signatories in this pull request, which they {role}, and "
                f"the same pull request needs a signatory of {name} for {', '.join(relying)}. Signatories are "
                f"read from the base branch, so @{people[login]} cannot authorise {name}'s changes until this "
                "signatory change is merged on its own: split it into a pull request of its own (a current "
                "signatory and a maintainer approve it), then make the other changes",
            ))
    return out


def _data(file: DataFile | None) -> dict | None:  # type: ignore[type-arg]
    return file.parsed.data if file is not None else None


def closed_pitch_refusals(changes: list[Classified], after: dict[str, ComputedPitch]) -> list[Refusal]:
    """New or changed pledges (not withdrawals) to a pitch that takes no pledges."""
    out = []
    for change in changes:
        if change.kind not in (ChangeKind.NEW_PLEDGE, ChangeKind.PLEDGE_CHANGE) or change.pitch is None:
            continue
        pitch = after.get(change.pitch)
        if pitch is not None and pitch.status in _CLOSED:
            out.append(Refusal(
                change.path,
                f"'{pitch.pitch.title}' is {_CLOSED[pitch.status]}, so it takes no pledges: "
                "pledge to an open pitch instead",
            ))
    return out

