"""cofund installed as a user installs it: a wheel built from this repository, installed
without -e into a fresh virtual environment from the lock, runs every command on catalogue
repositories that hold only data (no schemas/, no source), so everything it reads comes
from the package.

One wheel and one environment for the module (about a minute: the install from the lock).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from cofund.cli import main

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
TODAY = "2026-11-24"
# What a catalogue repository holds: its data, its hand-written pages and its settings.
CATALOGUE = ("organisations", "pitches", "funds", "site", "mkdocs.yml", "cofund.yml")
SCHEMAS = sorted(p.name for p in (ROOT / "schemas").glob("*.schema.json"))
FORMS = sorted(p.name for p in (ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.yml") if p.name != "config.yml")
# A pledge whose signatory approves the change below (GitHub's review JSON).
CHANGED_PLEDGE = "pitches/cyber-gdpr-elearning/pledges/blackpool.yml"
SIGNATORY = "aquinn-blackpool"
INTAKE_CASE = ROOT / "tests" / "intake" / "cases" / "pledge-ok"


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    # Nothing of the checkout or of the test's own environment may reach the installed cofund.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "COFUND_TODAY")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL)


def _ok(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert result.returncode == 0, f"{result.args}\n{result.stdout}\n{result.stderr}"
    return result


def _git(repo: Path, *args: str) -> None:
    _ok(_run(["git", "-c", "user.name=cofund test", "-c", "user.email=test@example.org", *args], repo))


@dataclass(frozen=True)
class Installed:
    work: Path  # a folder outside the checkout, the commands' working directory
    venv: Path
    wheel: Path

    def cofund(self, *args: str) -> subprocess.CompletedProcess[str]:
        return _run([str(self.venv / "bin" / "cofund"), *args], self.work)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    work = tmp_path_factory.mktemp("packaging")
    # The wheel is built from a copy of what it is made of, so that the build's own files
    # (build/, *.egg-info) are not left in the checkout.
    source = work / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    shutil.copytree(ROOT / "generator", source / "generator", ignore=ignore)
    wheel_dir = work / "dist"
    _ok(_run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--wheel-dir", str(wheel_dir),
              str(source)], work))
    (wheel,) = wheel_dir.glob("cofund-*.whl")

    venv = work / "venv"
    _ok(_run([sys.executable, "-m", "venv", str(venv)], work))
    python = str(venv / "bin" / "python")
    _ok(_run([python, "-m", "pip", "install", "--require-hashes", "--no-deps", "-r",
              str(ROOT / "requirements" / "run.txt")], work))
    _ok(_run([python, "-m", "pip", "install", "--no-deps", str(wheel)], work))
    _ok(_run([python, "-m", "pip", "check"], work))  # the lock holds everything the wheel needs
    return Installed(work, venv, wheel)


@pytest.fixture(scope="module")
def catalogue(installed: Installed) -> Path:
    """A Git repository with a copy of the sample catalogue on `main`, and a branch `change`
    that changes one organisation's pledge."""
    repo = installed.work / "catalogue"
    repo.mkdir()
    for name in CATALOGUE:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, repo / name)
        else:
            shutil.copy2(source, repo / name)
    _git(repo, "init", "--quiet", "--initial-branch=main")
    _git(repo, "add", "--all")
    _git(repo, "commit", "--quiet", "-m", "The sample catalogue")
    _git(repo, "checkout", "--quiet", "-b", "change")
    pledge = repo / CHANGED_PLEDGE
    text = pledge.read_text(encoding="utf-8")
    pledge.write_text(text.replace("in_kind: Hosted", "in_kind: Hosted and extended"), encoding="utf-8")
    _git(repo, "commit", "--quiet", "-am", "Blackpool's pledge: what it gives in kind")
    _git(repo, "checkout", "--quiet", "main")
    return repo


def test_the_wheel_carries_the_schemas_and_issue_forms(installed: Installed) -> None:
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    for schema in SCHEMAS:
        assert f"cofund/data/schemas/{schema}" in names
    for form in FORMS:
        assert f"cofund/data/issue_forms/{form}" in names
    assert not {name for name in names if not name.startswith(("cofund/", "cofund-"))}, "only the package"


def test_cofund_runs_from_the_environment_not_the_checkout(installed: Installed) -> None:
    where = _ok(_run([str(installed.venv / "bin" / "python"), "-c", "import cofund; print(cofund.__file__)"],
                     installed.work))
    assert Path(where.stdout.strip()).is_relative_to(installed.venv / "lib")


def test_validate(installed: Installed, catalogue: Path) -> None:
    result = _ok(installed.cofund("validate", str(catalogue), "--today", TODAY))
    assert result.stdout.startswith("Valid: ")


def test_validate_judges_by_the_packaged_schemas(installed: Installed, catalogue: Path, tmp_path: Path) -> None:
    repo = tmp_path / "catalogue"
    shutil.copytree(catalogue, repo, ignore=shutil.ignore_patterns(".git"))
    pledge = repo / CHANGED_PLEDGE
    pledge.write_text(pledge.read_text(encoding="utf-8").replace("status: paid", "status: promised"), encoding="utf-8")
    result = installed.cofund("validate", str(repo), "--today", TODAY)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{CHANGED_PLEDGE}:4:1: status: 'promised' is not one of the choices" in result.stdout, result.stdout


def test_export_gives_what_the_checkout_gives(installed: Installed, catalogue: Path) -> None:
    result = _ok(installed.cofund("export", str(catalogue), "--today", TODAY))
    from_checkout = CliRunner().invoke(main, ["export", str(catalogue), "--today", TODAY])
    assert from_checkout.exit_code == 0, from_checkout.output
    assert json.loads(result.stdout) == json.loads(from_checkout.stdout)


def test_build(installed: Installed, catalogue: Path) -> None:
    site = installed.work / "site"
    _ok(installed.cofund("build", str(catalogue), "--today", TODAY, "--site-dir", str(site)))
    assert (site / "index.html").is_file()
    assert (site / "pitches" / "cyber-gdpr-elearning" / "index.html").is_file()
    for schema in SCHEMAS:  # the open-data downloads include the schemas, from the package
        assert (site / "data" / "schemas" / schema).read_bytes() == (ROOT / "schemas" / schema).read_bytes()


def test_check_pr(installed: Installed, catalogue: Path) -> None:
    args = ("check-pr", str(catalogue), "--base", "main", "--head", "change", "--today", TODAY)
    waiting = installed.cofund(*args)
    assert waiting.returncode == 1, waiting.stdout + waiting.stderr
    assert "[MISSING] a signatory of Blackpool Council" in waiting.stdout

    head = _ok(_run(["git", "rev-parse", "change"], catalogue)).stdout.strip()
    reviews = installed.work / "reviews.json"
    reviews.write_text(json.dumps([{"user": {"login": SIGNATORY}, "state": "APPROVED", "commit_id": head,
                                    "submitted_at": f"{TODAY}T10:00:00Z"}]), encoding="utf-8")
    approved = _ok(installed.cofund(*args, "--reviews", str(reviews)))
    assert f"approved by @{SIGNATORY}" in approved.stdout


def test_intake(installed: Installed, tmp_path: Path) -> None:
    """A real intake: tests/intake's pledge-ok case, whose form the package supplies."""
    case = yaml.safe_load((INTAKE_CASE / "case.yml").read_text(encoding="utf-8"))
    repo = tmp_path / "catalogue"
    shutil.copytree(ROOT / "tests" / "prcheck" / "base", repo)
    result = _ok(installed.cofund("intake", "--form", case["form"], "--body", str(INTAKE_CASE / "body.md"),
                                  "--author", case["author"], "--repo", str(repo), "--today", TODAY))
    assert result.stdout.splitlines()[0] == case["expect"]["path"]
    written = (repo / case["expect"]["path"]).read_text(encoding="utf-8")
    assert written == (INTAKE_CASE / "expected.yml").read_text(encoding="utf-8")
