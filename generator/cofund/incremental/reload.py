"""Read and validate a few pitch folders again, in the context of the rest of the catalogue.

The files are chosen as `cofund check-pr` chooses them (prcheck.affected): each pitch
folder whole, the organisations asked for, cofund.yml, and every organisation the pitches
name (proposer, pledgers, adopters). The caller asks for every pitch that names a changed
organisation. Then every rule in validate/rules.py sees all it needs: the rules on an
organisation read its own file only; those on a pitch, pledge or adoption read the pitch's
folder and the organisations it names; no rule relates two pitches, and none needs the
settings. So the real `validate` over these files finds exactly the problems a full
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
    validated: Validated  # the part: the pitches and organisations read, those the pitches name, the settings
    files_read: int


def reload(repo: Path, listing: Listing, pitches: Iterable[str], orgs: Iterable[str], today: dt.date) -> Reloaded:
    tree = ListedTree(repo, listing)
    first, named = first_pass(tree, Scope(frozenset(pitches), frozenset(orgs)), ())
    loaded = second_pass(tree, first, named)
    return Reloaded(validate(loaded, today), len(loaded.files) + len(loaded.problems))
