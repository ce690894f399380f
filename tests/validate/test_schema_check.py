"""The compiled fast check and jsonschema must agree: the fast check may only say "valid"
for a file jsonschema also finds valid (and should say so for every such file)."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cofund.validate
from cofund.load import DataFile, FolderSource, Kind, load
from cofund.load.safe_yaml import parse_yaml
from cofund.resources import schema_names
from cofund.validate.schema_check import (
    _at_most_two_places,
    passes_fast_check,
    read_schema,
    validators,
)

TESTS = Path(__file__).parents[1]
ROOT = TESTS.parent
CASES = TESTS / "validate" / "cases"


def jsonschema_valid(file: DataFile) -> bool:
    return next(validators()[file.kind].iter_errors(file.parsed.data), None) is None


def assert_agree(file: DataFile) -> None:
    fast, full = passes_fast_check(file), jsonschema_valid(file)
    if fast:
        assert full, f"{file.path}: the fast check passed a file jsonschema refuses"
    if full and _at_most_two_places(file.parsed.data):
        assert fast, f"{file.path}: the fast check refused a valid file"


def test_agree_on_every_case_and_the_sample_data(make_repo: Callable[[Path | None], Path]) -> None:
    files = list(load(FolderSource(ROOT)).files)  # the sample data
    for case in sorted(p for p in CASES.iterdir() if p.is_dir() and not p.name.startswith("_")):
        files.extend(load(FolderSource(make_repo(case))).files)
    assert len(files) > 1000
    for file in files:
        assert_agree(file)
    assert sum(1 for f in files if not jsonschema_valid(f)) >= 40  # the refusals were tried too


def test_the_only_multiple_of_is_a_penny() -> None:
    found: list[Any] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "multipleOf" in node:
                found.append(node["multipleOf"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for name in schema_names():
        walk(read_schema(name))
    assert found and set(found) == {Decimal("0.01")}


# --- mutations of valid files ------------------------------------------------------------

BASE = CASES / "_base"
SEEDS = {
    Kind.CATALOGUE: BASE / "cofund.yml",
    Kind.ORGANISATION: BASE / "organisations/leeds.yml",
    Kind.PITCH: BASE / "pitches/planning-tool/pitch.yml",
    Kind.PLEDGE: BASE / "pitches/cyber-elearning/pledges/cardiff.yml",
    Kind.ADOPTER: BASE / "pitches/planning-tool/adopters/kirklees.yml",
}
TRICKY = st.sampled_from([
    None, True, False, 0, -1, 1, 24, 101, 10**12, Decimal("0"), Decimal("0.01"), Decimal("99.999"),
    Decimal("12.5"), Decimal("60000.505"), Decimal("-5"), Decimal("1000000000.01"), "", " ", "x",
    "x\n", "a\nb", "Kirklees", "kirklees", "a--b", "-a", "2026-02-30", "2026-3-1", "2026-03-31",
    "https://x.example", "http://x", "www.x.gov.uk", "https://x y.example", "GBP", "EUR", "E08000034",
    "E0800003", "open", "live", "tiered", "shared-cost", "district", "jsmith-kirklees", "j smith",
    "a" * 39, "a" * 40, "x" * 201, "x" * 20001, [], [1], ["local-government", "local-government"],
    {}, {"critical": "1 hour"}, {"unknown": 1},
])


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += paths(value, (*prefix, i))
    return found


NUMBERS = st.one_of(
    st.integers(-10, 10**10),
    st.builds(
        lambda whole, places, digits: Decimal(f"{whole}.{str(digits).zfill(places)[:places]}"),
        st.integers(-5, 10**9), st.integers(1, 4), st.integers(0, 9999),
    ),
)


def near(value: Any) -> st.SearchStrategy[Any]:
    """Values close to `value`, which are where two validators are most likely to differ."""
    if isinstance(value, bool) or value is None:
        return TRICKY
    if isinstance(value, (int, Decimal)):
        return NUMBERS
    if isinstance(value, str):
        return st.sampled_from([value + "\n", value.upper(), value + " x", "", value[:-1], value + value,
                                value.replace("-", "--"), value.replace("-", "_"), " " + value]) | TRICKY
    return TRICKY


@st.composite
def mutated(draw: st.DrawFn) -> DataFile:
    kind = draw(st.sampled_from(list(SEEDS)))
    parsed = parse_yaml(SEEDS[kind].read_bytes())
    data = copy.deepcopy(parsed.data)
    for _ in range(draw(st.integers(1, 2))):
        where = draw(st.sampled_from(paths(data)))
        parent = data
        for part in where[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["replace", "replace", "replace", "delete", "add"]))
        if action == "delete" and isinstance(parent, dict):
            del parent[where[-1]]
        elif action == "add" and isinstance(parent, dict):
            value = copy.deepcopy(draw(TRICKY))  # before the key: the draw order saved examples replay in
            parent[draw(st.sampled_from(["extra", "types", "phase", "percent", "tier", "min_partners"]))] = value
        else:
            parent[where[-1]] = copy.deepcopy(draw(near(parent[where[-1]])))
        if not paths(data):
            break
    place = {Kind.CATALOGUE: ("", None)}.get(kind, ("x", "p"))
    from cofund.load.layout import Place

    return DataFile(str(SEEDS[kind]), Place(kind, place[0], place[1]), type(parsed)(data, parsed.positions))


@settings(max_examples=1000, deadline=None)
@given(mutated())
def test_agree_on_mutated_files(file: DataFile) -> None:
    assert_agree(file)


@pytest.mark.parametrize("kind", list(SEEDS), ids=[k.value for k in SEEDS])
def test_the_seeds_pass_the_fast_check(kind: Kind) -> None:
    parsed = parse_yaml(SEEDS[kind].read_bytes())
    from cofund.load.layout import Place

    assert passes_fast_check(DataFile("x", Place(kind, "x", "p"), parsed))


def test_validate_says_the_same_with_and_without_the_compiled_check(
    make_repo: Callable[[Path | None], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    # validate() uses the compiled check only from FAST_CHECK_FROM files on: both ways, the
    # same problems, on the sample data and on every case.
    repos = [ROOT] + [make_repo(case) for case in sorted(p for p in CASES.iterdir() if p.is_dir()
                                                         and not p.name.startswith("_"))]
    for repo in repos:
        loaded = load(FolderSource(repo))
        said = []
        for threshold in (0, 10**9):
            monkeypatch.setattr(cofund.validate, "FAST_CHECK_FROM", threshold)
            said.append(cofund.validate.validate(loaded, dt.date(2026, 11, 24)).problems)
        assert said[0] == said[1], repo
