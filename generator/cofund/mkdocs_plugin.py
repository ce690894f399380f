"""The cofund plugin for MkDocs: the docs tree and the generated pages' HTML.

`cofund build` and plain `mkdocs build` / `mkdocs serve` run the same code. When the engine
starts (on_config), the plugin renders the catalogue: it writes the docs tree (hand-written
pages, a stub for each generated page, the downloads) and keeps each generated page's HTML.
`cofund build` hands it the catalogue it has validated; under plain MkDocs the plugin loads,
validates and computes the repository that holds mkdocs.yml itself (today: COFUND_TODAY, or
the real date), and tells `mkdocs serve` to watch the data.

The theme's overrides (cofund/overrides: the page templates, the sample-data banner, the
site's CSS, script and icon) ship in the package: on_config puts them first among the
theme's folders, as a `custom_dir` would, so that an installed cofund builds a catalogue
repository that holds only data and settings.

A generated page never passes through Markdown: its stub holds only front matter, and
on_page_content hands the engine cofund's finished HTML instead of the stub's (empty)
rendering, with its table of contents. The search index reads only the page's top (the
title, summary and key facts): the rest of the content is added after the search plugin has
indexed the page (on_page_context, run after it), so the index stays small and no time is
spent parsing what it would leave out anyway.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from .compute import ComputedCatalogue, compute
from .load import FolderSource, load
from .render import RenderedPage, generate
from .render.page_html import MARKER
from .validate import validate

WATCHED = ("cofund.yml", "organisations", "pitches", "funds", "site")
# cofund is installed as files (never imported from a zip), so the folder is a real path,
# as the theme's template loader needs.
OVERRIDES = str(Path(__file__).parent / "overrides")


def _today() -> dt.date:
    given = os.environ.get("COFUND_TODAY")
    try:
        return dt.date.fromisoformat(given) if given else dt.date.today()
    except ValueError:
        raise PluginError(f"COFUND_TODAY={given!r} is not a date written YYYY-MM-DD") from None


class CofundPlugin(BasePlugin):  # type: ignore[no-untyped-call,type-arg]
    computed: ComputedCatalogue | None = None  # set by `cofund build`, which has validated it

    def __init__(self) -> None:
        self.pages: dict[str, RenderedPage] = {}  # by docs path, until handed to the engine
        self.rests: dict[str, str] = {}  # each page's content below its indexed top

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if OVERRIDES not in config.theme.dirs:
            config.theme.dirs.insert(0, OVERRIDES)
        repo = Path(config.config_file_path).parent
        computed, self.computed = self.computed, None  # let go of it once the tree is written
        if computed is None:
            today = _today()
            validated = validate(load(FolderSource(repo)), today)
            if not validated.ok:
                raise PluginError("the data is not valid:\n" + "\n".join(str(p) for p in validated.problems))
            computed = compute(validated.catalogue, today)
        self.pages = generate(repo, computed, Path(config.docs_dir), config.site_url)
        self.rests = {}
        return config

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        ours = self.pages.get(page.file.src_uri)
        if ours is not None and page.meta.get(MARKER) is not True:
            # MkDocs' reader gives up on front matter it cannot parse and renders it as text.
            raise PluginError(f"{page.file.src_uri}: the engine could not read the page's front matter")
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        ours = self.pages.pop(page.file.src_uri, None)
        if ours is None:
            return html  # a hand-written page: the engine's rendering of its Markdown
        toc = get_toc(ours.toc)
        first = page.toc.items[0] if page.toc.items else None
        if ours.markdown and first is not None and first.level == 1:
            first.children.extend(toc.items)  # under the heading of the repository's own text
        else:
            page.toc = toc
        self.rests[page.file.src_uri] = ours.rest
        return (html if ours.markdown else "") + ours.top

    @event_priority(-100)  # after the search plugin has indexed the top
    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        rest = self.rests.pop(page.file.src_uri, None)
        if rest:
            page.content = (page.content or "") + rest
        return context

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        repo = Path(config.config_file_path).parent
        for name in WATCHED:
            if (repo / name).exists():
                server.watch(str(repo / name))
        return server
