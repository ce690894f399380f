"""Every folder in cases/ is a small repository (the shared _base with the case's files laid
over it) and the exact lines `cofund validate --today 2026-11-24` must print for it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

CASES = Path(__file__).parent / "cases"
NAMES = sorted(p.name for p in CASES.iterdir() if p.is_dir() and not p.name.startswith("_"))


@pytest.mark.parametrize("name", NAMES)
def test_case(name: str, make_repo: Callable[[Path | None], Path], cofund: Callable[..., Result]) -> None:
    case = CASES / name
    repo = make_repo(case)
    expected = (case / "expected.txt").read_text(encoding="utf-8")
    result = cofund("validate", str(repo), "--today", "2026-11-24")
    assert result.stdout == expected
    assert result.exit_code == (0 if expected.startswith("Valid: ") else 1)
    assert "Traceback" not in result.output


def test_every_case_says_something() -> None:
    # A case whose expected.txt is empty would pass for a repository that printed nothing.
    assert len(NAMES) > 40
    for name in NAMES:
        assert (CASES / name / "expected.txt").read_text().strip(), name
