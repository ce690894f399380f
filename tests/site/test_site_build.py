"""`cofund build` as a publisher relies on it: reproducible, all-or-nothing, and the same
lines as `cofund validate` when the data is wrong."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

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


def test_an_engine_failure_keeps_the_previous_site(tmp_path):  # type: ignore[no-untyped-def]
    repo = small_repo(tmp_path / "repo")
    site = tmp_path / "public"
    assert cofund("build", str(repo), "--today", TODAY, "--site-dir", str(site)).returncode == 0
    before = digest(site)
    # A hand-written page linking to a page that does not exist: strict MkDocs refuses it.
    (repo / "site" / "about.md").write_text("# About\n\n[Gone](no-such-page.md)\n")
    built = cofund("build", str(repo), "--today", TODAY, "--site-dir", str(site))
    assert built.returncode == 1
    assert "could not be built" in built.stderr
    assert digest(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public", "repo"]  # no temporary folders left
