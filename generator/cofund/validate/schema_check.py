"""Stage 2a, validate each file against its JSON Schema, in words a council officer understands.

jsonschema does the checking; this module only turns its errors into `Problem`s that point
at the file, line and field, using each schema's own `description` and its `x-expected`
keyword (what a valid value looks like) for the wording.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any

import fastjsonschema
import jsonschema
import referencing
from jsonschema.exceptions import ValidationError
from referencing.jsonschema import DRAFT202012

from ..load import DataFile, Kind
from ..problems import WHOLE_FILE, Problem, field_path
from ..resources import schema_bytes, schema_names

if TYPE_CHECKING:  # referencing exports Resolver only to type checkers
    from referencing._core import Resolver

# The schemas are cofund's own (package data, see cofund.resources), never those of the data
# being checked: a pull request cannot loosen the rules it is judged by.
SCHEMA_FILES = {
    Kind.CATALOGUE: "catalogue.schema.json",
    Kind.ORGANISATION: "organisation.schema.json",
    Kind.PITCH: "pitch.schema.json",
    Kind.PLEDGE: "pledge.schema.json",
    Kind.ADOPTER: "adopter.schema.json",
    Kind.FUND: "fund.schema.json",
}


def read_schema(name: str) -> dict[str, Any]:
    # parse_float=Decimal: `multipleOf: 0.01` must compare exactly with the Decimals we load.
    return json.loads(schema_bytes(name), parse_float=Decimal)  # type: ignore[no-any-return]


@cache
def validators() -> dict[Kind, jsonschema.protocols.Validator]:
    """One validator per kind, built once, with every $ref written in place (see _inline)."""
    names = schema_names()
    registry: referencing.Registry[Any] = referencing.Registry().with_resources(
        (name, DRAFT202012.create_resource(read_schema(name))) for name in names
    )
    cls = jsonschema.Draft202012Validator
    return {
        kind: cls(_inline(read_schema(name), registry.resolver(base_uri=name)), format_checker=cls.FORMAT_CHECKER)
        for kind, name in SCHEMA_FILES.items()
    }


# Keywords that only describe; a $ref's own description or x-expected wins over its target's.
_ANNOTATIONS = frozenset({"title", "description", "examples", "x-expected", "$comment"})
_DATA_KEYWORDS = frozenset({"examples", "enum", "const", "$defs"})


def _inline(node: Any, resolver: Resolver[Any]) -> Any:
    """`node` with each `$ref` replaced by what it points at, merged with the $ref's siblings.

    jsonschema resolves a $ref on every visit (a URL split and a registry lookup), which was
    over a third of the time spent validating a national-scale repository; the schemas hold
    no recursive $ref, so writing each in place once gives the same verdicts for less. When
    the target and the siblings share a constraint keyword the target is kept whole inside
    allOf, as 2020-12 applies both.
    """
    if isinstance(node, list):
        return [_inline(item, resolver) for item in node]
    if not isinstance(node, dict):
        return node
    here = {k: (v if k in _DATA_KEYWORDS else _inline(v, resolver)) for k, v in node.items() if k != "$ref"}
    if "$ref" not in node:
        return here
    resolved = resolver.lookup(node["$ref"])
    target = _inline(resolved.contents, resolved.resolver)
    if (target.keys() & here.keys()) - _ANNOTATIONS:
        return {**here, "allOf": [*here.get("allOf", []), target]}
    return {**target, **here}


# A file within the size limit can still hold tens of thousands of wrong values; past this
# many problems one more line says so, rather than flooding the terminal and the PR comment.
MAX_PROBLEMS_PER_FILE = 100


# Two validators for the same schemas. jsonschema, the reference implementation, judges and
# words every problem (its errors carry the keyword, the value and the subschema). But it
# interprets the schema on every visit, and at national scale that alone took longer than
# parsing the YAML; fastjsonschema compiles the same schemas into plain Python once, and is
# nine times faster. So each file is first put to the compiled check, and only a file it
# does not pass goes to jsonschema, whose verdict then stands. The compiled check can only
# say "valid" sooner, never refuse a file by itself; tests/validate/test_schema_check.py
# holds the two to the same verdicts. Compiling takes a quarter of a second, which pays for
# itself from about a thousand files: a pull request's check, which reads a few dozen, goes
# to jsonschema straight away.
FAST_CHECK_FROM = 1000  # files


@cache
def fast_validators() -> dict[Kind, Callable[[Any], Any]]:
    """The compiled check per kind: the inlined schemas, read as draft-07 (fastjsonschema does
    not know 2020-12; with $refs written in place the keywords used mean the same in both),
    the date and uri formats checked by jsonschema's own checkers, and multipleOf left to
    _at_most_two_places (fastjsonschema divides a Decimal by a float, which Python refuses)."""
    checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
    formats = {name: (lambda value, name=name: checker.conforms(value, name)) for name in ("date", "uri")}
    compiled = {}
    for kind, validator in validators().items():
        schema = _without(validator.schema, "multipleOf")
        schema["$schema"] = "http://json-schema.org/draft-07/schema#"
        compiled[kind] = fastjsonschema.compile(schema, formats=formats)
    return compiled


def _without(node: Any, keyword: str) -> Any:
    if isinstance(node, dict):
        return {k: _without(v, keyword) for k, v in node.items() if k != keyword}
    if isinstance(node, list):
        return [_without(v, keyword) for v in node]
    return node


def _at_most_two_places(value: Any) -> bool:
    """No Decimal anywhere with more than two decimal places: then every `multipleOf: 0.01` in
    the schemas holds, and it is the only multipleOf they use (tests check both). A file
    with a finer number, such as availability 99.999, goes to jsonschema to be judged."""
    if type(value) is Decimal:
        return value.as_tuple().exponent >= -2  # type: ignore[operator]
    if type(value) is dict:
        return all(_at_most_two_places(v) for v in value.values())
    if type(value) is list:
        return all(_at_most_two_places(v) for v in value)
    return True


def passes_fast_check(file: DataFile) -> bool:
    try:
        fast_validators()[file.kind](file.parsed.data)
    except Exception:  # noqa: BLE001 - any doubt (a refusal, or a case it cannot handle) goes to jsonschema
        return False
    return _at_most_two_places(file.parsed.data)


def check_schema(file: DataFile, fast: bool) -> list[Problem]:
    """The file's problems against its kind's schema; `fast`: try the compiled check first."""
    if fast and passes_fast_check(file):
        return []
    validator = validators()[file.kind]
    problems: list[Problem] = []
    fields: set[str] = set()
    found = (p for error in validator.iter_errors(file.parsed.data) for p in _explain(file, error))
    for problem in found:  # lazy throughout: stops when we stop asking
        # One problem a field: an empty name breaks both "at least 1 character" and "one
        # line of text", and the first (the schema's order) says it best.
        if problem.field in fields:
            continue
        if len(problems) == MAX_PROBLEMS_PER_FILE:
            problems.append(
                Problem(
                    file.path, problem.line, problem.column, WHOLE_FILE,
                    f"more than {MAX_PROBLEMS_PER_FILE} problems in this file, so the rest are not shown: "
                    "fix these and run the check again",
                )
            )
            break
        fields.add(problem.field)
        problems.append(problem)
    return problems


def _first_sentence(text: str) -> str:
    head = text.split(". ", 1)[0].rstrip(".")
    first_word = head.split(" ", 1)[0]
    if first_word[1:].islower():  # "The name" -> "the name", but "GitHub logins" stays
        head = head[0].lower() + head[1:]
    return head


def _show(value: Any) -> str:
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "...")
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "an empty value"
    if isinstance(value, dict):
        return "a group of fields"
    if isinstance(value, list):
        return "a list"
    return str(value)


_DATE_SHAPE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _items(count: int) -> str:
    return "item" if count == 1 else "items"


def _expected(schema: Any) -> str | None:
    return schema.get("x-expected") if isinstance(schema, dict) else None


_TYPE_WORDS = {
    "object": "a group of fields (name: value lines)",
    "array": "a list (lines starting with '- ')",
    "string": "text",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
}


def _explain(file: DataFile, error: ValidationError) -> Iterable[Problem]:
    """One jsonschema error -> the Problem(s) a person should read."""
    path = tuple(error.absolute_path)
    # jsonschema's stubs type these as "or Unset" for errors made by hand; errors from
    # iter_errors always carry them.
    value: Any = error.instance
    schema: Any = error.schema
    keyword: Any = error.validator
    rule: Any = error.validator_value

    def at(where: tuple[Any, ...], message: str) -> Problem:
        pos = file.parsed.position(where)
        return Problem(file.path, pos.line, pos.column, field_path(where), message)

    if keyword == "required":
        # jsonschema reports each missing field as its own error, named only in the message.
        missing = [n for n in rule if n not in value]
        name = next((n for n in missing if error.message == f"{n!r} is a required property"), missing[0])
        sub = schema.get("properties", {}).get(name, {})
        # A conditional requirement (if/then) says why in its own x-expected.
        hint = _expected(schema) or (_first_sentence(sub["description"]) if "description" in sub else None)
        why = f": {hint}" if hint else ""
        return [at((*path, name), f"this field is missing and is required{why}")]
    if keyword == "additionalProperties":
        known = sorted(schema.get("properties", {}))
        extras = [name for name in value if name not in schema.get("properties", {})]

        def unknown(name: str) -> Problem:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            return at((*path, name), f"{_show(name)} is not a field here: {hint}the fields are {', '.join(known)}")

        return (unknown(name) for name in extras)  # lazy: a hostile file can have 30,000
    if keyword == "enum":
        options = ", ".join(str(o) for o in rule)
        return [at(path, f"{_show(value)} is not one of the choices: {options}")]
    if keyword == "const":
        return [at(path, f"{_show(value)} is not allowed: it must be {_expected(schema) or rule}")]
    if keyword == "type":
        wanted = _expected(schema) or _TYPE_WORDS.get(str(rule), str(rule))
        return [at(path, f"{_show(value)} is not {wanted}")]
    if keyword in ("minItems", "maxItems"):
        bound = rule
        word = "at least" if keyword == "minItems" else "at most"
        has = "is empty" if not value else f"has {len(value)} {_items(len(value))}"
        return [at(path, f"the list {has}; it needs {word} {bound} {_items(bound)}")]
    if keyword == "uniqueItems":
        seen: list[Any] = []
        for i, item in enumerate(value):
            if item in seen:
                return [at((*path, i), f"{_show(item)} is in the list more than once: list each item once")]
            seen.append(item)
        return [at(path, "the list holds the same item more than once: list each item once")]
    if keyword == "minProperties":
        return [at(path, "give at least one of: " + ", ".join(schema.get("properties", {})))]
    expected = _expected(schema)
    if keyword in ("minLength", "maxLength") and isinstance(value, str):
        if not value.strip():
            return [at(path, f"this is empty: write {expected or 'some text'}")]
        bound = rule
        word = "at least" if keyword == "minLength" else "at most"
        return [at(path, f"the text is {len(value):,} characters long, and it must be {word} {bound:,} characters")]
    if keyword == "format" and rule == "date" and _DATE_SHAPE.fullmatch(str(value)):
        return [at(path, f"{_show(value)} is not a day in the calendar: check the month and the day")]
    if expected:
        return [at(path, f"{_show(value)} is not {expected}")]
    return [at(path, error.message)]
