"""Shared test helpers: build a small catalogue repository and run the real `cofund` CLI on it."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cofund.cli import main

TESTS = Path(__file__).parent
BASE_REPO = TESTS / "validate" / "cases" / "_base"
TODAY = "2026-11-24"

# Files in a case folder that describe the case rather than being part of its repository.
CASE_FILES = {"expected.txt", "remove.txt", "symlinks.txt"}


def build_case_repo(case: Path | None, into: Path) -> Path:
    """Copy the shared valid repository to `into`, then apply the case (apply_case)."""
    shutil.copytree(BASE_REPO, into)
    if case is not None:
        apply_case(case, into)
    return into


def apply_case(case: Path, into: Path, written: Callable[[Path], None] = lambda path: None) -> None:
    """Apply a case to a repository: its files overlay it (written(path) after each copy),
    remove.txt lists paths to delete, symlinks.txt lists `path -> target` links (made here,
    at run time, since links are not committed)."""
    remove = case / "remove.txt"
    if remove.exists():
        for line in remove.read_text().splitlines():
            target = into / line.strip()
            shutil.rmtree(target) if target.is_dir() else target.unlink()
    for source in sorted(case.rglob("*")):
        rel = source.relative_to(case)
        if source.is_dir() or str(rel) in CASE_FILES:
            continue
        (into / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, into / rel)
        written(into / rel)
    links = case / "symlinks.txt"
    if links.exists():
        for line in links.read_text().splitlines():
            path, target = (part.strip() for part in line.split("->"))
            (into / path).parent.mkdir(parents=True, exist_ok=True)
            os.symlink(target, into / path)


def run_cofund(*args: str) -> Result:
    """The real CLI, in-process. Exceptions are not caught, so a traceback fails the test."""
    return CliRunner(catch_exceptions=False).invoke(main, list(args), env={"COFUND_TODAY": None})


@pytest.fixture
def make_repo(tmp_path: Path) -> Callable[[Path | None], Path]:
    counter = iter(range(1000))
    return lambda case=None: build_case_repo(case, tmp_path / f"repo{next(counter)}")


@pytest.fixture
def cofund() -> Callable[..., Result]:
    return run_cofund

