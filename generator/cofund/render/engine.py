"""Run the site engine (MkDocs + Material) through its public API, and publish the result.

`build_site` loads mkdocs.yml with a docs folder and a site folder of its own, in a staging
folder beside the site's (publish.py), once per language: the cofund plugin
(cofund/mkdocs_plugin.py) writes the docs tree when the engine starts, the engine builds the
site (the English at the root, the Welsh in cy/), and the finished site is swapped in whole.
If anything fails, the previous site stays as it was.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from ..compute import ComputedCatalogue
from ..mkdocs_plugin import CofundPlugin
from ..model import LANGUAGES
from .publish import staging_folder, swap_in


class EngineError(Exception):
    """The engine could not build the site; the message is for the user."""


@contextmanager
def source_date(today: dt.date) -> Iterator[None]:
    """MkDocs stamps the sitemap with the build date: make it `today`, so that the same data
    and the same today give byte-identical output (the reproducible-builds convention)."""
    epoch = str(int(dt.datetime(today.year, today.month, today.day, tzinfo=dt.UTC).timestamp()))
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = epoch
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def build_site(
    config_file: Path, site_dir: Path, computed: ComputedCatalogue, site_url: str | None = None
) -> None:
    """Build the site of `computed` with the settings in config_file, and put it at site_dir;
    `site_url`, when given, stands for the settings' site_url (a preview's own address).

    Two builds, one per language, into the one staging folder: the English site at its root,
    then the Welsh at cy/ (theme language cy, its own docs tree, its own address: site_url
    + "cy/"); the whole is swapped in once both are finished."""
    if site_dir.is_symlink():
        # The folder is replaced whole and the old one removed: never wherever a link points.
        raise EngineError(f"{site_dir} is a symbolic link: give the site's folder itself")
    site_dir = site_dir.absolute()
    with staging_folder(site_dir) as staging:
        built = staging / "site"
        with source_date(computed.today):
            for lang in LANGUAGES:  # English first: its build empties the site folder it writes
                _build_language(config_file, staging, built, computed, site_url, lang)
        swap_in(built, site_dir)


def _build_language(
    config_file: Path, staging: Path, built: Path, computed: ComputedCatalogue, site_url: str | None, lang: str
) -> None:
    docs = staging / f"docs-{lang}"
    docs.mkdir()
    try:
        overrides = {"site_url": site_url} if site_url is not None else {}
        config = load_config(str(config_file), docs_dir=str(docs), site_dir=str(built), **overrides)
        if lang != "en":
            config.site_dir = str(built / lang)
            config.site_url = f"{config.site_url}{lang}/" if config.site_url else config.site_url
            config.theme["language"] = lang  # Material's own words in the language, and <html lang>
        plugin = config.plugins.get("cofund")
        if not isinstance(plugin, CofundPlugin):
            raise EngineError(f"{config_file} does not list the cofund plugin under plugins:")
        plugin.computed = computed  # validated already: the plugin need not load it again
        mkdocs_build(config)
    except MkDocsException as error:  # Abort, a plugin's or the settings' error
        raise EngineError(str(error) or type(error).__name__) from error


def quiet_engine() -> None:
    """MkDocs logs every page at INFO; keep warnings and errors only."""
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
