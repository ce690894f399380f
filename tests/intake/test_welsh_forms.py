"""Each issue form is also in Welsh (<kind>.cy.yml), read by the same code: the two must ask the
same questions, in the same order, with the same ids, types, choices and intake label, so that a
Welsh body is read exactly as the English one."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from cofund.intake.forms import KINDS, form_fields, parse_body
from cofund.resources import issue_form


def _form(name: str) -> dict[str, Any]:
    form: dict[str, Any] = yaml.safe_load(issue_form(name))
    return form


def _shape(item: dict[str, Any]) -> tuple[Any, ...]:
    attributes = item.get("attributes", {})
    options = attributes.get("options", [])
    return (
        item["type"], item.get("id"), item.get("validations"), len(options), attributes.get("multiple"),
        attributes.get("default"), [o.get("required") for o in options if isinstance(o, dict)],
    )


@pytest.mark.parametrize("kind", KINDS)
def test_the_welsh_form_asks_the_same_questions(kind: str) -> None:
    english, welsh = _form(kind), _form(f"{kind}.cy")
    assert welsh["labels"] == english["labels"]  # the intake workflow picks the form by its label
    assert [_shape(i) for i in welsh["body"]] == [_shape(i) for i in english["body"]]


@pytest.mark.parametrize("kind", KINDS)
def test_the_welsh_form_is_in_welsh_and_its_headings_are_its_own(kind: str) -> None:
    fields = form_fields(kind)
    for field in fields:
        assert len(field.labels) == 2 and field.labels[1] != field.label, field.id
    headings = [label for field in fields for label in field.labels]
    assert len(headings) == len(set(headings)), "a heading must name one question in either language"
    welsh_options = [theirs for field in fields for theirs, _ in field.translated_options]
    english_options = {option for field in fields for option in field.options}
    # G-Cloud is a name; every other Welsh option differs from every English one
    assert not (set(welsh_options) - {"G-Cloud"}) & english_options


def test_a_welsh_body_and_an_english_body_give_the_same_answers() -> None:
    fields = form_fields("pledge")
    english = parse_body(
        "### Pitch\n\nfoi-tool\n\n### Role\n\npilot-site\n\n### Authority\n\n- [X] "
        f"{fields[-1].options[0]}\n", fields,
    )
    welsh = parse_body(
        "### Cynnig\n\nfoi-tool\n\n### Rôl\n\nsafle peilot\n\n### Awdurdod\n\n- [X] "
        f"{fields[-1].translated_options[0][0]}\n", fields,
    )
    assert welsh.values == english.values
    assert welsh.choices("role") == ["pilot-site"]
