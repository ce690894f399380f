"""Stage 1, load: read every data file in a source into parsed YAML, or into problems."""

from __future__ import annotations

from dataclasses import dataclass

from ..problems import WHOLE_FILE, Problem, field_path
from .layout import Kind, NotInLayout, Place, place_of
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
    files: tuple[DataFile, ...]
    problems: tuple[Problem, ...]


def load_entry(source: Source, entry: Entry) -> DataFile | Problem:
    """Load one file: its place in the layout, then its YAML."""
    try:
        place = place_of(entry.path)
    except NotInLayout as exc:
        return Problem(entry.path, 1, 1, WHOLE_FILE, f"this file is not where data files go: {exc}")
    if not entry.regular:
        return Problem(
            entry.path, 1, 1, WHOLE_FILE,
            "symbolic links and other special files are not allowed here: use an ordinary file",
        )
    if entry.size > MAX_BYTES:
        return Problem(
            entry.path, 1, 1, WHOLE_FILE,
            f"the file is {entry.size:,} bytes; the limit is {MAX_BYTES:,} bytes",
        )
    try:
        parsed = parse_yaml(source.read(entry.path))
    except YamlRefused as exc:
        return Problem(entry.path, exc.line, exc.column, field_path(exc.field), exc.message)
    return DataFile(entry.path, place, parsed)


def load(source: Source) -> Loaded:
    files: list[DataFile] = []
    problems: list[Problem] = []
    for entry in source.entries():
        result = load_entry(source, entry)
        (problems if isinstance(result, Problem) else files).append(result)  # type: ignore[arg-type]
    return Loaded(tuple(files), tuple(problems))
