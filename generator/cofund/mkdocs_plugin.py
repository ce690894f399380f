"""The cofund plugin for MkDocs: the docs tree and the generated pages' HTML.

`cofund build` and plain `mkdocs build` / `mkdocs serve` run the same code. When the engine
starts (on_config), the plugin renders the catalogue: it writes the docs tree (hand-written
pages, a stub for each generated page, the downloads) and keeps each generated page's HTML.
Once the engine has emptied the site folder and listed the docs (on_files), the plugin
writes the pledge letters, standalone documents, straight into the site (render/letters.py),
and lets go of the catalogue.
`cofund build` hands it the catalogue it has validated; under plain MkDocs the plugin loads,
validates and computes the repository that holds mkdocs.yml itself (today: COFUND_TODAY, or
the real date), and tells `mkdocs serve` to watch the data. Plain MkDocs builds the English
site; with COFUND_LANGUAGE=cy it builds (or serves) the Welsh site on its own.

The site's language is the theme's (`theme.language`: `cofund build` builds the Welsh site
with cy): the plugin writes the docs tree in it, gives the theme's templates cofund's
catalogue (on_env), names both languages for the language switch and the hreflang links
(extra.alternate) and, for Welsh, translates the navigation's titles.

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
from collections.abc import Iterator
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
from .model import LANGUAGE_NAMES, LANGUAGES
from .render import RenderedPage, generate
from .render.i18n import N_, translations, words
from .render.letters import write_letters
from .render.page_html import MARKER
from .validate import validate

WATCHED = ("cofund.yml", "organisations", "pitches", "funds", "site")
# cofund is installed as files (never imported from a zip), so the folder is a real path,
# as the theme's template loader needs.
OVERRIDES = str(Path(__file__).parent / "overrides")

# The words of mkdocs.yml as cofund ships it (the navigation's titles, the colour switch, the
# description and copyright), marked for the catalogue: the Welsh site shows them translated.
# A repository's own words that the catalogue lacks are shown as written.
SETTINGS_TEXT = (
    N_("Home"), N_("Catalogue"), N_("Categories"), N_("Sectors"), N_("Match funds"), N_("Tags"), N_("Open data"),
    N_("Products"), N_("Organisations"), N_("Take part"), N_("How to pitch"), N_("How to pledge"), N_("About"),
    N_("How the figures are worked out"), N_("Accessibility"), N_("Switch to dark mode"),
    N_("Switch to light mode"),
    N_("An open catalogue where UK public bodies pitch reusable services, pledge a share of the cost and build "
       "them together."),
    N_("Content is published under the Open Government Licence v3.0 unless stated otherwise."),
)


def site_language(config: MkDocsConfig) -> str:
    """The language of the site being built: the theme's (mkdocs.yml says en; the engine
    builds the Welsh site with cy)."""
    lang = str(config.theme.get("language") or "en")
    if lang not in LANGUAGES:
        raise PluginError(f"theme.language is {lang!r}: cofund builds {', '.join(LANGUAGES)}")
    return lang


def _translated_nav(nav: Any, gettext: Any) -> Any:
    if isinstance(nav, list):
        return [_translated_nav(item, gettext) for item in nav]
    if isinstance(nav, dict):
        return {gettext(title): _translated_nav(value, gettext) for title, value in nav.items()}
    return nav


def _today() -> dt.date:
    given = os.environ.get("COFUND_TODAY")
    try:
        return dt.date.fromisoformat(given) if given else dt.date.today()
    except ValueError:
        raise PluginError(f"COFUND_TODAY={given!r} is not a date written YYYY-MM-DD") from None


def _alternates(lang: str) -> list[dict[str, str]]:
    """Each language's site, for the language switch and the hreflang links: `link` is its
    root relative to this site's root (the Welsh site is the folder cy/ of the English)."""
    root = "" if lang == "en" else "../"
    return [
        {"name": LANGUAGE_NAMES[other], "lang": other, "link": root + ("" if other == "en" else f"{other}/")}
        for other in LANGUAGES
    ]


class CofundPlugin(BasePlugin):  # type: ignore[no-untyped-call,type-arg]
    computed: ComputedCatalogue | None = None  # set by `cofund build`, which has validated it

    def __init__(self) -> None:
        self.pages: dict[str, RenderedPage] = {}  # by docs path, until handed to the engine
        self.letters: Iterator[tuple[str, str]] = iter(())  # rendered as on_files writes them
        self.rests: dict[str, str] = {}  # each page's content below its indexed top
        self.lang = "en"

    @event_priority(100)  # before the search plugin reads the theme's language
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        language = os.environ.get("COFUND_LANGUAGE")
        if language and self.computed is None and config.theme.get("language", "en") == "en":
            # Plain `mkdocs build` / `serve` of one language's site: COFUND_LANGUAGE=cy builds
            # the Welsh site as cofund build builds it into cy/ (its address: site_url + cy/).
            if language not in LANGUAGES:
                raise PluginError(f"COFUND_LANGUAGE={language!r}: cofund builds {', '.join(LANGUAGES)}")
            if language != "en":
                config.theme["language"] = language
                config.site_url = f"{config.site_url}{language}/" if config.site_url else config.site_url
        if OVERRIDES not in config.theme.dirs:
            config.theme.dirs.insert(0, OVERRIDES)
        self.lang = lang = site_language(config)
        config.extra["alternate"] = _alternates(lang)
        if lang != "en":
            said = words(lang).gettext
            config.nav = _translated_nav(config.nav, said)
            config.site_description = said(config.site_description) if config.site_description else None
            config.copyright = said(config.copyright) if config.copyright else None
            for palette in config.theme.get("palette") or []:
                if isinstance(palette, dict) and isinstance(palette.get("toggle"), dict):
                    palette["toggle"]["name"] = said(palette["toggle"]["name"])
        repo = Path(config.config_file_path).parent
        computed, self.computed = self.computed, None  # let go of it once the letters are written
        if computed is None:
            today = _today()
            validated = validate(load(FolderSource(repo)), today)
            if not validated.ok:
                raise PluginError("the data is not valid:\n" + "\n".join(str(p) for p in validated.problems))
            computed = compute(validated.catalogue, today)
        generated = generate(repo, computed, Path(config.docs_dir), config.site_url, lang=lang)
        self.pages, self.letters, self.rests = generated.pages, generated.letters, {}
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        # The engine empties the site folder before it lists the docs, and writes only its own
        # files later: the letters written now stay.
        letters, self.letters = self.letters, iter(())
        write_letters(Path(config.site_dir), letters)
        return files

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        # The theme's templates (overrides/) speak the site's language through the same
        # catalogue as cofund's pages.
        if "jinja2.ext.InternationalizationExtension" not in env.extensions:
            env.add_extension("jinja2.ext.i18n")
        env.install_gettext_translations(translations(self.lang), newstyle=True)
        return env

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
