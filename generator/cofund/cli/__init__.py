"""The `cofund` command. Exit codes: 0 fine, 1 invalid data (or a missing approval), 2 usage.

Each subcommand is a thin shell over the pipeline stages; the logic lives in the stages so
the GitHub workflows, the MkDocs plugin and the tests all run the same code.
"""

from __future__ import annotations

import datetime as dt
import importlib
import sys
from pathlib import Path
from typing import ClassVar

import click

from ..load import FolderSource, load
from ..problems import Problem
from ..validate import Validated, validate


# click's ParamType takes type arguments only from click 8.4 on; pyproject allows 8.1, where
# subscripting it would fail at import.
class TodayType(click.ParamType):  # type: ignore[type-arg]
    name = "DATE"

    def convert(self, value: str | dt.date, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.fail(f"{value!r} is not a date written YYYY-MM-DD", param, ctx)


# `--today DATE`, or COFUND_TODAY, or the real date: builds are reproducible given a day.
today_option = click.option(
    "--today",
    type=TodayType(),
    envvar="COFUND_TODAY",
    default=lambda: dt.date.today().isoformat(),
    show_default="the current date, or COFUND_TODAY",
    help="The date to judge deadlines and stale pitches by.",
)

repo_argument = click.argument(
    "repo", type=click.Path(exists=True, file_okay=False, path_type=Path), default=".", required=False
)


def print_problems(problems: tuple[Problem, ...] | list[Problem]) -> None:
    for problem in problems:
        click.echo(str(problem))
    files = len({p.path for p in problems})
    click.echo(f"{len(problems)} problem(s) in {files} file(s).", err=True)


def load_valid(repo: Path, today: dt.date) -> Validated:
    """Load and validate REPO; on any problem, print them all and exit 1."""
    validated = validate(load(FolderSource(repo)), today)
    if not validated.ok:
        print_problems(validated.problems)
        sys.exit(1)
    return validated


class LazyGroup(click.Group):
    """Imports a command's module only when that command is asked for.

    Each module registers its command on `main` when imported. Importing them all up front
    cost 0.4 s on every run (the site builder pulls in MkDocs and the Git history reader),
    which `cofund check-pr` cannot afford: it must answer in well under a second.
    """

    MODULES: ClassVar[dict[str, str]] = {
        "build": "build_cmd",
        "check-pr": "check_pr_cmd",
        "export": "export_cmd",
        "intake": "intake_cmd",
        "new": "new_cmd",
        "report": "report_cmd",
        "validate": "validate_cmd",
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(self.MODULES)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.MODULES and cmd_name not in self.commands:
            importlib.import_module(f"{__name__}.{self.MODULES[cmd_name]}")
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cofund")
def main() -> None:
    """cofund: the co-funding catalogue for public services."""


def run() -> None:
    """The `cofund` console script."""
    main()
