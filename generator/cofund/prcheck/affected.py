"""The few files that decide a change, loaded and validated on one side of the pull request.

For a changed pledge, adoption or pitch: its pitch's pitch.yml, every pledge and adoption of
that pitch (the money depends on all of them), and the organisations involved (the
proposer, every pledger and adopter). For a changed organisation: its file, and every pitch
it pledges to or adopts, as above: its type and nation decide which funds match its pledges
and which tier prices it may take, so its own file can move other partners' money (finding
those pitches looks for its file in each pitch's folders, without parsing any). Always:
cofund.yml (the maintainers). Nothing else is read, so the check costs the same whatever
the size of the catalogue (a national catalogue has 40,000 pledges). Rules that span the whole catalogue (an
organisation deleted while another pitch still names it) are left to `cofund validate`,
which the pull-request workflow runs on the head as a separate step.

Match funds are the exception. A fund's pot is shared by every pitch that names it, in
pledge order, so a change to one such pitch (or to the fund) can move the matches of the
others: when the changes touch a fund, its file and every pitch that names it are read
(fund_pass). Finding those pitches means looking at each pitch.yml, so only then does the
check's cost grow with the number of pitches (a pitch.yml that holds neither a fund's id nor
a backslash, which an escaped id would need, is not parsed).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..load import DataFile, Kind, Loaded, Place, load
from ..load.layout import CATALOGUE_FILE, is_id
from ..load.safe_yaml import MAX_BYTES, YamlRefused, parse_yaml
from .trees import SubsetSource, Tree

PITCH_FOLDERS = ("pledges", "adopters")


@dataclass(frozen=True)
class Scope:
    """What a pull request's data changes touch: pitch ids and organisation ids, and the
    organisations whose own file changes (whose pitches are read too)."""

    pitches: frozenset[str]
    orgs: frozenset[str]
    org_files: frozenset[str] = frozenset()


def scope_of(places: Iterable[Place]) -> Scope:
    pitches: set[str] = set()
    orgs: set[str] = set()
    org_files: set[str] = set()
    for place in places:
        if place.kind is Kind.PITCH:
            pitches.add(place.id)
        elif place.kind in (Kind.PLEDGE, Kind.ADOPTER):
            pitches.add(place.pitch or "")
            orgs.add(place.id)
        elif place.kind is Kind.ORGANISATION:
            orgs.add(place.id)
            org_files.add(place.id)
    return Scope(frozenset(pitches), frozenset(orgs), frozenset(org_files))


def pitches_of(tree: Tree, orgs: frozenset[str]) -> set[str]:
    """The pitches on `tree` that one of `orgs` pledges to or adopts."""
    if not orgs:
        return set()
    out = set()
    for pitch in tree.folders("pitches"):
        if is_id(pitch) and any(
            tree.entry(f"pitches/{pitch}/{folder}/{org}.yml") is not None for folder in PITCH_FOLDERS for org in orgs
        ):
            out.add(pitch)
    return out


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


def named_funds(loaded: Loaded) -> set[str]:
    """The funds a first pass touches: changed fund files, and the funds its pitches name."""
    out = {place.id for _, place in loaded.places if place.kind is Kind.FUND}
    for file in loaded.files:
        listed = file.parsed.data.get("funds") if file.kind is Kind.PITCH else None
        if isinstance(listed, list):
            out.update(f for f in listed if isinstance(f, str) and is_id(f))
    return out


def _names_a_fund(tree: Tree, path: str, funds: set[str]) -> bool:
    entry = tree.entry(path)
    if entry is None or not entry.regular or entry.size > MAX_BYTES:
        return False
    raw = tree.read(path)
    if b"\\" not in raw and not any(f.encode() in raw for f in funds):
        return False
    try:
        listed = parse_yaml(raw).data.get("funds")
    except YamlRefused:
        return False
    return isinstance(listed, list) and bool(funds & {f for f in listed if isinstance(f, str)})


def fund_pass(tree: Tree, first: Loaded, funds: set[str]) -> tuple[Loaded, set[str]]:
    """`first` with the funds' files and every pitch naming one of them (with its pledges and
    adoptions) added; and the organisations they name (holders, proposers, pledgers)."""
    have = {path for path, _ in first.places} | {p.path for p in first.problems}
    paths = {f"funds/{f}.yml" for f in funds}
    orgs: set[str] = set()
    for folder in tree.folders("pitches"):
        path = f"pitches/{folder}/pitch.yml"
        if path not in have and is_id(folder) and _names_a_fund(tree, path, funds):
            found, named = pitch_paths(tree, folder)
            paths.update(found)
            orgs.update(named)
    more = load(SubsetSource(tree, paths - have))
    for file in first.files + more.files:
        key = "holder" if file.kind is Kind.FUND else "proposer" if file.kind is Kind.PITCH else ""
        value = file.parsed.data.get(key) if key else None
        if isinstance(value, str) and is_id(value):
            orgs.add(value)
    return Loaded(first.files + more.files, first.problems + more.problems, first.places + more.places), orgs


def second_pass(tree: Tree, first: Loaded, orgs: Iterable[str]) -> Loaded:
    """`first` with the organisations' files added."""
    have = {path for path, _ in first.places} | {p.path for p in first.problems}
    more = load(SubsetSource(tree, {f"organisations/{o}.yml" for o in orgs} - have))
    return Loaded(first.files + more.files, first.problems + more.problems, first.places + more.places)


def by_path(loaded: Loaded) -> dict[str, DataFile]:
    return {f.path: f for f in loaded.files}
