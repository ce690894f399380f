"""parse_yaml: exact values with positions, or one clear refusal, in bounded time and memory."""

from __future__ import annotations

from decimal import Decimal

import pytest
import yaml

from cofund.load import safe_yaml
from cofund.load.safe_yaml import MAX_BYTES, MAX_DEPTH, Position, YamlRefused, parse_yaml


def test_the_libyaml_parser_is_the_one_used() -> None:
    # DESIGN.md, "Scale": the pure-Python parser is eight times slower.
    assert yaml.__with_libyaml__
    assert safe_yaml._Parser is yaml._yaml.CParser  # type: ignore[attr-defined]


VALUES = [
    ("a: 60000", 60000),
    ("a: 60000.50", Decimal("60000.50")),
    ("a: 0.1", Decimal("0.1")),
    ("a: -3", -3),
    ("a: +7", 7),
    ("a: .5", Decimal(".5")),
    ("a: 1e5", "1e5"),  # no exponents: text, which the schema then refuses as a number
    ("a: .inf", ".inf"),
    ("a: 0x1F", "0x1F"),
    ("a: 1_000", "1_000"),
    ("a: '60000'", "60000"),
    ('a: "true"', "true"),
    ("a: true", True),
    ("a: False", False),
    ("a: yes", "yes"),  # YAML 1.1 booleans are text in cofund
    ("a: no", "no"),
    ("a:", None),
    ("a: ~", None),
    ("a: null", None),
    ("a: ''", ""),
    ("a: 2026-03-31", "2026-03-31"),  # dates stay text for the schema's date format
    ("a: 12:30", "12:30"),
    ("a: |\n  two\n  lines\n", "two\nlines\n"),
    ("a: >-\n  folded\n  text\n", "folded text"),
    ("a: [1, 2.50, x]", [1, Decimal("2.50"), "x"]),
    ("a: {b: 1}", {"b": 1}),
    ("a: \"tab\\there\"", "tab\there"),
    ("a: Caerdydd – Cardiff ✓", "Caerdydd – Cardiff ✓"),
]


@pytest.mark.parametrize("text,value", VALUES)
def test_values_are_exact(text: str, value: object) -> None:
    parsed = parse_yaml(text.encode())
    assert parsed.data == {"a": value}
    assert type(parsed.data["a"]) is type(value)


def test_decimals_keep_their_digits() -> None:
    assert str(parse_yaml(b"a: 60000.50").data["a"]) == "60000.50"
    assert str(parse_yaml(b"a: 0.10000000000000001").data["a"]) == "0.10000000000000001"


def test_positions_of_every_field() -> None:
    parsed = parse_yaml(b"name: x\nsignatories:\n  - name: a\n    github: b\n  - {name: c, github: d}\n")
    assert parsed.positions[("name",)] == Position(1, 1)
    assert parsed.positions[("signatories",)] == Position(2, 1)
    assert parsed.positions[("signatories", 0)] == Position(3, 5)
    assert parsed.positions[("signatories", 0, "github")] == Position(4, 5)
    assert parsed.positions[("signatories", 1, "github")] == Position(5, 15)
    # A missing field points at its nearest ancestor.
    assert parsed.position(("signatories", 1, "role")) == Position(5, 5)
    assert parsed.position(("website",)) == Position(1, 1)


def test_a_byte_order_mark_and_windows_line_ends_are_accepted() -> None:
    parsed = parse_yaml(b"\xef\xbb\xbfa: 1\r\nb: 2\r\n")
    assert parsed.data == {"a": 1, "b": 2}
    assert parsed.positions[("b",)] == Position(2, 1)


# (input, line, column, field, words the message must contain)
REFUSALS = [
    (b"a: &x 1\n", 1, 4, ("a",), "anchors (&x) are not allowed"),
    (b"a: 1\nb: *x\n", 2, 4, ("b",), "aliases (*x) are not allowed"),
    (b"a: 1\nb:\n  c: 1\n  c: 2\n", 4, 3, ("b", "c"), "the field 'c' is written twice"),
    (b"a: !!str 1\n", 1, 4, ("a",), "YAML tags (tag:yaml.org,2002:str) are not allowed"),
    (b"a: !local 1\n", 1, 4, ("a",), "YAML tags (!local) are not allowed"),
    (b"a: 1\n---\nb: 2\n", 2, 1, (), "more than one YAML document"),
    (b"a: 1\n...\nb: 2\n", 3, 1, (), "more than one YAML document"),
    (b"- a\n", 1, 1, (), "the file holds a list"),
    (b"just text\n", 1, 1, (), "the file holds a single value"),
    (b"", 1, 1, (), "the file is empty"),
    (b"# only a comment\n", 1, 1, (), "the file is empty"),
    (b"a: caf\xe9\n", 1, 7, (), "not UTF-8 text (it has the byte 0xe9 here)"),
    (b"a: 1\nb: \x00\n", 2, 4, (), "a control character (U+0000)"),
    (b"a: 1\x7f\n", 1, 5, (), "a control character (U+007F)"),
    ("a: x\u2028y\n".encode(), 1, 5, (), "a Unicode line separator (U+2028)"),
    ("a: x\u2066y\n".encode(), 1, 5, (), "changes the direction of text (U+2066)"),
    (b'a: "\\x07"\n', 1, 4, ("a",), "a control character (U+0007)"),
    (b'a: ["\\u202e"]\n', 1, 5, ("a", 0), "changes the direction of text (U+202E)"),
    ("a: \ufffe\n".encode(), 1, 4, (), "a character that YAML does not allow (U+FFFE)"),
    (b"a: " + b"1" * 21 + b"\n", 1, 4, ("a",), "is 21 characters long; a number here has at most 20"),
    (b"a: " + b"[" * (MAX_DEPTH + 5), 1, 3 + MAX_DEPTH, ("a",), f"nested more than {MAX_DEPTH} levels deep"),
    (b"? [a]\n: b\n", 1, 3, (), "a field name must be plain text"),
    (b"a:\n\tb: 1\n", 2, 1, (), "a tab is used"),
    (b"a: b: c\n", 1, 5, (), "there is a ': ' where YAML does not expect one"),
    (b'a: "open\n', 1, 4, (), "the file ends inside a quoted value"),
    (b"a: @x\n", 1, 4, (), "found the character '@' that cannot start a value"),
    (b"a: [1, 2\n", 2, 1, (), "this is not valid YAML"),
    (b'a: "\\q"\n', 1, 5, (), "unknown escape"),
]


@pytest.mark.parametrize("raw,line,column,field,words", REFUSALS, ids=[r[4][:40] for r in REFUSALS])
def test_refusals_say_where_and_why(raw: bytes, line: int, column: int, field: tuple, words: str) -> None:
    with pytest.raises(YamlRefused) as refused:
        parse_yaml(raw)
    assert (refused.value.line, refused.value.column, refused.value.field) == (line, column, field)
    assert words in refused.value.message


def test_the_size_limit_is_checked_before_anything_else() -> None:
    with pytest.raises(YamlRefused, match="the file is 262,145 bytes, more than the limit of 262,144 bytes"):
        parse_yaml(b"\xff" * (MAX_BYTES + 1))  # not UTF-8 either, but the size is said first
    assert parse_yaml(b"a: '" + b"x" * (MAX_BYTES - 6) + b"'\n").data["a"] == "x" * (MAX_BYTES - 6)


# Hostile inputs at full size: each must be refused (not crash, not hang, not eat memory).
HOSTILE = {
    "100k-deep flow nesting": b"a: " + b"[" * 100_000,
    "100k-deep flow mappings": b"a: " + b"{b: " * 60_000,
    "100k-digit number": b"a: " + b"9" * 100_000,
    "100k-digit decimal": b"a: 0." + b"9" * 100_000,
    "10 MB file": b"a: 1\n" * 2_000_000,
    "billion laughs": b"a: &a [x, x, x, x, x, x, x, x, x]\n"
    + "".join(f"{k}: &{k} [{', '.join(['*' + p] * 9)}]\n" for p, k in zip("abcdefgh", "bcdefghi")).encode(),
}


@pytest.mark.parametrize("raw", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_input_is_refused(raw: bytes) -> None:
    with pytest.raises(YamlRefused):
        parse_yaml(raw)


def test_many_keys_within_the_size_limit_load() -> None:
    # 25,000 fields fit in the size limit; they load (and the schema then refuses them).
    raw = b"".join(b"k%d: 1\n" % i for i in range(25_000))
    assert len(raw) < MAX_BYTES
    assert len(parse_yaml(raw).data) == 25_000


def test_one_explicit_document_is_fine() -> None:
    assert parse_yaml(b"---\na: 1\n").data == {"a": 1}
    assert parse_yaml(b"%YAML 1.1\n---\na: 1\n...\n").data == {"a": 1}
