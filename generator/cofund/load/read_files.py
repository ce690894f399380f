"""Stage 1, load: read every data file in a source into parsed YAML, or into problems."""

from __future__ import annotations

import gc
import itertools
import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass

from ..problems import WHOLE_FILE, Problem, field_path
from .layout import DATA_FOLDERS, Kind, NotInLayout, Place, place_of
from .safe_yaml import MAX_BYTES, Parsed, YamlRefused, parse_yaml
from .sources import Entry, Source

PARALLEL_FROM = 5_000  # files: see _all_parsed
CHUNK = 500  # files a worker parses at a time: few enough round trips, an even share at the end


@dataclass(frozen=True)
class DataFile:
    """One data file, parsed: where it is, what kind it is, and its contents."""

    path: str
    place: Place
    parsed: Parsed

    @property
    def kind(self) -> Kind:
        return self.place.kind


@dataclass(frozen=True)
class Loaded:
    """Every data file that loaded, and a problem for every one that did not.

    `places` names every file whose path is a valid place in the layout, loaded or not, so
    that a later stage can tell "organisations/x.yml is missing" from "organisations/x.yml
    is there but broken" (which is reported once, on that file).
    """

    files: tuple[DataFile, ...]
    problems: tuple[Problem, ...]
    places: tuple[tuple[str, Place], ...] = ()


def _whole_file(path: str, message: str) -> Problem:
    return Problem(path, 1, 1, WHOLE_FILE, message)


def place_or_problem(entry: Entry) -> Place | Problem:
    """Where the entry sits in the layout, or why it may not be there."""
    if entry.path in DATA_FOLDERS:  # the sources list a data folder only when it is not a folder
        return _whole_file(
            entry.path, f"{entry.path} must be an ordinary folder, not a symbolic link or a file"
        )
    if not entry.regular:
        # Never followed: a link could point anywhere on the machine that runs the check.
        return _whole_file(
            entry.path,
            "this is a symbolic link, a folder or another special file where an ordinary file "
            "belongs: data files must be ordinary .yml files",
        )
    try:
        return place_of(entry.path)
    except NotInLayout as exc:
        return _whole_file(entry.path, f"this file is not where data files go: {exc}")


def _read(source: Source, entry: Entry) -> bytes | Problem:
    if entry.size > MAX_BYTES:  # checked before reading, so a huge file is never read
        return _whole_file(
            entry.path,
            f"the file is {entry.size:,} bytes, more than the limit of {MAX_BYTES:,} bytes: "
            "a data file should be a few kilobytes",
        )
    try:
        return source.read(entry.path)
    except OSError as exc:
        return _whole_file(entry.path, f"the file cannot be read ({exc.strerror or exc})")


Contents = tuple[str, Place, bytes]  # a file read: its path, its place, its bytes


def _parsed(file: Contents) -> DataFile | Problem:
    path, place, raw = file
    try:
        return DataFile(path, place, parse_yaml(raw))
    except YamlRefused as exc:
        return Problem(path, exc.line, exc.column, field_path(exc.field), exc.message)


def _parse_chunk(chunk: list[Contents]) -> list[DataFile | Problem]:
    """A pool worker's share: files read in, plain data out (see `_all_parsed`)."""
    return [_parsed(file) for file in chunk]


def _workers(count: int) -> int:
    """How many processes share out `count` files: one a core, no more than there are chunks,
    or 1 (none: parse them here) below PARALLEL_FROM files, off Linux, or while the caller
    runs other threads."""
    if count < PARALLEL_FROM or not sys.platform.startswith("linux") or threading.active_count() > 1:
        return 1
    return min(len(os.sched_getaffinity(0)), -(-count // CHUNK))  # the cores this process may use


_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _start_worker(parent: int) -> None:
    """Set up a forked worker. It leaves Ctrl-C to the main process (or each worker would print
    a traceback of its own), and dies with the main process: a worker holds its siblings'
    pipes open, so if the main process were killed it would wait for ever. Python has no
    prctl() of its own, and a package for this one call is not worth a dependency."""
    import ctypes  # here, like the pool's other modules (see _all_parsed)

    gc.disable()  # see paused_gc
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the main process died before prctl() took effect
        os._exit(1)


def _all_parsed(files: Iterator[Contents], count: int) -> Iterator[DataFile | Problem]:
    """Every file parsed, in the order given.

    Parsing is most of loading (7 of 8 s for a national catalogue of 44,000 files), and each
    file is parsed on its own, so from PARALLEL_FROM files on it is shared out to a pool of
    processes, one a core, in chunks sent while later files are still being read. This is
    cofund's only pool. Below PARALLEL_FROM files, starting it costs more than it saves.

    The workers are forked, so they start at once with cofund already imported, and the
    caller's script is not run again in each of them (as spawned workers would). A fork copies
    only the calling thread, with whatever locks the others hold (`mkdocs serve` runs a server
    thread), and is unsafe on macOS: hence Linux only, and only when no other thread runs.
    """
    workers = _workers(count)
    if workers < 2:
        yield from map(_parsed, files)
        return
    # Imported here: 40 ms that `cofund check-pr`, which reads a few files, need not pay.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(os.getpid(),)) as pool:
        try:
            chunks = []
            while chunk := list(itertools.islice(files, CHUNK)):
                chunks.append(pool.submit(_parse_chunk, chunk))
            for done in chunks:
                yield from done.result()
        except BaseException:  # Ctrl-C or a failure: the chunks not yet started are dropped
            pool.shutdown(cancel_futures=True)
            raise


@contextmanager
def paused_gc() -> Iterator[None]:
    """Keep the cycle collector off the objects of a stage that makes millions and keeps them.

    Loading and validating a national-scale repository creates objects that form no cycles;
    each collector pass walks all of them and finds nothing, which cost a quarter of the
    time. So the collector is paused during the stage, and at its end what is alive is
    frozen (gc.freeze: moved where the collector never looks) rather than walked once more
    when the collector resumes. Reference counting frees all of it as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def load(source: Source) -> Loaded:
    with paused_gc():
        return _load(source)


def _load(source: Source) -> Loaded:
    problems: list[Problem] = []
    places: list[tuple[str, Place]] = []
    readable: list[tuple[Entry, Place]] = []
    for entry in source.entries():
        place = place_or_problem(entry)
        if isinstance(place, Problem):
            # A link or special file at a valid place still names that file: count it as
            # present, so references to it are not also reported as missing.
            with suppress(NotInLayout):
                places.append((entry.path, place_of(entry.path)))
            problems.append(place)
            continue
        places.append((entry.path, place))
        readable.append((entry, place))

    def contents() -> Iterator[Contents]:
        for entry, place in readable:
            raw = _read(source, entry)
            if isinstance(raw, Problem):
                problems.append(raw)
            else:
                yield entry.path, place, raw

    files: list[DataFile] = []
    for result in _all_parsed(contents(), len(readable)):
        if isinstance(result, Problem):
            problems.append(result)
        else:
            files.append(result)
    return Loaded(tuple(files), tuple(sorted(problems)), tuple(places))
