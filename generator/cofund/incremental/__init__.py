"""Load, validate and compute again after a few data files changed, with the same result.

`refresh(repo, today, previous)` gives what `validate(load(FolderSource(repo)), today)` and
`compute(catalogue, today)` give, and a DataRecord for the next build. With the previous
build's record it walks the data folders (stat only), reads again just the data files that
changed and the files that rule them, as `cofund check-pr` does (reload.py), puts them in the
previous catalogue (splice.py) and computes only what they change (compute.partial). When a
change is not of a data file at its place (a stray file, a link: the layout's problems are
found by reading everything), or without a record, it reads everything, as before.

Steps, each in its own module: changes.py (what changed, and whether reading it again is
enough), tree.py and reload.py (read it again), splice.py (the new catalogue).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .. import cache, forked
from ..compute import ComputedCatalogue, compute
from ..compute.partial import mentions, recompute
from ..load import FolderSource, load
from ..load.repository import paused_gc
from ..load.sources import Listing
from ..validate import Validated, validate
from .changes import Plan, plan
from .reload import read_again
from .splice import reuse, splice

__all__ = ["DataRecord", "Refreshed", "refresh", "walk", "walk_meanwhile"]


@dataclass(frozen=True)
class DataRecord:
    """What the next build needs from this one. Picklable; kept only for valid data."""

    listing: Listing  # the walk this build's data was read from: every file's stat figures
    validated: Validated
    computed: ComputedCatalogue
    today: dt.date


@dataclass(frozen=True)
class Refreshed:
    validated: Validated  # == validate(load(FolderSource(repo)), today)
    computed: ComputedCatalogue | None  # None when validated has problems; else == compute(validated.catalogue, today)
    record: DataRecord | None  # None when there are problems (an invalid state is never kept)
    summary: str  # for the build's last line: "44 data files read again", "every data file read"
    reason: str = ""  # why every file was read, when it was


def walk(repo: Path) -> Listing:
    """Every data file's stat figures, now: what refresh compares with the last build's."""
    return FolderSource(repo).listing(cache.RACY_NS)


def walk_meanwhile(repo: Path) -> Callable[[], Listing]:
    """walk(repo) on the other core while this process reads the last build's record (a
    pickle takes the whole interpreter while it loads; stat calls mostly wait on the
    kernel): a fifth of a second of a rebuild's two and a half at national scale."""
    wait = forked.meanwhile(lambda: walk(repo))

    def walked() -> Listing:
        try:
            return wait()
        except forked.ChildFailed:
            return walk(repo)

    return walked


def refresh(repo: Path, today: dt.date, previous: DataRecord | None, listing: Listing | None = None) -> Refreshed:
    """The validated and computed catalogue of `repo` on `today`, reading again only what
    changed since `previous`. `listing`: walk(repo), if already made."""
    listing = listing if listing is not None else walk(repo)
    if not isinstance(previous, DataRecord):  # None, or something else kept under the same name
        why = "no earlier build kept"
    elif previous.today != today:
        why = "another day"
    else:
        found = plan(previous.listing, listing)
        if isinstance(found, Plan):
            return _again(repo, today, previous, listing, found)
        why = found
    return _everything(repo, today, previous, listing, why)


def _again(
    repo: Path, today: dt.date, previous: DataRecord, listing: Listing, found: Plan
) -> Refreshed:
    """The files in `found` read again, with what rules them; everything else as `previous` had it."""
    if not found.paths:
        record = previous if not listing.recent else DataRecord(listing, previous.validated, previous.computed, today)
        return Refreshed(previous.validated, previous.computed, record, "no data file changed")
    # The pitches that name a changed organisation are judged again with it (its signatories,
    # its type for a tier, whether it still exists). A new organisation is named by no
    # unchanged pitch: the previous data was valid, so every name in it had its file.
    pitches = set(found.pitches)
    for org in found.orgs:
        try:
            pitches |= mentions(previous.computed.organisation(org))
        except KeyError:  # a new organisation
            pass
    if len(pitches) > max(100, len(previous.computed.pitches) // 2):  # reading everything is as quick
        return _everything(repo, today, previous, listing, f"{len(pitches)} pitches to read again")
    loaded = read_again(repo, listing, pitches, found.orgs)
    part = validate(loaded, today)
    catalogue = splice(previous.validated.catalogue, part.catalogue, pitches, found.orgs)
    validated = Validated(catalogue, part.problems)
    read = len(loaded.files) + len(loaded.problems)
    summary = f"{read} data file{'s' if read != 1 else ''} read again"
    if not validated.ok:
        return Refreshed(validated, None, None, summary)
    computed = recompute(previous.computed, catalogue)
    record = DataRecord(listing, validated, computed, today)
    return Refreshed(validated, computed, record, summary)


def _everything(
    repo: Path, today: dt.date, previous: DataRecord | None, listing: Listing, why: str
) -> Refreshed:
    loaded = load(FolderSource(repo, listing))
    validated = validate(loaded, today)
    if not validated.ok:
        return Refreshed(validated, None, None, "every data file read", why)
    with paused_gc():  # see paused_gc: compute makes a few hundred thousand objects too
        if isinstance(previous, DataRecord) and previous.today == today:
            # What did not change keeps its objects, so later stages can still reuse their work.
            validated = Validated(reuse(previous.validated.catalogue, validated.catalogue), ())
            computed = recompute(previous.computed, validated.catalogue)
        else:
            computed = compute(validated.catalogue, today)
    record = DataRecord(listing, validated, computed, today)
    return Refreshed(validated, computed, record, "every data file read", why)
