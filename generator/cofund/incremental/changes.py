"""What changed in the data folders since the last build, and which files cover it.

Two walks (load.sources.Listing) are compared file by file on their stat figures, as Git
compares the working tree with its index. A file listed as `recent` by the earlier walk
counts as changed whatever its figures say: it was written within a clock tick of that walk,
so it may have been written again since without any figure changing (Git's "racy" rule).

Changes to data files at their places (cofund.yml, an organisation, a pitch's pitch.yml,
pledges and adopters, whole pitch folders added or removed) can be handled by reading those
files again with the files that rule them (reload.py). Anything else (a file where no data
file goes, a link, a folder that cannot be read, a data folder that is not a folder) is
answered by reading everything, as that is where the layout problems are found: `plan` then
says why.
"""

from __future__ import annotations

import stat
from dataclasses import dataclass

from ..load.layout import CATALOGUE_FILE, Kind, NotInLayout, place_of
from ..load.sources import Listing, StatKey

_NONE: dict[str, StatKey] = {}


@dataclass(frozen=True)
class Plan:
    """What changed: pitch folders and organisations (by id), and the changed paths."""

    pitches: frozenset[str]
    orgs: frozenset[str]
    paths: tuple[str, ...]


def changed_paths(old: Listing, new: Listing) -> set[str] | None:
    """Paths added, removed or with other figures, and `old`'s recent paths; None when a
    folder could not be read in either walk."""
    found: set[str] = set()
    for folder, files in new.folders.items():
        before = old.folders.get(folder, _NONE)
        if before == files:  # compared in C: most folders end here
            continue
        if files is None or before is None:
            return None
        prefix = f"{folder}/" if folder else ""
        found.update(prefix + name for name, key in files.items() if before.get(name) != key)
        found.update(prefix + name for name in before.keys() - files.keys())
    for folder, files in old.folders.items():
        if folder not in new.folders:
            if files is None:
                return None
            prefix = f"{folder}/" if folder else ""
            found.update(prefix + name for name in files)
    found.update(old.recent)
    return found


def plan(old: Listing, new: Listing) -> Plan | str:
    """The pitch folders and organisations that cover every change from `old` to `new`, or
    why reading everything is needed."""
    paths = changed_paths(old, new)
    if paths is None:
        return "a data folder could not be read"
    pitches: set[str] = set()
    orgs: set[str] = set()
    ordered = tuple(sorted(paths))
    for path in ordered:
        key = new.key(path)
        if key is not None and not stat.S_ISREG(key[0]):
            return f"{path} is not an ordinary file"
        if path != CATALOGUE_FILE and not path.startswith(("organisations/", "pitches/")):
            return f"{path} changed"  # organisations or pitches itself: a file, not a folder
        try:
            place = place_of(path)
        except NotInLayout:
            return f"{path} is not where data files go"
        if place.kind is Kind.ORGANISATION:
            orgs.add(place.id)
        elif place.kind is not Kind.CATALOGUE:
            pitches.add(place.pitch or place.id)
    return Plan(frozenset(pitches), frozenset(orgs), ordered)
