"""Form answers -> typed values, and typed values -> the YAML text of a data file.

Answers are text typed by people, so the conversions forgive what a person would write (a £
sign, commas between thousands, an @ before a login) and keep money exact: amounts become
`Decimal`, never float. The YAML is written with PyYAML's emitter, which quotes whatever
needs quoting, so no answer can add a field or a second document to the file; and the
written text is read back with cofund's own safe loader before anyone trusts it.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import yaml

from ..load.layout import ID_MAX

_MONEY = re.compile(r"[0-9]+(?:\.[0-9]{1,2})?")
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_WHOLE = re.compile(r"[0-9]+")


class Unreadable(ValueError):
    """An answer that cannot be read as what its field needs; the message says what is wanted."""


def money(text: str) -> Decimal:
    cleaned = text.strip().removeprefix("£").replace(",", "").replace(" ", "")
    if not _MONEY.fullmatch(cleaned):
        raise Unreadable(f"'{text}' is not an amount in pounds: write it like 6000 or 6000.50")
    return Decimal(cleaned)


def number(text: str) -> Decimal:
    cleaned = text.strip().removesuffix("%").strip()
    if not _NUMBER.fullmatch(cleaned):
        raise Unreadable(f"'{text}' is not a number: write it like 12.5")
    return Decimal(cleaned)


def whole(text: str) -> int:
    cleaned = text.strip()
    if not _WHOLE.fullmatch(cleaned):
        raise Unreadable(f"'{text}' is not a whole number")
    return int(cleaned)


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
