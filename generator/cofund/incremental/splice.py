"""Put the catalogue together from the previous one and the pitches read again.

The result must equal what validate builds from the whole folder: organisations and pitches
sorted by id. What did not change is the previous objects, so later stages can tell it
unchanged by identity.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TypeVar

from ..model import Catalogue, Organisation, Pitch

T = TypeVar("T")


def splice(previous: Catalogue, part: Catalogue, pitches: Collection[str], orgs: Collection[str]) -> Catalogue:
    """`previous` with the pitches `pitches` and organisations `orgs` taken from `part` (absent
    there: removed), and the settings from `part`. What was read again and equals its
    previous self (a file saved unchanged, a pitch read for an organisation's sake) stays
    the previous object."""
    return Catalogue(
        settings=_older(part.settings, previous.settings),
        organisations=_replaced(previous.organisations, part.organisations, orgs),
        pitches=_replaced(previous.pitches, part.pitches, pitches),
    )


E = TypeVar("E", Organisation, Pitch)


def _replaced(previous: tuple[E, ...], part: tuple[E, ...], ids: Collection[str]) -> tuple[E, ...]:
    if not ids:
        return previous
    old = {x.id: x for x in previous if x.id in ids}
    kept = [x for x in previous if x.id not in ids]
    kept.extend(_older(x, old.get(x.id)) for x in part if x.id in ids)
    kept.sort(key=lambda x: x.id)
    return tuple(kept)


def _older(new: T, old: T | None) -> T:
    return old if old is not None and old == new else new


def reuse(previous: Catalogue, new: Catalogue) -> Catalogue:
    """`new`, with every pitch, organisation and the settings that equal the previous ones
    replaced by those objects: after reading everything, what did not change keeps its identity."""
    old_pitches = {p.id: p for p in previous.pitches}
    old_orgs = {o.id: o for o in previous.organisations}
    return Catalogue(
        settings=_older(new.settings, previous.settings),
        organisations=tuple(_older(o, old_orgs.get(o.id)) for o in new.organisations),
        pitches=tuple(_older(p, old_pitches.get(p.id)) for p in new.pitches),
    )
