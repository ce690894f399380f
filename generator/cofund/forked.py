"""Work in forked processes: spread over one per core with the results in order (map_chunks),
or done on the other core while this process goes on (meanwhile).

Rendering thousands of pages is CPU-bound Python, so threads do not help; forked processes
do, and they start with everything the parent had prepared (the computed catalogue, MkDocs'
configuration and pages), so only small lists of indices go to them and only the results
come back. Callers fork only from a process with no other threads running.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

R = TypeVar("R")
MAX_CHUNK = 50  # items handed to a worker at a time: small enough to balance the load


def can_fork() -> bool:
    """Whether this system starts processes by forking (not Windows; macOS can, if asked)."""
    return "fork" in multiprocessing.get_all_start_methods()


def forks(jobs: int, count: int) -> bool:
    """Whether map_chunks would use worker processes."""
    return jobs > 1 and count > 1 and can_fork()


def default_jobs() -> int:
    """One process per core this process may use; one where processes cannot fork."""
    if not can_fork():
        return 1
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


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


def meanwhile(work: Callable[[], R]) -> Callable[[], R]:
    """work() in a forked child while this process goes on; returns the wait for its result
    (pickled back through a pipe). Where processes cannot fork, work() runs here and now. If
    the child fails, the wait raises ChildFailed: the caller decides whether to do the work
    itself. The caller forks only with no other threads running (see above)."""
    if not can_fork():
        result = work()
        return lambda: result
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: work, hand the result over, leave without the parent's exit handlers
        os.close(read_end)
        code = 0
        try:
            with os.fdopen(write_end, "wb") as out:
                pickle.dump(work(), out, protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:  # noqa: BLE001 - reported to the parent as ChildFailed
            code = 1
        os._exit(code)
    os.close(write_end)

    def wait() -> R:
        with os.fdopen(read_end, "rb") as received:
            data = received.read()  # read before waiting: a full pipe would block the child
        _, status = os.waitpid(pid, 0)
        if status != 0:
            raise ChildFailed(f"the forked process ended with status {status}")
        return pickle.loads(data)  # type: ignore[no-any-return]  # our own child's output

    return wait


class ChildFailed(Exception):
    """A process started by meanwhile() did not finish its work."""
