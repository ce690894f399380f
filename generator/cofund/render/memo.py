"""What one generation of the docs tree keeps for the next, and how the next decides what it
may keep rather than render again.

The docs tree is made of *parts*: a unit of rendering (one pitch page, one organisation page,
one organisation's feed, the home page...) with a name and a *key*: a tuple of the objects
its output depends on, besides what every page may read (the global key: settings, today,
the site's address, the organisation names...). A part is kept iff the previous generation
rendered a part of the same name, under an equal global key, from a key whose elements are
each `is` or `==` the new key's, and every file it wrote is still in the docs folder as it
was written (same inode, size and modification time: a file edited or deleted by hand is
rendered again). Equality is the rule; identity only makes it cheap: the incremental compute
hands back the previous build's very objects for what did not change.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from itertools import compress
from typing import Any, NamedTuple

from ..compute import ComputedCatalogue
from .history import History

# (path, st_ino, st_size, st_mtime_ns) of a file as it was left in the docs folder.
FileStamp = tuple[str, int, int, int]
Files = list[tuple[str, bytes]]


class Part(NamedTuple):
    # A named tuple: a national catalogue makes 6,000 parts on every build, and a frozen
    # dataclass takes several times as long to make.
    name: str  # unique in a generation: the path of its file, or of its first file
    key: tuple[Any, ...] | None  # None: rendered every time
    render: Callable[[], list[tuple[str, str]]]  # (path, text) of each of its files


@dataclass(frozen=True)
class PitchFacts:
    """What several parts work out from one pitch alone, kept per pitch (charts.series is the
    costly step): the day its pledges first reached its threshold, and its feed entries."""

    pitch: Any  # the ComputedPitch they were worked out from
    funded_day: dt.date | None  # for a funded, in-development or live pitch; otherwise None
    events: tuple[Any, ...]  # feeds.Entry


@dataclass(frozen=True)
class RenderRecord:
    """What generate needs to render only what changed next time. Picklable; it refers to the
    catalogue and history it rendered (not copies), so that pickled together with the data
    record, the objects they share stay shared."""

    computed: ComputedCatalogue
    history: History
    docs_dir: str  # the folder it wrote (resolved): another folder starts afresh
    global_key: tuple[Any, ...]
    # name -> (key, stamps of the files the part wrote). Tuples rather than objects: a
    # national catalogue has 6,000 parts and the record is pickled on every build.
    parts: Mapping[str, tuple[tuple[Any, ...] | None, tuple[FileStamp, ...]]]
    facts: Mapping[str, PitchFacts]  # by pitch id
    linked: Mapping[str, tuple[Any, tuple[str, ...]]]  # by organisation id: (its summary, Site.linked ids)
    lines: Mapping[tuple[str, str], tuple[Any, str]]  # Site.lines, when rendered in this process
    downloads: Any = None  # what the downloads kept for the next generation (export records)


class Sameness:
    """`a is b or a == b`, remembering answers about objects that are not the same: a catalogue
    computed afresh has a new (equal) object for every pitch, and one pitch appears in the keys
    of dozens of parts; comparing it deeply once is enough. Both sides stay alive while this
    is used (the previous record and the parts hold them), so their ids are not reused."""

    def __init__(self) -> None:
        self._known: dict[tuple[int, int], bool] = {}

    def __call__(self, a: object, b: object) -> bool:
        if a is b:
            return True
        pair = (id(a), id(b))
        known = self._known.get(pair)
        if known is None:
            known = self._known[pair] = type(a) is type(b) and bool(a == b)
        return known

    def keys(self, old: tuple[Any, ...] | None, new: tuple[Any, ...] | None) -> bool:
        if old is None or new is None or len(old) != len(new):
            return False
        if old is new:
            return True
        pair = (id(old), id(new))
        known = self._known.get(pair)  # parts may share a key (an organisation's page and feed)
        if known is None:
            known = self._known[pair] = self._elements(old, new)
        return known

    def _elements(self, old: tuple[Any, ...], new: tuple[Any, ...]) -> bool:
        # Most often every element is the very same object: find that out at C speed, and
        # compare only the others.
        others = list(map(operator.is_not, old, new))
        return not any(others) or all(map(self, compress(old, others), compress(new, others)))


def intact(stamps: tuple[FileStamp, ...], on_disk: Mapping[str, tuple[int, int, int] | None]) -> bool:
    """Whether every file is in the docs folder as the previous generation left it."""
    for path, ino, size, mtime in stamps:
        if on_disk.get(path) != (ino, size, mtime):
            return False
    return True
