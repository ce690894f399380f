"""The questions `cofund new` asks: each answer checked as it is typed, and asked again with the
reason when it is wrong.

An answer is checked by the same code that reads a submitted issue form (cofund.intake): the
form's builder is run on the answers so far, and any problem it finds with this field is the
reason to ask again. So the terminal and the forms cannot disagree, and there is no second
copy of the rules (the schemas, the money parser, the catalogue's ids and signatories).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import yaml

from ..intake.forms import Answers, Field
from ..intake.references import Catalogue
from ..intake.run import BUILDERS
from ..intake.words import plain
from ..load import Entry, FolderSource
from ..resources import issue_form

VIA = "with cofund new"


def descriptions(kind: str) -> dict[str, str]:
    form = yaml.safe_load(issue_form(kind))  # cofund's own form, not input
    return {i["id"]: i["attributes"].get("description", "") for i in form["body"] if i["type"] != "markdown"}


class Asker:
    """Asks a form's questions one by one, keeping the answers given so far."""

    def __init__(self, kind: str, catalogue: Catalogue, login: str, today: dt.date):
        self.kind, self.catalogue, self.login, self.today = kind, catalogue, login, today
        self.values: dict[str, Any] = {"confirm": ["yes"]}
        self.notes = descriptions(kind)

    def problems(self, field_id: str) -> list[str]:
        """What the form's own reading of the answers so far finds wrong with `field_id`."""
        draft = BUILDERS[self.kind](Answers(dict(self.values), ()), self.login, self.today, self.catalogue, VIA)
        return [plain(p.message) for p in draft.problems if p.field == field_id]

    def _checked(self, field: Field, value: Any) -> Any:
        self.values[field.id] = value
        wrong = self.problems(field.id)
        if wrong:
            del self.values[field.id]
            raise click.BadParameter(" ".join(wrong))
        return value

    def ask(self, field: Field, required: bool | None = None, default: str | None = None) -> Any:
        """One question, asked until the answer is right (or, if optional, left empty)."""
        required = field.required if required is None else required
        note = self.notes.get(field.id, "")
        if note:
            click.echo(click.style(note, dim=True))
        if field.type == "textarea":
            return self._lines(field, required)
        if field.type == "dropdown":
            return self._choice(field, default)
        suffix = "" if required else " (optional, Enter to skip)"

        def read(text: str) -> str:
            text = text.strip()
            if not text and required:
                raise click.BadParameter("this answer is required")
            return str(self._checked(field, text)) if text else text

        answer: str = click.prompt(f"{field.label}{suffix}", default=default if default is not None else "",
                                   show_default=bool(default), value_proc=read)
        self.values[field.id] = answer
        return answer

    def _choice(self, field: Field, default: str | None) -> list[str]:
        options = ", ".join(field.options)
        if field.multiple:
            def pick(text: str) -> list[str]:
                chosen = [x.strip() for x in text.split(",") if x.strip()]
                wrong = [x for x in chosen if x not in field.options]
                if wrong or not chosen:
                    raise click.BadParameter(f"choose from: {options}, separated by commas")
                return list(self._checked(field, chosen))

            picked: list[str] = click.prompt(f"{field.label}, separated by commas ({options})", value_proc=pick)
            return picked
        choice = click.prompt(field.label, type=click.Choice(field.options), default=default or field.options[0])
        self.values[field.id] = [choice]
        return [choice]

    def _lines(self, field: Field, required: bool) -> str:
        # Markdown has blank lines, so a line holding only "." ends the answer, as in mail.
        click.echo(f"{field.label} (as many lines as you need; a line with only . ends it):")
        while True:
            lines = []
            while True:
                line = click.prompt("", default="", show_default=False, prompt_suffix="> ")
                if line.strip() == ".":
                    break
                lines.append(line)
            text = "\n".join(lines).strip("\n")
            if not text and required:
                click.echo("Error: this answer is required; type it again.")
                continue
            self.values[field.id] = text
            wrong = self.problems(field.id) if text else []
            if not wrong:
                return text
            click.echo(f"Error: {' '.join(wrong)}; type it again.")


class Overlaid:
    """The repository folder with one more file laid over it, for a full validation before the
    file is written (load.Source)."""

    def __init__(self, repo: Path, path: str, text: str):
        self.folder, self.path, self.data = FolderSource(repo), path, text.encode("utf-8")

    def entries(self) -> Iterator[Entry]:
        for entry in self.folder.entries():
            if entry.path != self.path:
                yield entry
        yield Entry(self.path, True, len(self.data))

    def read(self, path: str) -> bytes:
        return self.data if path == self.path else self.folder.read(path)

