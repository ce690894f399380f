"""Which paths a pull request changes: `git diff --raw -z` from where it forked to its head.

The diff starts at the merge base, not at the base branch's tip, as GitHub's own "Files
changed" does: a pledge merged to main after the pull request was opened is not the pull
request removing it. Renames are read as a deletion and an addition (`--no-renames`),
because each side needs its own approvals (moving a pledge file is removing one
organisation's pledge and adding another's).

Paths are read from Git's NUL-separated raw output, as bytes: GitPython's Diff objects strip
a trailing newline from a path (so `calderdale.yml\\n` would be judged as `calderdale.yml`),
and text output quotes odd names. `odd_paths` then refuses, before anything else looks at
them, names that no data file has and that tools misread: control characters, a part that
starts with `:` or `-` (read as options, or as Git's pathspec magic), text that is not UTF-8
or not in Unicode's NFC form (two spellings of one name, which could be two files that look
the same), and characters that cannot be seen (a zero-width space, a no-break space), which
make a second file look like the first.
"""

from __future__ import annotations

import enum
import unicodedata
from dataclasses import dataclass
from typing import Any

SUBMODULE = 0o160000
_CONTROL = {"Cc", "Zl", "Zp"}  # control characters, and Unicode's line and paragraph separators
# Characters that show as nothing or as a space: format characters (zero-width spaces and
# joiners, direction marks, the byte-order mark, the soft hyphen) and every space but U+0020.
_INVISIBLE = {"Cf", "Zs"}


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


def raw_diff(repo: Any, old: str, new: str) -> list[tuple[str, int, int, str, str]]:
    """(path, old mode, new mode, new object id, status letter) for each path that differs."""
    out: bytes = repo.git.diff(
        old, new, "--raw", "-z", "--no-renames", "--no-abbrev", "--no-ext-diff", "--no-textconv",
        "--ignore-submodules=none", stdout_as_string=False, strip_newline_in_stdout=False,
    )
    fields = out.split(b"\0")
    rows = []
    # Each entry is ":<old mode> <new mode> <old id> <new id> <status>" NUL "<path>" NUL.
    for i in range(0, len(fields) - 1, 2):
        meta, path = fields[i], fields[i + 1]
        old_mode, new_mode, _, new_id, status = meta.lstrip(b":").split(b" ")
        rows.append((
            path.decode("utf-8", "surrogateescape"), int(old_mode, 8), int(new_mode, 8),
            new_id.decode("ascii"), status.decode("ascii")[:1],
        ))
    return rows


def changed(fork: Any, head: Any) -> list[Change]:
    """Every path whose content or mode differs between `fork` and `head`, sorted."""
    repo = head.repo
    out: list[Change] = []
    for path, _, new_mode, new_id, letter in raw_diff(repo, fork.hexsha, head.hexsha):
        if letter == "D":
            out.append(Change(path, Status.DELETED, None, 0))
            continue
        status = Status.ADDED if letter == "A" else Status.MODIFIED
        size = 0 if new_mode == SUBMODULE else repo.odb.info(bytes.fromhex(new_id)).size
        out.append(Change(path, status, new_mode, size))
    return sorted(out, key=lambda c: c.path)


def odd_path(path: str) -> str | None:
    """Why `path` is refused as a name, or None when it is an ordinary one."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return "the name is not UTF-8 text"
    if any(unicodedata.category(ch) in _CONTROL for ch in path):
        return "the name holds a control character (such as a newline or a tab)"
    for ch in path:
        if unicodedata.category(ch) in _INVISIBLE and ch != " ":
            name = unicodedata.name(ch, "a format character")
            return (f"the name holds U+{ord(ch):04X} ({name}), which shows as nothing or as a plain space, so "
                    "the name could look the same as another file's: type it again with ordinary characters")
    if any(part.startswith((":", "-")) for part in path.split("/")):
        return "a part of the name starts with ':' or '-', which Git and other tools read as an option"
    if unicodedata.normalize("NFC", path) != path:
        return ("the name is not in Unicode's composed form (NFC), so it could look the same as another "
                "file's name: type it again")
    return None
