"""Stage 2, validate: each file against its schema, then the rules across files.

The result is the typed catalogue built from every file that passed its schema, and every
problem found, sorted by path and line. Later stages run only when there are no problems.

Which files the cross-file rules see (a deliberate choice):
- A file that fails to load or fails its schema is reported once, on its own lines, and its
  *contents* are left out of the rules: a half-read pitch would only produce follow-on
  errors about values the person has not finished writing.
- Its *presence* still counts (`Loaded.places`): a pledge by an organisation whose file is
  broken is not also told that the organisation does not exist.
- A pitch with any pledge that is not schema-valid is not judged on its funding (stage
  in-development or live needs it funded), because the total would leave that pledge out
  and blame the pitch for the pledge's mistake.
- Rules that need only the pledge and its organisation (signatory, dates against today)
  still check a valid pledge whose pitch is broken or missing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..load import DataFile, Kind, Loaded
from ..load.layout import CATALOGUE_FILE
from ..load.read_files import paused_gc
from ..model import Catalogue, Settings
from ..problems import WHOLE_FILE, Problem
from . import to_model
from .rules import Context, check_rules
from .schema_check import FAST_CHECK_FROM, check_schema


@dataclass(frozen=True)
class Validated:
    catalogue: Catalogue
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


_NO_SETTINGS = Settings(name="cofund", repository="", maintainers=(), sample_data=False)


def validate(loaded: Loaded, today: dt.date) -> Validated:
    with paused_gc():  # see paused_gc: the same holds for the schema check's objects
        return _validate(loaded, today)


def _validate(loaded: Loaded, today: dt.date) -> Validated:
    problems = list(loaded.problems)
    valid: list[DataFile] = []
    fast = len(loaded.files) >= FAST_CHECK_FROM
    for file in loaded.files:
        found = check_schema(file, fast)
        problems.extend(found)
        if not found:
            valid.append(file)
    places = dict(loaded.places) or {f.path: f.place for f in loaded.files}
    if CATALOGUE_FILE not in places:
        problems.append(
            Problem(
                CATALOGUE_FILE, 1, 1, WHOLE_FILE,
                "the catalogue's settings file is missing: add cofund.yml with its name, repository and maintainers",
            )
        )
    settings_files = [f for f in valid if f.kind is Kind.CATALOGUE]
    settings = to_model.settings(settings_files[0].parsed.data) if settings_files else _NO_SETTINGS
    catalogue = to_model.catalogue(valid, settings)
    valid_pitches = {p.id for p in catalogue.pitches}
    valid_paths = {f.path for f in valid}
    ctx = Context(
        catalogue=catalogue,
        files={f.path: f for f in valid},
        places=places,
        today=today,
        orgs={o.id: o for o in catalogue.organisations},
        orphan_pledges=tuple(
            to_model.pledge(f) for f in valid if f.kind is Kind.PLEDGE and f.place.pitch not in valid_pitches
        ),
        orphan_adopters=tuple(
            to_model.adopter(f) for f in valid if f.kind is Kind.ADOPTER and f.place.pitch not in valid_pitches
        ),
        # organisations/ itself refused (a link, a file): which organisations exist is unknown.
        orgs_known=not any(p.path == "organisations" for p in loaded.problems),
        incomplete_pitches=frozenset(
            place.pitch for path, place in places.items()
            if place.kind is Kind.PLEDGE and path not in valid_paths and place.pitch is not None
        ),
    )
    problems.extend(check_rules(ctx))
    return Validated(catalogue, tuple(sorted(set(problems))))
