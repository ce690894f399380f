"""`cofund new pitch` and `cofund new pledge PITCH [--org ORG]`: answer questions, get a valid file.

The questions are the issue forms' (.github/ISSUE_TEMPLATE), asked one by one in the terminal;
each answer is checked as it is typed and asked again, with the reason, when it is wrong
(new_questions.py). A pledge checks the pitch, the organisation and the signatory first, and
asks only what the pitch's funding model needs; a pitch asks for tiers only when it is tiered.
At the end a summary is shown; the file is then checked as the PR check will (cofund.intake),
the whole repository is validated with it laid over, and only then is it written, at once.
"""

from __future__ import annotations

import datetime as dt
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import click

from ..intake import Outcome, draft_file, write
from ..intake.forms import Answers, Field, form_fields
from ..intake.pitch_drafts import read_cost_lines
from ..intake.references import Catalogue
from ..intake.words import plain
from ..load import load
from ..validate import validate
from . import main, repo_argument, today_option
from .new_questions import VIA, Asker, Overlaid


def _field(kind: str, field_id: str) -> Field:
    return next(f for f in form_fields(kind) if f.id == field_id)


def _finish(kind: str, asker: Asker, today: dt.date, repo: Path) -> None:
    outcome = draft_file(kind, Answers(dict(asker.values), ()), asker.login, today, repo, via=VIA)
    if outcome.ok:
        outcome = _whole_repository(repo, outcome, today)
    if not outcome.ok:
        click.echo("\nNothing was written, because:", err=True)
        for problem in outcome.problems:
            click.echo(f"  {problem}", err=True)
        sys.exit(1)
    # The summary is the file itself, and what it changes, as the pull request will say.
    click.echo(f"\nSummary: {outcome.path} will hold\n")
    click.echo("".join(f"    {line}" for line in outcome.text.splitlines(keepends=True)))
    for line in outcome.body.splitlines():
        if line.startswith("- "):
            click.echo(plain(line).replace("&#62;", ">"))
    if not click.confirm(f"\nWrite {outcome.path}?", default=True):
        click.echo("Nothing was written.")
        return
    write(repo, outcome)
    click.echo(f"Wrote {outcome.path}")
    click.echo("Commit it on a branch and open a pull request; the check on it says who must approve.")


def _whole_repository(repo: Path, outcome: Outcome, today: dt.date) -> Outcome:
    """The whole repository validated with the new file laid over: its problems that the
    repository does not already have."""
    after = validate(load(Overlaid(repo, outcome.path, outcome.text)), today)
    if after.ok:
        return outcome
    before = {str(p) for p in validate(load(Overlaid(repo, "", "")), today).problems if p.path}
    new = tuple(f"{p.path}\x1f{p.message} ({p.field}, line {p.line})" for p in after.problems if str(p) not in before)
    return Outcome(path=outcome.path, messages=new) if new else outcome


@main.group("new")
def new_group() -> None:
    """Write a new pitch or pledge file by answering questions."""


@new_group.command("pitch")
@repo_argument
@today_option
def new_pitch(repo: Path, today: dt.date) -> None:
    """Ask for each field of a pitch and write pitches/<id>/pitch.yml."""
    login = click.prompt("Your GitHub login")
    asker = Asker("pitch", Catalogue(repo), login.strip().removeprefix("@"), today)
    for field in form_fields("pitch"):
        model = (asker.values.get("model") or [""])[0]
        if field.id == "tiers" and model != "tiered":
            continue  # only a tiered pitch has tiers
        if field.id == "min_partners" and model != "shared-cost":
            continue  # needed to split a shared cost; optional, and not asked, otherwise
        if field.id == "target":
            lines = asker.values.get("cost_lines", "")
            total = _sum_of(lines)
            asker.ask(field, default=total)
            continue
        asker.ask(field, required=True if field.id == "min_partners" else None)
    _finish("pitch", asker, today, repo)


def _sum_of(cost_lines: str) -> str | None:
    """The cost lines' total, offered as the target (they must be equal)."""
    rows = read_cost_lines(cost_lines)  # the form's own reading of the lines
    if isinstance(rows, str) or not rows or not all(isinstance(r["amount"], (int, Decimal)) for r in rows):
        return None
    return str(sum(r["amount"] for r in rows))


# What each funding model asks a pledge for.
_MODEL_FIELDS = {"target": ("amount", "percent"), "shared-cost": (), "tiered": ("tier",)}


@new_group.command("pledge")
@click.argument("pitch")
@click.option("--org", metavar="ORG", help="The pledging organisation's id (asked for if not given).")
@repo_argument
@today_option
def new_pledge(pitch: str, org: str | None, repo: Path, today: dt.date) -> None:
    """Ask for each field of ORG's pledge to PITCH and write pitches/PITCH/pledges/ORG.yml.

    The pitch, the organisation and the signatory are checked first (a wrong one is asked
    for again)."""
    catalogue = Catalogue(repo)
    asker = Asker("pledge", catalogue, "", today)
    for field_id, given in (("pitch", pitch), ("organisation", org)):
        field = _field("pledge", field_id)
        if given is not None:
            asker.values[field_id] = given
            wrong = asker.problems(field_id)
            if not wrong:
                continue
            click.echo(f"Error: {' '.join(wrong)}", err=True)
            del asker.values[field_id]
        asker.ask(field)
    signatory = asker.ask(_field("pledge", "signatory"))
    chosen = catalogue.org(asker.values["organisation"])
    # Named in the file's comment: the login as the organisation's file writes it.
    asker.login = (chosen.login(signatory) if chosen else None) or signatory
    asker.ask(_field("pledge", "role"))
    data = catalogue.pitch(asker.values["pitch"]) or {}
    funding: dict[str, Any] = data["funding"] if isinstance(data.get("funding"), dict) else {}
    model = str(funding.get("model", "target"))
    if model == "shared-cost":
        click.echo("This pitch shares its cost equally: the pledge is one share, so no amount is asked.")
    if "amount" in _MODEL_FIELDS.get(model, ()):
        amount = asker.ask(_field("pledge", "amount"), required=False)
        if not amount:
            asker.ask(_field("pledge", "percent"), required=True)
    if model == "tiered":
        tiers = [str(t.get("id")) for t in funding.get("tiers", []) if isinstance(t, dict)]
        click.echo(f"This pitch's tiers: {', '.join(tiers)}")
        asker.ask(_field("pledge", "tier"), required=True)
    for field_id in ("in_kind", "conditions"):
        asker.ask(_field("pledge", field_id))
    _finish("pledge", asker, today, repo)
