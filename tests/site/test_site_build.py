"""`cofund build` as a publisher relies on it: reproducible, all-or-nothing, the same lines as
`cofund validate` when the data is wrong, the site MkDocs itself builds through the plugin,
and a site folder that is never missing, even with two builds at once."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import git
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
    assert "could not be built" in built.stderr and "Traceback" not in built.stderr
    assert digest(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public", "repo"]  # no staging folder left


# -- the engine: MkDocs' own build, and the swap of the finished site

def sample_repo(into: Path) -> Path:
    """A copy of this repository's sample catalogue, as a Git repository of its own."""
    into.mkdir(parents=True)
    for name in ("cofund.yml", "mkdocs.yml"):
        shutil.copy(ROOT / name, into / name)
    for name in ("organisations", "pitches", "funds", "site"):
        shutil.copytree(ROOT / name, into / name)
    shutil.copytree(ROOT / "generated", into / "generated")  # docs_dir, as a clone has it (empty)
    repo = git.Repo.init(into)
    with repo.config_writer() as config:
        config.set_value("user", "name", "Test").set_value("user", "email", "test@example.org")
    repo.git.add("cofund.yml", "organisations", "pitches", "funds")
    repo.git.commit("-m", "Sample catalogue")
    return into


def build(repo: Path, site: Path, *options: str) -> None:
    result = cofund("build", str(repo), "--today", TODAY, "--site-dir", str(site), *options)
    assert result.returncode == 0, result.stdout + result.stderr


def test_cofund_build_builds_what_plain_mkdocs_builds(tmp_path):  # type: ignore[no-untyped-def]
    repo = sample_repo(tmp_path / "repo")
    build(repo, tmp_path / "cofund")
    # Plain `mkdocs build` (the cofund plugin loading the data and generating the tree) with
    # the same date as `cofund build` gives the sitemap.
    epoch = int(dt.datetime.fromisoformat(f"{TODAY}T00:00:00+00:00").timestamp())
    env = {**os.environ, "COFUND_TODAY": TODAY, "SOURCE_DATE_EPOCH": str(epoch)}
    mkdocs = Path(sys.executable).with_name("mkdocs")
    done = subprocess.run([str(mkdocs), "build", "-q", "-d", str(tmp_path / "mkdocs")], cwd=repo, env=env,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    # Byte for byte, the search index too: plain MkDocs builds the English site; the Welsh
    # is the same command with COFUND_LANGUAGE=cy, as cofund build's cy/ folder.
    built = digest(tmp_path / "cofund")
    assert {k: v for k, v in built.items() if not k.startswith("cy/")} == digest(tmp_path / "mkdocs")
    env["COFUND_LANGUAGE"] = "cy"
    done = subprocess.run([str(mkdocs), "build", "-q", "-d", str(tmp_path / "mkdocs-cy")], cwd=repo, env=env,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert {k[3:]: v for k, v in built.items() if k.startswith("cy/")} == digest(tmp_path / "mkdocs-cy")


def test_two_builds_at_once_both_succeed_and_leave_one_whole_site(tmp_path):  # type: ignore[no-untyped-def]
    repo = small_repo(tmp_path / "repo")
    site = tmp_path / "public"
    build(repo, site)
    before = digest(site)
    exe = Path(sys.executable).with_name("cofund")
    runs = [subprocess.Popen([str(exe), "build", str(repo), "--today", TODAY, "--site-dir", str(site)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    seen_missing = False
    while any(run.poll() is None for run in runs):
        seen_missing = seen_missing or not (site / "index.html").is_file()
        time.sleep(0.002)
    for run in runs:
        out, err = run.communicate()
        assert run.returncode == 0 and "Traceback" not in err, out + err
    assert not seen_missing  # the site was there, whole, all the while
    assert site.is_dir() and not site.is_symlink()  # a folder of real files, for the Pages upload
    assert digest(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public", "repo"]


def test_a_killed_builds_staging_folder_is_removed_by_the_next(tmp_path):  # type: ignore[no-untyped-def]
    repo = small_repo(tmp_path / "repo")
    site = tmp_path / "public"
    exe = Path(sys.executable).with_name("cofund")
    run = subprocess.Popen([str(exe), "build", str(repo), "--today", TODAY, "--site-dir", str(site)])
    while not list(tmp_path.glob(".public.building-*/site")) and run.poll() is None:
        time.sleep(0.01)
    run.kill()
    run.wait()
    build(repo, site)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public", "repo"]
    assert (site / "index.html").is_file()


def test_a_site_folder_that_is_a_link_is_refused(tmp_path):  # type: ignore[no-untyped-def]
    repo = small_repo(tmp_path / "repo")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("not the site's")
    (tmp_path / "site").symlink_to(elsewhere)
    result = cofund("build", str(repo), "--today", TODAY, "--site-dir", str(tmp_path / "site"))
    assert result.returncode == 1 and "symbolic link" in result.stderr
    assert (elsewhere / "keep.txt").read_text() == "not the site's"
