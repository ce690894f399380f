"""Stage 4a, render: the computed catalogue -> a complete MkDocs docs tree.

cofund writes every page itself (Markdown in Material's syntax, from the Jinja2 templates in
cofund/templates), plus the hand-written pages from site/, the data downloads, the schemas
and the feeds. The engine (MkDocs + Material, or another that reads mkdocs.yml) only turns
that tree into HTML: see engine.py.
"""

from __future__ import annotations

from pathlib import Path

from ..compute import ComputedCatalogue
from ..export import to_csv, to_json
from ..export.organisations_csv import organisations_to_csv
from .feeds import feeds
from .history import History, read_history
from .pages import SITE_PAGES, SiteInput, pages
from .tree import write_tree

__all__ = ["docs_files", "generate", "read_history", "History", "SITE_PAGES"]


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


def docs_files(repo: Path, computed: ComputedCatalogue, history: History, site_url: str | None) -> dict[str, bytes]:
    """Every file of the docs tree by relative path. `repo` supplies site/ and schemas/."""
    sample = computed.catalogue.settings.sample_data
    files: dict[str, bytes] = {}
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
                files[rel] = _with_banner_flag(path.read_text(encoding="utf-8")).encode()
            else:
                files[rel] = path.read_bytes()
    schema_names = sorted(p.name for p in (repo / "schemas").glob("*.schema.json"))
    for name in schema_names:
        files[f"data/schemas/{name}"] = (repo / "schemas" / name).read_bytes()
    given = SiteInput(computed=computed, history=history, home_text=home_text, site_url=site_url)
    for rel, text in pages(given, schema_names):
        files[rel] = text.encode()
    for rel, text in feeds(given):
        files[rel] = text.encode()
    files["data/catalogue.json"] = to_json(computed).encode()
    files["data/pledges.csv"] = to_csv(computed).encode()
    files["data/organisations.csv"] = organisations_to_csv(computed).encode()
    return files


def generate(repo: Path, computed: ComputedCatalogue, docs_dir: Path, site_url: str | None) -> int:
    """Write the docs tree for `computed` into docs_dir; return how many files changed."""
    files = docs_files(repo, computed, read_history(repo), site_url)
    return write_tree(docs_dir, files)
