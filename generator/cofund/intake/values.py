"""Form answers -> typed values, and typed values -> the YAML text of a data file.

Answers are text typed by people, so the conversions forgive what a person would write (a £
sign, commas between thousands, an @ before a login), then read numbers exactly as the loader
reads them in a file (`Decimal`, never float), and leave judging them to the schemas
(intake/answers.py). The YAML is written with PyYAML's emitter, which quotes whatever needs
quoting, so no answer can add a field or a second document to the file; and the written text
is read back with cofund's own safe loader before anyone trusts it.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import yaml

from ..load.layout import ID_MAX
from ..load.safe_yaml import YamlRefused, parse_yaml
from .words import quote


class Unreadable(ValueError):
    """An answer that cannot be read as what its field needs; the message says what is wanted."""


def scalar(text: str) -> Any:
    """One typed answer as the loader reads the same text written in a data file: a whole
    number, an exact Decimal, true or false, or text. So an answer means what it would mean
    in the file, and the schema (not a second copy of its rules here) judges it."""
    line = " ".join(text.split())
    if not line:
        return None
    try:
        value = parse_yaml(f"v: {line}\n".encode()).data.get("v")
    except YamlRefused as exc:
        if exc.message.startswith("the number"):  # "05000": the loader's own reason
            raise Unreadable(f"{quote(line)} cannot be read: {exc.message}") from None
        return line
    # Anything but a single value (a list, a mapping) is the text that was typed.
    return value if isinstance(value, (str, int, Decimal, bool)) else line


def money(text: str) -> Any:
    """An amount in pounds, forgiving what a person writes around it: a £ sign, commas
    between thousands, spaces."""
    cleaned = text.strip().removeprefix("£").strip()
    if re.fullmatch(r"[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?", cleaned):
        cleaned = cleaned.replace(",", "")
    return scalar(cleaned)


def number(text: str) -> Any:
    """A number, forgiving a % sign after it (where the field is a percentage)."""
    return scalar(text.strip().removesuffix("%").strip())


def whole(text: str) -> Any:
    return scalar(text)


def login(text: str) -> str:
    return text.strip().removeprefix("@")


def lines(text: str) -> list[str]:
    """Non-empty lines, without list bullets a person may have typed."""
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line[:2] in ("- ", "* "):
            line = line[2:].strip()
        if line:
            out.append(line)
    return out


def cells(line: str, count: int) -> list[str]:
    """`a | b | c` -> ['a', 'b', 'c'], padded with '' to `count`."""
    parts = [p.strip() for p in line.split("|")]
    return parts + [""] * (count - len(parts))


def slug(title: str) -> str:
    """A pitch id made from its title: 'Cyber & GDPR e-learning' -> 'cyber-gdpr-e-learning'."""
    words = re.findall(r"[a-z0-9]+", title.lower())
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > ID_MAX:
            break
        out = candidate
    return out


class _Dumper(yaml.SafeDumper):
    pass


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = str(value)
    tag = "tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int"
    return dumper.represent_scalar(tag, text)


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # Several lines read best as a literal block; PyYAML falls back to quoting when it must.
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(Decimal, _decimal)
_Dumper.add_representer(str, _text)


def to_yaml(data: dict[str, Any], comment: str = "") -> str:
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)
    return (f"# {comment}\n" if comment else "") + body
