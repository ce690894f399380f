"""Glue so that plain `mkdocs build` and `mkdocs serve` work: regenerate the docs tree first.

All the logic is cofund's own (load, validate, compute, render): this only calls it, and
tells `mkdocs serve` to watch the data. An engine that runs no MkDocs plugins builds the tree
that `cofund build` left in docs_dir.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from .compute import compute
from .load import FolderSource, load
from .render import generate
from .validate import validate

WATCHED = ("cofund.yml", "organisations", "pitches", "site", "schemas")


def raw_html_fence(source: str, language: str, css_class: str, options: object, md: object, **kwargs: object) -> str:
    """The pymdownx.superfences format for ```cofund-html blocks (mkdocs.yml): the HTML that
    cofund's templates wrote, as it is.

    Python-Markdown reads a raw HTML block with html.parser twice (to find where it ends,
    and again for MkDocs' anchor check); for a national-scale catalogue that was more than
    half of the build. Every piece of text from the data in these blocks has been escaped
    by the generator (render/safe.py), so no markup from a pull request reaches the page.
    """
    return source


class CofundPlugin(BasePlugin):  # type: ignore[type-arg]
    tree_ready = False  # set by `cofund build`, which has just generated the tree itself

    def on_config(self, config):  # type: ignore[no-untyped-def]
        if self.tree_ready:
            return config
        repo = Path(config.config_file_path).parent
        today = dt.date.fromisoformat(os.environ.get("COFUND_TODAY") or dt.date.today().isoformat())
        validated = validate(load(FolderSource(repo)), today)
        if not validated.ok:
            raise PluginError("the data is not valid:\n" + "\n".join(str(p) for p in validated.problems))
        generate(repo, compute(validated.catalogue, today), Path(config.docs_dir), config.site_url)
        return config

    def on_serve(self, server, config, builder):  # type: ignore[no-untyped-def]
        repo = Path(config.config_file_path).parent
        for name in WATCHED:
            if (repo / name).exists():
                server.watch(str(repo / name))
        return server
