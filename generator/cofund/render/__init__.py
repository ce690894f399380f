"""Stage 4a, render: the computed catalogue -> every page's content as HTML, and the docs tree.

cofund renders every generated page's content to HTML itself (the Jinja2 templates in
cofund/templates; page_html.py). The docs tree it writes holds the hand-written pages from
site/, a stub for each generated page (its metadata only), the data downloads (cofund's own
and the open standards'), the schemas (cofund's own, from the package: the rules the data
was judged by), the feeds and each pitch's progress badge. The
engine (MkDocs + Material) wraps each page in the theme, taking the generated pages' HTML
from the cofund plugin (cofund/mkdocs_plugin.py): see engine.py. The pledge letters are no
pages: the plugin writes them straight into the built site (letters.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .. import resources
from ..compute import ComputedCatalogue
from ..export import export_all
from .badges import badges
from .docs_writer import write_docs
from .downloads import csv_headings
from .feeds import feeds
from .history import History, read_history
from .letters import letter_pages
from .page_html import RenderedPage
from .pages import SITE_PAGES, pages
from .site import Site, SiteInput

__all__ = ["SITE_PAGES", "Generated", "History", "Rendered", "RenderedPage", "generate", "read_history", "render_site"]


def _split_front_matter(text: str) -> tuple[str, str]:
    """('---\\n...\\n---\\n', rest) or ('', text)."""
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            return text[: end + 5], text[end + 5 :]
    return "", text


def _with_banner_flag(text: str) -> str:
    # The sample-data banner (overrides/main.html) shows on pages whose front matter says so.
    head, body = _split_front_matter(text)
    if head:
        return head[:4] + "sample_data: true\n" + head[4:] + body
    return "---\nsample_data: true\n---\n" + body


@dataclass(frozen=True)
class _Sources:
    """What the tree takes from the repository's site/ and from cofund's schemas."""

    home_text: str  # site/index.md without its front matter: the home page's opening
    copied: tuple[tuple[str, bytes], ...]  # the other site/ files (with the banner flag) and the schemas
    schema_names: tuple[str, ...]


def _page_for(rel: str, lang: str) -> str | None:
    """The docs path a site/ file gives in `lang`, or None: each page `x.md` has its Welsh
    beside it, `x.cy.md`; the English site skips the Welsh files, the Welsh uses them in
    place of the English (and the English page where no Welsh one is written)."""
    if rel.endswith(".cy.md"):
        return rel[: -len(".cy.md")] + ".md" if lang == "cy" else None
    return rel


def _sources(repo: Path, sample: bool, lang: str = "en") -> _Sources:
    copied: list[tuple[str, bytes]] = []
    home_text = ""
    site_dir = repo / "site"
    chosen: dict[str, Path] = {}
    if site_dir.is_dir():
        for path in sorted(p for p in site_dir.rglob("*") if p.is_file() and not p.is_symlink()):
            if any(part.startswith(".") for part in path.relative_to(site_dir).parts):
                continue
            rel = _page_for(path.relative_to(site_dir).as_posix(), lang)
            if rel is not None and (rel not in chosen or path.name.endswith(".cy.md")):
                chosen[rel] = path
    for rel, path in sorted(chosen.items()):
        if rel == "index.md":
            home_text = _split_front_matter(path.read_text(encoding="utf-8"))[1]
        elif rel.endswith(".md") and sample:
            copied.append((rel, _with_banner_flag(path.read_text(encoding="utf-8")).encode()))
        else:
            copied.append((rel, path.read_bytes()))
    for name in resources.schema_names():
        copied.append((f"data/schemas/{name}", resources.schema_bytes(name)))
    return _Sources(home_text, tuple(copied), resources.schema_names())


@dataclass(frozen=True)
class Rendered:
    files: dict[str, bytes]  # the docs tree, by relative path
    pages: dict[str, RenderedPage]  # the pages whose HTML the plugin hands the engine, by docs path
    letters: dict[str, bytes]  # the pledge letters, by their path in the built site


@dataclass(frozen=True)
class Generated:
    """What `generate` leaves for the engine's later steps."""

    pages: dict[str, RenderedPage]  # the pages whose HTML the plugin hands the engine, by docs path
    # The pledge letters as (path in the built site, HTML), rendered one at a time as they are
    # read: the plugin writes them straight into the built site (see letters.py).
    letters: Iterator[tuple[str, str]]


def _site(repo: Path, computed: ComputedCatalogue, site_url: str | None, history: History | None,
          lang: str) -> tuple[Site, _Sources]:
    history = history if history is not None else read_history(repo)
    sources = _sources(repo, computed.catalogue.settings.sample_data, lang)
    site = Site(SiteInput(computed=computed, history=history, home_text=sources.home_text, site_url=site_url,
                          lang=lang))
    return site, sources


def _docs_tree(site: Site, sources: _Sources, rendered: dict[str, RenderedPage]) -> Iterator[tuple[str, bytes]]:
    """The docs tree's files as (path, bytes), one at a time; the pages whose HTML the plugin
    hands the engine go into `rendered`. A path given twice holds its last bytes: a generated
    page wins over site/'s."""
    yield from sources.copied
    for rel, page in pages(site, sources.schema_names):
        if isinstance(page, str):
            yield rel, page.encode()
            continue
        if rel == "index.md":
            page.markdown = sources.home_text
        yield rel, page.stub(rel)
        if page.top or page.rest:  # the tags page is the engine's to render
            rendered[rel] = page
    for rel, text in [*feeds(site), *badges(site)]:
        yield rel, text.encode()
    made = export_all(site.computed)
    yield "data/catalogue.json", made.json.data
    yield "data/pledges.csv", csv_headings(made.pledges.data, site.words)
    yield "data/organisations.csv", csv_headings(made.organisations.data, site.words)
    for rel, download in site.standards.items():  # OCDS, 360Giving, publiccode.yml
        yield rel, download.data


def render_site(
    repo: Path, computed: ComputedCatalogue, site_url: str | None, history: History | None = None, lang: str = "en"
) -> Rendered:
    """Every page and file, in `lang`. `repo` supplies site/ (and, unless `history` is
    given, the audit trail from its Git history); `site_url` is the published site's address
    (of this language's site), for the feeds' absolute links."""
    site, sources = _site(repo, computed, site_url, history, lang)
    rendered: dict[str, RenderedPage] = {}
    files = dict(_docs_tree(site, sources, rendered))
    return Rendered(files, rendered, {path: html.encode() for path, html in letter_pages(site)})


def generate(
    repo: Path, computed: ComputedCatalogue, docs_dir: Path, site_url: str | None, history: History | None = None,
    lang: str = "en",
) -> Generated:
    """Write the docs tree into docs_dir as it is rendered (see render_site); return the
    pages' HTML by docs path, and the letters to render into the built site."""
    site, sources = _site(repo, computed, site_url, history, lang)
    rendered: dict[str, RenderedPage] = {}
    write_docs(docs_dir, _docs_tree(site, sources, rendered))
    return Generated(rendered, letter_pages(site))
