"""Each pull request's site, published for anyone to open: where it lives, and how it gets there.

A preview is HTML that a pull request's own code built, so it is served from another origin
than the catalogue: the Pages site of a repository of its own (COFUND_PREVIEW_REPO), owned by
another account than the catalogue's, one folder `pr-<N>/` per pull request. The Preview
workflow downloads the PR check's `site-preview` artifact, unpacks it here (regular files
and folders only, inside the folder, within size limits) and pushes it; it removes the
folder when the pull request closes.

The job that holds the previews repository's key installs nothing, so this module uses the
standard library only and runs as a script (`python3 -I generator/cofund/preview.py ...`);
cofund imports it too (its functions are tested in Python, not as shell).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

MAX_BYTES = 300 * 1024 * 1024  # unpacked; the sample catalogue's site is about 7 MB
MAX_FILES = 50_000
MAX_ZIP_BYTES = 200 * 1024 * 1024
MAX_NAME = 255  # bytes in one path component, as most file systems allow
MAX_PATH = 1024
BRANCH = "main"  # the previews repository's Pages branch
_CHUNK = 1 << 20

# GitHub's rules for an account and a repository name.
_OWNER = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}")
_NAME = re.compile(r"[A-Za-z0-9._-]{1,100}")
# Characters a name in the site may hold: what MkDocs writes (and nothing that needs quoting in a URL).
_COMPONENT = re.compile(r"[A-Za-z0-9._~@+=,-]+")


class PreviewError(Exception):
    """The preview cannot be published as asked; the message says why, for the job's log."""


def preview_url(repo: str, pr: int, catalogue_owner: str) -> str:
    """The address of pull request `pr`'s preview in the previews repository `repo` (owner/name).

    GitHub Pages serves every project site of an account from one origin,
    https://<owner>.github.io: a previews repository of the catalogue's own account would
    serve PR-built scripts from the catalogue's origin, so it is refused."""
    owner, _, name = repo.partition("/")
    if not (_OWNER.fullmatch(owner) and _NAME.fullmatch(name) and name not in (".", "..")):
        raise PreviewError(f"COFUND_PREVIEW_REPO {repo!r} is not a repository written owner/name")
    if owner.lower() == catalogue_owner.lower():
        raise PreviewError(
            f"COFUND_PREVIEW_REPO {repo!r} belongs to the catalogue's own account, whose Pages share the "
            "catalogue's origin: use a repository of another account (README, For maintainers)"
        )
    if pr < 1:
        raise PreviewError(f"{pr} is not a pull request number")
    host = f"{owner.lower()}.github.io"
    path = "" if name.lower() == host else f"{name}/"
    return f"https://{host}/{path}pr-{pr}/"


def _safe_parts(name: str) -> tuple[str, ...]:
    """The components of a relative path inside the preview, or PreviewError saying what is wrong."""
    if "\\" in name or name.startswith("/") or len(name.encode()) > MAX_PATH:
        raise PreviewError(f"{name!r}: not a relative path inside the site")
    parts = tuple(p for p in PurePosixPath(name).parts)
    if not parts:
        raise PreviewError(f"{name!r}: an empty name")
    for part in parts:
        if part in (".", "..") or len(part.encode()) > MAX_NAME or not _COMPONENT.fullmatch(part):
            raise PreviewError(f"{name!r}: {part!r} is not a plain file or folder name")
        if part.lower().startswith(".git"):  # Git would read it as its own (a nested repository, attributes)
            raise PreviewError(f"{name!r}: a name starting with .git")
    return parts


def _entry_type(info: zipfile.ZipInfo) -> str:
    kind = stat.S_IFMT(info.external_attr >> 16)  # 0 when the zip does not say (many do not)
    if info.flag_bits & 0x1:
        raise PreviewError(f"{info.filename!r}: an encrypted entry")
    if info.is_dir():
        if kind and kind != stat.S_IFDIR:
            raise PreviewError(f"{info.filename!r}: a folder entry that is not a folder")
        return "dir"
    if kind and kind != stat.S_IFREG:
        raise PreviewError(f"{info.filename!r}: not a regular file (a symbolic link or a device)")
    return "file"


def unpack(archive: Path, into: Path) -> tuple[int, int]:
    """Unpack the artifact's zip into the new folder `into`: regular files and folders only,
    every one inside it, within MAX_FILES and MAX_BYTES. Returns (files, bytes). On any
    problem it raises PreviewError, and `into` is removed."""
    if archive.stat().st_size > MAX_ZIP_BYTES:
        raise PreviewError(f"the artifact is over {MAX_ZIP_BYTES // 2**20} MB")
    if into.exists() or into.is_symlink():
        raise PreviewError(f"{into} exists already: unpack into a new folder")
    into.mkdir()
    try:
        counts = _unpack(archive, into)
        check_tree(into)
        return counts
    except (PreviewError, zipfile.BadZipFile, OSError, EOFError) as error:
        shutil.rmtree(into, ignore_errors=True)
        if isinstance(error, PreviewError):
            raise
        raise PreviewError(f"the artifact is not a readable zip: {error}") from None


def _unpack(archive: Path, into: Path) -> tuple[int, int]:
    with zipfile.ZipFile(archive) as zipped:
        entries = zipped.infolist()
        if len(entries) > MAX_FILES:
            raise PreviewError(f"more than {MAX_FILES} entries")
        seen: dict[tuple[str, ...], str] = {}
        for info in entries:  # every name and type is checked before anything is written
            parts, kind = _safe_parts(info.filename.rstrip("/")), _entry_type(info)
            for depth in range(1, len(parts)):
                if seen.setdefault(parts[:depth], "dir") != "dir":
                    raise PreviewError(f"{info.filename!r}: inside a file")
            if parts in seen and (kind == "file" or seen[parts] == "file"):
                raise PreviewError(f"{info.filename!r}: named twice")
            seen[parts] = kind
        if sum(i.file_size for i in entries) > MAX_BYTES:
            raise PreviewError(f"over {MAX_BYTES // 2**20} MB unpacked")
        written = files = 0
        for info in entries:
            target = into.joinpath(*_safe_parts(info.filename.rstrip("/")))
            if info.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            # Counted as read, not as declared: a zip's sizes are the uploader's word.
            with zipped.open(info) as source, open(target, "xb") as out:
                while chunk := source.read(_CHUNK):
                    written += len(chunk)
                    if written > MAX_BYTES:
                        raise PreviewError(f"over {MAX_BYTES // 2**20} MB unpacked")
                    out.write(chunk)
            files += 1
    return files, written


def check_tree(root: Path) -> tuple[int, int]:
    """A plain tree: folders and regular files only (no link, device or pipe), each name one
    _safe_parts accepts, within MAX_FILES and MAX_BYTES. Returns (files, bytes)."""
    files = size = 0
    stack = [root]
    while stack:
        folder = stack.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                rel = Path(entry.path).relative_to(root).as_posix()
                _safe_parts(rel)
                mode = entry.stat(follow_symlinks=False).st_mode
                if stat.S_ISDIR(mode):
                    stack.append(Path(entry.path))
                elif stat.S_ISREG(mode):
                    files += 1
                    size += entry.stat(follow_symlinks=False).st_size
                else:
                    raise PreviewError(f"{rel!r}: not a regular file or folder (a symbolic link or a device)")
                if files > MAX_FILES or size > MAX_BYTES:
                    raise PreviewError(f"over {MAX_FILES} files or {MAX_BYTES // 2**20} MB")
    return files, size


def _git(work: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GIT_AUTHOR_NAME": "cofund preview", "GIT_COMMITTER_NAME": "cofund preview",
           "GIT_AUTHOR_EMAIL": "cofund-preview@users.noreply.github.com",
           "GIT_COMMITTER_EMAIL": "cofund-preview@users.noreply.github.com", "GIT_TERMINAL_PROMPT": "0"}
    done = subprocess.run(["git", *args], cwd=work, env=env, capture_output=True, text=True, check=False)
    if check and done.returncode != 0:
        raise PreviewError(f"git {args[0]} failed: {done.stderr.strip()}")
    return done


ROBOTS = "User-agent: *\nDisallow: /\n"  # previews are not for search engines


def update(remote: str, pr: int, site: Path | None, attempts: int = 5) -> bool:
    """Put `site` at pr-<N>/ of the previews repository's BRANCH (or, with site None, remove
    pr-<N>/), as one commit with no parent: the repository keeps the current previews only,
    never their history. A push that lost a race with another pull request's is redone on
    the new tip. Returns False when there was nothing to change."""
    if pr < 1:
        raise PreviewError(f"{pr} is not a pull request number")
    folder = f"pr-{pr}"
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        _git(work, "init", "-q", "-b", BRANCH)
        for _ in range(attempts):
            listed = _git(work, "ls-remote", "--", remote, f"refs/heads/{BRANCH}").stdout.split()
            tip = listed[0] if listed else ""
            if tip:  # the tip's files, and nothing else: a lost race's attempt is undone
                _git(work, "fetch", "-q", "--depth", "1", "--no-tags", "--", remote, f"refs/heads/{BRANCH}")
                _git(work, "read-tree", "--reset", "-u", tip)
            else:
                _git(work, "read-tree", "--empty")
            _git(work, "clean", "-q", "-d", "-x", "--force")
            shutil.rmtree(work / folder, ignore_errors=True)
            if site is not None:
                shutil.copytree(site, work / folder, symlinks=True)
            (work / ".nojekyll").write_text("", encoding="utf-8")  # Pages serves the files as they are
            (work / "robots.txt").write_text(ROBOTS, encoding="utf-8")
            _git(work, "add", "-A", ".")
            tree = _git(work, "write-tree").stdout.strip()
            if tip and tree == _git(work, "rev-parse", f"{tip}^{{tree}}").stdout.strip():
                return False
            what = f"Preview of pull request #{pr}" if site is not None else f"Remove the preview of #{pr}"
            commit = _git(work, "commit-tree", tree, "-m", what).stdout.strip()
            pushed = _git(work, "push", "-q", f"--force-with-lease=refs/heads/{BRANCH}:{tip}", "--", remote,
                          f"{commit}:refs/heads/{BRANCH}", check=False)
            if pushed.returncode == 0:
                return True
        raise PreviewError(f"could not push to the previews repository in {attempts} tries: {pushed.stderr.strip()}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="preview.py", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    url = commands.add_parser("url", help="print a pull request's preview address")
    url.add_argument("--repo", required=True, help="the previews repository, owner/name")
    url.add_argument("--pr", required=True, type=int)
    url.add_argument("--catalogue-owner", required=True, help="the account that owns the catalogue")
    unpacking = commands.add_parser("unpack", help="unpack and check the site-preview artifact")
    unpacking.add_argument("archive", type=Path)
    unpacking.add_argument("into", type=Path)
    publish = commands.add_parser("publish", help="put a site at pr-<N>/ of the previews repository")
    publish.add_argument("--remote", required=True)
    publish.add_argument("--pr", required=True, type=int)
    publish.add_argument("--site", required=True, type=Path)
    remove = commands.add_parser("remove", help="remove pr-<N>/ from the previews repository")
    remove.add_argument("--remote", required=True)
    remove.add_argument("--pr", required=True, type=int)
    args = parser.parse_args(argv)
    try:
        if args.command == "url":
            print(preview_url(args.repo, args.pr, args.catalogue_owner))
        elif args.command == "unpack":
            files, size = unpack(args.archive, args.into)
            print(f"Unpacked {files} files, {size / 2**20:.1f} MB.")
        elif args.command == "publish":
            check_tree(args.site)
            print("Published." if update(args.remote, args.pr, args.site) else "Already up to date.")
        else:
            print("Removed." if update(args.remote, args.pr, None) else "There was no preview to remove.")
    except (PreviewError, OSError) as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
