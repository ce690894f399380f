"""Properties of parse_yaml: whatever it is given, it returns plain exact data or raises
YamlRefused, never anything else; and data written out as YAML comes back unchanged."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from cofund.load.safe_yaml import Parsed, YamlRefused, parse_yaml

PLAIN_TYPES = (dict, list, str, int, bool, Decimal, type(None))


def parse_or_refuse(raw: bytes) -> Parsed | None:
    """The property under test: only these two outcomes, each well formed."""
    try:
        parsed = parse_yaml(raw)
    except YamlRefused as refused:
        assert refused.message and refused.line >= 1 and refused.column >= 1
        assert isinstance(refused.field, tuple)
        return None
    assert type(parsed.data) is dict
    assert_plain(parsed.data)
    for path in parsed.positions:
        parsed.position(path)  # every recorded path resolves
    return parsed


def assert_plain(value: Any) -> None:
    assert type(value) in PLAIN_TYPES, type(value)  # never a float, a date or an object
    if isinstance(value, dict):
        for key, item in value.items():
            assert type(key) is str
            assert_plain(item)
    elif isinstance(value, list):
        for item in value:
            assert_plain(item)


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=3000))
def test_arbitrary_bytes_load_or_are_refused(raw: bytes) -> None:
    parse_or_refuse(raw)


# Pieces of YAML syntax, so that generated text is often nearly valid and reaches deep into
# the parser rather than stopping at the first byte.
PIECES = [
    "a", "name", "x y", ":", ": ", " ", "  ", "\n", "\r\n", "\t", "- ", "-", "[", "]", "{", "}", ",",
    "&x ", "*x", "&y ", "*y", "!t ", "!!str ", "!!python/object:os.system ", "'", '"', "\\", "\\e",
    "#", "|", ">", "|-", "---", "...", "? ", "%YAML 1.1\n", "%TAG ! tag:x,2000:\n", "1", "60000.50",
    "1e5", ".inf", "0x1F", "true", "no", "~", "null", "2026-02-30", "é", "£", "\u202e", "\u2028",
    "\x00", "\x1b", "\x85", "\ufeff", "\ufffe", "9" * 25, "@", "`", "%",
]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=60).map("".join))
def test_arbitrary_yaml_text_loads_or_is_refused(text: str) -> None:
    parse_or_refuse(text.encode("utf-8", "surrogatepass"))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_unicode_text_loads_or_is_refused(text: str) -> None:
    parse_or_refuse(text.encode("utf-8", "surrogatepass"))


# --- round trip -----------------------------------------------------------------------

# Text the loader accepts: no control characters other than tab and newline, no Unicode
# line separators or direction overrides, no surrogates or non-characters.
SAFE_TEXT = st.text(
    st.characters(
        blacklist_categories=("Cc", "Cs", "Cn"),
        blacklist_characters="\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
    )
    | st.sampled_from("\t\n"),
    max_size=30,
)
KEYS = SAFE_TEXT.filter(lambda k: len(k) <= 50)  # libyaml allows keys up to 1024 characters
DECIMALS = st.builds(
    lambda sign, whole, part: Decimal(f"{sign}{whole}.{part}"),
    st.sampled_from(["", "-"]),
    st.integers(0, 10**9),
    st.text("0123456789", min_size=1, max_size=6),
)
SCALARS = st.none() | st.booleans() | st.integers(-(10**18), 10**18) | DECIMALS | SAFE_TEXT
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=12,
)
MAPPINGS = st.dictionaries(KEYS, VALUES, max_size=6)


def scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, Decimal)):
        return str(value)
    return json.dumps(value, ensure_ascii=False)  # JSON strings are YAML double-quoted scalars


def block(value: Any, indent: int = 0) -> str:
    pad = " " * indent
    if isinstance(value, dict):
        if not value:
            return " {}"
        return "".join(f"\n{pad}{scalar(k)}:{block(v, indent + 2)}" for k, v in value.items())
    if isinstance(value, list):
        if not value:
            return " []"
        return "".join(f"\n{pad}-{block(v, indent + 2)}" for v in value)
    return " " + scalar(value)


def flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{scalar(k)}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    return scalar(value)


def same(a: Any, b: Any) -> bool:
    """Equal, of the same types, and Decimals with the same digits (1.50 is not 1.5)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return str(a) == str(b) if isinstance(a, Decimal) else a == b


@settings(max_examples=300, deadline=None)
@given(MAPPINGS)
def test_block_yaml_round_trips(data: dict[str, Any]) -> None:
    text = block(data).lstrip("\n") if data else "{}"
    parsed = parse_yaml(text.encode())
    assert same(parsed.data, data), text
    assert set(parsed.positions) >= {(key,) for key in data}


@settings(max_examples=300, deadline=None)
@given(MAPPINGS)
def test_flow_yaml_round_trips(data: dict[str, Any]) -> None:
    text = flow(data)
    assert same(parse_yaml(text.encode()).data, data), text
