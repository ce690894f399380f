"""load(): every file either loads or becomes one problem; big files are never read."""

from __future__ import annotations

from collections.abc import Iterator

from cofund.load import Entry, Kind, load
from cofund.load.layout import Place
from cofund.load.safe_yaml import MAX_BYTES


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


def test_every_file_loads_or_is_one_problem() -> None:
    source = MemorySource(
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
