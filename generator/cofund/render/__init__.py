"""Stage 4a, render: the computed catalogue -> a complete MkDocs docs tree.

cofund writes every page itself (Markdown in Material's syntax, from the Jinja2 templates in
cofund/templates), plus the hand-written pages from site/, the data downloads, the schemas
and the feeds. The engine (MkDocs + Material) turns that tree into the site: see engine.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..compute import ComputedCatalogue
from ..export import export_all
from .docs_writer import write_docs
from .feeds import feeds
from .history import History, read_history
from .pages import SITE_PAGES, pages
from .site import Site, SiteInput

__all__ = ["SITE_PAGES", "History", "docs_files", "generate", "read_history"]


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
    """What the tree takes from the repository's own files: site/ and schemas/."""

    home_text: str  # site/index.md without its front matter: the home page's opening
    copied: tuple[tuple[str, bytes], ...]  # the other site/ files (with the banner flag) and the schemas
    schema_names: tuple[str, ...]


def _sources(repo: Path, sample: bool) -> _Sources:
    copied: list[tuple[str, bytes]] = []
    home_text = ""
    site_dir = repo / "site"
    if site_dir.is_dir():
        for path in sorted(p for p in site_dir.rglob("*") if p.is_file() and not p.is_symlink()):
            if any(part.startswith(".") for part in path.relative_to(site_dir).parts):
                continue
            rel = path.relative_to(site_dir).as_posix()
            if rel == "index.md":
                home_text = _split_front_matter(path.read_text(encoding="utf-8"))[1]
            elif rel.endswith(".md") and sample:
                copied.append((rel, _with_banner_flag(path.read_text(encoding="utf-8")).encode()))
            else:
                copied.append((rel, path.read_bytes()))
    schema_names = tuple(sorted(p.name for p in (repo / "schemas").glob("*.schema.json")))
    for name in schema_names:
        copied.append((f"data/schemas/{name}", (repo / "schemas" / name).read_bytes()))
    return _Sources(home_text, tuple(copied), schema_names)


def docs_files(
    repo: Path, computed: ComputedCatalogue, site_url: str | None, history: History | None = None
) -> dict[str, bytes]:
    """Every file of the docs tree by relative path. `repo` supplies site/ and schemas/ (and,
    unless `history` is given, the audit trail from its Git history); `site_url` is the
    published site's address, for the feeds' absolute links."""
    history = history if history is not None else read_history(repo)
    sources = _sources(repo, computed.catalogue.settings.sample_data)
    site = Site(SiteInput(computed=computed, history=history, home_text=sources.home_text, site_url=site_url))
    # Later files replace earlier ones of the same path: a generated page wins over site/'s.
    files = dict(sources.copied)
    for rel, text in (*pages(site, sources.schema_names), *feeds(site)):
        files[rel] = text.encode()
    made = export_all(computed)
    files["data/catalogue.json"] = made.json.data
    files["data/pledges.csv"] = made.pledges.data
    files["data/organisations.csv"] = made.organisations.data
    return files


def generate(
    repo: Path, computed: ComputedCatalogue, docs_dir: Path, site_url: str | None, history: History | None = None
) -> int:
    """Write the docs tree into docs_dir (see docs_files); return how many files changed."""
    return write_docs(docs_dir, docs_files(repo, computed, site_url, history))
