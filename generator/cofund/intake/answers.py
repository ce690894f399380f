"""Each answer judged on its own by the schema of the field it fills, as soon as it is given.

The schemas are the validator's own (validate.schema_check.validators, with every $ref in
place): the part for one field is cut out and jsonschema checks the answer against it, so a
question asked by `cofund new`, a form read by `cofund intake` and `cofund validate` agree
on what is valid, and the words come from the same `x-expected` keywords.

Stand-ins: when some answers are wrong, the rest of the file is still checked as a whole
(intake/run.py), with each wrong answer replaced by a valid value made from its schema's
`examples`. Two different stand-ins are made for each (`variant` 0 and 1), so that a
problem caused by the stand-in itself can be told apart: it changes with the stand-in.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache
from typing import Any

import jsonschema
from jsonschema.exceptions import best_match

from ..load import Kind
from ..validate.schema_check import validators
from .words import quote

FieldPath = tuple[str | int, ...]


def _parts(node: dict[str, Any]) -> list[dict[str, Any]]:
    return [node, *(n for n in node.get("allOf", []) if isinstance(n, dict))]


def field_schema(kind: Kind, path: FieldPath) -> dict[str, Any]:
    """The schema of the field at `path` in a file of `kind` (an int step is a list's item)."""
    node: Any = validators()[kind].schema
    for step in path:
        for part in _parts(node):
            if isinstance(step, int) and "items" in part:
                node = part["items"]
                break
            if isinstance(step, str) and step in part.get("properties", {}):
                node = part["properties"][step]
                break
        else:
            raise KeyError(f"{kind.value} has no field {path}")
    return dict(node)


@cache
def _validator(kind: Kind, path: FieldPath) -> Any:
    cls = jsonschema.Draft202012Validator
    return cls(field_schema(kind, path), format_checker=cls.FORMAT_CHECKER)


def _expected(schema: dict[str, Any]) -> str | None:
    for part in _parts(schema):
        if isinstance(part.get("x-expected"), str):
            return str(part["x-expected"])
    return None


def judge(kind: Kind, path: FieldPath, value: Any, typed: str) -> str | None:
    """None when `value` is valid for the field; otherwise why not, in plain words, quoting
    `typed` (what the person wrote) rather than the value it was read as."""
    error = best_match(_validator(kind, path).iter_errors(value))
    if error is None:
        return None
    whole = not error.absolute_path
    shown = quote(typed if whole else error.instance)
    keyword, bound = error.validator, error.validator_value
    # The field's own words first: the target's "from 1", not its money type's "from 0".
    expected = (_expected(field_schema(kind, path)) if whole else None) or _expected(error.schema)
    if keyword == "enum":
        return f"{shown} is not one of the choices: {', '.join(map(str, bound))}"
    if keyword in ("minLength", "maxLength") and isinstance(error.instance, str):
        if not error.instance.strip():
            return f"this is empty: write {expected or 'some text'}"
        word = "at least" if keyword == "minLength" else "at most"
        return f"the text is {len(error.instance):,} characters long, and it must be {word} {bound:,} characters"
    if keyword in ("minItems", "maxItems"):
        word = "at least" if keyword == "minItems" else "at most"
        return f"give {word} {bound}"
    if keyword == "uniqueItems":
        return "each item may be given only once"
    if keyword == "format" and bound == "date" and _is_date_shaped(error.instance):
        return f"{shown} is not a day in the calendar: check the month and the day"
    if expected:
        return f"{shown} is not {expected}"
    return f"{shown}: {error.message}"


def _is_date_shaped(value: Any) -> bool:
    return isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-"


def stand_in(kind: Kind, path: FieldPath, variant: int) -> Any:
    """A valid value for the field at `path`, different for variant 0 and variant 1."""
    return _make(field_schema(kind, path), variant)


def _make(schema: dict[str, Any], variant: int) -> Any:
    merged: dict[str, Any] = {}
    for part in reversed(_parts(schema)):
        merged.update(part)
    examples = merged.get("examples")
    if "enum" in merged:
        return merged["enum"][variant % len(merged["enum"])]
    if merged.get("type") == "object":
        props = merged.get("properties", {})
        return {key: _make(props[key], variant) for key in merged.get("required", []) if key in props}
    if merged.get("type") == "array":
        return [_make(merged.get("items", {}), variant) for _ in range(max(1, merged.get("minItems", 1)))]
    if merged.get("type") == "boolean":
        return not variant
    if examples:
        return _vary(examples[0], merged, variant) if len(examples) == 1 else examples[variant % len(examples)]
    if merged.get("type") in ("integer", "number"):
        return int(merged.get("minimum", 1)) + variant
    return f"stand-in {variant}"


def _vary(value: Any, schema: dict[str, Any], variant: int) -> Any:
    if not variant:
        return value
    if isinstance(value, bool):
        return not value
    if isinstance(value, (int, Decimal)):
        step = value - 1 if value + 1 > schema.get("maximum", value + 1) else value + 1
        return step
    if isinstance(value, str) and schema.get("format") == "date":
        return (dt.date.fromisoformat(value) + dt.timedelta(days=1)).isoformat()
    if isinstance(value, str):
        return value + "-b"
    return value
