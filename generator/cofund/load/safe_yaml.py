"""Safe, exact YAML: plain data with the line and column of every field, or a clear refusal.

PyYAML's own loaders construct Python objects (floats, datetimes, anchors resolved into
shared objects). cofund needs less and more than that: no aliases, anchors, tags or
duplicate keys (all refused), numbers kept exactly as written (`60000.50` becomes a
`Decimal`, never a float), and the position of each field for error messages. So this
module builds values from libyaml's event stream (the C parser does the hard work), with
its own small scalar resolver, the YAML 1.2 core schema minus floats' special values and
exponents, and dates left as strings for the JSON Schema `date` format to check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import yaml

try:  # libyaml is not optional at national scale (DESIGN.md, "Scale"): 2 s against 16 s
    from yaml import CParser as _Parser
except ImportError:  # pragma: no cover - only on a Python without libyaml
    from yaml.parser import Parser as _PyParser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, _PyParser):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            _PyParser.__init__(self)


MAX_BYTES = 256 * 1024
MAX_DEPTH = 20
MAX_NUMBER_CHARS = 30

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


def _resolve(value: str, plain: bool, mark: yaml.Mark, path: FieldPath) -> Any:
    if not plain:  # quoted or block scalars are always text
        return value
    if value in _NULLS:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if _INT.fullmatch(value) or _DECIMAL.fullmatch(value):
        if len(value) > MAX_NUMBER_CHARS:
            raise YamlRefused(
                f"the number {value[:20]}... is too long: at most {MAX_NUMBER_CHARS} characters",
                mark.line + 1, mark.column + 1, path,
            )
        return int(value) if _INT.fullmatch(value) else Decimal(value)
    return value


def _refuse_at(mark: yaml.Mark, message: str, path: FieldPath) -> YamlRefused:
    return YamlRefused(message, mark.line + 1, mark.column + 1, path)


def parse_yaml(raw: bytes) -> Parsed:
    """Parse one cofund data file. Raises `YamlRefused` for anything it will not accept."""
    if len(raw) > MAX_BYTES:
        raise YamlRefused(f"the file is {len(raw):,} bytes; the limit is {MAX_BYTES:,} bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlRefused(
            f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x}); save it as UTF-8", line
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        return _build(_Parser(text))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        reason = exc.problem or "this is not valid YAML"
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise YamlRefused(f"this is not valid YAML: {reason}", line, column) from None
    except yaml.reader.ReaderError as exc:  # control characters: a position, not a mark
        before = text[: exc.position]
        line, column = before.count("\n") + 1, exc.position - before.rfind("\n")
        raise YamlRefused(
            f"the file holds a control character (#x{exc.character:04x}) that is not allowed",
            line, column,
        ) from None


def _build(parser: Any) -> Parsed:
    positions: dict[FieldPath, Position] = {(): Position(1, 1)}
    # Each open container: [container, path, pending key or None, key mark]
    stack: list[list[Any]] = []
    root: Any = None
    documents = 0

    def attach(value: Any, mark: yaml.Mark) -> FieldPath:
        """Put a finished node into its parent and return the node's path."""
        nonlocal root
        if not stack:
            root = value
            return ()
        frame = stack[-1]
        container, path = frame[0], frame[1]
        if isinstance(container, list):
            child = path + (len(container),)
            positions[child] = Position(mark.line + 1, mark.column + 1)
            container.append(value)
            return child
        if frame[2] is None:  # this node is a key
            if not isinstance(value, str):
                raise _refuse_at(mark, "a field name must be plain text", path)
            if value in container:
                raise _refuse_at(mark, f"the field '{value}' is written twice", path + (value,))
            frame[2] = value
            frame[3] = mark
            return path
        key = frame[2]
        child = path + (key,)
        positions[child] = Position(frame[3].line + 1, frame[3].column + 1)
        container[key] = value
        frame[2] = None
        return child

    while parser.check_event():
        event = parser.get_event()
        kind = type(event)
        path = stack[-1][1] if stack else ()
        if kind is yaml.ScalarEvent:
            _check_node(event, path)
            if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is None:
                # A mapping key: text as written, whatever it looks like.
                attach(event.value, event.start_mark)
            else:
                value = _resolve(event.value, event.implicit[0], event.start_mark, path)
                attach(value, event.start_mark)
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            _check_node(event, path)
            if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is None:
                raise _refuse_at(event.start_mark, "a field name must be plain text", path)
            if len(stack) >= MAX_DEPTH:
                raise _refuse_at(
                    event.start_mark, f"the data is nested too deeply (more than {MAX_DEPTH} levels)", path
                )
            container: Any = {} if kind is yaml.MappingStartEvent else []
            child = attach(container, event.start_mark)
            stack.append([container, child, None, None])
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            stack.pop()
        elif kind is yaml.AliasEvent:
            raise _refuse_at(
                event.start_mark,
                f"aliases (*{event.anchor}) are not allowed: write the value out in full",
                path,
            )
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _refuse_at(
                    event.start_mark, "the file holds more than one YAML document: remove the '---' line", ()
                )
    if root is None:
        raise YamlRefused("the file is empty: it should hold fields such as 'name: ...'")
    if not isinstance(root, dict):
        what = "a list" if isinstance(root, list) else "a single value"
        raise YamlRefused(f"the file holds {what}; it should hold fields such as 'name: ...'")
    return Parsed(root, positions)


def _check_node(event: Any, path: FieldPath) -> None:
    if event.anchor is not None:
        raise _refuse_at(
            event.start_mark,
            f"anchors (&{event.anchor}) are not allowed: write each value out in full",
            path,
        )
    if event.tag is not None:
        raise _refuse_at(event.start_mark, f"YAML tags ({event.tag}) are not allowed", path)
