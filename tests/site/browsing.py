"""Helpers for the site tests: the sample site's constants, the CLI, a local web server,
request recording and screenshots. The fixtures that use them are in conftest.py."""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, Page

ROOT = Path(__file__).resolve().parents[2]
TODAY = "2026-11-24"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
# The sample pitch whose page the tests read most: a shared-cost pitch with pledges,
# adopters, updates and milestones, so every section of a pitch page is on it.
RICH_PITCH = "cyber-gdpr-elearning"
# The sample's open pitch (interest, a match fund, a stretch line, what joining costs) and its
# expired one (pledges released: what it reached).
OPEN_PITCH = "blue-badge-hidden-disability-assessment"
EXPIRED_PITCH = "foi-request-handling"
# The sample's match fund: it matches the open pitch, and not another that applied.
FUND = "west-yorkshire-digital"

# One page of every kind the site has (path under the site root).
PAGE_KINDS = {
    "home": "",
    "catalogue": "catalogue/",
    "catalogue-by-percent": "catalogue/by-percent/",
    "catalogue-by-interest": "catalogue/by-interest/",
    "facet": "catalogue/status/open/",
    "category-index": "catalogue/category/",
    "pitch": f"pitches/{RICH_PITCH}/",
    "open-pitch": f"pitches/{OPEN_PITCH}/",
    "expired-pitch": f"pitches/{EXPIRED_PITCH}/",
    "pledge-letter": f"pitches/{OPEN_PITCH}/pledges/bradford/",
    "figures": "figures/",
    "funds": "funds/",
    "fund": f"funds/{FUND}/",
    "fund-facet": f"catalogue/fund/{FUND}/",
    "organisation": "organisations/kirklees/",
    "directory": "directory/",
    "directory-by-type": "directory/by-type/",
    "products": "products/",
    "tags": "tags/",
    "open-data": "data/",
    "site-page": "how-to-pledge/",
    "not-found": "404.html",
}

# The same pages on the Welsh site (cofund build builds it into cy/).
WELSH_PAGE_KINDS = {f"cy-{name}": f"cy/{path}" for name, path in PAGE_KINDS.items()}


def site_path() -> str:
    """The path of the published site, from mkdocs.yml's site_url ("cofund" for .../cofund/)."""
    match = re.search(r"^site_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(), re.MULTILINE)
    assert match, "mkdocs.yml has no site_url"
    return urlsplit(match.group(1)).path.strip("/")


def cofund(*args: str) -> subprocess.CompletedProcess[str]:
    """The real `cofund` command, as a user runs it."""
    exe = Path(sys.executable).with_name("cofund")
    return subprocess.run([str(exe), *args], capture_output=True, text=True, check=False)


@dataclass
class BuiltSite:
    root: Path
    seconds: float
    export: dict  # type: ignore[type-arg]  # what `cofund export` prints for the same data and today


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@dataclass
class Requests:
    """Every request the pages of one browser context made."""

    seen: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)


LOCAL_PREFIXES = ("http://127.0.0.1:", "http://localhost:", "data:", "blob:", "about:")


def record_requests(context: BrowserContext, allow: tuple[str, ...] = ()) -> Requests:
    """Record every request; abort those to other origins. `allow`: URLs a test itself makes
    the browser follow (a link a user clicks), aborted too but not counted as foreign."""
    requests = Requests()

    def handle(route, request):  # type: ignore[no-untyped-def]
        requests.seen.append(request.url)
        if request.url.startswith(LOCAL_PREFIXES):
            route.continue_()
        else:
            if not request.url.startswith(allow):
                requests.foreign.append(request.url)
            route.abort()

    context.route("**/*", handle)
    return requests



def screenshot(page: Page, name: str) -> Path:
    """A full-page screenshot in test-artifacts/screenshots/ (gitignored), to look at."""
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path



def copy_repo_for_build(into: Path, extra: Callable[[Path], None] | None = None) -> Path:
    """A catalogue repository for a build of its own: the site files from this repository and
    the small valid catalogue the validate tests use."""
    shutil.copytree(ROOT / "tests" / "validate" / "cases" / "_base", into)
    shutil.copy(ROOT / "mkdocs.yml", into / "mkdocs.yml")
    shutil.copytree(ROOT / "site", into / "site")
    (into / "generated" / "docs").mkdir(parents=True)
    if extra is not None:
        extra(into)
    return into


# A catalogue large enough that its lists run to several pages (50 pitches a page): made by
# the benchmarks' generator, as a real Git repository with this project's site files.
PAGED_PITCHES = 120


def build_paged_site(into: Path) -> tuple[Path, float]:
    """Generate a catalogue of PAGED_PITCHES pitches and build it with `cofund build`;
    return the site folder (under the published site's path, as built_site) and the seconds."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import generate  # the benchmarks' folder is not a package: imported from its path

    repo = into / "repo"
    generate.make_repository(repo, 40, PAGED_PITCHES, 4 * PAGED_PITCHES)
    site = into / "www" / site_path()
    started = time.monotonic()
    result = cofund("build", str(repo), "--today", TODAY, "--site-dir", str(site))
    assert result.returncode == 0, result.stdout + result.stderr
    return site, time.monotonic() - started
