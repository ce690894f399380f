"""parse_yaml: exact values with positions, or one clear refusal, in bounded time and memory."""

from __future__ import annotations

from decimal import Decimal

import pytest
import yaml

from cofund.load import safe_yaml
from cofund.load.safe_yaml import MAX_BYTES, MAX_DEPTH, Position, YamlRefused, parse_yaml


def test_the_libyaml_parser_is_the_one_used() -> None:
    # At national scale the pure-Python parser is eight times slower.
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
    ("a: Caerdydd \u2013 Cardiff \u2713", "Caerdydd \u2013 Cardiff \u2713"),
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
    assert parsed.written_at(("name",)) == Position(1, 1)
    assert parsed.written_at(("signatories",)) == Position(2, 1)
    assert parsed.written_at(("signatories", 0)) == Position(3, 5)
    assert parsed.written_at(("signatories", 0, "github")) == Position(4, 5)
    assert parsed.written_at(("signatories", 1, "github")) == Position(5, 15)
    # A missing field points at its nearest ancestor.
    assert parsed.position(("signatories", 1, "role")) == Position(5, 5)
    assert parsed.position(("website",)) == Position(1, 1)


def test_a_byte_order_mark_and_windows_line_ends_are_accepted() -> None:
    parsed = parse_yaml(b"\xef\xbb\xbfa: 1\r\nb: 2\r\n")
    assert parsed.data == {"a": 1, "b": 2}
    assert parsed.written_at(("b",)) == Position(2, 1)


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
    ("a: \ufffe\n".encode(), 1, 4, (), "U+FFFE, a Unicode noncharacter"),
    (b"a: " + b"1" * 21 + b"\n", 1, 4, ("a",), "is 21 characters long; a number here has at most 20"),
    (b"a: " + b"[" * (MAX_DEPTH + 5), 1, 3 + MAX_DEPTH, ("a",), f"nested more than {MAX_DEPTH} levels deep"),
    # Deeper than libyaml's own limit, which its scanner meets first: cofund's message all the same.
    (b"a: " + b"[" * 100_000, 1, 3 + MAX_DEPTH, ("a",), f"nested more than {MAX_DEPTH} levels deep"),
    (b"a:\n  b: " + b"{c: " * 5_000, 2, 6 + 4 * (MAX_DEPTH - 2), ("a",), f"nested more than {MAX_DEPTH} levels deep"),
    (b"a: 1\na: " + b"[" * 100_000, 2, 1, ("a",), "the field 'a' is written twice"),
    (b"? [a]\n: b\n", 1, 3, (), "a field name must be plain text"),
    (b"a:\n\tb: 1\n", 2, 1, (), "a tab is used"),
    (b"a: b: c\n", 1, 5, (), "there is a ': ' where YAML does not expect one"),
    (b'a: "open\n', 1, 4, (), "the file ends inside a quoted value"),
    (b"a: @x\n", 1, 4, (), "found the character '@' that cannot start a value"),
    (b"a: [1, 2\n", 2, 1, (), "this is not valid YAML"),
    (b'a: "\\q"\n', 1, 5, (), "unknown escape"),
    (b"%YAML 2.0\n---\na: 1\n", 1, 1, (), "a version of YAML that cofund does not read: remove the %YAML line"),
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
    + "".join(
        f"{k}: &{k} [{', '.join(['*' + p] * 9)}]\n" for p, k in zip("abcdefgh", "bcdefghi", strict=True)
    ).encode(),
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
    assert parse_yaml(b"%YAML 1.2\n---\na: 1\n...\n").data == {"a": 1}


# --- what no person types, and what other YAML readers would read differently ----------

NONCHARACTERS = ["\ufdd0", "\ufdef", "\ufffe", "\uffff"] + [chr(p << 16 | 0xFFFE) for p in (1, 2, 14, 16)] + [
    chr(p << 16 | 0xFFFF) for p in (1, 3, 15, 16)
]
CONTROLS = [chr(c) for c in (0x00, 0x01, 0x07, 0x0B, 0x0C, 0x1B, 0x1F, 0x7F, 0x80, 0x85, 0x9B, 0x9F)]
DIRECTION = [chr(c) for c in range(0x202A, 0x202F)] + [chr(c) for c in range(0x2066, 0x206A)]


def refusal(raw: bytes) -> YamlRefused:
    with pytest.raises(YamlRefused) as refused:
        parse_yaml(raw)
    return refused.value


@pytest.mark.parametrize("char", NONCHARACTERS, ids=[f"U+{ord(c):04X}" for c in NONCHARACTERS])
def test_noncharacters_are_refused_written_or_escaped(char: str) -> None:
    code = f"U+{ord(char):04X}"
    raw = refusal(f"a: 1\nb: x{char}\n".encode())
    assert (raw.line, raw.column, raw.field) == (2, 5, ())
    assert raw.message == (
        f"the file holds {code}, a Unicode noncharacter, which is never text and which other YAML readers refuse: "
        "remove it"
    )
    escape = f"\\u{ord(char):04X}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08X}"
    escaped = refusal(f'a: 1\nb:\n  - "Cyber {escape} *new*"\n'.encode())
    assert (escaped.line, escaped.column, escaped.field) == (3, 5, ("b", 0))
    assert escaped.message.startswith(f"the text holds {code}, a Unicode noncharacter")


@pytest.mark.parametrize("char", CONTROLS, ids=[f"U+{ord(c):04X}" for c in CONTROLS])
def test_controls_are_refused_everywhere_written_or_escaped(char: str) -> None:
    code = f"U+{ord(char):04X}"
    # all-ASCII files and others are searched apart (characters.refused_in_file): both here
    for raw in (f"a: |\n  text\n  mo{char}re\n", f"a: x{char}\n", f"# a comment{char}\na: 1\n", f"a{char}: 1\n",
                f"a: café\nb: x{char}\n"):
        refused = refusal(raw.encode())
        assert f"a control character ({code})" in refused.message, raw
    escaped = refusal(f'a: "x\\x{ord(char):02X}"\n'.encode())
    assert (escaped.line, escaped.column, escaped.field) == (1, 4, ("a",))
    assert f"the text holds a control character ({code})" in escaped.message


def test_tab_and_line_feed_are_text_and_an_escaped_carriage_return_is_not() -> None:
    assert parse_yaml(b'a: "x\\ty\\nz"\nb: |\n  x\ty\r\n  z\r\n').data == {"a": "x\ty\nz", "b": "x\ty\nz\n"}
    assert "a control character (U+000D)" in refusal(b'a: "x\\ry"\n').message


@pytest.mark.parametrize("char", DIRECTION, ids=[f"U+{ord(c):04X}" for c in DIRECTION])
def test_direction_controls_are_allowed_only_in_text_written_as_a_block(char: str) -> None:
    words = f"changes the direction of text (U+{ord(char):04X})"
    for style in ("|", ">", "|-", ">+"):
        text = f"a: 1\nbody: {style}\n  English, then \u2067{char}عربي\u2069 text\n  more\nc: 2\n"
        assert char in parse_yaml(text.encode()).data["body"]
    assert parse_yaml(f"l:\n  - |\n    x{char}y\n  - z\n".encode()).data == {"l": [f"x{char}y\n", "z"]}
    # (written, line, column, field) where it is refused
    for text, line, column, field in (
        (f"a: 60000{char}\n", 1, 9, ()),  # a number, as a reviewer would misread it
        (f"a: x\ntitle: 'Cyber {char}x'\n", 2, 15, ()),  # one-line text
        (f'title: "Cyber {char}x"\n', 1, 8, ("title",)),
        (f'title: "Cyber \\u{ord(char):04X}x"\n', 1, 8, ("title",)),  # an escape
        (f"a: 1 # {char} a comment\n", 1, 8, ()),
        (f"a: |  # {char}\n  x\n", 1, 9, ()),  # the block's header comment is not its text
        (f"a: |\n  x\n# {char}\nb: 1\n", 3, 3, ()),  # a comment after the block
        (f"? |\n  key{char}\n: v\n", 2, 6, ()),  # a field name written as a block
        (f"a{char}b: 1\n", 1, 2, ()),
        (f"# {char}\na: |", 1, 3, ()),  # a block with no text, at the end of the file
    ):
        refused = refusal(text.encode())
        assert (refused.line, refused.column, refused.field) == (line, column, field), text
        assert words in refused.message, text


@pytest.mark.parametrize(
    "written,suggested",
    [("05000", "5000"), ("00", "0"), ("-05", "-5"), ("+007", "7"), ("05000.50", "5000.50"), ("00.5", "0.5")],
)
def test_numbers_with_a_leading_zero_are_refused(written: str, suggested: str) -> None:
    refused = refusal(f"a: 1\namount: {written}\n".encode())
    assert (refused.line, refused.column, refused.field) == (2, 9, ("amount",))
    assert refused.message.startswith(f"the number {written} starts with a zero")
    assert f"write {suggested}, or put it in quotes" in refused.message
    assert ("octal" in refused.message) == ("." not in written)
    assert parse_yaml(f"a: '{written}'\n".encode()).data == {"a": written}  # quoted, it is text


def test_zero_and_decimals_below_one_are_numbers() -> None:
    assert parse_yaml(b"a: 0\nb: 0.50\nc: -0\nd: 10\n").data == {"a": 0, "b": Decimal("0.50"), "c": 0, "d": 10}


def test_a_yaml_1_1_directive_is_refused() -> None:
    # (libyaml itself refuses other versions than 1.1 and 1.2: see REFUSALS.)
    refused = refusal(b"# a comment\n%YAML 1.1\n---\na: 05\n")
    assert (refused.line, refused.column, refused.field) == (2, 1, ())
    assert "the file asks to be read as YAML 1.1 (the %YAML line)" in refused.message


def test_a_tag_directive_is_refused() -> None:
    refused = refusal(b"%TAG ! tag:example.com,2000:\n---\na: 1\n")
    assert (refused.line, refused.column) == (1, 1)
    assert "a %TAG line" in refused.message
