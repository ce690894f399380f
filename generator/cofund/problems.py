"""The one shape every user-facing error takes: `path:line:column: field.path: message`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data, pointing at the file, the line and the field."""

    path: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.field}: {self.message}"


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


class DataError(Exception):
    """Raised with every problem found, so a command can print them all and exit 1."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = sorted(problems)
