"""The cofund plugin for MkDocs: writes the docs tree when the engine starts.

`cofund build` and plain `mkdocs build` / `mkdocs serve` run the same code: the plugin's
on_config renders the catalogue into the docs folder. `cofund build` hands it the catalogue
it has already validated; under plain MkDocs the plugin loads, validates and computes the
repository that holds mkdocs.yml itself (today: COFUND_TODAY, or the real date), and tells
`mkdocs serve` to watch the data.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin

from .compute import ComputedCatalogue, compute
from .load import FolderSource, load
from .render import generate
from .validate import validate

WATCHED = ("cofund.yml", "organisations", "pitches", "site", "schemas")


def _today() -> dt.date:
    given = os.environ.get("COFUND_TODAY")
    try:
        return dt.date.fromisoformat(given) if given else dt.date.today()
    except ValueError:
        raise PluginError(f"COFUND_TODAY={given!r} is not a date written YYYY-MM-DD") from None


def raw_html_fence(source: str, language: str, css_class: str, options: object, md: object, **kwargs: object) -> str:
    """The pymdownx.superfences format for ```cofund-html blocks (mkdocs.yml): the HTML that
    cofund's templates wrote, as it is. Every piece of text from the data in these blocks has
    been escaped by the generator (render/safe.py)."""
    return source


class CofundPlugin(BasePlugin):  # type: ignore[type-arg]
    computed: ComputedCatalogue | None = None  # set by `cofund build`, which has validated it

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        repo = Path(config.config_file_path).parent
        computed, self.computed = self.computed, None  # let go of it once the tree is written
        if computed is None:
            today = _today()
            validated = validate(load(FolderSource(repo)), today)
            if not validated.ok:
                raise PluginError("the data is not valid:\n" + "\n".join(str(p) for p in validated.problems))
            computed = compute(validated.catalogue, today)
        generate(repo, computed, Path(config.docs_dir), config.site_url)
        return config

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        repo = Path(config.config_file_path).parent
        for name in WATCHED:
            if (repo / name).exists():
                server.watch(str(repo / name))
        return server
