"""libyaml's syntax errors, said for a person: what is wrong, where, and what to do about it."""

from __future__ import annotations

import yaml

# libyaml's words for the commonest mistakes, and what a person should do about them.
_HINTS = (
    ("cannot start", "a value cannot start with this character: put the whole value in quotes"),
    ("mapping values are not allowed", "there is a ': ' where YAML does not expect one: check this line's "
     "indentation, and put a value that contains ': ' in quotes"),
    ("could not find expected ':'",
     "this line is not a 'field: value' pair: check its indentation and the ':' after the field name"),
    ("did not find expected key", "the indentation is uneven: fields of the same group must start in the same column"),
    ("did not find expected '-' indicator", "the items of a list must each start with '- ' in the same column"),
    ("did not find expected ',' or ']'", "a list in square brackets is not closed: check the ']'"),
    ("did not find expected ',' or '}'", "a group in curly brackets is not closed: check the '}'"),
    ("found unexpected end of stream", "the file ends inside a quoted value: check the closing quote"),
    ("found unknown escape character",
     "a backslash in double quotes starts an unknown escape: use single quotes, or write \\\\ for a backslash"),
    ("found a tab character", "a tab is used for indenting: indent with spaces"),
    ("did not find expected node content", "a value is missing or malformed here"),
    ("found incompatible YAML document",
     "the %YAML line asks for a version of YAML that cofund does not read: remove the %YAML line"),
    ("did not find expected <document start>",
     "the file holds more than one YAML document or stray text after the data: remove it"),
)


def explain(exc: yaml.MarkedYAMLError, text: str) -> tuple[str, int, int]:
    """libyaml's refusal of `text` as a message for a person, with its line and column."""
    reason = exc.problem or "unknown problem"
    mark = exc.problem_mark or exc.context_mark
    if reason == "found unexpected end of stream" and exc.context_mark is not None:
        mark = exc.context_mark  # where the unclosed quote starts, not the end of the file
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    if reason.startswith("found character that cannot start any token"):
        lines = text.split("\n")
        char = lines[line - 1][column - 1 : column] if line <= len(lines) else ""
        if char == "\t":
            reason, hint = "found a tab character", "a tab is used for indenting or spacing: use spaces"
            return f"this is not valid YAML ({reason}): {hint}", line, column
        if char:
            reason = f"found the character '{char}' that cannot start a value"
    fallback = "check the indentation, quotes and brackets on this line and the one before"
    hint = next((h for key, h in _HINTS if key in reason), fallback)
    return f"this is not valid YAML ({reason}): {hint}", line, column
