"""Read and validate a few pitch folders again, in the context of the rest of the catalogue.

The files are chosen as `cofund check-pr` chooses them (prcheck.affected): each pitch
folder whole, cofund.yml, and every organisation the pitches name (proposer, pledgers,
adopters). Every rule in validate/rules.py that judges a pitch, a pledge or an adoption
needs no other file: no rule relates two pitches, and the organisations' own rules are
about their files alone, which did not change (else the build reads everything, see
changes.py). So the real `validate` over these files finds exactly the problems a full
validate would find in the whole catalogue, whose other files had none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..load.sources import Listing
from ..prcheck.affected import Scope, first_pass, second_pass
from ..validate import Validated, validate
from .tree import ListedTree


@dataclass(frozen=True)
class Reloaded:
    validated: Validated  # the part: only the pitches read, the organisations they name, the settings
    files_read: int


def reload(repo: Path, listing: Listing, pitches: Iterable[str], today: dt.date) -> Reloaded:
    tree = ListedTree(repo, listing)
    first, orgs = first_pass(tree, Scope(frozenset(pitches), frozenset()), ())
    loaded = second_pass(tree, first, orgs)
    return Reloaded(validate(loaded, today), len(loaded.files) + len(loaded.problems))
