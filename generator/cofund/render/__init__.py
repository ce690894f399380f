"""Stage 4a, render: the computed catalogue -> a complete MkDocs docs tree.

cofund writes every page itself (Markdown in Material's syntax, from the Jinja2 templates in
cofund/templates), plus the hand-written pages from site/, the data downloads, the schemas
and the feeds. The engine (MkDocs + Material, or another that reads mkdocs.yml) only turns
that tree into HTML: see engine.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..compute import ComputedCatalogue
from ..export import to_csv, to_json
from ..export.organisations_csv import organisations_to_csv
from . import forked
from .feeds import feed_parts
from .history import History, PendingHistory, read_history, start_history
from .pages import SITE_PAGES, Part, page_parts
from .site import SiteInput
from .tree import write_tree

__all__ = ["docs_files", "generate", "read_history", "start_history", "History", "PendingHistory", "SITE_PAGES"]


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


_PARTS: list[Part] = []  # what forked workers render (they see the parent's list)


def _render_parts(chunk: Sequence[int]) -> list[tuple[str, bytes]]:
    return [(rel, text.encode()) for i in chunk for rel, text in _PARTS[i]()]


def docs_files(
    repo: Path, computed: ComputedCatalogue, history: History, site_url: str | None, jobs: int = 1
) -> dict[str, bytes]:
    """Every file of the docs tree by relative path. `repo` supplies site/ and schemas/.
    The pages, feeds and downloads are rendered in `jobs` processes."""
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
    _PARTS[:] = [
        # The downloads first: each is one large piece, best started early.
        lambda: [("data/catalogue.json", to_json(computed))],
        lambda: [("data/pledges.csv", to_csv(computed))],
        lambda: [("data/organisations.csv", organisations_to_csv(computed))],
        *page_parts(given, schema_names),
        *feed_parts(given),
    ]
    try:
        for chunk in forked.map_chunks(jobs, _render_parts, len(_PARTS)):
            files.update(chunk)
    finally:
        _PARTS.clear()
    return files


def generate(
    repo: Path, computed: ComputedCatalogue, docs_dir: Path, site_url: str | None, history: History | None = None,
    jobs: int = 1,
) -> int:
    """Write the docs tree for `computed` into docs_dir; return how many files changed.
    `history`: the repository's, if already read (see start_history)."""
    files = docs_files(repo, computed, history if history is not None else read_history(repo), site_url, jobs)
    return write_tree(docs_dir, files)
