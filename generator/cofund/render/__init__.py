"""Stage 4a, render: the computed catalogue -> a complete MkDocs docs tree.

cofund writes every page itself (Markdown in Material's syntax, from the Jinja2 templates in
cofund/templates), plus the hand-written pages from site/, the data downloads, the schemas
and the feeds. The engine (MkDocs + Material, or another that reads mkdocs.yml) only turns
that tree into HTML: see engine.py.

A generation given the previous one's record renders only the parts whose inputs changed
and keeps the rest as the files already in the docs tree (memo.py says when); the tree is
the same, byte for byte, as a generation from nothing.
"""

from __future__ import annotations

import functools
import gc
import multiprocessing
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from .. import forked
from ..compute import ComputedCatalogue
from ..export import Exports, export_all
from .feeds import feed_parts, pitch_facts, tag_base
from .history import History, PendingHistory, read_history, start_history
from .memo import Files, Part, PitchFacts, RenderRecord, Sameness, intact
from .pages import SITE_PAGES, page_parts, prepare_directory_lines
from .site import Site, SiteInput
from .tree import prune, scan, write_files

__all__ = [
    "SITE_PAGES",
    "Generated",
    "History",
    "PendingHistory",
    "RenderRecord",
    "docs_files",
    "generate",
    "read_history",
    "start_history",
]

R = TypeVar("R")


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


def _global_key(site: Site, sources: _Sources) -> tuple[Any, ...]:
    """What any page may read besides its own key: when it changes, everything is rendered."""
    return (
        site.settings, site.today, site.given.site_url, sources.home_text, sources.copied,
        sources.schema_names, site.names, site.nations,
    )


def _copy(rel: str, data: bytes) -> list[tuple[str, bytes]]:
    return [(rel, data)]


def _parts(site: Site, sources: _Sources) -> list[Part]:
    """Every part of the tree, in the order in which a later part's file would win over an
    earlier one's of the same path (site/ pages first: a generated page replaces them)."""
    return [
        *(Part(f"copy:{rel}", (), functools.partial(_copy, rel, data)) for rel, data in sources.copied),
        *page_parts(site, list(sources.schema_names)),
        *feed_parts(site),
    ]


def _downloads(computed: ComputedCatalogue, kept: Exports | None) -> tuple[Files, Exports]:
    """The data downloads, made in this process while the workers render pages (a record
    made in a worker would come back as a copy, not sharing the catalogue's objects): each
    pitch's and organisation's piece is copied from the previous export when unchanged."""
    made = export_all(computed, kept if isinstance(kept, Exports) else None)
    return [
        ("data/catalogue.json", made.json.data),
        ("data/pledges.csv", made.pledges.data),
        ("data/organisations.csv", made.organisations.data),
    ], made


def _facts(
    computed: ComputedCatalogue, tag: str, previous: RenderRecord | None, same: Sameness
) -> dict[str, PitchFacts]:
    kept = previous.facts if previous is not None else {}
    facts: dict[str, PitchFacts] = {}
    for p in computed.pitches:
        old = kept.get(p.id)
        if old is not None and old.pitch is p:
            facts[p.id] = old
        elif old is not None and same(old.pitch, p):
            facts[p.id] = PitchFacts(p, old.funded_day, old.events)
        else:
            facts[p.id] = pitch_facts(p, tag)
    return facts


# A rebuild with fewer parts to render than this renders them here: forking workers from a
# process holding a national catalogue (and their copy-on-write faults as they touch it)
# costs more than rendering the fifty-odd parts one pledge changes (measured at national
# scale: 0.5-1.0 s with two workers against 0.15-0.3 s here).
FORK_FROM = 300

_PARTS: list[Callable[[], list[tuple[str, Any]]]] = []  # what forked workers render (they see the parent's list)


def _render_chunk(chunk: Sequence[int]) -> list[Files]:
    return [
        [(rel, text.encode() if isinstance(text, str) else text) for rel, text in _PARTS[i]()] for i in chunk
    ]


def _render(parts: Sequence[Part], jobs: int, here: Callable[[], R], fork_from: int = 2) -> tuple[list[Files], R]:
    """Each part's files, rendered in `jobs` forked processes (if there are at least
    `fork_from` parts), and here() done in this process meanwhile."""
    _PARTS[:] = [part.render for part in parts]
    try:
        if len(parts) < fork_from or not forked.forks(jobs, len(parts)):
            return _render_chunk(range(len(parts))), here()
        # As forked.map_chunks, but this process works too while the workers render. The
        # objects made so far are frozen for the fork: the workers' garbage collector then
        # leaves the catalogue alone rather than walk (and so copy) all of it.
        frozen_before = gc.get_freeze_count()
        gc.freeze()
        try:
            with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
                pending = pool.map(_render_chunk, forked.chunks(len(parts), jobs))
                mine = here()
                return [files for chunk in pending for files in chunk], mine
        finally:
            if not frozen_before:  # a caller that froze objects itself wants them kept so
                gc.unfreeze()
    finally:
        _PARTS.clear()


@dataclass(frozen=True)
class Generated:
    written: int  # files written (the others were already as they should be)
    record: RenderRecord  # what the next generate needs to render only what changed
    rendered: tuple[str, ...] = ()  # the names of the parts rendered (the others were kept)


def generate(
    repo: Path, computed: ComputedCatalogue, docs_dir: Path, site_url: str | None, history: History | None = None,
    jobs: int = 1, previous: RenderRecord | None = None,
) -> Generated:
    """Write the docs tree for `computed` into docs_dir (`repo` supplies site/ and schemas/).
    `history`: the repository's, if already read (see start_history). `previous`: the record
    of the last generation into docs_dir, whose unchanged parts are kept."""
    history = history if history is not None else read_history(repo)
    sources = _sources(repo, computed.catalogue.settings.sample_data)
    given = SiteInput(computed=computed, history=history, home_text=sources.home_text, site_url=site_url)
    site = Site(given)
    global_key = _global_key(site, sources)
    where = str(docs_dir.resolve())
    same = Sameness()
    downloads_before = previous.downloads if previous is not None else None  # the export checks its own inputs
    if previous is not None and (previous.docs_dir != where or not same.keys(previous.global_key, global_key)):
        previous = None
    site.facts = _facts(computed, tag_base(site.settings.repository), previous, same)
    if previous is not None:
        site.linked_ids.update(previous.linked)
        site.lines.update(previous.lines)
    parts = _parts(site, sources)
    docs_dir.mkdir(parents=True, exist_ok=True)
    found = scan(docs_dir)

    # A part is kept when its inputs are the same and its files are as it left them.
    kept_parts = previous.parts if previous is not None else {}
    todo: list[Part] = []
    keep: list[tuple[Part, tuple[tuple[str, int, int, int], ...]]] = []
    for part in parts:
        old = kept_parts.get(part.name)
        if old is not None and same.keys(old[0], part.key) and intact(old[1], found.files):
            keep.append((part, old[1]))
        else:
            todo.append(part)
    def meanwhile() -> tuple[Files, Exports]:
        made = _downloads(computed, downloads_before)
        prepare_directory_lines(site)  # a no-op when the directory was rendered here
        return made

    rendered, (downloads, downloads_kept) = _render(todo, jobs, meanwhile, FORK_FROM if previous is not None else 2)

    # Which part writes each path: the last one that produces it (see _parts).
    owner: dict[str, str] = {}
    for part, stamps in keep:
        for stamp in stamps:
            owner[stamp[0]] = part.name
    for part, files in zip(todo, rendered):
        for rel, _ in files:
            owner[rel] = part.name
    for rel, _ in downloads:
        owner[rel] = "downloads"
    fresh = [(rel, data) for part, files in zip(todo, rendered) for rel, data in files if owner[rel] == part.name]
    written, stamps = write_files(docs_dir, [*fresh, *downloads], found.files)
    prune(docs_dir, found, owner)

    recorded: dict[str, tuple[tuple[Any, ...] | None, tuple[tuple[str, int, int, int], ...]]] = {}
    # A part whose path a later part took is recorded without its key: it is rendered next
    # time, since the file there is not its own.
    for part, old_stamps in keep:
        if all(owner[s[0]] == part.name for s in old_stamps):
            recorded[part.name] = (part.key, old_stamps)
        else:
            recorded[part.name] = (None, tuple(s for s in old_stamps if owner[s[0]] == part.name))
    for part, files in zip(todo, rendered):
        mine = tuple((rel, *stamps[rel]) for rel, _ in files if owner[rel] == part.name)
        recorded[part.name] = (part.key if len(mine) == len(files) else None, mine)
    orgs = {o.id: o for o in computed.organisations}
    record = RenderRecord(
        computed=computed, history=history, docs_dir=where, global_key=global_key,
        parts=recorded, facts=site.facts, downloads=downloads_kept,
        linked={o.id: site.linked_ids[o.id] for o in computed.organisations},
        # Lines worked out in a worker process are not here: the next build works them out.
        lines={k: v for k, v in site.lines.items() if orgs.get(k[1]) is v[0]},
    )
    return Generated(written, record, tuple(part.name for part in todo))


def docs_files(
    repo: Path, computed: ComputedCatalogue, history: History, site_url: str | None, jobs: int = 1
) -> dict[str, bytes]:
    """Every file of the docs tree by relative path: what generate writes into an empty
    folder (for tests and tools that want the tree in memory)."""
    with tempfile.TemporaryDirectory() as folder:
        generate(repo, computed, Path(folder), site_url, history, jobs)
        return {rel: Path(folder, rel).read_bytes() for rel in scan(Path(folder)).files}
