"""The site engine in a process of its own, started before the data is read.

`cofund build` has two long stretches that need nothing from each other until the docs tree
is written: this process reads the last build's record, validates, computes and writes the
docs tree; the engine imports MkDocs, reads its settings and the last site's record, and
scans the docs folder as the last build left it (engine_build.build). At national scale
each takes about half a second of a one-pledge rebuild, so the engine runs in a forked
child: it starts at once, tells this process where the tree goes and the site's address,
waits until the tree is written, then builds and publishes the site (engine.publish).

The child sends its log records here (logging.handlers.QueueHandler's way of making them
picklable), where they go to this process's handlers as if logged here, so a warning
reaches the same place it would have without the child. Only the two processes hold the
pipes between them: a process either of them forks (the engine's page workers, the record's
writer) closes its copies, so that each sees the pipe end when the other ends, even killed.
"""

from __future__ import annotations

import datetime as dt
import logging
import logging.handlers
import os
import pickle
import traceback
from abc import ABC, abstractmethod
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO, TypeVar

from .. import forked

T = TypeVar("T")

_WRITTEN, _STOP = b"w", b"s"  # this process to the child: the tree is written / give up


class EngineError(Exception):
    """The engine could not build the site; the message says why."""


class EngineFailed(Exception):
    """The engine's process failed unexpectedly (a bug): the message has its traceback."""


class _Ended(EngineError):
    """The engine's process ended without saying why (killed, say)."""


class _Stopped(Exception):
    """This process gave up the build (the data was invalid, or generating failed)."""


class Engine(ABC):
    """The engine, started by `start_engine`: `build` once, or `cancel`. As a context manager,
    it is cancelled if anything fails before the build is done (the site stays as it was)."""

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if kind is not None:
            self.cancel()

    @abstractmethod
    def build(self, generate: Callable[[Path, str | None, int], T]) -> T:
        """generate(docs_dir, site_url, jobs) here, then the site is built and published;
        returns what generate returned. Raises EngineError if the site could not be built."""

    def cancel(self) -> None:
        """No build after all: the site stays as it was."""


class _EngineHere(Engine):
    """Where processes cannot fork: the engine runs in this process, when asked."""

    def __init__(self, config_file: Path, site_dir: Path, today: dt.date, jobs: int | None,
                 cache: Path | None, incremental: bool) -> None:
        self.args = (config_file, site_dir, today, jobs, cache, incremental)

    def build(self, generate: Callable[[Path, str | None, int], T]) -> T:
        from . import engine  # MkDocs: imported only by the process that builds

        config_file, site_dir, today, jobs, cache, incremental = self.args
        engine.quiet_engine()
        return engine.build_site(config_file, site_dir, generate, today, jobs, cache, incremental)


class _EngineProcess(Engine):
    def __init__(self, pid: int, to_child: int, from_child: BinaryIO) -> None:
        self.pid, self.to_child, self.from_child = pid, to_child, from_child
        self.ended = False
        os.register_at_fork(after_in_child=self._forked)

    def _forked(self) -> None:
        """In a process this one forks: let go of the pipes (once ended, their numbers may
        have been given to other files)."""
        if not self.ended:
            self.ended = True
            os.close(self.to_child)
            os.close(self.from_child.fileno())

    def build(self, generate: Callable[[Path, str | None, int], T]) -> T:
        with self:  # cancelled if generate fails, or this process is interrupted
            docs_dir, site_url, jobs = self._until("settings")
            generated = generate(docs_dir, site_url, jobs)
            try:
                os.write(self.to_child, _WRITTEN)
            except BrokenPipeError:
                pass  # it has ended: its last message says why
            self._until("done")
        return generated

    def cancel(self) -> None:
        if self.ended:
            return
        try:
            os.write(self.to_child, _STOP)
        except BrokenPipeError:
            pass  # it has ended already
        try:
            while not self.ended:  # its last log records, until it has cleaned up and left
                self._next()
        except (EngineError, EngineFailed):
            pass

    def _until(self, kind: str) -> Any:
        while True:
            message = self._next()
            if message[0] == kind:
                return message[1]

    def _next(self) -> tuple[str, Any]:
        """The child's next message; log records are handled on the way."""
        while True:
            try:
                kind, value = pickle.load(self.from_child)  # our own child's, from a pipe only we hold
            except EOFError:
                code = self._end()
                how = f"was stopped by signal {-code}" if code < 0 else f"ended with exit code {code}"
                raise _Ended(f"the engine's process {how} before it was done (out of memory?)") from None
            if kind == "log":
                logging.getLogger(value.name).handle(value)
                continue
            if kind == "error":
                self._end()
                raise EngineError(value)
            if kind == "failed":
                self._end()
                raise EngineFailed(value)
            if kind == "done":
                self._end()
            return kind, value

    def _end(self) -> int:
        if self.ended:
            return 0
        self.ended = True
        self.from_child.close()
        os.close(self.to_child)
        _, status = os.waitpid(self.pid, 0)
        return os.waitstatus_to_exitcode(status)


def start_engine(config_file: Path, site_dir: Path, today: dt.date, jobs: int | None = None,
                 cache: Path | None = None, incremental: bool = True) -> Engine:
    """Start the engine for engine.publish(config_file, site_dir, ...): in a forked child,
    which must be started before this process starts any thread."""
    if not forked.can_fork():
        return _EngineHere(config_file, site_dir, today, jobs, cache, incremental)
    down_read, down_write = os.pipe()
    up_read, up_write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(down_write)
        os.close(up_read)
        code = 0
        try:
            with os.fdopen(up_write, "wb") as to_parent:
                code = _serve(config_file, site_dir, today, jobs, cache, incremental, down_read, to_parent)
        finally:
            os._exit(code)  # never the parent's exit handlers
    os.close(down_read)
    os.close(up_write)
    return _EngineProcess(pid, down_write, os.fdopen(up_read, "rb"))


class _ToParent:
    """The queue a QueueHandler puts records into: the pipe to the parent."""

    def __init__(self, out: BinaryIO) -> None:
        self.out = out

    def send(self, kind: str, value: Any = None) -> None:
        pickle.dump((kind, value), self.out, protocol=pickle.HIGHEST_PROTOCOL)
        self.out.flush()

    def put_nowait(self, record: logging.LogRecord) -> None:
        self.send("log", record)


class _Remote:
    """engine.TreeWriter for a tree the parent writes."""

    def __init__(self, parent: _ToParent, from_parent: int) -> None:
        self.parent, self.from_parent = parent, from_parent

    def settings(self, docs_dir: Path, site_url: str | None, jobs: int) -> None:
        self.parent.send("settings", (docs_dir, site_url, jobs))

    def write(self) -> None:
        if os.read(self.from_parent, 1) != _WRITTEN:
            raise _Stopped("the build was given up")


def _serve(config_file: Path, site_dir: Path, today: dt.date, jobs: int | None, cache: Path | None,
           incremental: bool, from_parent: int, to_parent: BinaryIO) -> int:
    """The child: publish, with the parent writing the tree; say how it went."""
    parent = _ToParent(to_parent)
    root = logging.getLogger()
    handlers = root.handlers
    root.handlers = [logging.handlers.QueueHandler(parent)]  # type: ignore[arg-type]  # put_nowait is all it uses
    logging.raiseExceptions = False  # a record the parent is no longer there to take is dropped

    def forked_here() -> None:
        # The engine's own workers: they log where this process's parent does, as they did
        # before the engine had a process of its own (their counts of warnings come back
        # here: engine_build), and hold no end of the pipes.
        root.handlers = handlers
        os.close(to_parent.fileno())
        os.close(from_parent)

    os.register_at_fork(after_in_child=forked_here)
    try:
        from . import engine

        engine.quiet_engine()
        engine.publish(config_file, site_dir, _Remote(parent, from_parent), today, jobs, cache, incremental)
        parent.send("done")
        return 0
    except _Stopped:
        return 0
    except EngineError as error:
        parent.send("error", str(error))
        return 1
    except BaseException:  # noqa: BLE001 - a bug: the parent reports it
        parent.send("failed", traceback.format_exc())
        return 1
