"""A sequence of changes to the sample catalogue; after each, refresh from the last kept record
gives what reading everything gives (edits.Checker), by the way the step expects."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
from cofund import cache
from cofund.compute import compute
from cofund.incremental import refresh
from edits import (
    TODAY,
    Checker,
    Copy,
    Edit,
    Operation,
    Remove,
    Restore,
    Write,
    sample_repo,
)

FOI = "pitches/foi-request-handling"
ASC = "pitches/adult-social-care-self-assessment"
CYBER = "pitches/cyber-gdpr-elearning"
COPY = "pitches/blue-badge-copy"

PLEDGE = """date: 2026-06-01
signatory: ahussain-bradford
role: funder
amount: 5000
status: pledged
"""
ADOPTER = """date: 2026-09-01
fee: 3000
signatory: ahussain-bradford
"""
ORGANISATION = """name: Newtown Council
type: district
nation: england
website: https://www.newtown.example
signatories:
  - name: Nia Patel
    role: Head of Digital
    github: npatel-newtown
"""


@dataclass(frozen=True)
class Step:
    name: str
    operations: list[Operation]
    # "again": only pitch folders read again; "everything": every file read; "nothing": no change
    expect: str
    problems: bool = False


STEPS = [
    Step("a pledge's amount", [Edit(f"{ASC}/pledges/hackney.yml", "amount: 15000", "amount: 16000")], "again"),
    Step("a new pledge", [Write(f"{FOI}/pledges/bradford.yml", PLEDGE)], "again"),
    Step("a pledge withdrawn", [Edit(f"{FOI}/pledges/cardiff.yml", "status: pledged", "status: withdrawn")], "again"),
    Step("a pledge removed", [Remove(f"{FOI}/pledges/belfast.yml")], "again"),
    Step("a new pitch folder", [Copy("pitches/blue-badge-hidden-disability-assessment", COPY)], "again"),
    Step("a pitch's proposer", [Edit(f"{COPY}/pitch.yml", "proposer: leeds", "proposer: bradford")], "again"),
    Step("two pitches at once", [
        Edit(f"{ASC}/pledges/hackney.yml", "amount: 16000", "amount: 17000"),
        Remove(f"{COPY}/pledges/camden.yml"),
    ], "again"),
    Step("a pledge broken", [Write(f"{FOI}/pledges/cardiff.yml", "date: [2026\n")], "again", problems=True),
    Step("mended", [Restore(f"{FOI}/pledges/cardiff.yml")], "again"),
    Step("a pledge by no organisation", [Copy(f"{FOI}/pledges/cardiff.yml", f"{FOI}/pledges/nowhere.yml")], "again", problems=True),
    Step("that pledge removed", [Remove(f"{FOI}/pledges/nowhere.yml")], "nothing"),  # as last kept
    Step("in development, unfunded", [Edit(f"{FOI}/pitch.yml", "stage: open", "stage: in-development")], "again", problems=True),
    Step("open again", [Restore(f"{FOI}/pitch.yml")], "again"),
    Step("an adopter added", [Write(f"{CYBER}/adopters/bradford.yml", ADOPTER)], "again"),
    Step("nothing changed", [], "nothing"),
    Step("an organisation's name", [Edit("organisations/bradford.yml", "Bradford", "City of Bradford")], "again"),
    Step("an organisation's signatory", [Edit("organisations/bradford.yml", "ahussain-bradford", "ahussain")], "again", problems=True),
    Step("the signatory back", [Restore("organisations/bradford.yml")], "again"),
    Step("an organisation's type", [Edit("organisations/leeds.yml", "type: ", "type: district\n#")], "again"),
    Step("the catalogue's settings", [Edit("cofund.yml", "name: ", "name: The ")], "again"),
    Step("the settings broken", [Edit("cofund.yml", "name: ", "nam: ")], "again", problems=True),
    Step("the settings removed", [Remove("cofund.yml")], "again", problems=True),
    Step("the settings back", [Restore("cofund.yml")], "again"),
    Step("a stray file in a pitch folder", [Write(f"{FOI}/notes.txt", "notes\n")], "everything", problems=True),
    Step("the stray file removed", [Remove(f"{FOI}/notes.txt")], "nothing"),
    Step("a whole pitch folder removed", [Remove(COPY)], "again"),
    Step("pitch.yml removed, its pledges left", [Remove(f"{FOI}/pitch.yml")], "again", problems=True),
    Step("pitch.yml back", [Restore(f"{FOI}/pitch.yml")], "again"),
    Step("an organisation a pitch names removed", [Remove("organisations/calderdale.yml")], "again", problems=True),
    Step("the organisation back", [Restore("organisations/calderdale.yml")], "again"),
    Step("an organisation broken", [Write("organisations/kent.yml", "name: [\n")], "again", problems=True),
    Step("mended", [Restore("organisations/kent.yml")], "again"),
    Step("a new organisation", [Write("organisations/newtown.yml", ORGANISATION)], "again"),
    Step("an organisation and a pitch", [
        Edit("organisations/newtown.yml", "Newtown", "New Town"),
        Edit(f"{CYBER}/pitch.yml", "\ntitle: ", "\ntitle: The "),
    ], "again"),
    Step("an organisation no pitch names removed", [Remove("organisations/newtown.yml")], "again"),
    Step("and added again", [Write("organisations/newtown.yml", ORGANISATION)], "again"),
    Step("its first pledge", [
        Write(f"{ASC}/pledges/newtown.yml", PLEDGE.replace("ahussain-bradford", "npatel-newtown")),
    ], "again"),
    Step("a pledge moved to another organisation", [
        Remove(f"{ASC}/pledges/newtown.yml"),
        Write(f"{ASC}/pledges/bradford.yml", PLEDGE),
    ], "again"),
    Step("a file where pitch folders go", [Write("pitches/odd", "x\n")], "everything", problems=True),
    Step("the file removed", [Remove("pitches/odd")], "nothing"),
]


@pytest.fixture
def no_margin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "RACY_NS", 0)


def test_each_step_gives_what_reading_everything_gives(tmp_path: Path, no_margin: None) -> None:
    checker = Checker(sample_repo(tmp_path / "repo"))
    first = checker.check()
    assert first.reason == "no earlier build kept"
    for step in STEPS:
        checker.apply(step.operations)
        previous = checker.record
        got = checker.check()
        assert bool(got.validated.problems) == step.problems, step.name
        if step.expect == "again":
            assert got.reason == "" and got.summary.endswith("read again"), (step.name, got.summary)
        elif step.expect == "nothing":
            assert got.summary == "no data file changed", (step.name, got.summary)
            assert previous is not None and got.computed is previous.computed
        else:
            assert got.reason != "" and got.summary == "every data file read", (step.name, got.summary)


def test_another_day_reads_everything(tmp_path: Path, no_margin: None) -> None:
    repo = sample_repo(tmp_path / "repo")
    first = refresh(repo, TODAY, None)
    assert first.record is not None
    later = refresh(repo, TODAY + dt.timedelta(days=1), first.record)
    assert later.reason == "another day"
    assert later.computed == compute(later.validated.catalogue, TODAY + dt.timedelta(days=1))
