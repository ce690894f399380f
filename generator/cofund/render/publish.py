"""Put a finished site in place of the old one in one step, so that the site's folder is never
missing or half-written, even if the build is killed or two builds run at once.

A build works in a staging folder beside the site's (same file system, so a rename is one
step): `.public.building-XXXX/` holds its docs tree and the site it builds. When the site is
finished, the kernel exchanges the two folders in one atomic step (Linux's renameat2 with
RENAME_EXCHANGE): `public/` now holds the new site, and the old one is in the staging folder,
which is removed. The alternative, a `public` symbolic link switched with os.replace, would
make the site's folder a link that every tool reading it (the Pages upload, the preview
artifact, a web server) must follow; with the exchange `public/` stays an ordinary folder of
real files. Two builds at once each exchange their own folder: the later one wins, and each
removes only what landed in its own staging folder. A build killed midway leaves only its
staging folder, which the next build removes (a lock tells a dead build's folder from a
running one's).

Without renameat2 (a system other than Linux, or a file system that refuses it) the old site
is renamed aside and the new one into place: two steps, with a moment between them in which
the folder is missing.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100
_LOCK = ".lock"


def _staging_prefix(site_dir: Path) -> str:
    return f".{site_dir.name}.building-"


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step; False if this system cannot (then nothing happened)."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):  # not glibc 2.28+ on Linux
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):  # the file system cannot exchange
        return False
    raise OSError(code, os.strerror(code), str(b))


def swap_in(built: Path, site_dir: Path) -> None:
    """Make `built` the site at site_dir; what was there ends up at `built` (or is gone)."""
    while True:
        try:
            os.rename(built, site_dir)  # no site yet: one step too
            return
        except OSError as error:
            if error.errno not in (errno.EEXIST, errno.ENOTEMPTY, errno.EISDIR, errno.ENOTDIR):
                raise
        try:
            if _exchange(built, site_dir):
                return
        except FileNotFoundError:  # another build's exchange took it meanwhile: try again
            continue
        aside = built.with_name(built.name + ".old")
        os.rename(site_dir, aside)
        os.rename(built, site_dir)
        return


def _locked(folder: Path, create: bool = False) -> int:
    fd = os.open(folder / _LOCK, os.O_RDWR | (os.O_CREAT if create else 0), 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        raise
    return fd


def _remove_leftovers(site_dir: Path) -> None:
    """Staging folders of builds that died (their lock is free) are removed."""
    for folder in site_dir.parent.glob(_staging_prefix(site_dir) + "*"):
        if folder.is_symlink() or not folder.is_dir():
            continue
        try:
            fd = _locked(folder)
        except OSError:
            continue  # a build is still running there (or it is not a staging folder)
        try:
            shutil.rmtree(folder, ignore_errors=True)
        finally:
            os.close(fd)


@contextmanager
def staging_folder(site_dir: Path) -> Iterator[Path]:
    """A new, locked folder beside site_dir for one build; removed when the build ends."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(site_dir)
    # Made under another name and locked before it takes its staging name, so that another
    # build never takes it for a dead build's.
    new = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.new-", dir=site_dir.parent))
    fd = _locked(new, create=True)
    folder = new.with_name(_staging_prefix(site_dir) + new.name.rsplit("-", 1)[1])
    os.rename(new, folder)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        with suppress(OSError):
            os.close(fd)
