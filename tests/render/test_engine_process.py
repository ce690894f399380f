"""The engine in a process of its own (render/engine_process.py): it builds the tree this
process writes, its log records reach this process's handlers, and a build given up or failed
leaves the site as it was, with no process or folder left behind."""

from __future__ import annotations

import datetime as dt
import logging
import os
import signal
import time
from pathlib import Path

import pytest
from cofund.cache import cache_dir
from cofund.render import engine
from cofund.render.engine_process import Engine, EngineError, EngineFailed, start_engine

TODAY = dt.date(2026, 11, 24)

CONFIG = """\
site_name: Engine process test
site_url: https://example.org/process/
docs_dir: docs
theme:
  name: material
plugins:
  - search
validation:
  links:
    not_found: warn
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    (root / "mkdocs.yml").write_text(CONFIG)
    return root


def writer(pages: dict[str, str]):  # type: ignore[no-untyped-def]
    """A generate for Engine.build: writes the pages, and says where and for which address."""
    told: list[tuple[Path, str | None, int]] = []

    def generate(docs_dir: Path, site_url: str | None, jobs: int) -> str:
        told.append((docs_dir, site_url, jobs))
        for rel, text in pages.items():
            (docs_dir / rel).parent.mkdir(parents=True, exist_ok=True)
            (docs_dir / rel).write_text(text)
        return "generated"

    return generate, told


def start(project: Path, site: Path):  # type: ignore[no-untyped-def]
    return start_engine(project / "mkdocs.yml", site, TODAY, jobs=1, cache=cache_dir(project))


def beside(site: Path) -> list[str]:
    return sorted(p.name for p in site.parent.iterdir() if p != site and p.name != "project")


def reaped(started: Engine) -> bool:
    """Whether the engine's process has ended and been waited for."""
    try:
        os.waitpid(started.pid, os.WNOHANG)  # type: ignore[attr-defined]
    except ChildProcessError:
        return True
    return False


def test_the_tree_written_here_is_built_and_published_there(project: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    generate, told = writer({"index.md": "# Home\n\nHello.\n"})
    started = start(project, site)
    assert started.build(generate) == "generated"
    assert told == [(project / "docs", "https://example.org/process/", 1)]
    assert "Hello." in (site / "index.html").read_text()
    assert reaped(started)


def test_its_log_records_reach_this_process(project: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    generate, _ = writer({"index.md": "# Home\n\nSee [nothing](missing.md).\n"})
    with caplog.at_level(logging.WARNING):
        start(project, tmp_path / "site").build(generate)
    warned = [r for r in caplog.records if r.name.startswith("mkdocs") and "missing.md" in r.getMessage()]
    assert warned and warned[0].levelno == logging.WARNING


def test_cancelled_the_site_stays_as_it_was(project: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    start(project, site).build(writer({"index.md": "# Home\n\nFirst.\n"})[0])
    before = (site / "index.html").read_text()
    started = start(project, site)
    started.cancel()
    assert (site / "index.html").read_text() == before
    assert beside(site) == []  # the folder it had begun is kept as the spare, in the cache folder
    assert reaped(started)


def test_a_failure_here_gives_up_the_build(project: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"

    def generate(docs_dir: Path, site_url: str | None, jobs: int) -> None:
        raise OSError("disk full")

    started = start(project, site)
    with pytest.raises(OSError, match="disk full"):
        started.build(generate)
    assert not site.exists() and beside(site) == []
    assert reaped(started)


def test_the_engines_error_is_told_here(project: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (project / "mkdocs.yml").write_text(CONFIG.replace("name: material", "name: no-such-theme"))
    started = start(project, tmp_path / "site")
    with pytest.raises(EngineError, match="configuration error"):
        started.build(writer({"index.md": "# Home\n"})[0])
    assert any("no-such-theme" in r.getMessage() and r.levelno == logging.ERROR for r in caplog.records)
    assert reaped(started)


def test_a_bug_in_the_engine_comes_with_its_traceback(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(engine, "publish", broken)  # the forked child has it too
    started = start(project, tmp_path / "site")
    with pytest.raises(EngineFailed, match="ZeroDivisionError: a bug"):
        started.build(writer({"index.md": "# Home\n"})[0])
    assert reaped(started)


def test_what_the_scan_said_is_said_again_when_it_holds(
    project: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The engine scans the docs tree before it is written, holding back what MkDocs logs
    meanwhile: a warning that still holds once the tree is written is logged, every build."""
    (project / "mkdocs.yml").write_text(CONFIG + "nav:\n  - index.md\n  - gone.md\n")
    generate, _ = writer({"index.md": "# Home\n"})
    for _ in range(2):  # the second scans a tree already as it will be
        caplog.clear()
        with caplog.at_level(logging.INFO):
            start(project, tmp_path / "site").build(generate)
        assert [r.levelname for r in caplog.records if "gone.md" in r.getMessage()] == ["WARNING"]


def test_a_killed_engine_is_told_plainly(project: Path, tmp_path: Path) -> None:
    started = start(project, tmp_path / "site")
    os.kill(started.pid, signal.SIGKILL)  # type: ignore[attr-defined]  # as the kernel does when memory runs out
    with pytest.raises(EngineError, match="stopped by signal 9"):
        started.build(writer({"index.md": "# Home\n"})[0])
    assert reaped(started)


def test_a_process_forked_meanwhile_holds_no_end_of_the_pipes(project: Path, tmp_path: Path) -> None:
    """Else the engine would not see this process end (nor this one the engine) while, say,
    the record's writer lives on."""
    started = start(project, tmp_path / "site")
    pipes = {os.readlink(f"/proc/self/fd/{fd}") for fd in (started.to_child, started.from_child.fileno())}  # type: ignore[attr-defined]
    ready_read, ready_write = os.pipe()
    child = os.fork()
    if child == 0:  # the fork's handlers have run by now
        os.write(ready_write, b"r")
        time.sleep(30)
        os._exit(0)
    try:
        assert os.read(ready_read, 1) == b"r"
        held = {os.readlink(f"/proc/{child}/fd/{fd}") for fd in os.listdir(f"/proc/{child}/fd")}
        assert not pipes & held
    finally:
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)
        os.close(ready_read)
        os.close(ready_write)
        started.cancel()
