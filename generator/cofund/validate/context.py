"""What every cross-file rule sees (Context), and the shape of a rule.

Rules live in rules.py (references, dates, stages) and pledge_rules.py (pledges: their
model, their life from interest to payment, and the cap).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property

from ..compute.matching import Matching, match_funds
from ..load import DataFile, Kind, Place
from ..model import Adopter, Catalogue, Organisation, Pledge
from ..problems import Problem, field_path


@dataclass(frozen=True)
class Context:
    catalogue: Catalogue
    files: dict[str, DataFile]  # the schema-valid files, by path, for positions
    places: dict[str, Place]  # every file present at a valid place, loaded or not, by path
    today: dt.date
    orgs: dict[str, Organisation]  # the schema-valid ones, by id
    orphan_pledges: tuple[Pledge, ...] = ()  # schema-valid pledges whose pitch is not
    orphan_adopters: tuple[Adopter, ...] = ()
    incomplete_pitches: frozenset[str] = frozenset()  # pitches with a pledge that is not valid
    orgs_known: bool = True  # False when organisations/ itself could not be read

    @cached_property
    def org_ids(self) -> frozenset[str]:
        """Every organisation file present, valid or not."""
        return frozenset(p.id for p in self.places.values() if p.kind is Kind.ORGANISATION)

    @cached_property
    def fund_ids(self) -> frozenset[str]:
        """Every fund file present, valid or not."""
        return frozenset(p.id for p in self.places.values() if p.kind is Kind.FUND)

    @cached_property
    def matching(self) -> Matching:
        """The match funds' history (compute.matching): the cap and funding rules count match money."""
        return match_funds(self.catalogue, self.today)

    @cached_property
    def pitch_ids(self) -> frozenset[str]:
        """Every pitch.yml present, valid or not."""
        return frozenset(p.id for p in self.places.values() if p.kind is Kind.PITCH)

    def org(self, org_id: str) -> Organisation | None:
        return self.orgs.get(org_id)

    def all_pledges(self) -> Iterable[Pledge]:
        for pitch in self.catalogue.pitches:
            yield from pitch.pledges
        yield from self.orphan_pledges

    def all_adopters(self) -> Iterable[Adopter]:
        for pitch in self.catalogue.pitches:
            yield from pitch.adopters
        yield from self.orphan_adopters

    def problem(self, path: str, field: tuple[str | int, ...], message: str) -> Problem:
        file = self.files.get(path)
        if file is None:  # a file that did not load: its own problems say why
            return Problem(path, 1, 1, field_path(()), message)
        pos = file.parsed.position(field)
        return Problem(path, pos.line, pos.column, field_path(field), message)


Rule = Callable[[Context], Iterator[Problem]]


def fmt(day: dt.date) -> str:
    return day.isoformat()
