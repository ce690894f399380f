"""`cofund new pitch` and `cofund new pledge`: answers typed at the prompts -> a valid file, or
the reasons and nothing written. Run on a copy of the PR-check test catalogue."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cofund.cli import main

BASE = Path(__file__).parents[1] / "prcheck" / "base"
TODAY = "2026-11-24"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return Path(shutil.copytree(BASE, tmp_path / "repo"))


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _valid(repo: Path) -> None:
    result = CliRunner().invoke(main, ["validate", str(repo), "--today", TODAY])
    assert result.exit_code == 0, result.output


def test_new_pledge_to_a_target_pitch(repo: Path) -> None:
    answers = ["lcarter-leeds", "co-designer", "5000.50", "", "", "Subject to cabinet approval"]
    result = CliRunner().invoke(
        main, ["new", "pledge", "foi-tool", "--org", "leeds", str(repo), "--today", TODAY],
        input="\n".join(answers) + "\n",
    )
    assert result.exit_code == 0, result.output
    assert "Wrote pitches/foi-tool/pledges/leeds.yml" in result.output
    assert "pledged £20,000 -> £25,000.50 of £40,000" in result.output
    assert (repo / "pitches/foi-tool/pledges/leeds.yml").read_text(encoding="utf-8") == (
        "# Pledged with cofund new by @lcarter-leeds.\n"
        "date: '2026-11-24'\nsignatory: lcarter-leeds\nrole: co-designer\nstatus: pledged\n"
        "amount: 5000.50\nconditions: Subject to cabinet approval\n"
    )
    _valid(repo)


def test_new_pledge_to_a_shared_cost_pitch_asks_no_amount(repo: Path) -> None:
    answers = ["jsmith-kirklees", "funder", "", ""]
    result = CliRunner().invoke(
        main, ["new", "pledge", "cyber-training", "--org", "kirklees", str(repo), "--today", TODAY],
        input="\n".join(answers) + "\n",
    )
    assert result.exit_code == 0, result.output
    assert "Amount in pounds" not in result.output
    assert "2 -> 3 partners, now funded" in result.output
    _valid(repo)


def test_new_pledge_by_someone_who_is_not_a_signatory_writes_nothing(repo: Path) -> None:
    before = _files(repo)
    answers = ["wpatel-wakefield", "funder", "1000", "", "", ""]
    result = CliRunner().invoke(
        main, ["new", "pledge", "foi-tool", "--org", "leeds", str(repo), "--today", TODAY],
        input="\n".join(answers) + "\n",
    )
    assert result.exit_code == 1
    assert "Nothing was written, because:" in result.output
    assert "'wpatel-wakefield' is not a signatory of Leeds City Council" in result.output
    assert _files(repo) == before


def test_new_pledge_with_an_unreadable_amount_says_which_question(repo: Path) -> None:
    answers = ["lcarter-leeds", "funder", "lots", "", "", ""]
    result = CliRunner().invoke(
        main, ["new", "pledge", "foi-tool", "--org", "leeds", str(repo), "--today", TODAY],
        input="\n".join(answers) + "\n",
    )
    assert result.exit_code == 1
    assert "Amount in pounds: 'lots' is not an amount in pounds: write it like 6000 or 6000.50" in result.output


PITCH_ANSWERS = [
    "wpatel-wakefield",  # login
    "Pothole reporting",  # title
    "",  # web address id: made from the title
    "wakefield",  # proposer
    "Residents report potholes with a photo and see when they are fixed.", ".",  # summary
    "## The idea", "", "One service for every highway authority.", ".",  # body, with a blank line
    "new-technology",  # category
    "local-government, transport",  # sectors
    "roads",  # tags
    "open",  # stage
    "Every authority runs its own form.", ".",  # problem
    "Residents and highway inspectors.", ".",  # users
    "One service", "Faster repairs", ".",  # benefits
    "40000",  # cost alone
    "Build | 24000 | core", "Apps | 6000 | optional", ".",  # cost lines
    "g-cloud",  # procurement
    "",  # supplier
    "MIT",  # licence
    "24",  # months
    "99.5",  # availability
    "Monday to Friday, 9am to 5pm",  # support hours
    "4 working hours", "", "",  # response times
    "target",  # model
    "30000",  # target
    "2027-06-30",  # deadline
    "",  # minimum partners
    "keep what we raise (go ahead once the core cost lines are covered)",
    ".",  # tiers: none
    "", "",  # adoption
]


def test_new_pitch(repo: Path) -> None:
    result = CliRunner().invoke(
        main, ["new", "pitch", str(repo), "--today", TODAY], input="\n".join(PITCH_ANSWERS) + "\n"
    )
    assert result.exit_code == 0, result.output
    assert "Wrote pitches/pothole-reporting/pitch.yml" in result.output
    text = (repo / "pitches/pothole-reporting/pitch.yml").read_text(encoding="utf-8")
    assert "all_or_nothing: false" in text
    assert "body: |\n  ## The idea\n\n  One service for every highway authority.\nproposer: wakefield\n" in text
    assert "sectors:\n- local-government\n- transport\n" in text
    assert "Not a choice" not in result.output and "Error:" not in result.output
    _valid(repo)


def test_new_pitch_whose_cost_lines_miss_the_target_writes_nothing(repo: Path) -> None:
    answers = list(PITCH_ANSWERS)
    answers[answers.index("30000")] = "31000"
    before = _files(repo)
    result = CliRunner().invoke(main, ["new", "pitch", str(repo), "--today", TODAY], input="\n".join(answers) + "\n")
    assert result.exit_code == 1
    assert "Cost lines: the cost lines add up to £30,000 but the funding target is £31,000: they must be equal" in result.output
    assert _files(repo) == before
