"""preview.py, which the Preview workflow's job holding the previews repository's key runs:
the preview's address, the artifact unpacked as a plain tree of files or refused, and the
push to a real (local, bare) previews repository."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from cofund import preview
from cofund.preview import PreviewError, check_tree, preview_url, unpack, update

ROOT = Path(__file__).parents[2]
SCRIPT = ROOT / "generator" / "cofund" / "preview.py"


@pytest.mark.parametrize(("repo", "url"), [
    ("Cofund-Previews/catalogue-previews", "https://cofund-previews.github.io/catalogue-previews/pr-7/"),
    ("cofund-previews/cofund-previews.github.io", "https://cofund-previews.github.io/pr-7/"),  # a user site
])
def test_the_address_is_the_previews_repositorys_pages(repo: str, url: str) -> None:
    assert preview_url(repo, 7, "cofund") == url


@pytest.mark.parametrize(("repo", "says"), [
    ("cofund/previews", "the catalogue's own account"),  # its Pages share the catalogue's origin
    ("COFUND/previews", "the catalogue's own account"),
    ("previews", "owner/name"),
    ("a/b/c", "owner/name"),
    ("-x/previews", "owner/name"),
    ("x/..", "owner/name"),
    ("x/a b", "owner/name"),
])
def test_an_address_that_would_not_be_safe_or_real_is_refused(repo: str, says: str) -> None:
    with pytest.raises(PreviewError, match=says):
        preview_url(repo, 7, "cofund")


def _zip(path: Path, entries: list[tuple[str, bytes, int]]) -> Path:
    """entries: (name, content, unix mode); a mode of 0 leaves the type unsaid, as many zips do."""
    with zipfile.ZipFile(path, "w") as out:
        for name, content, mode in entries:
            info = zipfile.ZipInfo(name)
            info.external_attr = mode << 16
            out.writestr(info, content)
    return path


REG, LINK, DIR = stat.S_IFREG | 0o644, stat.S_IFLNK | 0o777, stat.S_IFDIR | 0o755
SITE = [("index.html", b"<h1>x</h1>", REG), ("pitches/", b"", DIR), ("pitches/a/index.html", b"a", 0),
        ("assets/javascripts/bundle.1a2b.min.js", b"//", REG), ("search/search_index.json", b"{}", REG)]


def test_a_plain_site_is_unpacked_as_it_is(tmp_path: Path) -> None:
    files, size = unpack(_zip(tmp_path / "a.zip", SITE), tmp_path / "site")
    assert (files, size) == (4, 15)
    assert (tmp_path / "site/pitches/a/index.html").read_bytes() == b"a"
    assert check_tree(tmp_path / "site") == (4, 15)


@pytest.mark.filterwarnings("ignore:Duplicate name")  # zipfile warns as it writes the twice-named entries
@pytest.mark.parametrize(("entry", "says"), [
    (("evil", b"/etc/passwd", LINK), "not a regular file"),
    (("pitches/", b"", LINK), "not a folder"),
    (("../outside.html", b"x", REG), "not a plain file or folder name"),
    (("pitches/../../outside.html", b"x", REG), "not a plain file or folder name"),
    (("/etc/cron.d/x", b"x", REG), "not a relative path"),
    (("a\\..\\b", b"x", REG), "not a relative path"),
    (("pitches/.git/config", b"[core]", REG), "starting with .git"),
    ((".gitattributes", b"* filter=x", REG), "starting with .git"),
    (("index.html", b"again", REG), "named twice"),
    (("index.html/x", b"x", REG), "inside a file"),
    (("bad\nname.html", b"x", REG), "not a plain file or folder name"),
    (("a" * 300 + ".html", b"x", REG), "not a plain file or folder name"),
])
def test_anything_but_plain_files_inside_is_refused_and_nothing_kept(
    tmp_path: Path, entry: tuple[str, bytes, int], says: str
) -> None:
    with pytest.raises(PreviewError, match=says):
        unpack(_zip(tmp_path / "a.zip", [*SITE, entry]), tmp_path / "site")
    assert not (tmp_path / "site").exists() and not (tmp_path / "outside.html").exists()


def test_the_size_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(preview, "MAX_BYTES", 10)
    with pytest.raises(PreviewError, match="unpacked"):
        unpack(_zip(tmp_path / "a.zip", SITE), tmp_path / "site")
    monkeypatch.setattr(preview, "MAX_BYTES", 10**6)
    monkeypatch.setattr(preview, "MAX_FILES", 3)
    with pytest.raises(PreviewError, match="entries"):
        unpack(_zip(tmp_path / "a.zip", [*SITE, ("b", b"", REG)]), tmp_path / "site")


def test_a_zip_that_lies_about_its_sizes_is_refused(tmp_path: Path) -> None:
    """The declared sizes are the uploader's word: 5,000 bytes that say they are 10."""
    archive = tmp_path / "a.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("big.html", b"x" * 5000)
    data = bytearray(archive.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # local and central headers
        at = data.index(signature) + offset
        data[at:at + 4] = (10).to_bytes(4, "little")
    archive.write_bytes(bytes(data))
    with pytest.raises(PreviewError):
        unpack(archive, tmp_path / "site")
    assert not (tmp_path / "site").exists()


def test_it_unpacks_only_into_a_new_folder(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "keep.html").write_text("mine")
    with pytest.raises(PreviewError, match="exists already"):
        unpack(_zip(tmp_path / "a.zip", SITE), tmp_path / "site")
    assert (tmp_path / "site" / "keep.html").read_text() == "mine"


def test_not_a_zip(tmp_path: Path) -> None:
    (tmp_path / "a.zip").write_bytes(b"PK not really")
    with pytest.raises(PreviewError, match="not a readable zip"):
        unpack(tmp_path / "a.zip", tmp_path / "site")


def test_a_tree_with_a_link_or_a_pipe_is_refused(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "pitches").mkdir(parents=True)
    (site / "index.html").write_text("x")
    os.symlink("/etc/passwd", site / "pitches" / "passwd")
    with pytest.raises(PreviewError, match="symbolic link"):
        check_tree(site)
    (site / "pitches" / "passwd").unlink()
    os.mkfifo(site / "pipe")
    with pytest.raises(PreviewError, match="not a regular file"):
        check_tree(site)


def _remote(tmp_path: Path) -> Path:
    remote = tmp_path / "previews.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    return remote


def _tree(remote: Path) -> list[str]:
    listed = subprocess.run(["git", "--git-dir", str(remote), "ls-tree", "-r", "--name-only", "main"],
                            capture_output=True, text=True, check=True)
    return listed.stdout.splitlines()


def _commits(remote: Path) -> list[str]:
    log = subprocess.run(["git", "--git-dir", str(remote), "log", "--format=%s", "main"],
                         capture_output=True, text=True, check=True)
    return log.stdout.splitlines()


def _site(tmp_path: Path, name: str, text: str) -> Path:
    site = tmp_path / name
    (site / "pitches" / "a").mkdir(parents=True, exist_ok=True)
    (site / "index.html").write_text(text)
    (site / "pitches" / "a" / "index.html").write_text(text)
    return site


def test_publish_update_and_remove_in_a_real_repository(tmp_path: Path) -> None:
    remote, site = _remote(tmp_path), _site(tmp_path, "one", "first")
    assert update(str(remote), 7, site) is True
    assert update(str(remote), 8, _site(tmp_path, "two", "other")) is True
    assert update(str(remote), 8, _site(tmp_path, "two", "other")) is False  # nothing changed
    assert _tree(remote) == [".nojekyll", "pr-7/index.html", "pr-7/pitches/a/index.html",
                             "pr-8/index.html", "pr-8/pitches/a/index.html", "robots.txt"]
    (site / "pitches" / "a" / "index.html").unlink()  # a page the next push no longer has
    assert update(str(remote), 7, site) is True
    assert "pr-7/pitches/a/index.html" not in _tree(remote)
    assert update(str(remote), 7, None) is True
    assert update(str(remote), 7, None) is False
    assert _tree(remote) == [".nojekyll", "pr-8/index.html", "pr-8/pitches/a/index.html", "robots.txt"]
    assert _commits(remote) == ["Remove the preview of #7"]  # one commit, no history to grow


def test_a_push_that_loses_a_race_is_redone_on_the_new_tip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    remote = _remote(tmp_path)
    real_git, raced = preview._git, list[bool]()

    def racing_git(work: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        if args[0] == "push" and not raced:  # another pull request's preview lands first
            raced.append(True)
            monkeypatch.setattr(preview, "_git", real_git)
            update(str(remote), 9, _site(tmp_path, "nine", "nine"))
            monkeypatch.setattr(preview, "_git", racing_git)
        return real_git(work, *args, check=check)

    monkeypatch.setattr(preview, "_git", racing_git)
    assert update(str(remote), 7, _site(tmp_path, "seven", "seven")) is True
    assert raced and {"pr-7/index.html", "pr-9/index.html"} <= set(_tree(remote))


def test_the_script_runs_alone_with_the_standard_library(tmp_path: Path) -> None:
    """The key-holding job installs nothing: the file runs isolated, away from cofund."""
    alone = tmp_path / "alone" / "preview.py"
    alone.parent.mkdir()
    shutil.copy(SCRIPT, alone)
    _zip(tmp_path / "bad.zip", [*SITE, ("evil", b"/etc/passwd", LINK)])

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-I", str(alone), *args], capture_output=True, text=True,
                              check=False, cwd=tmp_path)

    done = run("url", "--repo", "cofund-previews/previews", "--pr", "12", "--catalogue-owner", "cofund")
    assert (done.returncode, done.stdout) == (0, "https://cofund-previews.github.io/previews/pr-12/\n")
    done = run("unpack", str(tmp_path / "bad.zip"), str(tmp_path / "site"))
    assert done.returncode == 1 and done.stderr.startswith("Error: 'evil': not a regular file")
    assert len(done.stderr.splitlines()) == 1 and not (tmp_path / "site").exists()
    remote = _remote(tmp_path)
    site = _site(tmp_path, "good", "ok")
    assert run("publish", "--remote", str(remote), "--pr", "3", "--site", str(site)).stdout == "Published.\n"
    assert run("remove", "--remote", str(remote), "--pr", "3").stdout == "Removed.\n"
    done = run("url", "--repo", "cofund/previews", "--pr", "12", "--catalogue-owner", "cofund")
    assert done.returncode == 1 and "catalogue's own account" in done.stderr
    done = run("unpack", str(tmp_path / "missing.zip"), str(tmp_path / "site"))
    assert done.returncode == 1 and done.stderr.startswith("Error: ") and "Traceback" not in done.stderr
