"""load(): every file either loads or becomes one problem; big files are never read."""

from __future__ import annotations

import concurrent.futures
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import suppress
from pathlib import Path
from typing import Any

import pytest

from cofund.load import Entry, FolderSource, Kind, load, read_files
from cofund.load.layout import Place
from cofund.load.read_files import PARALLEL_FROM, _workers
from cofund.load.safe_yaml import MAX_BYTES

ROOT = Path(__file__).parents[2]
CASES = ROOT / "tests" / "validate" / "cases"


class MemorySource:
    """A Source held in memory, which records what was read."""

    def __init__(self, files: dict[str, bytes | None], sizes: dict[str, int] | None = None):
        self.files = files
        self.sizes = sizes or {}
        self.reads: list[str] = []

    def entries(self) -> Iterator[Entry]:
        for path, data in self.files.items():
            yield Entry(path, data is not None, self.sizes.get(path, len(data or b"")))

    def read(self, path: str) -> bytes:
        self.reads.append(path)
        data = self.files[path]
        if data is None or path in self.sizes:
            raise AssertionError(f"{path} must not be read")
        if data == b"unreadable":
            raise PermissionError(13, "Permission denied")
        return data


def _mixed_source() -> MemorySource:
    return MemorySource(
        {
            "cofund.yml": b"name: x\n",
            "organisations/leeds.yml": b"name: [\n",
            "organisations/york.yml": None,  # a link
            "organisations/big.yml": b"",
            "organisations/locked.yml": b"unreadable",
            "organisations/bad name.yml": b"name: x\n",
            "pitches/a/pitch.yml": b"title: A\n",
        },
        sizes={"organisations/big.yml": 10 * 1024 * 1024},
    )


def test_every_file_loads_or_is_one_problem() -> None:
    source = _mixed_source()
    loaded = load(source)
    assert [f.path for f in loaded.files] == ["cofund.yml", "pitches/a/pitch.yml"]
    assert {p.path: p.message.split(":")[0] for p in loaded.problems} == {
        "organisations/leeds.yml": "this is not valid YAML (did not find expected node content)",
        "organisations/york.yml": (
            "this is a symbolic link, a folder or another special file where an ordinary file belongs"
        ),
        "organisations/big.yml": f"the file is 10,485,760 bytes, more than the limit of {MAX_BYTES:,} bytes",
        "organisations/locked.yml": "the file cannot be read (Permission denied)",
        "organisations/bad name.yml": "this file is not where data files go",
    }
    assert "organisations/big.yml" not in source.reads and "organisations/york.yml" not in source.reads
    # Files at a valid place count as present even when broken; a bad name has no place.
    assert dict(loaded.places) == {
        "cofund.yml": Place(Kind.CATALOGUE, ""),
        "organisations/leeds.yml": Place(Kind.ORGANISATION, "leeds"),
        "organisations/york.yml": Place(Kind.ORGANISATION, "york"),
        "organisations/big.yml": Place(Kind.ORGANISATION, "big"),
        "organisations/locked.yml": Place(Kind.ORGANISATION, "locked"),
        "pitches/a/pitch.yml": Place(Kind.PITCH, "a"),
    }


def test_the_pool_loads_what_one_process_loads(
    make_repo: Callable[[Path | None], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    # From PARALLEL_FROM files on, load() parses in a pool of processes: the same files in the
    # same order, and the same problems, as parsing them here. On the sample data, files that
    # cannot be read, and every validation case of the layout and of loading.
    sources: list[Callable[[], object]] = [_mixed_source, lambda: FolderSource(ROOT)]
    for case in sorted(CASES.glob("layout-*")) + sorted(CASES.glob("load-*")):
        repo = make_repo(case)
        sources.append(lambda repo=repo: FolderSource(repo))
    monkeypatch.setattr(read_files, "CHUNK", 7)  # several chunks even in a small repository
    pools = []

    class Spy(concurrent.futures.ProcessPoolExecutor):
        def __init__(self, *args: Any, **kwargs: Any):
            pools.append(self)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Spy)
    for source in sources:
        said = []
        for workers in (1, 2):
            monkeypatch.setattr(read_files, "_workers", lambda count, workers=workers: workers)
            said.append(load(source()))  # type: ignore[arg-type]
        assert said[0] == said[1], source()
    assert len(pools) == len(sources)  # the second way of each did use a pool


def test_files_are_parsed_here_when_few_or_while_other_threads_run() -> None:
    assert _workers(PARALLEL_FROM - 1) == 1
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert _workers(PARALLEL_FROM) == 1
    finally:
        stop.set()
        thread.join()
    # In a fresh process, which runs no other thread: one worker a core, on Linux.
    ask = "from cofund.load.read_files import PARALLEL_FROM, _workers; print(_workers(PARALLEL_FROM))"
    alone = subprocess.run(
        [sys.executable, "-c", ask],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    linux = sys.platform.startswith("linux")
    assert alone == str(min(len(os.sched_getaffinity(0)), PARALLEL_FROM // read_files.CHUNK) if linux else 1)


# Parses 5,000 files in the pool, read slowly, so that its workers are mostly waiting for the
# next file (where Ctrl-C used to make each print a traceback) when it is interrupted.
BUSY = """
import signal, sys, time
from cofund.load import read_files
signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a terminal, whoever started the tests
from cofund.load.layout import Kind, Place
read_files.CHUNK = 1

def files():
    for _ in range(read_files.PARALLEL_FROM):
        time.sleep(0.01)
        yield "organisations/x.yml", Place(Kind.ORGANISATION, "x"), b"name: x\\n"

try:
    for _ in read_files._all_parsed(files(), read_files.PARALLEL_FROM):
        pass
except KeyboardInterrupt:
    print("interrupted")
    sys.exit(130)
"""


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(stat.parent.name))
    return found


def _busy_pool() -> tuple[subprocess.Popen[str], list[int]]:
    """BUSY running in a session of its own, once its workers have started."""
    process = subprocess.Popen(
        [sys.executable, "-c", BUSY], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while len(workers := _children(process.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(workers) >= 2, "the pool did not start"
    return process, workers


def _gone(pids: list[int], within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not any(Path(f"/proc/{pid}").exists() and "(Z" not in _state(pid) for pid in pids):
            return True
        time.sleep(0.05)
    return False


def _state(pid: int) -> str:
    with suppress(OSError):
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1][:3]
    return ""


pool_runs = pytest.mark.skipif(
    not sys.platform.startswith("linux") or len(os.sched_getaffinity(0)) < 2,
    reason="the pool runs on Linux with 2 cores or more",
)


@pool_runs
def test_ctrl_c_stops_the_pool_with_one_message() -> None:
    process, workers = _busy_pool()
    time.sleep(0.3)
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C does: every process of the terminal's group
    out, err = process.communicate(timeout=30)
    assert (process.returncode, out.strip()) == (130, "interrupted")
    assert "Traceback" not in err and "KeyboardInterrupt" not in err  # no worker printed its own
    assert _gone(workers, 5)


@pool_runs
def test_the_workers_die_with_the_main_process() -> None:
    process, workers = _busy_pool()
    process.kill()  # a timeout, a cancelled job, the out-of-memory killer
    process.wait()
    try:
        assert _gone(workers, 5)  # not left parsing, holding the pipes open, for ever
    finally:
        for pid in workers:
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
