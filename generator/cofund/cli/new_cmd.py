"""`cofund new pitch` and `cofund new pledge PITCH --org ORG`: ask for each field, write a valid file.

The questions are the issue forms' (.github/ISSUE_TEMPLATE), asked one by one in the
terminal, and the answers go through the same drafting and checks as a submitted form
(cofund.intake), so a file written here is one the PR check accepts, or nothing is written
and each problem is said.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import click

from ..intake import draft_file, write
from ..intake.forms import Answers, Field, form_fields
from ..load.layout import is_id
from ..load.safe_yaml import YamlRefused, parse_yaml
from . import main, repo_argument, today_option

VIA = "with cofund new"


def _ask_lines(field: Field) -> str:
    # Markdown has blank lines, so a line holding only "." ends the answer, as in mail.
    click.echo(f"{field.label} (as many lines as you need; a line with only . ends it):")
    lines = []
    while True:
        line = click.prompt("", default="", show_default=False, prompt_suffix="> ")
        if line.strip() == ".":
            break
        lines.append(line)
    return "\n".join(lines).strip("\n")


def _ask(field: Field, description: str) -> Any:
    """One question; the answer in the shape forms.Answers holds."""
    if description:
        click.echo(click.style(description, dim=True))
    optional = "" if field.required else " (optional, Enter to skip)"
    if field.type == "dropdown" and field.multiple:
        while True:
            text = click.prompt(f"{field.label}, separated by commas ({', '.join(field.options)})", default="",
                                show_default=False)
            picked = [x.strip() for x in text.split(",") if x.strip()]
            wrong = [x for x in picked if x not in field.options]
            if not wrong:
                return picked
            click.echo(f"Not a choice: {', '.join(wrong)}")
    if field.type == "dropdown":
        choice = click.prompt(field.label, type=click.Choice(field.options), default=field.options[0])
        return [choice]
    if field.type == "textarea":
        return _ask_lines(field)
    return click.prompt(f"{field.label}{optional}", default="", show_default=False)


def _descriptions(kind: str) -> dict[str, str]:
    import yaml  # the form's own file, not input

    from ..resources import issue_form

    form = yaml.safe_load(issue_form(kind))
    return {i["id"]: i["attributes"].get("description", "") for i in form["body"] if i["type"] != "markdown"}


def _finish(kind: str, values: dict[str, Any], login: str, today: dt.date, repo: Path) -> None:
    outcome = draft_file(kind, Answers(values, ()), login, today, repo, via=VIA)
    if not outcome.ok:
        click.echo("\nNothing was written, because:", err=True)
        for problem in outcome.problems:
            click.echo(f"  {problem}", err=True)
        sys.exit(1)
    write(repo, outcome)
    click.echo(f"\nWrote {outcome.path}")
    click.echo(outcome.body.split("\n\n")[1] if "\n\n" in outcome.body else "")
    click.echo("Commit it on a branch and open a pull request; the check on it says who must approve.")


@main.group("new")
def new_group() -> None:
    """Write a new pitch or pledge file by answering questions."""


@new_group.command("pitch")
@repo_argument
@today_option
def new_pitch(repo: Path, today: dt.date) -> None:
    """Ask for each field of a pitch and write pitches/<id>/pitch.yml."""
    notes = _descriptions("pitch")
    login = click.prompt("Your GitHub login (a signatory of the proposing organisation)")
    values = {f.id: _ask(f, notes.get(f.id, "")) for f in form_fields("pitch")}
    _finish("pitch", values, login, today, repo)


# Which of the pledge form's money questions each funding model asks.
_MODEL_FIELDS = {"target": {"amount", "percent"}, "shared-cost": set(), "tiered": {"tier"}}


@new_group.command("pledge")
@click.argument("pitch")
@click.option("--org", required=True, metavar="ORG", help="The pledging organisation's id.")
@repo_argument
@today_option
def new_pledge(pitch: str, org: str, repo: Path, today: dt.date) -> None:
    """Ask for each field of ORG's pledge to PITCH and write pitches/PITCH/pledges/ORG.yml."""
    model = None
    path = repo / "pitches" / pitch / "pitch.yml"
    if is_id(pitch) and path.is_file() and not path.is_symlink():
        try:
            model = parse_yaml(path.read_bytes()).data.get("funding", {}).get("model")
        except (YamlRefused, AttributeError):
            model = None
    asked = _MODEL_FIELDS.get(model, {"amount", "percent", "tier"}) if isinstance(model, str) else {"amount", "percent", "tier"}
    if model == "shared-cost":
        click.echo("This pitch shares its cost equally: the pledge is one share, so no amount is asked.")
    notes = _descriptions("pledge")
    login = click.prompt(f"Your GitHub login (a signatory of {org})")
    values: dict[str, Any] = {"pitch": pitch, "organisation": org, "confirm": ["yes"]}
    for field in form_fields("pledge"):
        if field.id in ("pitch", "organisation", "confirm"):
            continue
        if field.id in ("amount", "percent", "tier") and field.id not in asked:
            continue
        values[field.id] = _ask(field, notes.get(field.id, ""))
    _finish("pledge", values, login, today, repo)
