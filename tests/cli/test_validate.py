"""`cofund validate`: the CLI contract (README, "Command line"), and hostile files dropped into a repository."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

COFUND = Path(sys.executable).parent / "cofund"
TODAY = "2026-11-24"


def test_valid_repository_prints_one_summary_line(
    make_repo: Callable[..., Path], cofund: Callable[..., Result],
) -> None:
    result = cofund("validate", str(make_repo()), "--today", TODAY)
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "Valid: 4 organisations, 3 pitches, 6 pledges and 1 adopter.\n", ""
    )


def test_problems_go_to_stdout_sorted_and_a_count_to_stderr(
    make_repo: Callable[..., Path], cofund: Callable[..., Result],
) -> None:
    repo = make_repo()
    (repo / "pitches/shared-forms/pledges/leeds.yml").write_text(
        "date: 2026-13-01\nsignatory: x\nrole: funder\nstatus: paid\n",
    )
    (repo / "organisations/cardiff.yml").write_text("name: Cardiff Council\n")
    (repo / "cofund.yml").write_text("name: x\nrepository: https://github.com/x/y\nmaintainers: [m]\nextra: 1\n")
    result = cofund("validate", str(repo), "--today", TODAY)
    lines = result.stdout.splitlines()
    assert result.exit_code == 1
    assert [line.split(":")[0] for line in lines] == [
        "cofund.yml", *["organisations/cardiff.yml"] * 4, "pitches/shared-forms/pledges/leeds.yml",
    ]
    assert lines == sorted(lines, key=lambda line: (line.split(":")[0], int(line.split(":")[1])))
    assert result.stderr == "6 problem(s) in 3 file(s).\n"


def test_today_comes_from_the_environment_when_not_given(make_repo: Callable[..., Path]) -> None:
    from click.testing import CliRunner

    from cofund.cli import main

    repo = str(make_repo())
    # On 2026-02-05, Cardiff's pledge (dated 2026-02-10) is in the future.
    result = CliRunner().invoke(main, ["validate", repo], env={"COFUND_TODAY": "2026-02-05"})
    assert result.exit_code == 1
    assert result.stdout.startswith(
        "pitches/cyber-elearning/pledges/cardiff.yml:1:1: date: the pledge date 2026-02-10 is after today (2026-02-05)"
    )
    with_date = CliRunner().invoke(main, ["validate", repo, "--today", TODAY], env={"COFUND_TODAY": "2026-02-05"})
    assert with_date.exit_code == 0


@pytest.mark.parametrize(
    "args,words",
    [
        (["validate", "/no/such/folder"], "does not exist"),
        (["validate", "--today", "24/11/2026", "."], "is not a date written YYYY-MM-DD"),
        (["validate", "--colour"], "No such option"),
        (["validate", str(Path(__file__))], "is a file"),
    ],
)
def test_usage_errors_exit_2(args: list[str], words: str, cofund: Callable[..., Result]) -> None:
    result = cofund(*args)
    assert result.exit_code == 2
    assert words in result.stderr


def test_the_installed_command_runs(make_repo: Callable[..., Path]) -> None:
    done = subprocess.run([str(COFUND), "validate", str(make_repo()), "--today", TODAY],
                          capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stdout) == (0, "Valid: 4 organisations, 3 pitches, 6 pledges and 1 adopter.\n")


# --- hostile files ---------------------------------------------------------------------

HOSTILE: dict[str, bytes] = {
    "organisations/deep.yml": b"name: " + b"[" * 100_000,
    "organisations/bomb.yml": b'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + b"".join(b"%s: &%s [%s]\n" % (k.encode(), k.encode(), b",".join([b"*" + p.encode()] * 9))
               for p, k in zip("abcdefgh", "bcdefghi", strict=False)),
    "organisations/big.yml": b"# padding\n" * 30_720,  # 300 KB
    "organisations/huge.yml": b"name: x\n" * 1_310_720,  # 10 MB
    "organisations/junk.yml": bytes(range(256)) * 40,
    "organisations/number.yml": b"name: " + b"9" * 100_000 + b"\n",
    "organisations/keys.yml": b"".join(b"k%d: 1\n" % i for i in range(25_000)),  # within the size limit
    "organisations/nul.yml": b"name: Evil\x00Council\n",
    "organisations/python.yml": b"name: !!python/object/apply:os.system ['touch /tmp/cofund-pwned']\n",
    "pitches/cyber-elearning/pledges/Evil Name.yml": b"date: 2026-01-01\n",
    "pitches/cyber-elearning/pledges/evil\nname\x1b[2J.yml": b"date: 2026-01-01\n",
}

EXPECTED = """\
organisations/big.yml:1:1: (file): the file is 307,200 bytes, more than the limit of 262,144 bytes: a data file should be a few kilobytes
organisations/bomb.yml:1:4: a: anchors (&a) are not allowed: write each value out in full
organisations/deep.yml:1:26: name: the data is nested more than 20 levels deep: no cofund file needs that many
organisations/fifo.yml:1:1: (file): this is a symbolic link, a folder or another special file where an ordinary file belongs: data files must be ordinary .yml files
organisations/huge.yml:1:1: (file): the file is 10,485,760 bytes, more than the limit of 262,144 bytes: a data file should be a few kilobytes
organisations/junk.yml:2:118: (file): the file is not UTF-8 text (it has the byte 0x80 here): save it with the UTF-8 encoding
organisations/nul.yml:1:11: (file): the file holds a control character (U+0000), which is not allowed in data files: remove it
organisations/number.yml:1:7: name: the number 999999999999... is 100,000 characters long; a number here has at most 20
organisations/passwd.yml:1:1: (file): this is a symbolic link, a folder or another special file where an ordinary file belongs: data files must be ordinary .yml files
organisations/python.yml:1:7: name: YAML tags (tag:yaml.org,2002:python/object/apply:os.system) are not allowed: remove it and write the plain value
organisations/\\udcff\\udcfe.yml:1:1: (file): this file is not where data files go: '\\udcff\\udcfe' is not a valid organisation id: the file name must be an id, lowercase letters and digits in words joined by single hyphens, at most 64 characters
pitches/cyber-elearning/pledges/Evil Name.yml:1:1: (file): this file is not where data files go: 'Evil Name' is not a valid organisation id: the file name must be an id, lowercase letters and digits in words joined by single hyphens, at most 64 characters
pitches/cyber-elearning/pledges/evil\\nname\\x1b[2J.yml:1:1: (file): this file is not where data files go: 'evil\\nname\\x1b[2J' is not a valid organisation id: the file name must be an id, lowercase letters and digits in words joined by single hyphens, at most 64 characters
{deep}
pitches/evil:1:1: (file): this is a symbolic link, a folder or another special file where an ordinary file belongs: data files must be ordinary .yml files
"""  # noqa: E501 - the exact output, one problem a line, kept whole to compare by eye


def test_hostile_files_are_each_refused_with_path_and_line(make_repo: Callable[..., Path]) -> None:
    repo = make_repo()
    for path, data in HOSTILE.items():
        (repo / path).write_bytes(data)
    os.symlink("/etc/passwd", repo / "organisations/passwd.yml")
    os.symlink("/etc", repo / "pitches/evil")
    os.mkfifo(repo / "organisations/fifo.yml")  # reading it would block for ever
    with open(os.path.join(os.fsencode(repo), b"organisations", b"\xff\xfe.yml"), "wb") as handle:
        handle.write(b"name: a file name that is not UTF-8\n")
    deep = repo / "pitches/deep"  # nested deeper than Python's recursion limit
    deep.mkdir()
    for _ in range(1100):  # one level at a time: os.makedirs (and shutil.rmtree) recurse
        deep = deep / "d"
        deep.mkdir()
    (deep / "x.yml").write_bytes(b"a: 1\n")
    try:
        check_hostile_repo(repo)
    finally:
        (deep / "x.yml").unlink()
        while deep != repo / "pitches":
            deep.rmdir()
            deep = deep.parent


def check_hostile_repo(repo: Path) -> None:
    # The real command in its own process; the timeout asserts it finishes, it is not a speed target.
    done = subprocess.run([str(COFUND), "validate", str(repo), "--today", TODAY],
                          capture_output=True, text=True, timeout=300)
    assert "Traceback" not in done.stdout + done.stderr
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    keys = [line for line in lines if line.startswith("organisations/keys.yml:")]
    # 100 problems (unknown fields, missing ones), then one line saying the rest are left out.
    assert len(keys) == 101
    assert len([line for line in keys if "more than 100 problems in this file" in line]) == 1
    deep_line = (
        f"pitches/deep/{'d/' * 1100}x.yml:1:1: (file): this file is not where data files go: "
        "a pitch folder holds pitch.yml and the folders pledges/ and adopters/, nothing else"
    )
    # Sorted by path; a name that is not UTF-8 sorts after the others, as its bytes do.
    assert [line for line in lines if line not in keys] == EXPECTED.replace("{deep}", deep_line).splitlines()
    assert not Path("/tmp/cofund-pwned").exists()
