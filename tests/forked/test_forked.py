"""Work in forked processes: map_chunks in order, meanwhile on the other core."""

from __future__ import annotations

import os

import pytest

from cofund.forked import ChildFailed, map_chunks, meanwhile


def _squares(chunk: range) -> list[int]:
    return [i * i for i in chunk]


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_map_chunks_keeps_the_order(jobs: int) -> None:
    assert [x for part in map_chunks(jobs, _squares, 1000) for x in part] == [i * i for i in range(1000)]


def test_meanwhile_hands_back_the_result_from_another_process() -> None:
    wait = meanwhile(lambda: (os.getpid(), list(range(200_000))))  # more than a pipe holds
    pid, numbers = wait()
    assert pid != os.getpid() and numbers == list(range(200_000))


def test_a_failed_child_is_reported() -> None:
    def fails() -> None:
        raise ValueError("no")

    with pytest.raises(ChildFailed):
        meanwhile(fails)()
