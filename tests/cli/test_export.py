"""`cofund export` through the real CLI: output, formats, determinism and exit codes."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cofund.cli import main

SCENARIOS = Path(__file__).parents[1] / "compute" / "scenarios"
REPO = SCENARIOS / "withdrawn-pledge" / "repo"


def test_json_on_stdout_and_the_same_bytes_every_time(cofund: Callable[..., Result]) -> None:
    first = cofund("export", str(REPO), "--today", "2026-11-24")
    second = cofund("export", str(REPO), "--today", "2026-11-24")
    assert first.exit_code == 0
    assert first.stdout_bytes == second.stdout_bytes
    data = json.loads(first.stdout)
    assert [p["id"] for p in data["pitches"]] == ["by-amount", "by-share"]
    assert data["pitches"][0]["pledged"] == "7000.00"
    assert first.stderr == ""


def test_today_comes_from_the_environment_too() -> None:
    runner = CliRunner()
    by_option = runner.invoke(main, ["export", str(REPO), "--today", "2027-02-01"], env={"COFUND_TODAY": None})
    by_env = runner.invoke(main, ["export", str(REPO)], env={"COFUND_TODAY": "2027-02-01"})
    assert by_option.exit_code == by_env.exit_code == 0
    assert by_option.stdout_bytes == by_env.stdout_bytes
    # After its deadline the target pitch (70%) has expired and released its pledges.
    assert json.loads(by_env.stdout)["pitches"][0]["status"] == "expired"


def test_csv_format(cofund: Callable[..., Result]) -> None:
    result = cofund("export", str(REPO), "--today", "2026-11-24", "--format", "csv")
    assert result.exit_code == 0
    lines = result.stdout_bytes.decode("utf-8").split("\r\n")
    assert lines[0].startswith("pitch,pitch_title,pitch_status,model,")
    assert lines[-1] == ""  # every row ends in CRLF
    assert len(lines) == 1 + 6 + 1
    assert (
        "by-amount,By amount,open,target,2026-12-31,bravo,Bravo Council,funder,2026-10-02,withdrawn,no,3000.00,"
        in lines[2]
    )
    assert lines[2].endswith(",,,,2026-10-02")  # the withdrawal's date, the last column


def test_invalid_data_prints_problems_and_exits_1(tmp_path: Path, cofund: Callable[..., Result]) -> None:
    repo = shutil.copytree(REPO, tmp_path / "repo")
    (repo / "pitches" / "by-amount" / "pledges" / "alpha.yml").write_text(
        "date: 2026-10-01\nsignatory: sig-alpha\nrole: funder\nstatus: pledged\namount: 5000.001\n"
    )
    result = cofund("export", str(repo), "--today", "2026-11-24")
    assert result.exit_code == 1
    assert re.match(r"pitches/by-amount/pledges/alpha\.yml:5:[0-9]+: amount: ", result.stdout)
    assert "{" not in result.stdout  # nothing half-written
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["--format", "xml"],
        ["--today", "24/11/2026"],
        ["--no-such-option"],
    ],
)
def test_usage_errors_exit_2(args: list[str], cofund: Callable[..., Result]) -> None:
    result = cofund("export", str(REPO), *args)
    assert result.exit_code == 2
    assert result.stdout == ""


def test_missing_repository_is_a_usage_error(tmp_path: Path, cofund: Callable[..., Result]) -> None:
    result = cofund("export", str(tmp_path / "nowhere"), "--today", "2026-11-24")
    assert result.exit_code == 2


def test_export_of_the_sample_catalogue_keeps_every_figure_defensible(cofund: Callable[..., Result]) -> None:
    # The repository's own sample data: interests, a stretch line, an expired pitch's history.
    root = Path(__file__).parents[2]
    result = cofund("export", str(root), "--today", "2026-11-24")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    pitches = {p["id"]: p for p in data["pitches"]}
    foi = pitches["foi-request-handling"]
    assert (foi["status"], foi["pledged"], foi["reached"]) == ("expired", "0.00", "58500.00")
    assert foi["percent_reached"] == "65.00"
    assert foi["released_partners"] and foi["interested"] == ["staffordshire", "swansea-bay-health-board"]
    badge = pitches["blue-badge-hidden-disability-assessment"]
    assert badge["interested"] == ["calderdale", "wakefield"] and badge["cap"] == "91000.00"
    assert badge["saving"] == "0.00"  # open: no saving counts yet
    for p in data["pitches"]:
        assert all(not x["saving"].startswith("-") for x in p["pledges"])
