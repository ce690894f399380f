"""Stage 2, validate: each file against its schema, then the rules across files.

The result is the typed catalogue built from every file that passed its schema, and every
problem found, sorted by path and line. Later stages run only when there are no problems.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..load import DataFile, Kind, Loaded
from ..model import Catalogue, Settings
from ..problems import WHOLE_FILE, Problem
from . import build
from .rules import Context, check_rules
from .schema_check import check_schema


@dataclass(frozen=True)
class Validated:
    catalogue: Catalogue
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


_NO_SETTINGS = Settings(name="cofund", repository="", maintainers=(), sample_data=False)


def validate(loaded: Loaded, today: dt.date) -> Validated:
    problems = list(loaded.problems)
    valid: list[DataFile] = []
    for file in loaded.files:
        found = check_schema(file)
        problems.extend(found)
        if not found:
            valid.append(file)
    settings_files = [f for f in valid if f.kind is Kind.CATALOGUE]
    settings = build.settings(settings_files[0].parsed.data) if settings_files else _NO_SETTINGS
    if not any(f.kind is Kind.CATALOGUE for f in loaded.files) and not any(p.path == "cofund.yml" for p in problems):
        problems.append(Problem("cofund.yml", 1, 1, WHOLE_FILE, "the catalogue's settings file is missing: add cofund.yml (see README)"))
    catalogue = build.catalogue(valid, settings)
    ctx = Context(
        catalogue=catalogue,
        files={f.path: f for f in valid},
        org_ids=frozenset(f.place.id for f in loaded.files if f.kind is Kind.ORGANISATION),
        pitch_ids=frozenset(f.place.id for f in loaded.files if f.kind is Kind.PITCH),
        today=today,
        orgs={o.id: o for o in catalogue.organisations},
    )
    problems.extend(check_rules(ctx))
    return Validated(catalogue, tuple(sorted(set(problems))))
