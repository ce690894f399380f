"""The benchmark stays runnable: at a tiny size it produces every row with figures that parse.

Never how fast: speed targets live in the benchmark's printed table (`make bench`), not in a
test that a busy machine could fail.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402
from run import NOT_AVAILABLE  # noqa: E402

TINY = ["--orgs", "20", "--pitches", "20", "--pledges", "200", "--repeat", "1"]
ROW_NAMES = {
    "parse": "bare libyaml parse",
    "validate": "cofund validate",
    "export": "cofund export",
    "check-pr": "cofund check-pr",
    "plain": "plain MkDocs Material build",
    "build": "cofund build",
    "site-size": "site size",
    "pitch-page": "largest pitch page",
    "largest-page": "largest page of any kind",
    "search-index": "search index",
}
TIMED = ("parse", "validate", "export", "check-pr", "plain", "build")


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict]:
    where = tmp_path_factory.mktemp("bench")
    done = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), *TINY, "--keep", str(where / "repo"),
         "--json", str(where / "rows.json")],
        capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout, json.loads((where / "rows.json").read_text(encoding="utf-8"))


def test_every_row_is_in_the_table(tiny_run: tuple[str, dict]) -> None:
    table, figures = tiny_run
    assert [r["key"] for r in figures["rows"]] == list(ROW_NAMES)
    for name in ROW_NAMES.values():
        assert re.search(rf"^{re.escape(name)}", table, re.M), f"no row '{name}' in:\n{table}"


@pytest.mark.parametrize("key", TIMED)
def test_timed_rows_have_numbers_or_say_not_available(tiny_run: tuple[str, dict], key: str) -> None:
    table, figures = tiny_run
    row = next(r for r in figures["rows"] if r["key"] == key)
    line = next(x for x in table.splitlines() if x.startswith(row["name"]))
    if row["verdict"] == NOT_AVAILABLE:
        assert NOT_AVAILABLE in line and row["wall_s"] is None
        return
    assert not row["verdict"].startswith("ERROR"), f"{row['name']} failed: {table}"
    assert row["wall_s"] > 0 and row["cpu_s"] >= 0 and row["peak_mib"] > 0
    wall, _cpu, peak = re.search(r"\s(\d+\.\d\d) s\s+(\d+\.\d\d)\s+(\d+)\s", line).groups()  # type: ignore[union-attr]
    assert float(wall) == pytest.approx(row["wall_s"], abs=0.01)
    assert int(peak) == round(row["peak_mib"])
    if row["yardstick"]:
        assert row["ratio"] > 0 and re.search(r"\d+\.\d\dx", line)
        assert row["verdict"] in ("PASS", "MISS")


def test_the_generated_catalogue_is_valid(tiny_run: tuple[str, dict]) -> None:
    # validate exits 0 only on valid data, so its row would be an ERROR otherwise
    _table, figures = tiny_run
    row = next(r for r in figures["rows"] if r["key"] == "validate")
    assert row["exit_code"] == 0


def test_size_rows_have_figures_or_say_why_not(tiny_run: tuple[str, dict]) -> None:
    _table, figures = tiny_run
    build = next(r for r in figures["rows"] if r["key"] == "build")
    for key in ("site-size", "pitch-page", "largest-page", "search-index"):
        row = next(r for r in figures["rows"] if r["key"] == key)
        if build["verdict"] == NOT_AVAILABLE:
            assert row["verdict"] == NOT_AVAILABLE
        else:
            assert re.fullmatch(r"\d+\.\d+ (MB|KB)", row["value"] or ""), row


def test_only_runs_the_rows_asked_for_and_their_yardsticks(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), *TINY, "--only", "validate", "--json", str(tmp_path / "rows.json")],
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    rows = json.loads((tmp_path / "rows.json").read_text(encoding="utf-8"))["rows"]
    assert [r["key"] for r in rows] == ["parse", "validate"]


def test_generation_is_deterministic(tmp_path: Path) -> None:
    first = generate.make_repository(tmp_path / "a", 20, 20, 200, seed=3)
    second = generate.make_repository(tmp_path / "b", 20, 20, 200, seed=3)
    other = generate.make_repository(tmp_path / "c", 20, 20, 200, seed=4)
    assert first["commits"] == second["commits"]
    assert first["commits"] != other["commits"]


def test_the_pull_request_branch_changes_one_pledge(tmp_path: Path) -> None:
    info = generate.make_repository(tmp_path / "repo", 20, 20, 200)
    changed = subprocess.run(
        ["git", "-C", str(tmp_path / "repo"), "diff", "--name-only", info["base"], info["head"]],
        check=True, capture_output=True, text=True,
    ).stdout.split()
    assert changed == [info["change"]["path"]]
    assert re.fullmatch(r"pitches/[a-z0-9-]+/pledges/[a-z0-9-]+\.yml", changed[0])


def test_the_generated_files_have_the_intended_counts_and_sizes(tmp_path: Path) -> None:
    info = generate.make_repository(tmp_path / "repo", 40, 40, 400)
    root = tmp_path / "repo"
    pitches = sorted(root.glob("pitches/*/pitch.yml"))
    pledges = sorted(root.glob("pitches/*/pledges/*.yml"))
    assert (len(list(root.glob("organisations/*.yml"))), len(pitches), len(pledges)) == (40, 40, 400)
    assert info["adopters"] == len(list(root.glob("pitches/*/adopters/*.yml")))
    mean_pitch = sum(p.stat().st_size for p in pitches) / len(pitches)
    mean_pledge = sum(p.stat().st_size for p in pledges) / len(pledges)
    assert 2500 < mean_pitch < 4500 and 120 < mean_pledge < 260, (mean_pitch, mean_pledge)


def test_a_larger_history_puts_several_changes_in_a_commit(tmp_path: Path) -> None:
    # The same files, in fewer commits (what keeps fast-import quick at scale 10).
    one, seven = (generate.make_repository(tmp_path / name, 20, 20, 200, per_commit=k)
                  for name, k in (("one", 1), ("seven", 7)))
    counts = [subprocess.run(["git", "-C", str(tmp_path / name), "rev-list", "--count", info["base"]], check=True,
                             capture_output=True, text=True).stdout for name, info in (("one", one), ("seven", seven))]
    assert [int(c) for c in counts] == [one["commits_on_main"], seven["commits_on_main"]]
    assert seven["commits_on_main"] == 1 + -(-one["changes_on_main"] // 7)
    trees = [subprocess.run(["git", "-C", str(tmp_path / name), "rev-parse", f"{info['base']}^{{tree}}"], check=True,
                            capture_output=True, text=True).stdout for name, info in (("one", one), ("seven", seven))]
    assert trees[0] == trees[1]


def test_main_has_a_commit_per_change_and_matches_the_files(tmp_path: Path) -> None:
    # The audit trail is read from this history, so the benchmark measures it at scale.
    info = generate.make_repository(tmp_path / "repo", 20, 20, 200)
    repo = ["git", "-C", str(tmp_path / "repo")]
    count = subprocess.run([*repo, "rev-list", "--count", info["base"]], check=True, capture_output=True, text=True)
    assert int(count.stdout) == info["commits_on_main"] > 20 + 20 + 200
    status = subprocess.run([*repo, "status", "--porcelain"], check=True, capture_output=True, text=True)
    assert status.stdout == ""
    log = [*repo, "log", "--format=", "--name-status", "--diff-filter=A", info["base"], "--", "pitches"]
    added = subprocess.run(log, check=True, capture_output=True, text=True).stdout.split("\n")
    pledges = [line for line in added if "/pledges/" in line]
    assert len(pledges) == 200


def test_peak_memory_is_the_commands_own_not_the_benchmarks(tmp_path: Path) -> None:
    # Linux counts a forked child's pre-exec memory into its peak: measured straight from a
    # large run.py, every command would seem as large as run.py.
    from run import measure

    ballast = bytearray(200 * 1024 * 1024)
    ballast[:: 4096] = b"\1" * len(ballast[:: 4096])  # touch every page so it is resident
    small = measure(["/bin/true"], tmp_path / "true.out")
    large = measure([sys.executable, "-c", "x = bytearray(150 * 1024 * 1024); x[::4096] = b'1' * len(x[::4096])"],
                    tmp_path / "large.out")
    assert small.peak_mib < 50 and small.exit_code == 0
    assert 150 < large.peak_mib < 200 + 50
    del ballast
