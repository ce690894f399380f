"""Put the catalogue together from the previous one and the pitches read again.

The result must equal what validate builds from the whole folder: pitches sorted by id, the
organisations and settings as they were (their files did not change). Unchanged pitches are
the previous objects, so later stages can tell them unchanged by identity.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TypeVar

from ..model import Catalogue

T = TypeVar("T")


def splice(previous: Catalogue, part: Catalogue, pitches: Collection[str]) -> Catalogue:
    """`previous` with the pitches `pitches` taken from `part` (absent there: removed). A pitch
    read again that equals its previous self (a file saved unchanged) stays the previous object."""
    old = {p.id: p for p in previous.pitches if p.id in pitches}
    kept = [p for p in previous.pitches if p.id not in pitches]
    kept.extend(_older(p, old.get(p.id)) for p in part.pitches if p.id in pitches)
    kept.sort(key=lambda p: p.id)
    return Catalogue(settings=previous.settings, organisations=previous.organisations, pitches=tuple(kept))


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
