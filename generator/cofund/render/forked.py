"""Work spread over forked processes, one per core, with the results in order.

Rendering thousands of pages is CPU-bound Python, so threads do not help; forked processes
do, and they start with everything the parent had prepared (the computed catalogue, MkDocs'
configuration and pages), so only small lists of indices go to them and only the results
come back. Callers fork only from a process with no other threads running.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

R = TypeVar("R")
MAX_CHUNK = 50  # items handed to a worker at a time: small enough to balance the load


def forks(jobs: int, count: int) -> bool:
    """Whether map_chunks would use worker processes."""
    return jobs > 1 and count > 1 and "fork" in multiprocessing.get_all_start_methods()


def chunks(count: int, jobs: int) -> list[range]:
    size = max(1, min(MAX_CHUNK, count // (jobs * 4)))
    return [range(i, min(count, i + size)) for i in range(0, count, size)]


def map_chunks(jobs: int, work: Callable[[Sequence[int]], R], count: int) -> list[R]:
    """[work(chunk) for each chunk of range(count)], in `jobs` forked processes (here when
    jobs is 1, there is one item, or the system cannot fork). `work` must be picklable by name: a module-level
    function, or a functools.partial of one."""
    if not forks(jobs, count):
        return [work(range(count))] if count else []
    # An executor rather than multiprocessing.Pool: if a worker dies (killed for memory, say),
    # the build fails with BrokenProcessPool instead of waiting for it for ever.
    with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(work, chunks(count, jobs)))
