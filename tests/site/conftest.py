"""Fixtures for the site tests: one build of the sample catalogue per session, served on
localhost, and one Chromium per session (helpers in browsing.py).

Every page a test opens goes through `open_page`, which records each request the page makes
and aborts any to another origin; a test fails if a page asked for anything not on localhost.

The site tests need Chromium and Java (for the Nu HTML Checker) from the system; `make test`
installs them when it can. Without them the session stops at once with the command that
installs them, rather than failing every browser test deep inside Playwright.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from browsing import (
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    TODAY,
    BuiltSite,
    Requests,
    cofund,
    record_requests,
    serve,
    site_path,
)
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright


def _missing_tools() -> list[tuple[str, str]]:
    """The system's tools the site tests need and this machine lacks: (name, Debian package)."""
    tools = [
        (f"Chromium ({CHROMIUM})", os.access(CHROMIUM, os.X_OK), "chromium"),
        ("Java", shutil.which("java") is not None, "default-jre-headless"),
    ]
    return [(name, package) for name, found, package in tools if not found]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    if not any(item.path.is_relative_to(here) for item in items):
        return
    missing = _missing_tools()
    if not missing:
        return
    names = " and ".join(name for name, _ in missing)
    command = "sudo apt-get install -y " + " ".join(package for _, package in missing)
    message = f"the site tests need {names}, which this machine does not have; install with: {command}"
    # In CI a missing tool is a failure; on a developer's machine the session stops, just as plainly.
    if os.environ.get("CI") == "true":
        pytest.exit(message, returncode=pytest.ExitCode.TESTS_FAILED)
    pytest.exit(message + " (or run `make test` as root, which installs them)", returncode=pytest.ExitCode.USAGE_ERROR)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The sample catalogue of this repository, built once with `cofund build`."""
    # Served under the same path as the published site (mkdocs.yml site_url), because the
    # 404 page, served for any missing path, links to the theme's files by absolute path.
    site = tmp_path_factory.mktemp("www") / site_path()
    started = time.monotonic()
    result = cofund("build", str(ROOT), "--today", TODAY, "--site-dir", str(site))
    seconds = time.monotonic() - started
    assert result.returncode == 0, result.stdout + result.stderr
    exported = cofund("export", str(ROOT), "--today", TODAY)
    assert exported.returncode == 0, exported.stderr
    return BuiltSite(site, seconds, json.loads(exported.stdout))


@pytest.fixture(scope="session")
def base_url(built_site: BuiltSite) -> Iterator[str]:
    prefix = Path(site_path())
    root = built_site.root
    for _ in prefix.parts:
        root = root.parent
    server, url = serve(root)
    yield url + "".join(f"{part}/" for part in prefix.parts)
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser: Browser, base_url: str) -> Iterator[Callable[..., Page]]:
    """open_page(path, scheme="light", javascript=True, allow=()) -> a Page at base_url + path.
    Fails the test afterwards if any page asked for anything from another origin (`allow`:
    URL prefixes the test itself makes the browser follow, such as a link it presses)."""
    contexts: dict[tuple[str, bool, tuple[str, ...]], tuple[BrowserContext, Requests]] = {}

    def opener(path: str, scheme: str = "light", javascript: bool = True, allow: tuple[str, ...] = ()) -> Page:
        key = (scheme, javascript, allow)
        if key not in contexts:
            context = browser.new_context(
                color_scheme=scheme, java_script_enabled=javascript, viewport={"width": 1280, "height": 900}
            )
            contexts[key] = (context, record_requests(context, allow))
        page = contexts[key][0].new_page()
        page.goto(base_url + path, wait_until="load")
        return page

    yield opener
    foreign = [url for _, r in contexts.values() for url in r.foreign]
    for context, _ in contexts.values():
        context.close()
    assert not foreign, f"pages asked for things from other origins: {foreign}"
