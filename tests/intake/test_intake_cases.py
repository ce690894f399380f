"""Each folder in cases/: a form body exactly as GitHub renders it, run through `cofund intake`
against the test catalogue (tests/prcheck/base), and the file or the problems it must give.

case.yml: `form`, `author`, optional `issue`, and `expect`: `exit`; on success `path` (the file
written, equal to expected.yml byte for byte) and `output` lines; on failure `problems`, the
exact lines (without the "- ") and nothing written.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from cofund.cli import main

CASES = sorted(p for p in (Path(__file__).parent / "cases").iterdir() if p.is_dir())
BASE = Path(__file__).parents[1] / "prcheck" / "base"
TODAY = "2026-11-24"


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(case: Path, tmp_path: Path) -> None:
    spec = yaml.safe_load((case / "case.yml").read_text(encoding="utf-8"))
    repo = tmp_path / "repo"
    shutil.copytree(BASE, repo)
    before = _snapshot(repo)
    args = ["intake", "--form", spec["form"], "--body", str(case / "body.md"), "--author", spec["author"],
            "--repo", str(repo), "--today", TODAY]
    if "issue" in spec:
        args += ["--issue", str(spec["issue"])]

    result = CliRunner().invoke(main, args)

    expect = spec["expect"]
    assert result.exit_code == expect["exit"], result.output
    lines = [line.strip() for line in result.output.splitlines()]
    if expect["exit"] == 0:
        written = repo / expect["path"]
        assert lines[0] == expect["path"]
        assert written.read_text(encoding="utf-8") == (case / "expected.yml").read_text(encoding="utf-8")
        for line in expect.get("output", []):
            assert line in lines, result.output
        # The file it wrote is valid in the whole catalogue, as `cofund validate` sees it.
        check = CliRunner().invoke(main, ["validate", str(repo), "--today", TODAY])
        assert check.exit_code == 0, check.output
    else:
        assert _snapshot(repo) == before, "a refused form must write nothing"
        problems = [line[2:].replace("\\", "").replace("\u200b", "") for line in lines if line.startswith("- ")]
        assert problems == expect["problems"], result.output


def test_every_form_field_is_read_by_its_builder() -> None:
    """The forms' field ids and the intake's builders agree: each field of each form is
    used (a renamed id would otherwise be silently ignored)."""
    from cofund.intake.forms import KINDS, form_fields

    source = "".join(p.read_text(encoding="utf-8") for p in (Path(main.callback.__code__.co_filename).parents[1] / "intake").glob("*.py"))
    for kind in KINDS:
        for field in form_fields(kind):
            assert f'"{field.id}"' in source, f"{kind}.yml field {field.id} is not read"
