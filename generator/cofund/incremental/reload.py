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

from collections.abc import Iterable
from pathlib import Path

from ..load import Loaded
from ..load.sources import Listing
from ..prcheck.affected import Scope, first_pass, second_pass
from .tree import ListedTree


def read_again(repo: Path, listing: Listing, pitches: Iterable[str], orgs: Iterable[str]) -> Loaded:
    """The pitch folders `pitches`, the organisations `orgs`, cofund.yml and the organisations
    the pitches name, as listed by the walk, loaded; `validate` it with the real rules."""
    tree = ListedTree(repo, listing)
    first, named = first_pass(tree, Scope(frozenset(pitches), frozenset(orgs)), ())
    return second_pass(tree, first, named)
