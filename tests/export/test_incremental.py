"""Exports rebuilt from the previous one give the from-scratch bytes, after any change.

A sequence of changes to a made-up catalogue (edit, add or remove a pledge or a pitch, rename
an organisation, change the settings or today). After each, the catalogue is computed from
scratch ("fresh": every object new) and also with the previous build's objects kept for
everything that did not change ("shared": what the incremental compute hands over). Each
export is made with the previous step's export as `previous` and compared with the text
written in one go by json.dumps / csv.writer, and with the from-scratch export.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import pickle
import shutil
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, note, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parents[1] / "compute"))
from funding_strategies import ORG_IDS, organisation, pitches, pledge_for, todays  # noqa: E402

from cofund.compute import ComputedCatalogue, compute  # noqa: E402
from cofund.export import (  # noqa: E402
    Exports,
    catalogue_data,
    export_all,
    json_export,
    organisations_to_csv,
    to_csv,
    to_json,
)
from cofund.export.csv_export import COLUMNS as PLEDGE_COLUMNS  # noqa: E402
from cofund.export.csv_export import pledge_rows  # noqa: E402
from cofund.export.organisations_csv import COLUMNS as ORGANISATION_COLUMNS  # noqa: E402
from cofund.export.organisations_csv import organisation_row  # noqa: E402
from cofund.load import FolderSource, load  # noqa: E402
from cofund.model import Catalogue, Pitch, Settings  # noqa: E402
from cofund.validate import validate  # noqa: E402

# Names a spreadsheet or a JSON reader could trip on: formulas, quotes, commas, line breaks,
# non-ASCII, and any text at all.
names = st.sampled_from(["=SUM(A1)", "+44", "-x", "@a", '"Quoted", Council', "Line\nbreak", "Ynys Môn", "\u2028"]) | st.text(
    max_size=12
)
PITCH_IDS = [f"pitch-{i}" for i in range(8)]


# --- what the exports must equal: the whole text written in one go --------------------------------

def json_in_one_go(computed: ComputedCatalogue) -> str:
    return json.dumps(catalogue_data(computed), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def csv_in_one_go(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def pledges_in_one_go(computed: ComputedCatalogue) -> str:
    names_by_id = {o.id: o.organisation.name for o in computed.organisations}
    rows = [row for cp in computed.pitches for row in pledge_rows(cp, names_by_id)]
    return csv_in_one_go(PLEDGE_COLUMNS, rows)


def organisations_in_one_go(computed: ComputedCatalogue) -> str:
    return csv_in_one_go(ORGANISATION_COLUMNS, [organisation_row(o) for o in computed.organisations])


# --- the made-up repository and its changes ---------------------------------------------------------

class World:
    """Pitches by id, organisations' names, the settings' name and today: enough to make a Catalogue."""

    def __init__(self, ps: dict[str, Pitch], today: dt.date) -> None:
        self.pitches = ps
        self.names: dict[str, str] = {}
        self.title = "t"
        self.today = today

    def catalogue(self) -> Catalogue:
        used = {ORG_IDS[0]} | {p.org for x in self.pitches.values() for p in x.pledges}
        used |= {a.org for x in self.pitches.values() for a in x.adopters}
        orgs = tuple(replace(organisation(o), name=self.names.get(o, o.title())) for o in sorted(used))
        return Catalogue(
            settings=Settings(self.title, "https://example.org", ("m",), False),
            organisations=orgs,
            pitches=tuple(self.pitches[k] for k in sorted(self.pitches)),
        )


def change(data: st.DataObject, world: World) -> str:
    """Make one change to `world`; return what it was."""
    kinds = ["add pitch", "rename", "rename", "today", "settings", "nothing"]
    with_pledges = [k for k, p in world.pitches.items() if p.pledges]
    if world.pitches:
        kinds += ["add pledge", "remove pitch", "edit pitch"]
    if with_pledges:
        kinds += ["edit pledge", "edit pledge", "remove pledge"]
    kind = data.draw(st.sampled_from(kinds))
    if kind == "add pitch":
        free = [k for k in PITCH_IDS if k not in world.pitches]
        if free:
            pid = data.draw(st.sampled_from(free))
            world.pitches[pid] = data.draw(pitches(pid))
    elif kind == "remove pitch":
        del world.pitches[data.draw(st.sampled_from(sorted(world.pitches)))]
    elif kind == "edit pitch":
        pid = data.draw(st.sampled_from(sorted(world.pitches)))
        world.pitches[pid] = replace(world.pitches[pid], title=data.draw(names))
    elif kind == "rename":  # mostly an organisation that pledged: its name is in the CSV's rows
        pledged = sorted({p.org for x in world.pitches.values() for p in x.pledges})
        world.names[data.draw(st.sampled_from(pledged or ORG_IDS) | st.sampled_from(ORG_IDS))] = data.draw(names)
    elif kind == "today":
        world.today = data.draw(todays)
    elif kind == "settings":
        world.title = data.draw(names)
    elif kind in ("edit pledge", "remove pledge"):
        pid = data.draw(st.sampled_from(with_pledges))
        pitch = world.pitches[pid]
        old = data.draw(st.sampled_from(pitch.pledges))
        rest = tuple(p for p in pitch.pledges if p is not old)
        if kind == "edit pledge":
            new = data.draw(pledge_for(pitch.funding, pid, old.org))
            rest = tuple(sorted((*rest, new), key=lambda p: p.org))
        world.pitches[pid] = replace(pitch, pledges=rest)
    elif kind == "add pledge":
        pid = data.draw(st.sampled_from(sorted(world.pitches)))
        pitch = world.pitches[pid]
        taken = {p.org for p in pitch.pledges} | {a.org for a in pitch.adopters}
        free = [o for o in ORG_IDS[:-1] if o not in taken]
        if free:
            new = data.draw(pledge_for(pitch.funding, pid, data.draw(st.sampled_from(free))))
            pledges = tuple(sorted((*pitch.pledges, new), key=lambda p: p.org))
            world.pitches[pid] = replace(pitch, pledges=pledges)
    return kind


def shared(before: ComputedCatalogue, after: ComputedCatalogue) -> ComputedCatalogue:
    """`after` with the previous objects kept wherever they are equal, as the incremental compute does."""
    old_pitches = {p.id: p for p in before.pitches}
    old_orgs = {o.id: o for o in before.organisations}
    return replace(
        after,
        pitches=tuple(p if old_pitches.get(p.id) != p else old_pitches[p.id] for p in after.pitches),
        organisations=tuple(o if old_orgs.get(o.id) != o else old_orgs[o.id] for o in after.organisations),
    )


def check(computed: ComputedCatalogue, previous: Exports) -> Exports:
    """The exports of `computed` from `previous`: the from-scratch bytes, and every fragment
    that could be copied was."""
    made = export_all(computed, previous)
    # .data is what the site publishes; to_json / to_csv what `cofund export` prints
    assert made.json.data == json_in_one_go(computed).encode() == to_json(computed).encode()
    assert made.pledges.data == pledges_in_one_go(computed).encode() == to_csv(computed).encode()
    assert made.organisations.data == organisations_in_one_go(computed).encode() == organisations_to_csv(computed).encode()

    before = previous.json.computed
    old_pitches = {p.id: p for p in before.pitches}
    old_orgs = {o.id: o for o in before.organisations}
    same_pitches = [p for p in computed.pitches if old_pitches.get(p.id) == p]
    # an organisation's part is copied only from the same OrganisationSummary (== costs more than making it)
    same_orgs = sum(old_orgs.get(o.id) is o for o in computed.organisations)
    old_names = {o.id: o.organisation.name for o in before.organisations}
    new_names = {o.id: o.organisation.name for o in computed.organisations}
    same_rows = sum(all(old_names.get(x.org) == new_names.get(x.org) for x in p.pledges) for p in same_pitches)
    assert (made.json.reused_pitches, made.json.reused_organisations) == (len(same_pitches), same_orgs)
    assert made.pledges.reused_pitches == same_rows
    assert made.organisations.reused_organisations == same_orgs
    return made


@settings(max_examples=40, deadline=None)
@given(st.data(), st.lists(st.sampled_from(PITCH_IDS), unique=True, max_size=5), todays)
def test_a_sequence_of_changes_gives_the_from_scratch_bytes(data: st.DataObject, ids: list[str], today: dt.date) -> None:
    world = World({pid: data.draw(pitches(pid)) for pid in ids}, today)
    first = compute(world.catalogue(), world.today)
    fresh_exports = shared_exports = export_all(first)
    assert fresh_exports.json.reused_pitches == fresh_exports.json.reused_organisations == 0
    assert fresh_exports.pledges.reused_pitches == fresh_exports.organisations.reused_organisations == 0
    before = first
    for _ in range(data.draw(st.integers(1, 6))):
        note(change(data, world))
        after = compute(world.catalogue(), world.today)
        fresh_exports = check(after, fresh_exports)
        kept = shared(before, after)
        shared_exports = check(kept, shared_exports)
        before = kept


@settings(max_examples=20, deadline=None)
@given(st.lists(st.sampled_from(PITCH_IDS), unique=True, min_size=1, max_size=5).flatmap(
    lambda ids: st.tuples(*(pitches(pid) for pid in ids))), todays, todays)
def test_a_new_today_makes_every_pitch_again(ps: tuple[Pitch, ...], today: dt.date, later: dt.date) -> None:
    world = World({p.id: p for p in ps}, today)
    computed = compute(world.catalogue(), today)
    again = compute(world.catalogue(), later)
    made = json_export(again, json_export(computed))
    assert made.text == json_in_one_go(again)
    # days_to_deadline is in every pitch's object: none is copied when the day moves
    assert made.reused_pitches == (0 if later != today else len(again.pitches))


all_pitches = st.tuples(*(pitches(pid) for pid in PITCH_IDS))


@settings(max_examples=10, deadline=None)
@given(all_pitches, st.sampled_from(PITCH_IDS))
def test_one_changed_pitch_is_the_only_one_made_again(ps: tuple[Pitch, ...], pid: str) -> None:
    before = compute(World({p.id: p for p in ps}, dt.date(2026, 3, 1)).catalogue(), dt.date(2026, 3, 1))
    exports = export_all(before)
    cp = before.pitch(pid)
    edited = replace(cp, pitch=replace(cp.pitch, title="=cmd|' /C calc'!A0"))
    after = replace(before, pitches=tuple(edited if p is cp else p for p in before.pitches))
    made = export_all(after, exports)
    assert (made.json.reused_pitches, made.json.reused_organisations) == (len(ps) - 1, len(before.organisations))
    assert made.pledges.reused_pitches == len(ps) - 1
    assert made.organisations.reused_organisations == len(before.organisations)
    assert made.json.text == json_in_one_go(after)
    assert made.pledges.text == pledges_in_one_go(after)
    assert made.pledges.text.count("'=cmd|") == len(cp.pledges)


@settings(max_examples=10, deadline=None)
@given(all_pitches, todays)
def test_the_records_survive_a_pickle_and_are_reused(ps: tuple[Pitch, ...], today: dt.date) -> None:
    computed = compute(World({p.id: p for p in ps}, today).catalogue(), today)
    exports = export_all(computed)
    kept = pickle.loads(pickle.dumps(exports, protocol=pickle.HIGHEST_PROTOCOL))
    assert kept == exports
    # One catalogue in the pickle, shared by the three records, as the build keeps it.
    assert kept.json.computed is kept.pledges.computed is kept.organisations.computed
    # The next build hands over the unpickled catalogue's objects where nothing changed.
    again = export_all(kept.json.computed, kept)
    assert (again.json.reused_pitches, again.json.reused_organisations) == (len(ps), len(computed.organisations))
    assert again.pledges.reused_pitches == len(ps)
    assert again.organisations.reused_organisations == len(computed.organisations)
    # A catalogue computed afresh: pitches are copied by ==, organisations (only by identity) made again.
    fresh = export_all(computed, kept)
    assert (fresh.json.reused_pitches, fresh.json.reused_organisations) == (len(ps), 0)
    assert fresh.pledges.reused_pitches == len(ps)
    for made in (again, fresh):
        assert made.json.text == exports.json.text
        assert made.pledges.text == exports.pledges.text
        assert made.organisations.text == exports.organisations.text


# --- the same on real repositories: the compute scenarios, with a file changed -------------------

SCENARIOS = Path(__file__).parents[1] / "compute" / "scenarios"
TODAY = dt.date(2026, 11, 24)


def open_pledges(repo: Path) -> list[Path]:
    """Pledges to open pitches: one can be withdrawn or removed and the repository stays valid."""
    return sorted(p for p in repo.glob("pitches/*/pledges/*.yml") if "stage: open" in (p.parents[1] / "pitch.yml").read_text())


def withdraw_a_pledge(repo: Path) -> None:
    pledge = open_pledges(repo)[0]
    pledge.write_text(pledge.read_text().replace("status: pledged", "status: withdrawn"))


def remove_a_pledge(repo: Path) -> None:
    open_pledges(repo)[0].unlink()


def rename_an_organisation(repo: Path) -> None:
    org = sorted(repo.glob("pitches/*/pledges/*.yml"))[0].name  # one that pledged: its name is in the CSV
    path = repo / "organisations" / org
    lines = path.read_text().splitlines(keepends=True)
    path.write_text("".join("name: '=Renamed, \"the\" Council'\n" if x.startswith("name:") else x for x in lines))


EDITS = {"withdraw a pledge": withdraw_a_pledge, "remove a pledge": remove_a_pledge,
         "rename an organisation": rename_an_organisation, "a month later": None}
CASES = [
    (name, edit)
    for name in sorted(p.name for p in SCENARIOS.iterdir() if p.is_dir())
    for edit in EDITS
    if "pledge" not in edit or open_pledges(SCENARIOS / name / "repo")
]


def computed_from(repo: Path, today: dt.date) -> ComputedCatalogue:
    validated = validate(load(FolderSource(repo)), today)
    assert validated.ok, validated.problems
    return compute(validated.catalogue, today)


@pytest.mark.parametrize(("name", "edit"), CASES)
def test_a_changed_file_gives_the_from_scratch_bytes(tmp_path: Path, name: str, edit: str) -> None:
    repo = shutil.copytree(SCENARIOS / name / "repo", tmp_path / "repo")
    before = computed_from(repo, TODAY)
    previous = export_all(before)
    change_files = EDITS[edit]
    if change_files is not None:
        change_files(repo)
    after = computed_from(repo, TODAY if change_files else TODAY + dt.timedelta(days=30))
    for computed in (after, shared(before, after)):
        made = check(computed, previous)
        assert made.json.text != previous.json.text
