"""What changed in the data folders since the last build, and whether a few pitches cover it.

Two walks (load.sources.Listing) are compared file by file on their stat figures, as Git
compares the working tree with its index. A file listed as `recent` by the earlier walk
counts as changed whatever its figures say: it was written within a clock tick of that walk,
so it may have been written again since without any figure changing (Git's "racy" rule).

Only changes inside pitch folders (pitch.yml, pledges/, adopters/, or whole pitch folders
added or removed) can be handled by reading those pitch folders again. Anything else
(cofund.yml, an organisation, a file where no data file goes, a link, a folder that cannot
be read) is answered by reading everything: `plan` then says why.
"""

from __future__ import annotations

import stat
from dataclasses import dataclass

from ..load.layout import NotInLayout, place_of
from ..load.sources import Listing, StatKey

# How long before a walk a file must have last changed for its figures to be trusted. File
# times come from a clock that ticks every few milliseconds (seconds on some file systems),
# so a margin rather than the walk's own start; a file inside it is simply read again by the
# next build.
RECENT_NS = 3_000_000_000

_NONE: dict[str, StatKey] = {}


@dataclass(frozen=True)
class Plan:
    """The pitch folders to read again, and the changed paths that name them."""

    pitches: frozenset[str]
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


def _why_everything(path: str, new: Listing) -> str | None:
    """Why a change at `path` needs every file read, or None if its pitch folder is enough."""
    if not path.startswith("pitches/"):
        return f"{path} changed"
    key = new.key(path)
    if key is not None and not stat.S_ISREG(key[0]):
        return f"{path} is not an ordinary file"
    try:
        place_of(path)
    except NotInLayout:
        return f"{path} is not where data files go"
    return None


def plan(old: Listing, new: Listing) -> Plan | str:
    """The pitch folders that cover every change from `old` to `new`, or why none do."""
    paths = changed_paths(old, new)
    if paths is None:
        return "a data folder could not be read"
    ordered = tuple(sorted(paths))
    for path in ordered:
        why = _why_everything(path, new)
        if why is not None:
            return why
    return Plan(frozenset(path.split("/", 2)[1] for path in ordered), ordered)
