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

What other YAML readers would read differently is refused rather than guessed at: a
`%YAML 1.1` directive, and integers written with a leading zero (`05000`, octal to a YAML
1.1 reader such as PyYAML's own loaders).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import yaml

from . import characters, syntax_errors

try:
    # libyaml is not optional at national scale (the bare parse: 2 s against 16 s), so
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

    `positions[('signatories', 1, 'github')]` is the (line, column) where that field's key is
    written; `positions[()]` is the start of the document. Plain tuples, not `Position`s: a
    national catalogue has half a million of them, and tuples cost nothing to make or to
    pass between processes (see read_files).
    """

    data: dict[str, Any]
    positions: dict[FieldPath, tuple[int, int]]

    def position(self, path: FieldPath) -> Position:
        """The position of `path`, or of its nearest ancestor that has one."""
        while path not in self.positions:
            path = path[:-1]
        return Position(*self.positions[path])

    def written_at(self, path: FieldPath) -> Position | None:
        """The position of `path` itself, or None when the file does not write it."""
        found = self.positions.get(path)
        return None if found is None else Position(*found)


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

_DEPTH_MESSAGE = f"the data is nested more than {MAX_DEPTH} levels deep: no cofund file needs that many"
_BLOCK_STYLES = frozenset({"|", ">"})


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
            digits = value.lstrip("+-")
            if len(digits) > 1 and digits[0] == "0" and digits[1].isdigit():
                # YAML 1.1 readers take 05000 as octal (2560): the same file would mean two
                # amounts. A decimal such as 05.5 is not octal anywhere, but one rule is
                # simpler to follow than two.
                plain = str(int(value) if is_int else Decimal(value))
                why = ", which some YAML readers take as an octal (base 8) number" if is_int else ""
                raise _refuse_at(
                    mark,
                    f"the number {value} starts with a zero{why}: write {plain}, "
                    "or put it in quotes if it is a code rather than a number",
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
    bad = characters.refused_in_file(text)
    if bad:
        line, column = _line_column(text, bad.start())
        raise YamlRefused(f"the file holds {characters.describe(bad.group())}", line, column)
    try:
        return _build(_Parser(text), text)
    except yaml.MarkedYAMLError as exc:
        if exc.problem == "exceeded maximum nesting depth" and exc.problem_mark is not None:
            raise _too_deep(text, exc.problem_mark) from None
        raise YamlRefused(*syntax_errors.explain(exc, text)) from None
    except yaml.reader.ReaderError as exc:
        # In case libyaml refuses a character the scan above lets through (none is known). Its
        # position counts bytes of the UTF-8 text, not characters.
        index = len(text.encode("utf-8")[: exc.position].decode("utf-8", "ignore"))
        line, column = _line_column(text, index)
        raise YamlRefused(
            f"the file holds a character that YAML does not allow (U+{exc.character:04X}): remove it",
            line, column,
        ) from None


def _too_deep(text: str, mark: Any) -> YamlRefused:
    """cofund's own refusal of a file nested too deeply, where libyaml refused it first.

    libyaml (from PyYAML 6.0.4) has a nesting limit of its own, and its scanner reads ahead
    in brackets, so it can meet its limit before cofund's event loop sees level MAX_DEPTH.
    The text before libyaml's mark is within libyaml's limit: read again, it reaches
    cofund's limit at the level where cofund's own refusal belongs (or an earlier problem).
    Marks count characters, so the cut is in the same text.
    """
    try:
        _build(_Parser(text[: mark.index]), text[: mark.index])
    except YamlRefused as refused:
        return refused
    except (yaml.MarkedYAMLError, yaml.reader.ReaderError):
        pass  # the cut text's unclosed brackets, before cofund's limit: say it where libyaml did
    return YamlRefused(_DEPTH_MESSAGE, mark.line + 1, mark.column + 1)


def _build(parser: Any, text: str) -> Parsed:
    positions: dict[FieldPath, tuple[int, int]] = {(): (1, 1)}
    # Direction controls are allowed in free text only, as right-to-left passages in prose
    # need them. The loader does not know the schema, so "free text" is text written as a
    # block (after '|' or '>'): that is how prose is written, and no id, number, date, login,
    # web address or field name of a cofund file is. One-line text can still mix directions
    # with the marks U+200E and U+200F, which override nothing. Here: where blocks' text
    # starts and ends, when the file holds any direction control at all.
    has_direction = characters.DIRECTION.search(text) is not None
    block_starts: list[int] = []
    block_ends: list[int] = []
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
        container = frame[0]
        path: FieldPath = frame[1]
        if type(container) is list:
            child = (*path, len(container))
            positions[child] = (mark.line + 1, mark.column + 1)
            container.append(value)
            return child
        key, key_mark = frame[2], frame[3]
        child = (*path, key)
        positions[child] = (key_mark.line + 1, key_mark.column + 1)
        container[key] = value
        frame[2] = None
        return child

    def here() -> FieldPath:
        """The path of the node the parser is at, for refusals: `amount`, `signatories[0]`."""
        if not stack:
            return ()
        container, key = stack[-1][0], stack[-1][2]
        path: FieldPath = stack[-1][1]
        if type(container) is list:
            return (*path, len(container))
        return path if key is None else (*path, key)

    while True:
        event = get_event()
        kind = type(event)
        if kind is stream_end:
            break
        if kind is scalar_event:
            if event.anchor is not None or event.tag is not None:
                _refuse_node(event, here())
            value = event.value
            if event.style == '"':  # escapes such as "\uFFFF" can write what the file scan cannot see
                bad = characters.IN_VALUE.search(value)
                if bad:
                    raise _refuse_at(event.start_mark, f"the text holds {characters.describe(bad.group())}", here())
            is_key = bool(stack) and stack[-1][2] is None and type(stack[-1][0]) is dict
            if has_direction and event.style in _BLOCK_STYLES and not is_key:
                # The block's text starts on the line after its '|' or '>' (not in a comment there).
                end = event.end_mark.index
                line_end = text.find("\n", event.start_mark.index, end)
                block_starts.append(end if line_end < 0 else line_end + 1)
                block_ends.append(end)
            if is_key:
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
                    _DEPTH_MESSAGE,
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
            _check_directives(event)
    if has_direction:
        _check_direction(text, block_starts, block_ends)
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
            f"YAML tags ({characters.IN_VALUE.sub('?', event.tag)}) are not allowed: "
            "remove it and write the plain value",
            path,
        )


def _check_directives(event: Any) -> None:
    """A `%YAML` directive other than 1.2, or any `%TAG`, is refused.

    cofund reads YAML 1.2, and other readers obey `%YAML 1.1`: to them `05000` would be
    octal and `no` false, so the same file would hold other data for them. `%TAG` only
    serves tags, which are refused.
    """
    if event.version is not None and tuple(event.version) != (1, 2):
        major, minor = event.version
        raise _refuse_at(
            event.start_mark,
            f"the file asks to be read as YAML {major}.{minor} (the %YAML line), whose rules read some "
            "values differently (05000 as octal, no as false): remove the %YAML line",
            (),
        )
    if event.tags:
        raise _refuse_at(
            event.start_mark,
            "the file declares YAML tags (a %TAG line), which cofund files do not use: remove the %TAG line",
            (),
        )


def _check_direction(text: str, block_starts: list[int], block_ends: list[int]) -> None:
    """Refuse the first direction control written outside a block's text."""
    for found in characters.DIRECTION.finditer(text):
        index = found.start()
        block = bisect_right(block_starts, index) - 1
        if block < 0 or index >= block_ends[block]:
            line, column = _line_column(text, index)
            raise YamlRefused(f"the file holds {characters.describe(found.group())}", line, column)
