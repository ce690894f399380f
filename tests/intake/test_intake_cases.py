"""Each folder in cases/: a form body exactly as GitHub renders it, run through `cofund intake`
against the test catalogue (tests/prcheck/base), and the file or the problems it must give.

A case's own repo/ folder, if any, is laid over the test catalogue (an organisation in Wales,
say). The Welsh forms' cases (`*-welsh-*`) hold bodies exactly as GitHub renders the .cy.yml
forms: Welsh headings and Welsh option labels.

case.yml: `form`, `author`, optional `issue`, and `expect`: `exit`; on success `path` (the file
written, equal to expected.yml byte for byte) and `output` lines (of the pull request's title
and body); on failure `problems`, every problem in plain words, all at once, and nothing
written. The comment printed for the issue is checked to be safe Markdown, and `comment`
lines, when given, must be in it exactly.
"""

from __future__ import annotations

import json
import re
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
    if (case / "repo").is_dir():
        shutil.copytree(case / "repo", repo, dirs_exist_ok=True)
    before = _snapshot(repo)
    args = ["intake", "--form", spec["form"], "--body", str(case / "body.md"), "--author", spec["author"],
            "--repo", str(repo), "--today", TODAY, "--result", str(tmp_path / "result.json")]
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
        # The only people mentioned are the form's author and signatories read from the catalogue.
        mentioned = set(re.findall(r"@([A-Za-z0-9-]+)", _outside_code("\n".join(lines[2:]))))
        assert mentioned <= {spec["author"], *_signatories(repo)}, result.output
        # The file it wrote is valid in the whole catalogue, as `cofund validate` sees it.
        check = CliRunner().invoke(main, ["validate", str(repo), "--today", TODAY])
        assert check.exit_code == 0, check.output
    else:
        assert _snapshot(repo) == before, "a refused form must write nothing"
        problems = json.loads((tmp_path / "result.json").read_text(encoding="utf-8"))["problems"]
        assert problems == expect["problems"], result.output
        items = [line for line in result.output.splitlines() if line.startswith("- **")]
        assert len(items) == len(problems), result.output
        _assert_safe_markdown(result.output)
        for line in expect.get("comment", []):
            assert line in result.output.splitlines(), result.output


def _outside_code(markdown: str) -> str:
    return re.sub(r"(`+)(?:(?!\1).)*?\1", "", markdown)


def _signatories(repo: Path) -> set[str]:
    return {s["github"] for p in (repo / "organisations").glob("*.yml")
            for s in yaml.safe_load(p.read_text(encoding="utf-8"))["signatories"]}


def _assert_safe_markdown(comment: str) -> None:
    """No backslash escapes (GitHub shows some of them), no live @mention or web address
    outside code spans."""
    assert "\\" not in comment, comment
    outside = _outside_code(comment)
    assert not re.search(r"@[A-Za-z0-9]", outside), comment
    assert not re.search(r"(?i)(https?://|www\.)", outside), comment


def test_every_form_field_is_read_by_its_builder() -> None:
    """The forms' field ids and the intake's builders agree: each field of each form is
    used (a renamed id would otherwise be silently ignored)."""
    from cofund.intake.forms import KINDS, form_fields

    package = Path(main.callback.__code__.co_filename).parents[1]
    source = "".join(p.read_text(encoding="utf-8") for p in (package / "intake").glob("*.py"))
    for kind in KINDS:
        for field in form_fields(kind):
            if field.id == "confirm":
                continue  # every form's tick box, checked by its id in run.py
            assert f'"{field.id}"' in source, f"{kind}.yml field {field.id} is not read"
