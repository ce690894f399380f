"""Changes to a file people wrote by hand, made to its text so its comments and layout stay:
one line replaced, an item added to the end of a list, an item taken out of a list.

Each edit is read back with cofund's safe loader and must give exactly the data asked for;
when it does not (a list written in flow style, a value on the line of another), the file is
written again whole from its data instead, which loses its comments but never its meaning.
"""

from __future__ import annotations

from typing import Any

from ..load.safe_yaml import Parsed, YamlRefused, parse_yaml
from .values import to_yaml


def _same(text: str, wanted: dict[str, Any]) -> bool:
    try:
        return parse_yaml(text.encode("utf-8")).data == wanted
    except YamlRefused:
        return False


def _lines(raw: bytes) -> list[str]:
    text = raw.decode("utf-8")
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    return lines


def _end_of(parsed: Parsed, key: str, lines: list[str]) -> int:
    """The index of the line after the top-level `key`'s block (before the next key, and
    before the blank and comment lines just above it)."""
    keys = list(parsed.data)
    after = keys[keys.index(key) + 1:]
    end = parsed.position((after[0],)).line - 1 if after else len(lines)
    while end > 0 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    return end


def _item_text(item: Any, indent: str) -> list[str]:
    block = to_yaml({"x": [item]}).splitlines(keepends=True)[1:]  # "- a: 1\n  b: 2\n"
    return [indent + line if line.strip() else line for line in block]


def replace_line(raw: bytes, parsed: Parsed, key: str, new_line: str, wanted: dict[str, Any]) -> str:
    """`key: value` at the top level rewritten as `new_line`."""
    lines = _lines(raw)
    where = parsed.written_at((key,))
    if where is not None and lines[where.line - 1].startswith(f"{key}:"):
        lines[where.line - 1] = new_line + "\n"
        if _same("".join(lines), wanted):
            return "".join(lines)
    return to_yaml(wanted)


def append_item(raw: bytes, parsed: Parsed, key: str, item: Any, wanted: dict[str, Any]) -> str:
    """`item` added at the end of the top-level list `key` (the key added at the end of the
    file when the file has no such list)."""
    lines = _lines(raw)
    if key not in parsed.data:
        while lines and not lines[-1].strip():
            lines.pop()
        text = "".join(lines) + f"{key}:\n" + "".join(_item_text(item, ""))
    else:
        first = parsed.written_at((key, 0))
        end = _end_of(parsed, key, lines)
        if first is None or not isinstance(parsed.data[key], list):
            return to_yaml(wanted)
        dash = lines[first.line - 1]
        indent = dash[: len(dash) - len(dash.lstrip())]
        text = "".join(lines[:end] + _item_text(item, indent) + lines[end:])
    return text if _same(text, wanted) else to_yaml(wanted)


def remove_item(raw: bytes, parsed: Parsed, key: str, index: int, wanted: dict[str, Any]) -> str:
    """Item `index` taken out of the top-level list `key`."""
    lines = _lines(raw)
    here = parsed.written_at((key, index))
    if here is None:
        return to_yaml(wanted)
    start = here.line - 1
    nxt = parsed.written_at((key, index + 1))
    end = nxt.line - 1 if nxt is not None else _end_of(parsed, key, lines)
    text = "".join(lines[:start] + lines[end:])
    return text if _same(text, wanted) else to_yaml(wanted)
