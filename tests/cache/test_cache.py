"""The build cache: outside the repository, one folder per repository, stored whole or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from cofund.cache import CacheError, cache_dir, code_fingerprint, read_kept, write_kept, write_kept_later


def test_one_folder_per_repository_outside_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COFUND_CACHE_DIR", str(tmp_path / "cache"))
    a, b = tmp_path / "one" / "repo", tmp_path / "two" / "repo"
    a.mkdir(parents=True)
    b.mkdir(parents=True)
    assert cache_dir(a) != cache_dir(b)
    assert cache_dir(a) == cache_dir(a / ".." / "repo")
    assert cache_dir(a).parent == tmp_path / "cache" and not cache_dir(a).is_relative_to(a)


def test_default_is_the_users_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COFUND_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir(tmp_path / "repo").parent == tmp_path / "xdg" / "cofund"


@pytest.mark.parametrize("inside", [".", "cache", "generated/docs/.cofund-cache"])
def test_a_folder_inside_the_repository_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, inside: str) -> None:
    # A pull request can add files anywhere in the repository, and the cache holds a pickle.
    repo = tmp_path / "repo"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COFUND_CACHE_DIR", str(Path("repo", inside)))  # relative, too
    with pytest.raises(CacheError, match="inside the repository"):
        cache_dir(repo)


def test_kept_under_its_key_only(tmp_path: Path) -> None:
    path = tmp_path / "kept" / "state.pickle"
    assert read_kept(path, "k") is None
    write_kept(path, "k", {"a": (1, 2)})
    assert read_kept(path, "k") == {"a": (1, 2)}
    assert read_kept(path, "other") is None
    assert [p.name for p in path.parent.iterdir()] == ["state.pickle"]  # no temporary file left


@pytest.mark.parametrize("content", [b"", b"not a pickle", b"\x80\x05garbage"])
def test_unreadable_is_not_used(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "state.pickle"
    path.write_bytes(content)
    assert read_kept(path, "k") is None


def test_a_value_under_another_key_is_not_unpickled(tmp_path: Path) -> None:
    path = tmp_path / "state.pickle"
    write_kept(path, "old", Counted())
    assert read_kept(path, "new") is None
    assert Counted.loaded == 0
    assert isinstance(read_kept(path, "old"), Counted) and Counted.loaded == 1


class Counted:
    loaded = 0

    def __init__(self) -> None:
        self.state = "kept"

    def __setstate__(self, state: dict[str, str]) -> None:
        Counted.loaded += 1
        self.__dict__.update(state)


def test_unpicklable_value_leaves_the_previous_one(tmp_path: Path) -> None:
    path = tmp_path / "state.pickle"
    write_kept(path, "k", 1)
    with pytest.raises(Exception):
        write_kept(path, "k", lambda: None)
    assert read_kept(path, "k") == 1
    assert [p.name for p in tmp_path.iterdir()] == ["state.pickle"]


def test_a_reader_waits_for_a_writer_still_writing(tmp_path: Path) -> None:
    # The writer is detached: the reader right after it must see what it writes, not the
    # value before it (the lock), nor nothing (a half-written file).
    path = tmp_path / "state.pickle"
    write_kept(path, "k", "before")
    big = [(n, str(n)) for n in range(1_000_000)]
    write_kept_later(path, "k", big)
    assert read_kept(path, "k") == big
    assert sorted(p.name for p in tmp_path.iterdir()) == [".state.pickle.lock", "state.pickle"]


def test_fingerprint_is_stable() -> None:
    assert code_fingerprint() == code_fingerprint() and len(code_fingerprint()) == 32
