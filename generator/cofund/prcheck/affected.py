"""The few files that decide a change, loaded and validated on one side of the pull request.

For a changed pledge, adoption or pitch: its pitch's pitch.yml, every pledge and adoption of
that pitch (the money depends on all of them), and the organisations involved (the
proposer, every pledger and adopter). For a changed organisation: its file. Always:
cofund.yml (the maintainers). Nothing else is read, so the check costs the same whatever
the size of the catalogue (a national catalogue has 40,000 pledges). Rules that span the whole catalogue (an
organisation deleted while another pitch still names it) are left to `cofund validate`,
which the pull-request workflow runs on the head as a separate step.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..load import DataFile, Kind, Loaded, Place, load
from ..load.layout import CATALOGUE_FILE, is_id
from .trees import SubsetSource, Tree

PITCH_FOLDERS = ("pledges", "adopters")


@dataclass(frozen=True)
class Scope:
    """What a pull request's data changes touch: pitch ids and organisation ids."""

    pitches: frozenset[str]
    orgs: frozenset[str]


def scope_of(places: Iterable[Place]) -> Scope:
    pitches: set[str] = set()
    orgs: set[str] = set()
    for place in places:
        if place.kind is Kind.PITCH:
            pitches.add(place.id)
        elif place.kind in (Kind.PLEDGE, Kind.ADOPTER):
            pitches.add(place.pitch or "")
            orgs.add(place.id)
        elif place.kind is Kind.ORGANISATION:
            orgs.add(place.id)
    return Scope(frozenset(pitches), frozenset(orgs))


def pitch_paths(tree: Tree, pitch: str) -> tuple[list[str], set[str]]:
    """A pitch's files on `tree`, and the organisations its pledge and adopter files name."""
    paths = [f"pitches/{pitch}/pitch.yml"]
    orgs: set[str] = set()
    for folder in PITCH_FOLDERS:
        for name in tree.files(f"pitches/{pitch}/{folder}"):
            paths.append(f"pitches/{pitch}/{folder}/{name}")
            if name.endswith(".yml") and is_id(name[:-4]):
                orgs.add(name[:-4])
    return paths, orgs


def first_pass(tree: Tree, scope: Scope, changed: Iterable[str]) -> tuple[Loaded, set[str]]:
    """The settings, the changed data files and the scope's pitches; and the organisations
    they name (pledgers, adopters and, read from each pitch.yml, its proposer)."""
    paths = {CATALOGUE_FILE, *changed}
    orgs = set(scope.orgs)
    for pitch in scope.pitches:
        found, named = pitch_paths(tree, pitch)
        paths.update(found)
        orgs.update(named)
    loaded = load(SubsetSource(tree, paths))
    for file in loaded.files:
        proposer = file.parsed.data.get("proposer") if file.kind is Kind.PITCH else None
        if isinstance(proposer, str) and is_id(proposer):
            orgs.add(proposer)
    return loaded, orgs


def second_pass(tree: Tree, first: Loaded, orgs: Iterable[str]) -> Loaded:
    """`first` with the organisations' files added."""
    have = {path for path, _ in first.places} | {p.path for p in first.problems}
    more = load(SubsetSource(tree, {f"organisations/{o}.yml" for o in orgs} - have))
    return Loaded(first.files + more.files, first.problems + more.problems, first.places + more.places)


def by_path(loaded: Loaded) -> dict[str, DataFile]:
    return {f.path: f for f in loaded.files}
