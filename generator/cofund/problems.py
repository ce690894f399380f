"""The one shape every user-facing error takes: `path:line:column: field.path: message`."""

from __future__ import annotations

import re
from dataclasses import dataclass

# File names and field names come from a pull request. Before they reach a terminal or a
# PR comment, control characters (a newline would forge a second problem line, an escape
# could rewrite the screen) and direction overrides are shown as escapes such as \\x1b.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def printable(text: str) -> str:
    """`text` with every unprintable character (and any undecodable byte of a file name) escaped."""
    if _UNPRINTABLE.search(text) is None:
        return text
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape", "backslashreplace").decode("ascii"), text)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data, pointing at the file, the line and the field."""

    path: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{printable(self.path)}:{self.line}:{self.column}: {printable(self.field)}: {printable(self.message)}"


#: The field shown for problems that concern the whole file rather than one field.
WHOLE_FILE = "(file)"


def field_path(parts: tuple[str | int, ...]) -> str:
    """`('signatories', 1, 'github')` -> `signatories[1].github`."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out or WHOLE_FILE
