"""Safe, exact YAML: plain data with the line and column of every field, or a clear refusal.

PyYAML's own loaders construct Python objects (floats, datetimes, anchors resolved into
shared objects). cofund needs less and more than that: no aliases, anchors, tags or
duplicate keys (all refused), numbers kept exactly as written (`60000.50` becomes a
`Decimal`, never a float), and the position of each field for error messages. So this
module builds values from libyaml's event stream (the C parser does the hard work), with
its own small scalar resolver, the YAML 1.2 core schema minus floats' special values and
exponents, and dates left as strings for the JSON Schema `date` format to check.

Everything here is bounded before it is paid for: the size is checked before decoding,
forbidden characters are found by one regular expression before parsing, and the event
loop stops at the first alias, anchor, tag, second document or level too deep, so a
hostile file costs at most one linear pass over MAX_BYTES.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from collections.abc import Callable
from typing import Any

import yaml

try:
    # libyaml is not optional at national scale (DESIGN.md, "Scale": 2 s against 16 s), so
    # there is no quiet fall-back to the pure-Python parser: a missing libyaml is an
    # installation error, said once, at import.
    from yaml._yaml import CParser as _Parser
except ImportError as exc:  # pragma: no cover - only on a PyYAML built without libyaml
    raise ImportError(
        "cofund needs PyYAML built with libyaml (yaml._yaml.CParser); reinstall PyYAML from a wheel"
    ) from exc


MAX_BYTES = 256 * 1024
MAX_DEPTH = 20
# 20 characters hold any amount up to 10^18 pounds. The bound also keeps exact Decimal
# arithmetic (jsonschema's multipleOf, pounds -> pence) inside Decimal's 28 digits, where
# it would otherwise raise instead of answering.
MAX_NUMBER_CHARS = 20

FieldPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based


@dataclass(frozen=True)
class Parsed:
    """A YAML file's top-level mapping and the position of every field in it.

    `positions[('signatories', 1, 'github')]` is where that field's key is written;
    `positions[()]` is the start of the document.
    """

    data: dict[str, Any]
    positions: dict[FieldPath, Position]

    def position(self, path: FieldPath) -> Position:
        """The position of `path`, or of its nearest ancestor that has one."""
        while path not in self.positions:
            path = path[:-1]
        return self.positions[path]


class YamlRefused(Exception):
    """The file cannot be read as cofund data. Carries a message for a person, and a position."""

    def __init__(self, message: str, line: int = 1, column: int = 1, field: FieldPath = ()):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.field = field


_INT = re.compile(r"[-+]?[0-9]+")
_DECIMAL = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})

# Characters refused anywhere in a file, or in a value written with escapes ("\e"):
# C0 and C1 control characters other than tab, line feed and carriage return (they can
# rewrite a terminal or hide text in a review), the Unicode line and paragraph separators
# (libyaml counts them as line breaks and editors do not, so every later line number
# would be wrong), and the bidirectional overrides and isolates of the "Trojan Source"
# attack, which make a line display differently from what it says.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _describe_forbidden(char: str) -> str:
    code = f"U+{ord(char):04X}"
    if char in "\u2028\u2029":
        return f"a Unicode line separator ({code}): use an ordinary line break instead"
    if "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069":
        return (
            f"an invisible character that changes the direction of text ({code}), which can make a "
            "line show something other than what it says: remove it"
        )
    return f"a control character ({code}), which is not allowed in data files: remove it"


def _line_column(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of the character at `index`."""
    return text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)


def _resolve(value: str, mark: Any, here: Callable[[], FieldPath]) -> Any:
    """A plain (unquoted) scalar -> None, bool, int, Decimal or text."""
    if value in _NULLS:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    first = value[0]
    if first.isdigit() or first in "+-.":
        is_int = _INT.fullmatch(value) is not None
        if is_int or _DECIMAL.fullmatch(value):
            if len(value) > MAX_NUMBER_CHARS:
                raise _refuse_at(
                    mark,
                    f"the number {value[:12]}... is {len(value):,} characters long; "
                    f"a number here has at most {MAX_NUMBER_CHARS}",
                    here(),
                )
            return int(value) if is_int else Decimal(value)
    return value


def _refuse_at(mark: Any, message: str, path: FieldPath) -> YamlRefused:
    return YamlRefused(message, mark.line + 1, mark.column + 1, path)


def parse_yaml(raw: bytes) -> Parsed:
    """Parse one cofund data file. Raises `YamlRefused` for anything it will not accept."""
    if len(raw) > MAX_BYTES:
        raise YamlRefused(
            f"the file is {len(raw):,} bytes, more than the limit of {MAX_BYTES:,} bytes: "
            "a data file should be a few kilobytes"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        raise YamlRefused(
            f"the file is not UTF-8 text (it has the byte 0x{raw[exc.start]:02x} here): "
            "save it with the UTF-8 encoding",
            line, column,
        ) from None
    if text.startswith("\ufeff"):  # a byte order mark, as some Windows editors write
        text = text[1:]
    bad = _FORBIDDEN.search(text)
    if bad:
        line, column = _line_column(text, bad.start())
        raise YamlRefused(f"the file holds {_describe_forbidden(bad.group())}", line, column)
    try:
        return _build(_Parser(text))
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, text) from None
    except yaml.reader.ReaderError as exc:
        # libyaml refuses a few characters the scan above lets through (such as U+FFFE). Its
        # position counts bytes of the UTF-8 text, not characters.
        index = len(text.encode("utf-8")[: exc.position].decode("utf-8", "ignore"))
        line, column = _line_column(text, index)
        raise YamlRefused(
            f"the file holds a character that YAML does not allow (U+{exc.character:04X}): remove it",
            line, column,
        ) from None


# libyaml's words for the commonest mistakes, and what a person should do about them.
_HINTS = (
    ("cannot start", "a value cannot start with this character: put the whole value in quotes"),
    ("mapping values are not allowed", "there is a ': ' where YAML does not expect one: check this line's "
     "indentation, and put a value that contains ': ' in quotes"),
    ("could not find expected ':'", "this line is not a 'field: value' pair: check its indentation and the ':' after the field name"),
    ("did not find expected key", "the indentation is uneven: fields of the same group must start in the same column"),
    ("did not find expected '-' indicator", "the items of a list must each start with '- ' in the same column"),
    ("did not find expected ',' or ']'", "a list in square brackets is not closed: check the ']'"),
    ("did not find expected ',' or '}'", "a group in curly brackets is not closed: check the '}'"),
    ("found unexpected end of stream", "the file ends inside a quoted value: check the closing quote"),
    ("found unknown escape character", "a backslash in double quotes starts an unknown escape: use single quotes, or write \\\\ for a backslash"),
    ("found a tab character", "a tab is used for indenting: indent with spaces"),
    ("did not find expected node content", "a value is missing or malformed here"),
    ("did not find expected <document start>", "the file holds more than one YAML document or stray text after the data: remove it"),
)


def _syntax_error(exc: yaml.MarkedYAMLError, text: str) -> YamlRefused:
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
            return YamlRefused(f"this is not valid YAML ({reason}): {hint}", line, column)
        if char:
            reason = f"found the character '{char}' that cannot start a value"
    hint = next((h for key, h in _HINTS if key in reason), "check the indentation, quotes and brackets on this line and the one before")
    return YamlRefused(f"this is not valid YAML ({reason}): {hint}", line, column)


def _build(parser: Any) -> Parsed:
    positions: dict[FieldPath, Position] = {(): Position(1, 1)}
    # Each open container: [container, its path, pending key or None, pending key's mark]
    stack: list[list[Any]] = []
    root: Any = None
    has_root = False
    documents = 0
    get_event = parser.get_event
    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
    document_start, stream_end = yaml.DocumentStartEvent, yaml.StreamEndEvent

    def attach(value: Any, mark: Any) -> FieldPath:
        """Put a finished value node into its parent and return the node's path."""
        nonlocal root, has_root
        if not stack:
            root, has_root = value, True
            return ()
        frame = stack[-1]
        container, path = frame[0], frame[1]
        if type(container) is list:
            child = path + (len(container),)
            positions[child] = Position(mark.line + 1, mark.column + 1)
            container.append(value)
            return child
        key, key_mark = frame[2], frame[3]
        child = path + (key,)
        positions[child] = Position(key_mark.line + 1, key_mark.column + 1)
        container[key] = value
        frame[2] = None
        return child

    def here() -> FieldPath:
        """The path of the node the parser is at, for refusals: `amount`, `signatories[0]`."""
        if not stack:
            return ()
        container, path, key = stack[-1][0], stack[-1][1], stack[-1][2]
        if type(container) is list:
            return path + (len(container),)
        return path if key is None else path + (key,)

    while True:
        event = get_event()
        kind = type(event)
        if kind is stream_end:
            break
        if kind is scalar_event:
            if event.anchor is not None or event.tag is not None:
                _refuse_node(event, here())
            value = event.value
            if event.style == '"':  # escapes such as "\e" can write what the file scan cannot see
                bad = _FORBIDDEN.search(value)
                if bad:
                    raise _refuse_at(event.start_mark, f"the text holds {_describe_forbidden(bad.group())}", here())
            if stack and stack[-1][2] is None and type(stack[-1][0]) is dict:
                # A mapping key: text as written, whatever it looks like.
                frame = stack[-1]
                if value in frame[0]:
                    raise _refuse_at(
                        event.start_mark,
                        f"the field '{value}' is written twice: keep one of them",
                        frame[1] + (value,),
                    )
                frame[2], frame[3] = value, event.start_mark
                continue
            if event.implicit[0] and value:  # plain scalars only; quoted ones are always text
                value = _resolve(value, event.start_mark, here)
            elif event.implicit[0]:
                value = None
            attach(value, event.start_mark)
        elif kind is mapping_start or kind is sequence_start:
            if event.anchor is not None or event.tag is not None:
                _refuse_node(event, here())
            if stack and stack[-1][2] is None and type(stack[-1][0]) is dict:
                raise _refuse_at(
                    event.start_mark, "a field name must be plain text, not a list or a group of fields", here()
                )
            if len(stack) >= MAX_DEPTH:
                raise _refuse_at(
                    event.start_mark,
                    f"the data is nested more than {MAX_DEPTH} levels deep: no cofund file needs that many",
                    stack[1][1],  # the top-level field it is in (the full path would be as deep)
                )
            container: Any = {} if kind is mapping_start else []
            child = attach(container, event.start_mark)
            stack.append([container, child, None, None])
        elif kind is mapping_end or kind is sequence_end:
            stack.pop()
        elif kind is alias_event:
            raise _refuse_at(
                event.start_mark,
                f"aliases (*{event.anchor}) are not allowed: write the value out in full",
                here(),
            )
        elif kind is document_start:
            documents += 1
            if documents > 1:
                raise _refuse_at(
                    event.start_mark,
                    "the file holds more than one YAML document: remove this '---' line and what follows, "
                    "or move it to its own file",
                    (),
                )
    if not has_root:
        raise YamlRefused("the file is empty: it should hold fields such as 'name: ...'")
    if type(root) is not dict:
        what = "a list" if type(root) is list else "a single value"
        raise YamlRefused(f"the file holds {what}; it should hold fields such as 'name: ...', one a line")
    return Parsed(root, positions)


def _refuse_node(event: Any, path: FieldPath) -> None:
    if event.anchor is not None:
        raise _refuse_at(
            event.start_mark,
            f"anchors (&{event.anchor}) are not allowed: write each value out in full",
            path,
        )
    if event.tag is not None:
        raise _refuse_at(
            event.start_mark,
            f"YAML tags ({_FORBIDDEN.sub('?', event.tag)}) are not allowed: remove it and write the plain value",
            path,
        )
