"""Which paths a pull request changes: `git diff` from where it forked to its head.

The diff starts at the merge base, not at the base branch's tip, as GitHub's own "Files
changed" does: a pledge merged to main after the pull request was opened is not the pull
request removing it. Renames are read as a deletion and an addition, because each side
needs its own approvals (moving a pledge file is removing one organisation's pledge and
adding another's).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any


class Status(enum.Enum):
    ADDED = "added"
    MODIFIED = "modified"
    DELETED = "deleted"


@dataclass(frozen=True)
class Change:
    path: str
    status: Status
    mode: int | None  # the head's file mode (None when deleted): symbolic links are 0o120000
    size: int  # the head's size in bytes (0 when deleted)


def fork_point(repo: Any, base: Any, head: Any) -> Any:
    """The commit `head` branched from `base` at, or `base` when they share no history."""
    found = repo.merge_base(base, head)
    return found[0] if found else base


def changed(fork: Any, head: Any) -> list[Change]:
    """Every path whose content or mode differs between `fork` and `head`, sorted."""
    out: dict[str, Change] = {}
    for diff in fork.diff(head, no_renames=True):
        if diff.deleted_file:
            out[diff.a_path] = Change(diff.a_path, Status.DELETED, None, 0)
            continue
        status = Status.ADDED if diff.new_file else Status.MODIFIED
        blob = diff.b_blob
        size = blob.size if blob is not None and diff.b_mode != 0o160000 else 0
        out[diff.b_path] = Change(diff.b_path, status, diff.b_mode, size)
    return [out[p] for p in sorted(out)]
