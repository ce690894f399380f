"""The schemas are the user's reference and the validator's rules: check both roles."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
import referencing
from referencing.jsonschema import DRAFT202012

from cofund import model
from cofund.resources import schema_names
from cofund.validate.schema_check import read_schema

NAMES = schema_names()
SCHEMAS = {name: read_schema(name) for name in NAMES}
REGISTRY: referencing.Registry[Any] = referencing.Registry().with_resources(
    (name, DRAFT202012.create_resource(schema)) for name, schema in SCHEMAS.items()
)
Validator = jsonschema.Draft202012Validator

# Keywords that can reject a value; a subschema using one must say, in x-expected, what a
# valid value looks like, so that the error message can say it too.
CONSTRAINTS = ("pattern", "format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
               "multipleOf", "minLength", "maxLength", "const")


def walk(schema: Any, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every subschema, with a readable location."""
    if not isinstance(schema, dict):
        return
    yield where, schema
    for key in ("properties", "$defs"):
        for name, sub in schema.get(key, {}).items():
            yield from walk(sub, f"{where}/{key}/{name}")
    for key in ("items", "if", "then", "else", "not", "additionalProperties"):
        yield from walk(schema.get(key), f"{where}/{key}")
    for key in ("allOf", "anyOf", "oneOf"):
        for i, sub in enumerate(schema.get(key, [])):
            yield from walk(sub, f"{where}/{key}/{i}")


def properties(schema: Any, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    for loc, sub in walk(schema, where):
        for name, prop in sub.get("properties", {}).items():
            if loc.endswith("/if"):  # an if's properties test a value; they do not define a field
                continue
            yield f"{loc}/properties/{name}", prop


def resolve(name: str, sub: dict[str, Any]) -> dict[str, Any]:
    """`sub` with its $ref (if any) followed, for its type."""
    if "$ref" not in sub:
        return sub
    resolver = REGISTRY.resolver(base_uri=name)
    return resolve(name, resolver.lookup(sub["$ref"]).contents)


def is_leaf(name: str, prop: dict[str, Any]) -> bool:
    target = resolve(name, prop)
    if target.get("type") == "object" or "properties" in target:
        return False
    items = target.get("items")
    return not (isinstance(items, dict) and resolve(name, items).get("type") == "object")


ALL_PROPERTIES = [(name, loc, prop) for name in NAMES for loc, prop in properties(SCHEMAS[name], name)]
# An `if` only tests a value (it defines no field and reports no error), so it is left out.
ALL_SUBSCHEMAS = [
    (name, loc, sub) for name in NAMES for loc, sub in walk(SCHEMAS[name], name) if "/if" not in loc
]


@pytest.mark.parametrize("name", NAMES)
def test_schema_is_valid_2020_12(name: str) -> None:
    assert SCHEMAS[name]["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Validator.check_schema(SCHEMAS[name], format_checker=Validator.FORMAT_CHECKER)


def test_every_property_has_a_description() -> None:
    missing = [loc for _, loc, prop in ALL_PROPERTIES if not prop.get("description", "").strip()]
    assert missing == []


def test_every_leaf_property_has_examples() -> None:
    missing = [loc for name, loc, prop in ALL_PROPERTIES if is_leaf(name, prop) and not prop.get("examples")]
    assert missing == []


def test_every_object_forbids_unknown_fields() -> None:
    open_objects = [
        loc for _, loc, sub in ALL_SUBSCHEMAS
        if (sub.get("type") == "object" or ("required" in sub and "properties" in sub))
        and sub.get("additionalProperties") is not False
    ]
    assert open_objects == []
    assert len([1 for _, _, s in ALL_SUBSCHEMAS if s.get("type") == "object"]) >= 10  # the walk sees them


def test_every_constraint_says_what_is_expected() -> None:
    unexplained = [
        loc for _, loc, sub in ALL_SUBSCHEMAS
        if any(k in sub for k in CONSTRAINTS) and not sub.get("x-expected")
    ]
    conditional = [
        loc for _, loc, sub in ALL_SUBSCHEMAS if loc.endswith("/then") and not sub.get("x-expected")
    ]
    assert unexplained == [] and conditional == []


@pytest.mark.parametrize(
    "name,loc,sub", [s for s in ALL_SUBSCHEMAS if "examples" in s[2]], ids=lambda v: v if isinstance(v, str) else "",
)
def test_examples_validate_against_their_own_subschema(name: str, loc: str, sub: dict[str, Any]) -> None:
    validator = Validator(SCHEMAS[name], registry=REGISTRY, format_checker=Validator.FORMAT_CHECKER).evolve(schema=sub)
    for example in sub["examples"]:
        errors = [e.message for e in validator.iter_errors(example)]
        assert errors == [], f"{loc}: example {example!r}"


def test_patterns_do_not_accept_a_trailing_newline() -> None:
    # Python's re.search lets `$` match before a final newline; ECMA-262 does not. A value
    # written as a YAML block (`|`) ends in a newline, so each pattern must refuse it.
    checked = 0
    for name, loc, sub in ALL_SUBSCHEMAS:
        if "pattern" not in sub:
            continue
        examples = [e for e in resolve(name, sub).get("examples", []) if isinstance(e, str)]
        examples += [e for _, ploc, p in ALL_PROPERTIES if p.get("$ref", "").endswith(loc.split("/", 1)[-1])
                     for e in p.get("examples", []) if isinstance(e, str)]
        for example in examples:
            assert re.search(sub["pattern"], example), f"{loc}: {example!r} should match"
            assert not re.search(sub["pattern"], example + "\n"), f"{loc}: {example!r} + newline matches"
            checked += 1
    assert checked >= 5


ENUMS = [
    ("organisation.schema.json", ("properties", "type"), model.OrgType),
    ("organisation.schema.json", ("properties", "nation"), model.Nation),
    ("pitch.schema.json", ("properties", "category"), model.Category),
    ("pitch.schema.json", ("properties", "stage"), model.Stage),
    ("pitch.schema.json", ("properties", "phase"), model.Phase),
    ("pitch.schema.json", ("properties", "procurement"), model.Procurement),
    ("pitch.schema.json", ("properties", "funding", "properties", "model"), model.Model),
    ("pledge.schema.json", ("properties", "role"), model.Role),
    ("pledge.schema.json", ("properties", "status"), model.PledgeStatus),
]


@pytest.mark.parametrize("name,keys,enum", ENUMS, ids=[e[2].__name__ for e in ENUMS])
def test_schema_enums_match_the_model(name: str, keys: tuple[str, ...], enum: Any) -> None:
    sub: Any = SCHEMAS[name]
    for key in keys:
        sub = sub[key]
    assert sub["enum"] == [member.value for member in enum]


def test_the_pledge_life_caps_and_rounding_are_documented_where_users_read_them() -> None:
    """The schemas' descriptions are the user's reference: each rule of a pledge's life, the
    cap and the percentage rounding is stated beside the field it governs."""
    pledge = SCHEMAS["pledge.schema.json"]["properties"]
    status = pledge["status"]
    for word in status["enum"]:
        assert f"{word}:" in status["description"], word
    assert "binding" in status["description"]
    for step in ("interested_on", "invoiced_on", "paid_on", "withdrawn_on"):
        assert pledge[step]["description"], step
    assert "largest-remainder" in pledge["percent"]["description"]
    funding = SCHEMAS["pitch.schema.json"]["properties"]["funding"]["properties"]
    assert funding["target"]["minimum"] == 1 and "stretch" in funding["target"]["description"]
    case = SCHEMAS["pitch.schema.json"]["properties"]["business_case"]["properties"]
    assert "never below zero" in case["cost_alone"]["description"]
    assert "target plus these lines" in case["stretch"]["description"]
