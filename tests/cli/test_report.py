"""`cofund report`: the terminal summary, through the real CLI and rich."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner, Result

from cofund.cli import main

SCENARIOS = Path(__file__).parents[1] / "compute" / "scenarios"


def report(name: str, today: str = "2026-11-24") -> Result:
    # A wide terminal, so no cell is cut short with an ellipsis.
    return CliRunner().invoke(
        main, ["report", str(SCENARIOS / name / "repo"), "--today", today], env={"COFUND_TODAY": None, "COLUMNS": "160"}
    )


def section(output: str, title: str) -> str:
    """The text from a table's title to the next table's title, or the end."""
    start = output.index(title)
    titles = re.finditer(r"^(Open pitches|Closing within|Funded and closed|Stale \()", output, re.M)
    ends = [m.start() for m in titles if m.start() > start]
    return output[start : ends[0] if ends else len(output)]


def test_statuses_and_stale() -> None:
    result = report("statuses-and-stale")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Scenario on 2026-11-24" in out
    assert re.search(r"Money pledged\s*│\s*£1,150", out)
    assert re.search(r"Money pooled.*│\s*£900", out)
    open_ = section(out, "Open pitches")
    # by deadline, then id
    assert open_.index("closing-today") < open_.index("fresh-89-days") < open_.index("stale-ninety-days")
    assert "a-draft" not in open_ and "given-up" not in open_ and "building-quietly" not in open_
    closing = section(out, "Closing within 30 days")
    assert "closing-today" in closing and "last day" in closing and "£750" in closing
    stale = section(out, "Stale (no update")
    assert re.search(r"building-quietly\s*│\s*in-development\s*│\s*2026-05-01\s*│\s*207", stale)
    assert re.search(r"stale-ninety-days\s*│\s*open\s*│\s*2026-08-26\s*│\s*90", stale)
    assert "fresh-89-days" not in stale


def test_funded_and_closed_pitches_wait_to_start() -> None:
    out = report("keep-what-you-raise").stdout
    assert "core-covered" in section(out, "Funded and closed")
    assert "core-covered" not in section(out, "Open pitches")
    assert "Stale (no update for 90 days): none." in out
    assert "keep what you raise, core £30,000" in section(out, "Open pitches")


def test_shared_cost_shows_todays_share_and_the_ceiling() -> None:
    out = report("shared-cost-11-partners").stdout
    assert "11 of 10 partners, share £5,454.55 (at most £6,000)" in out


def test_invalid_data_exits_1(tmp_path: Path) -> None:
    (tmp_path / "cofund.yml").write_text("name: x\n")
    result = CliRunner().invoke(main, ["report", str(tmp_path), "--today", "2026-11-24"], env={"COFUND_TODAY": None})
    assert result.exit_code == 1
    assert "cofund.yml:" in result.stdout


def test_rows_limits_each_list_and_says_so() -> None:
    result = CliRunner().invoke(
        main, ["report", str(SCENARIOS / "statuses-and-stale" / "repo"), "--today", "2026-11-24", "--rows", "1"],
        env={"COFUND_TODAY": None, "COLUMNS": "160"},
    )
    assert result.exit_code == 0
    assert "Open pitches (1 of 3)" in result.stdout
    assert "closing-today" in section(result.stdout, "Open pitches") and "fresh-89-days" not in result.stdout
    assert "Stale (no update for 90 days) (1 of 2)" in result.stdout
    assert CliRunner().invoke(main, ["report", "--rows", "-1"]).exit_code == 2
