"""GitHub issue forms: their fields, read from .github/ISSUE_TEMPLATE, and a submitted issue's answers.

GitHub renders a submitted form as Markdown, one section a field, in the form's order:

    ### <label>

    <answer>

with `_No response_` for an optional field left empty, a dropdown's choices joined by ", ",
and checkboxes as `- [X] <label>` / `- [ ] <label>`. The forms are read from the running
cofund's package (like the schemas, see cofund.resources), the same bytes as the repository's
.github/ISSUE_TEMPLATE, so the labels here and on GitHub are the same text.

Each field's section runs from its heading to the next field's heading. A person who types
"### Pitch" into an answer can only confuse their own issue, which is then refused with the
problems it has.

Each form is also in Welsh (`<kind>.cy.yml`: the same fields, ids, types and order, with Welsh
labels, descriptions and option labels). Both carry the same intake label, so the same code
reads either: a field's heading may be its label in either language, and a choice made from a
Welsh option label means the English option at the same place. Problems are said in English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

import yaml

from ..resources import issue_form

KINDS = ("pitch", "pledge", "withdraw", "adoption", "update", "organisation", "signatory")
TRANSLATIONS = ("cy",)  # each form's other languages: .github/ISSUE_TEMPLATE/<kind>.<language>.yml
NO_RESPONSE = "_No response_"


@dataclass(frozen=True)
class Field:
    id: str
    label: str  # in English, the language of the problems
    type: str  # input, textarea, dropdown, checkboxes
    required: bool
    options: tuple[str, ...] = ()  # in English: what the drafts read
    multiple: bool = False
    labels: tuple[str, ...] = ()  # the label in every language, English first
    translated_options: tuple[tuple[str, str], ...] = ()  # (an option in another language, the English option)

    def option(self, chosen: str) -> str:
        """The English option for one chosen in any language."""
        return dict(self.translated_options).get(chosen, chosen)


@cache
def form_fields(kind: str) -> tuple[Field, ...]:
    """The answerable fields of `.github/ISSUE_TEMPLATE/<kind>.yml`, in order, each with its
    labels and options in the form's translations too."""
    fields = _read_form(kind)
    translations = [_read_form(f"{kind}.{language}") for language in TRANSLATIONS]
    out = []
    for i, field in enumerate(fields):
        others = [t[i] for t in translations]  # tests/intake checks the translations match field for field
        out.append(replace(
            field,
            labels=(field.label, *(o.label for o in others)),
            translated_options=tuple(
                (theirs, ours) for o in others for theirs, ours in zip(o.options, field.options, strict=True)
            ),
        ))
    return tuple(out)


def _read_form(name: str) -> tuple[Field, ...]:
    form = yaml.safe_load(issue_form(name))  # our own file, not input: PyYAML's safe loader is enough
    fields = []
    for item in form["body"]:
        if item["type"] == "markdown":
            continue
        attributes: dict[str, Any] = item["attributes"]
        options = attributes.get("options", ())
        fields.append(
            Field(
                id=item["id"],
                label=attributes["label"],
                type=item["type"],
                required=bool(item.get("validations", {}).get("required", False)),
                options=tuple(o["label"] if isinstance(o, dict) else str(o) for o in options),
                multiple=bool(attributes.get("multiple", False)),
            )
        )
    return tuple(fields)


@dataclass(frozen=True)
class Answers:
    """The answers by field id: text for inputs and text areas (empty when not given), a list
    of choices for dropdowns and checkboxes (the ticked ones)."""

    values: dict[str, Any]
    missing_sections: tuple[str, ...]  # labels of fields whose heading is not in the body

    def text(self, field_id: str) -> str:
        value = self.values.get(field_id, "")
        return value if isinstance(value, str) else ", ".join(value)

    def choices(self, field_id: str) -> list[str]:
        value = self.values.get(field_id, [])
        return value if isinstance(value, list) else [value] if value else []


def _heading(labels: tuple[str, ...]) -> re.Pattern[str]:
    either = "|".join(re.escape(label) for label in labels)
    return re.compile(rf"^###[ \t]+(?:{either})[ \t]*$", re.MULTILINE)


def parse_body(body: str, fields: tuple[Field, ...]) -> Answers:
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    found: list[tuple[int, int, Field]] = []  # (heading start, answer start, field)
    missing = []
    position = 0
    for field in fields:
        match = _heading(field.labels or (field.label,)).search(text, position)
        if match is None:
            missing.append(field.label)
            continue
        found.append((match.start(), match.end(), field))
        position = match.end()
    values: dict[str, Any] = {}
    for i, (_, start, field) in enumerate(found):
        end = found[i + 1][0] if i + 1 < len(found) else len(text)
        raw = text[start:end].strip("\n").strip()
        empty = raw in ("", NO_RESPONSE) or (field.type == "dropdown" and raw == "None")
        if field.type == "checkboxes":
            values[field.id] = [] if empty else [
                field.option(line.strip()[6:].strip()) for line in raw.splitlines()
                if line.strip()[:6].lower() == "- [x] "
            ]
        elif field.type == "dropdown":
            if empty:
                values[field.id] = []
            elif field.multiple:
                values[field.id] = [field.option(x.strip()) for x in raw.split(",") if x.strip()]
            else:
                values[field.id] = [field.option(raw)]
        else:
            values[field.id] = "" if empty else raw
    return Answers(values, tuple(missing))
