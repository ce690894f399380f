"""`cofund build` as a publisher relies on it: reproducible, all-or-nothing, the same lines as
`cofund validate` when the data is wrong; and its own run of the engine (on every core, and
keeping the previous site's unchanged pages) gives exactly the site MkDocs itself builds."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import git
import pytest
from browsing import ROOT, TODAY, cofund


def digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_same_data_and_today_give_the_same_bytes(built_site, tmp_path):  # type: ignore[no-untyped-def]
    again = tmp_path / "again"
    result = cofund("build", str(ROOT), "--today", TODAY, "--site-dir", str(again))
    assert result.returncode == 0, result.stderr
    first, second = digest(built_site.root), digest(again)
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def small_repo(into: Path) -> Path:
    shutil.copytree(ROOT / "tests" / "validate" / "cases" / "_base", into)
    shutil.copy(ROOT / "mkdocs.yml", into / "mkdocs.yml")
    shutil.copytree(ROOT / "site", into / "site")
    (into / "generator").symlink_to(ROOT / "generator")  # the theme overrides mkdocs.yml names
    return into


def test_invalid_data_prints_the_validate_lines_and_keeps_the_site(tmp_path):  # type: ignore[no-untyped-def]
    repo = small_repo(tmp_path / "repo")
    site = tmp_path / "public"
    assert cofund("build", str(repo), "--today", TODAY, "--site-dir", str(site)).returncode == 0
    before = digest(site)
    pledge = repo / "pitches" / "cyber-elearning" / "pledges" / "leeds.yml"
    pledge.write_text(pledge.read_text().replace("signatory: ", "signatory: nobody-", 1))
    validated = cofund("validate", str(repo), "--today", TODAY)
    built = cofund("build", str(repo), "--today", TODAY, "--site-dir", str(site))
    assert validated.returncode == built.returncode == 1
    assert built.stdout == validated.stdout and "leeds.yml" in built.stdout
    assert digest(site) == before


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_engine_failure_keeps_the_previous_site(tmp_path, jobs):  # type: ignore[no-untyped-def]
    repo = small_repo(tmp_path / "repo")
    site = tmp_path / "public"
    assert cofund("build", str(repo), "--today", TODAY, "--site-dir", str(site), "--jobs", jobs).returncode == 0
    before = digest(site)
    # A hand-written page linking to a page that does not exist: strict MkDocs refuses it
    # (with two jobs, the warning is logged in a worker process, unless the rebuild is small
    # enough to stay in one: tests/render/test_engine_incremental.py has both).
    (repo / "site" / "about.md").write_text("# About\n\n[Gone](no-such-page.md)\n")
    built = cofund("build", str(repo), "--today", TODAY, "--site-dir", str(site), "--jobs", jobs)
    assert built.returncode == 1
    assert "could not be built" in built.stderr
    assert digest(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public", "repo"]  # no temporary folders left


# -- cofund's run of the engine: every core, and only what changed (render/engine_build.py)

def sample_repo(into: Path) -> Path:
    """A copy of this repository's sample catalogue, as a Git repository of its own."""
    into.mkdir(parents=True)
    for name in ("cofund.yml", "mkdocs.yml"):
        shutil.copy(ROOT / name, into / name)
    for name in ("organisations", "pitches", "schemas", "site"):
        shutil.copytree(ROOT / name, into / name)
    (into / "generator").symlink_to(ROOT / "generator")  # the theme overrides mkdocs.yml names
    repo = git.Repo.init(into)
    with repo.config_writer() as config:
        config.set_value("user", "name", "Test").set_value("user", "email", "test@example.org")
    repo.git.add("cofund.yml", "organisations", "pitches")
    repo.git.commit("-m", "Sample catalogue")
    return into


def build(repo: Path, site: Path, *options: str) -> None:
    result = cofund("build", str(repo), "--today", TODAY, "--site-dir", str(site), *options)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_engine_on_every_core_builds_what_mkdocs_builds(tmp_path):  # type: ignore[no-untyped-def]
    repo = sample_repo(tmp_path / "repo")
    build(repo, tmp_path / "cofund", "--jobs", "3")
    # Plain `mkdocs build` (one process, MkDocs' own loop, the cofund plugin generating the
    # tree) with the same date as `cofund build` gives the sitemap.
    epoch = int(dt.datetime.fromisoformat(f"{TODAY}T00:00:00+00:00").timestamp())
    env = {**os.environ, "COFUND_TODAY": TODAY, "SOURCE_DATE_EPOCH": str(epoch)}
    mkdocs = Path(sys.executable).with_name("mkdocs")
    done = subprocess.run([str(mkdocs), "build", "-q", "-d", str(tmp_path / "mkdocs")], cwd=repo, env=env,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    # Byte for byte, the search index too (cofund reads only each page's indexed top).
    assert digest(tmp_path / "cofund") == digest(tmp_path / "mkdocs")


def change_a_pledge(repo: Path) -> None:
    pledge = repo / "pitches" / "adult-social-care-self-assessment" / "pledges" / "calderdale.yml"
    pledge.write_text(pledge.read_text().replace("amount: 20000", "amount: 25000"))


def retitle_a_pitch(repo: Path) -> None:
    pitch = repo / "pitches" / "foi-request-handling" / "pitch.yml"
    pitch.write_text(pitch.read_text().replace("title: Shared freedom of", "title: Joint freedom of", 1))


def remove_a_pitch(repo: Path) -> None:
    shutil.rmtree(repo / "pitches" / "blockchain-local-government-research")


def change_the_theme_settings(repo: Path) -> None:
    config = repo / "mkdocs.yml"
    config.write_text(config.read_text().replace("    - navigation.top\n", ""))


def commit_a_change(repo: Path) -> None:
    change_a_pledge(repo)
    git.Repo(repo).git.commit("-am", "Calderdale raises its pledge")


CHANGES = [change_a_pledge, retitle_a_pitch, remove_a_pitch, change_the_theme_settings, commit_a_change]
UNTOUCHED = "pitches/school-admission-appeals/index.html"  # a page none of the changes affect


@pytest.mark.parametrize("change", CHANGES, ids=[c.__name__ for c in CHANGES])
def test_a_rebuild_gives_the_site_a_full_build_gives(tmp_path, change):  # type: ignore[no-untyped-def]
    repo = sample_repo(tmp_path / "repo")
    site = tmp_path / "site"
    build(repo, site, "--jobs", "2")
    before = digest(site)
    untouched = (site / UNTOUCHED).stat().st_ino
    change(repo)
    build(repo, site, "--jobs", "2")  # A -> B, keeping what it can
    build(repo, tmp_path / "full", "--jobs", "1", "--no-cache")  # B from nothing
    after = digest(site)
    assert after == digest(tmp_path / "full")
    assert after != before
    # Only a change that could touch every page means building every page again.
    kept = (site / UNTOUCHED).stat().st_ino == untouched
    assert kept == (change not in (remove_a_pitch, change_the_theme_settings))


def test_settings_from_the_environment_count(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    # The engine's record is keyed on the settings MkDocs read, not on mkdocs.yml's bytes.
    repo = sample_repo(tmp_path / "repo")
    config = repo / "mkdocs.yml"
    text, count = re.subn(r"(?m)^site_url: .*$", "site_url: !ENV [COFUND_TEST_SITE_URL, 'https://a.example/']",
                          config.read_text())
    assert count == 1
    config.write_text(text)
    site = tmp_path / "site"
    monkeypatch.setenv("COFUND_TEST_SITE_URL", "https://a.example/")
    build(repo, site)
    monkeypatch.setenv("COFUND_TEST_SITE_URL", "https://b.example/")
    build(repo, site)
    build(repo, tmp_path / "full", "--no-cache")
    assert digest(site) == digest(tmp_path / "full")
    assert "https://b.example/" in (site / UNTOUCHED).read_text()


def test_no_cache_builds_every_page_again(tmp_path):  # type: ignore[no-untyped-def]
    repo = sample_repo(tmp_path / "repo")
    site = tmp_path / "site"
    build(repo, site)
    page = site / UNTOUCHED
    page.write_text(page.read_text() + "<!-- edited by hand -->")  # behind the build's back
    build(repo, site, "--no-cache")
    assert "edited by hand" not in page.read_text()
    build(repo, tmp_path / "full", "--no-cache")
    assert digest(site) == digest(tmp_path / "full")


def test_a_cache_folder_that_cannot_be_used_is_done_without(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    repo = small_repo(tmp_path / "repo")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("COFUND_CACHE_DIR", str(blocker))
    for _ in range(2):
        result = cofund("build", str(repo), "--today", TODAY, "--site-dir", str(tmp_path / "site"))
        assert result.returncode == 0, result.stderr
        assert "the cache folder cannot be used" in result.stderr and "Traceback" not in result.stderr


def test_a_cache_folder_inside_the_repository_is_refused(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    repo = small_repo(tmp_path / "repo")
    monkeypatch.setenv("COFUND_CACHE_DIR", str(repo / ".cofund-cache"))
    result = cofund("build", str(repo), "--today", TODAY, "--site-dir", str(tmp_path / "site"))
    assert result.returncode == 2 and "inside the repository" in result.stderr
    assert not (repo / ".cofund-cache").exists() and not (tmp_path / "site").exists()


def test_a_site_folder_that_is_a_link_is_refused(tmp_path):  # type: ignore[no-untyped-def]
    repo = small_repo(tmp_path / "repo")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("not the site's")
    (tmp_path / "site").symlink_to(elsewhere)
    result = cofund("build", str(repo), "--today", TODAY, "--site-dir", str(tmp_path / "site"))
    assert result.returncode == 1 and "symbolic link" in result.stderr
    assert (elsewhere / "keep.txt").read_text() == "not the site's"
