"""load(): every file either loads or becomes one problem; big files are never read."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

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
    for source in sources:
        said = []
        for workers in (1, 2):
            monkeypatch.setattr(read_files, "_workers", lambda count, workers=workers: workers)
            said.append(load(source()))  # type: ignore[arg-type]
        assert said[0] == said[1], source()


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
    assert alone == str(len(os.sched_getaffinity(0)) if sys.platform.startswith("linux") else 1)
