"""Where builds keep what the next build may reuse, and how it is stored.

The folder is outside the repository on purpose: a pull request can add any file inside the
repository (`git add -f` ignores .gitignore), and part of what is kept is a pickle, which
runs code when it is loaded. Nothing kept here is ever needed: a build without it does the
whole work and writes it again. `COFUND_CACHE_DIR` moves it (the tests use a temporary one);
otherwise it is `$XDG_CACHE_HOME/cofund` (by default `~/.cache/cofund`), one folder per
repository. A cache folder inside the repository is refused (CacheError).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Iterator
from importlib.metadata import version
from pathlib import Path
from typing import Any

from . import forked

_PACKAGE = Path(__file__).parent
_SCHEMAS = _PACKAGE.parent.parent / "schemas"


# A file's stat figures (inode, size, mtime) vouch for its bytes only if it was last written
# this long before they were taken: file times come from a clock that ticks every few
# milliseconds (seconds on some file systems), so a rewrite in place within one tick could
# keep them (Git's "racily clean" files). A file inside the margin is read again.
RACY_NS = 3_000_000_000

# The folder (in the cache folder) where Jinja keeps the templates it compiled, cofund's and
# the theme's: see compiled_templates_dir.
COMPILED_TEMPLATES = "templates"


class CacheError(Exception):
    """The cache folder cannot be used safely; the message says why and what to do."""


def cache_dir(repo: Path) -> Path:
    """The cache folder for the repository at `repo` (not created here)."""
    setting = os.environ.get("COFUND_CACHE_DIR")
    if setting:
        root = Path(setting).resolve()
    else:
        xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        root = Path(xdg, "cofund").resolve()
    where = repo.resolve()
    if root.is_relative_to(where):
        raise CacheError(
            f"the cache folder {root} is inside the repository {where}: a pull request could put "
            "files there, and the cache holds code. Set COFUND_CACHE_DIR to a folder outside it."
        )
    key = hashlib.blake2b(str(where).encode(), digest_size=8).hexdigest()
    return root / f"{where.name}-{key}"


def compiled_templates_dir(cache: Path) -> Path:
    """Where Jinja keeps the templates it compiled (render/templating.py). Jinja checks a
    compiled template against its source, but not against the settings it was compiled with
    (cofund's environment, or MkDocs' for the theme) nor its own version: each cofund code and
    each version of those has a folder of its own."""
    versions = " ".join(version(name) for name in ("jinja2", "mkdocs", "mkdocs-material"))
    key = hashlib.blake2b(f"{code_fingerprint()} {versions}".encode(), digest_size=8).hexdigest()
    return cache / COMPILED_TEMPLATES / key


@functools.cache  # the code that runs is the code as it was when it was imported
def code_fingerprint() -> str:
    """cofund's own code, templates and schemas, and the Python that runs them: anything kept
    by a build of other code is not reused."""
    h = hashlib.blake2b(digest_size=16)
    h.update(sys.version.encode())
    for folder in (_PACKAGE, _SCHEMAS):
        for root, dirs, names in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(names):
                if name.endswith((".pyc", ".tmp")):
                    continue
                path = os.path.join(root, name)
                with open(path, "rb") as f:
                    h.update(f"{os.path.relpath(path, folder)}\0".encode() + hashlib.blake2b(f.read()).digest())
    return h.hexdigest()


def read_kept(path: Path, key: str) -> Any | None:
    """What write_kept stored at `path` under `key`, or None (absent, another key, unreadable).
    The key is a pickle of its own, read first: a value kept by other code or on another
    day is not unpickled (a second, at national scale) only to be thrown away. If a build's
    writer is still writing it (write_kept_later), this waits for it."""
    try:
        with _locked(path, shared=True), open(path, "rb") as f:
            if pickle.load(f) != key:
                return None
            return pickle.load(f)
    except Exception:  # noqa: BLE001 - a cache that cannot be read is simply not used
        return None


def write_kept(path: Path, key: str, value: Any) -> None:
    """Store `value` whole or not at all (a temporary file renamed into place)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as f:
            pickle.dump(key, f, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_kept_later(path: Path, key: str, value: Any) -> None:
    """write_kept in a detached process, which this one does not wait for.

    Pickling a national-scale build's record takes over half a second, longer than the
    rest of a rebuild after the docs tree is written: nobody needs it until the next build,
    so nobody waits for it but the next build, if it starts before the writer is done
    (read_kept waits for the writer's lock). A writer that fails leaves the record as it
    was: the next build does more of the work. Where processes cannot fork, it is written
    here and now."""
    if not forked.can_fork():
        with contextlib.suppress(Exception):
            write_kept(path, key, value)
        return
    with _locked(path, shared=False):  # after any earlier writer; then held by the writer
        pid = os.fork()
        if pid == 0:
            try:
                # Forked again, so that no process waits for it; in a session of its own, and
                # without the caller's terminal or pipes (whoever reads this command's output
                # sees it end when the command ends).
                if os.fork() == 0:
                    os.setsid()
                    null = os.open(os.devnull, os.O_RDWR)
                    for fd in (0, 1, 2):
                        os.dup2(null, fd)
                    # Holding the lock, it is the only writer: a temporary file there is one
                    # that a writer killed mid-way (at the end of a CI job, say) left.
                    for left in path.parent.glob(f".{path.name}.*.tmp"):
                        left.unlink(missing_ok=True)
                    with contextlib.suppress(BaseException):
                        write_kept(path, key, value)
                    os._exit(0)  # the lock goes with it
            finally:
                os._exit(0)  # never the caller's exit handlers
        os.waitpid(pid, 0)
        # Leaving, this process lets go of its descriptor; the writer's holds the lock on.


@contextlib.contextmanager
def _locked(path: Path, shared: bool) -> Iterator[None]:
    """A lock beside `path` (flock, which a forked writer shares while it has the file open):
    shared to read, exclusive to write. Without one (a system or file system without flock,
    a folder that cannot be written), the reader reads what is there: the write is whole
    either way."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    lock_path = path.with_name(f".{path.name}.lock")
    try:
        if shared:
            handle = os.open(lock_path, os.O_RDONLY)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        yield
        return
    try:
        with contextlib.suppress(OSError):
            fcntl.flock(handle, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)
