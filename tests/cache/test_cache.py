"""The build cache: outside the repository, one folder per repository, stored whole or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from cofund.cache import cache_dir, code_fingerprint, read_kept, write_kept, write_kept_meanwhile


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
    assert cache_dir(tmp_path).parent == tmp_path / "xdg" / "cofund"


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


def test_unpicklable_value_leaves_the_previous_one(tmp_path: Path) -> None:
    path = tmp_path / "state.pickle"
    write_kept(path, "k", 1)
    with pytest.raises(Exception):
        write_kept(path, "k", lambda: None)
    assert read_kept(path, "k") == 1
    assert [p.name for p in tmp_path.iterdir()] == ["state.pickle"]


def test_written_meanwhile_is_there_after_the_wait(tmp_path: Path) -> None:
    path = tmp_path / "state.pickle"
    wait = write_kept_meanwhile(path, "k", list(range(100_000)))
    wait()
    assert read_kept(path, "k") == list(range(100_000))


def test_fingerprint_is_stable() -> None:
    assert code_fingerprint() == code_fingerprint() and len(code_fingerprint()) == 32
