"""Stage 1, load: read every data file in a source into parsed YAML, or into problems."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass

from ..problems import WHOLE_FILE, Problem, field_path
from .layout import DATA_FOLDERS, Kind, NotInLayout, Place, place_of
from .safe_yaml import MAX_BYTES, Parsed, YamlRefused, parse_yaml
from .sources import Entry, Source


@dataclass(frozen=True)
class DataFile:
    """One data file, parsed: where it is, what kind it is, and its contents."""

    path: str
    place: Place
    parsed: Parsed

    @property
    def kind(self) -> Kind:
        return self.place.kind


@dataclass(frozen=True)
class Loaded:
    """Every data file that loaded, and a problem for every one that did not.

    `places` names every file whose path is a valid place in the layout, loaded or not, so
    that a later stage can tell "organisations/x.yml is missing" from "organisations/x.yml
    is there but broken" (which is reported once, on that file).
    """

    files: tuple[DataFile, ...]
    problems: tuple[Problem, ...]
    places: tuple[tuple[str, Place], ...] = ()


def _whole_file(path: str, message: str) -> Problem:
    return Problem(path, 1, 1, WHOLE_FILE, message)


def place_or_problem(entry: Entry) -> Place | Problem:
    """Where the entry sits in the layout, or why it may not be there."""
    if entry.path in DATA_FOLDERS:  # the sources list a data folder only when it is not a folder
        return _whole_file(
            entry.path, f"{entry.path} must be an ordinary folder, not a symbolic link or a file"
        )
    if not entry.regular:
        # Never followed: a link could point anywhere on the machine that runs the check.
        return _whole_file(
            entry.path,
            "this is a symbolic link, a folder or another special file where an ordinary file "
            "belongs: data files must be ordinary .yml files",
        )
    try:
        return place_of(entry.path)
    except NotInLayout as exc:
        return _whole_file(entry.path, f"this file is not where data files go: {exc}")


def load_entry(source: Source, entry: Entry) -> DataFile | Problem:
    """Load one file: its place in the layout, then its YAML."""
    place = place_or_problem(entry)
    if isinstance(place, Problem):
        return place
    return _parse(source, entry, place)


def _parse(source: Source, entry: Entry, place: Place) -> DataFile | Problem:
    if entry.size > MAX_BYTES:  # checked before reading, so a huge file is never read
        return _whole_file(
            entry.path,
            f"the file is {entry.size:,} bytes, more than the limit of {MAX_BYTES:,} bytes: "
            "a data file should be a few kilobytes",
        )
    try:
        raw = source.read(entry.path)
    except OSError as exc:
        return _whole_file(entry.path, f"the file cannot be read ({exc.strerror or exc})")
    try:
        parsed = parse_yaml(raw)
    except YamlRefused as exc:
        return Problem(entry.path, exc.line, exc.column, field_path(exc.field), exc.message)
    return DataFile(entry.path, place, parsed)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Keep the cycle collector off the objects of a stage that makes millions and keeps them.

    Loading and validating a national-scale repository creates objects that form no cycles;
    each collector pass walks all of them and finds nothing, which cost a quarter of the
    time. So the collector is paused during the stage, and at its end what is alive is
    frozen (gc.freeze: moved where the collector never looks) rather than walked once more
    when the collector resumes. Reference counting frees all of it as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def load(source: Source) -> Loaded:
    with paused_gc():
        return _load(source)


def _load(source: Source) -> Loaded:
    files: list[DataFile] = []
    problems: list[Problem] = []
    places: list[tuple[str, Place]] = []
    for entry in source.entries():
        place = place_or_problem(entry)
        if isinstance(place, Problem):
            # A link or special file at a valid place still names that file: count it as
            # present, so references to it are not also reported as missing.
            with suppress(NotInLayout):
                places.append((entry.path, place_of(entry.path)))
            problems.append(place)
            continue
        places.append((entry.path, place))
        result = _parse(source, entry, place)
        if isinstance(result, Problem):
            problems.append(result)
        else:
            files.append(result)
    return Loaded(tuple(files), tuple(problems), tuple(places))
