"""MkDocs' build, with its per-page work spread over the machine's cores, and incremental.

`mkdocs.commands.build.build` handles one page after another in one process; at national
scale (4,000 pages) that is most of `cofund build`'s time. `build` here takes the same steps
in the same order, with the same MkDocs functions and plugin events, but:

- the two per-page loops (Markdown to HTML; page template to file) run in forked worker
  processes, one per core, and their results come back in page order, so the site is byte
  for byte the one `mkdocs build` makes (tests/site checks it);
- given the previous site and the `Record` of what it was built from, it builds again only
  the pages and files whose source bytes changed; the others are hard-linked from the
  previous site (a new link, never a write into the old site's files), and their search
  index entries come from the record. Pages a plugin writes into (the tags index) are always
  built. Anything that could change every page (mkdocs.yml, the theme, a version, the date,
  a page removed, the navigation) means a full build.

An incremental build with nothing or little changed has a fixed cost that scales with the
number of pages (4,000 at national scale), so it does as little per page as it can (each
shortcut is measured, and says so where it is taken): a source is read only if its
file-system stat changed (`_digests`); a kept page is not read at all, its front matter and
title coming from the record (`_keep_page`); the sitemap and 404 page are kept when the
pages, the navigation and the settings are (`_templates_key`); and the new site's folders
are made once each (`site_layout.Tree`).

It uses MkDocs 1.6's page internals (`_build_page`, what `Page.render` sets), which holds
while MkDocs stays at 1.6 (it has had no release since 2024); with a plugin it does not know
(one that might keep state between pages), the caller uses MkDocs' own build instead.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import logging.handlers
import math
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from importlib.metadata import version
from pathlib import Path
from typing import Any

from mkdocs import utils
from mkdocs.commands.build import (
    _build_extra_template,
    _build_page,
    _build_theme_template,
)
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, BuildError
from mkdocs.structure.files import (
    File,
    Files,
    InclusionLevel,
    get_files,
    set_exclusions,
)
from mkdocs.structure.nav import Section, get_navigation
from mkdocs.structure.pages import Page

from .. import cache, forked
from ..cache import code_fingerprint
from . import site_layout
from .templating import SEARCH_END, compiled_templates

log = logging.getLogger("mkdocs.cofund")

# Plugins whose page events keep no state that a later page or the end of the build reads,
# other than what `build` hands back from the workers (search entries) or runs in this
# process (the tags plugin collects in on_page_markdown, which runs here).
KNOWN_PLUGINS = frozenset({"material/search", "material/tags", "cofund"})
_PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2", "cofund")
RECORD_VERSION = 2



@contextlib.contextmanager
def _reading_page(config: MkDocsConfig, src_uri: str) -> Iterator[None]:
    """MkDocs' own report for a page that fails to read or render, and its page reset."""
    try:
        yield
    except Exception as e:
        message = f"Error reading page '{src_uri}':"
        if not isinstance(e, BuildError):
            message += f" {e}"
        log.error(message)
        raise
    finally:
        config._current_page = None

def supports(config: MkDocsConfig) -> bool:
    return set(config.plugins.keys()) <= KNOWN_PLUGINS


@dataclass
class Record:
    """What a site was built from: enough to tell which of its files a new build can keep."""

    fingerprint: str  # everything that could change every page (see `_fingerprint`)
    sources: dict[str, str]  # docs file -> digest of its bytes (pages only; "" for other files)
    nav: list[list[Any]]  # [depth, title, url] of every navigation entry
    search: dict[str, list[dict[str, Any]]]  # page -> its search index entries
    # docs file -> its stat when its digest was taken ([dev, inode, size, mtime_ns]), if
    # that stat can vouch for the bytes next time (see `_digests`)
    stats: dict[str, list[int]] = field(default_factory=dict)
    # page -> [front matter, title, whether a plugin wrote into it], for pages whose front
    # matter is plain JSON data: what reading the page would give (see `_keep_page`)
    pages: dict[str, list[Any]] = field(default_factory=dict)
    theme_files: list[str] = field(default_factory=list)  # the theme's static files (`_theme_files`)
    templates: str = ""  # what the theme's static templates depend on (`_templates_key`)
    templates_out: list[str] = field(default_factory=list)  # and the files they wrote
    built: int = 0  # how many pages were built (the others were kept)
    spare_is_copy: bool = False  # the spare is being made a copy of this very site (site_folder.copy_later)
    site: str = ""  # the site folder it describes
    stamp: list[int] = field(default_factory=list)  # and that folder's identity (site_stamp)

    def to_json(self) -> str:
        # Key order kept: the search entries are written out again exactly as MkDocs made them.
        return json.dumps({"version": RECORD_VERSION, **self.__dict__}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Record | None:
        try:
            raw = json.loads(text)
            if raw.pop("version") != RECORD_VERSION:
                return None
            return cls(**raw)
        except (ValueError, TypeError, KeyError):
            return None


def site_stamp(site_dir: Path) -> list[int]:
    """The site folder's identity: every build makes a new folder (then renamed into place)."""
    st = site_dir.stat()
    return [st.st_dev, st.st_ino, st.st_mtime_ns]


def _digest(path: str) -> str:
    with open(path, "rb") as f:
        return hashlib.blake2b(f.read(), digest_size=16).hexdigest()


def _digests(files: Iterable[File], old_sources: Mapping[str, str], old_stats: Mapping[str, list[int]],
             ) -> tuple[dict[str, str], dict[str, list[int]]]:
    """Digest of every file's bytes, and the stats that may vouch for them next time
    (old_sources and old_stats: the digests and stats known from before).

    Reading every source to digest it cost 0.25 s at national scale with nothing changed.
    The generator replaces a changed file whole (a new inode) and an editor changes its
    mtime, so a file whose stat is the one recorded with its digest still has those bytes:
    only files whose stat changed are read."""
    sources: dict[str, str] = {}
    stats: dict[str, list[int]] = {}
    now = time.time_ns()
    for f in files:
        uri, path = f.src_uri, f.abs_src_path
        assert path is not None
        if not f.is_documentation_page():
            # Linked from the docs tree into every new site: only whether it exists matters
            # (the downloads are tens of MB, and change with any pledge).
            sources[uri] = ""
            continue
        key = list(_stat_key(path))
        known = old_sources.get(uri)
        sources[uri] = known if known is not None and old_stats.get(uri) == key else _digest(path)
        if now - key[3] > cache.RACY_NS:  # see cache.RACY_NS
            stats[uri] = key
    return sources, stats


def _fingerprint(config: MkDocsConfig) -> str:
    """Everything besides a page's own source that its HTML depends on (the navigation's
    titles are compared separately, once the pages in it are built)."""
    h = hashlib.blake2b(digest_size=16)
    h.update(_settings_text(config).encode())
    for name in _PACKAGES:
        h.update(f"{name}={version(name)}\n".encode())
    h.update(f"cofund:{code_fingerprint()}\n".encode())  # its part of the engine, templates, assets
    # The date pages and the sitemap are stamped with (today, without SOURCE_DATE_EPOCH).
    h.update(f"date={utils.get_build_date()}\n".encode())
    custom_dir = config.theme.custom_dir
    if custom_dir:
        for root, dirs, names in os.walk(custom_dir):
            dirs.sort()
            for name in sorted(names):
                path = os.path.join(root, name)
                h.update(f"{os.path.relpath(path, custom_dir)}:{_digest(path)}\n".encode())
    return h.hexdigest()


def _settings_text(config: MkDocsConfig) -> str:
    """The settings as MkDocs read them: mkdocs.yml's bytes alone would miss `!ENV` values
    and INHERITed files. Objects (a function named in the Markdown extensions' settings) are
    written by name, never by their address, which differs in every process."""
    def named(value: Any) -> Any:
        if isinstance(value, Mapping):
            return dict(value)
        return f"{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', type(value).__qualname__)}"

    settings = {k: v for k, v in config.items() if k not in ("site_dir", "plugins", "theme")}
    settings["plugins"] = {name: dict(plugin.config) for name, plugin in config.plugins.items()}
    settings["theme"] = dict(config.theme)
    return json.dumps(settings, sort_keys=True, default=named)


def _nav_entries(items: Iterable[Any], depth: int = 0) -> list[list[Any]]:
    out: list[list[Any]] = []
    for item in items:
        out.append([depth, str(item.title), str(getattr(item, "url", "") or "")])
        if isinstance(item, Section):
            out.extend(_nav_entries(item.children, depth + 1))
    return out


def _plain(value: Any) -> bool:
    """Whether value comes back equal, and of the same types, from JSON."""
    if value is None or isinstance(value, (str, bool, int)):
        return True
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    return False


def _templates_key(fingerprint: str, nav: list[list[Any]], files: Files) -> str:
    """What the theme's static templates (sitemap.xml, 404.html) are made from besides the
    settings: the navigation, and every file with its address (the sitemap lists the pages,
    with dates that come from the settings' date)."""
    h = hashlib.blake2b(digest_size=16)
    h.update(fingerprint.encode())
    h.update(json.dumps(nav, ensure_ascii=False).encode())
    for f in files:
        h.update(f"{f.src_uri}\0{f.dest_uri}\0{f.url}\0{f.inclusion.name}\n".encode())
    return h.hexdigest()


# -- worker processes: forked, so they see the parent's config, files, pages and plugins.
_SHARED: dict[str, Any] = {}


def _logged() -> dict[int, int]:
    counter = _SHARED.get("counter")
    return dict(counter.counts) if counter else {}


def _run_counted(work: Callable[[Sequence[int]], list[Any]], todo: Sequence[int], chunk: Sequence[int]) -> tuple[list[Any], dict[int, int]]:
    before = _logged()
    results = work([todo[i] for i in chunk])
    after = _logged()
    return results, {level: n - before.get(level, 0) for level, n in after.items() if n != before.get(level, 0)}


# An incremental build with less Markdown than this to render renders and builds it here
# rather than in workers: forking this process (which holds every page) and starting the
# workers cost more than they saved for the 20 pages (3 MB) a pledge changes at national
# scale: 1.2 s against 0.7 s in one process, on a busy machine.
MIN_WORK_TO_FORK = 8_000_000


def _in_workers(jobs: int, work: Callable[[Sequence[int]], list[Any]], todo: Sequence[int]) -> list[Any]:
    """work(pages) for the pages `todo` (indices), in `jobs` forked processes; the results in
    order. Warnings the workers logged are added to this process's strict-mode counter."""
    if not forked.forks(jobs, len(todo)):
        return work(todo)  # here: warnings go straight to the counter
    parts = forked.map_chunks(jobs, functools.partial(_run_counted, work, todo), len(todo))
    counter = _SHARED.get("counter")
    for _, logged in parts:
        for level, n in logged.items():
            if counter is not None:
                counter.counts[level] += n
    return [r for results, _ in parts for r in results]


def _render_pages(indices: Sequence[int]) -> list[tuple[Any, ...]]:
    """Markdown to HTML (Page.render), handing back what render sets on the page."""
    config: MkDocsConfig = _SHARED["config"]
    files: Files = _SHARED["files"]
    out = []
    for i in indices:
        page: Page = _SHARED["pages"][i]
        config._current_page = page
        with _reading_page(config, page.file.src_uri):
            page.render(config, files)
        links = {f.src_uri: a for f, a in page.links_to_anchors.items()} if page.links_to_anchors else None
        out.append((page.content, page.toc, page._title_from_render, page.present_anchor_ids, links))
    return out


def _build_pages(indices: Sequence[int]) -> list[list[dict[str, Any]]]:
    """Page template to file (MkDocs' own _build_page); hands back each page's search entries."""
    config: MkDocsConfig = _SHARED["config"]
    pages: list[Page] = _SHARED["pages"]
    search = _SHARED["search"]
    out = []
    for i in indices:
        page = pages[i]
        start = len(search.entries) if search is not None else 0
        _build_page(page, config, _SHARED["doc_files"], _SHARED["nav"], _SHARED["env"],
                    excluded=page.file.inclusion.is_excluded())
        out.append(search.entries[start:] if search is not None else [])
    return out


def _render(jobs: int, todo: list[int]) -> None:
    config: MkDocsConfig = _SHARED["config"]
    files: Files = _SHARED["files"]
    pages: list[Page] = _SHARED["pages"]
    for i, result in zip(todo, _in_workers(jobs, _render_pages, todo)):
        page = pages[i]
        page.content, page.toc, page._title_from_render, page.present_anchor_ids, links = result
        page.links_to_anchors = {files.get_file_from_path(uri): a for uri, a in links.items()} if links else None
        page.content = config.plugins.on_page_content(page.content, page=page, config=config, files=files)


def _index_the_top_only(search: Any) -> Callable[[], None]:
    """Have the search index read a page only up to SEARCH_END, where the generator marks
    that the rest is in sections excluded from search: the entries are the same (tested),
    and a pitch page's tables are not parsed for nothing. Returns the undo."""
    original = search.add_entry_from_context

    def add_entry_from_context(page: Page) -> None:
        content = page.content
        if not content or SEARCH_END not in content:
            return original(page)
        page.content = content.split(SEARCH_END, 1)[0]
        try:
            return original(page)
        finally:
            page.content = content

    search.add_entry_from_context = add_entry_from_context
    return lambda: setattr(search, "add_entry_from_context", original)


def _added_files_keep_pages(config: MkDocsConfig) -> bool:
    """Whether a file added since the previous build leaves the other pages as they were. A
    link to a file that does not exist is left as written (and logged at
    validation.links.not_found); once the file exists it becomes a link to it. In strict
    mode with that at warning or above, the previous site had no such links."""
    return bool(config.strict) and config.validation.links.not_found >= logging.WARNING


def _theme_files(env: Any, config: MkDocsConfig, files: Files, known: list[str] | None) -> list[str]:
    """Add the theme's static files to files (Files.add_files_from_theme), and return their
    names. `known`: the names the previous build found, given the same settings and theme.

    Listing them walks every theme folder (Material's has 14,000 icons) and matches each name
    against a dozen patterns: 0.2 s at any scale. The theme's files change only with its
    version or the custom_dir's files, which the fingerprint covers."""
    names = known
    if names is None:
        listed = env.list_templates

        def capture(*args: Any, **kwargs: Any) -> list[str]:
            nonlocal names
            names = listed(*args, **kwargs)
            return list(names)

        env.list_templates = capture
    else:
        env.list_templates = lambda *args, **kwargs: list(known)
    try:
        files.add_files_from_theme(env, config)  # it calls env.list_templates once
    finally:
        del env.list_templates
    return list(names or [])


def _keep_page(page: Page, kept: list[Any]) -> None:
    """What read_source would set on a page whose source is unchanged, from the record.

    Reading and parsing every page's front matter cost 0.6 s at national scale with nothing
    changed; a kept page is never rendered, and what the plugins read of it (the tags
    plugin: page.meta for its tags, page.title in the tags index) is what the record keeps.
    The Markdown is left empty: no plugin wrote into this page (those are not in the
    record), so the events see none of it change."""
    meta, title, _ = kept
    page.markdown, page.meta = "", meta
    # page.title is meta["title"], else the title found when rendering: the same as the full
    # build's (recorded from it), where a page never rendered would take it from the Markdown.
    page._title_from_render = title


def _layout(jobs: int, config: MkDocsConfig, files: Files, doc_files: Sequence[File], kept: set[int],
            sources: dict[str, str], record: Record | None, previous_site: Path | None) -> site_layout.Layout:
    """Start laying out the new site: every folder, the kept pages (linked from the previous
    site), and the static files. `record`: the previous build's, if it had the same settings."""
    folders = sorted({os.path.dirname(f.abs_dest_path) for f in files if f.inclusion.is_included()})
    links: list[tuple[str, str]] = []
    copies: list[File] = []
    if kept:
        assert previous_site is not None
        previous = str(previous_site)  # once, not for each of 4,000 pages
        links.extend((os.path.join(previous, doc_files[i].dest_uri), doc_files[i].abs_dest_path) for i in sorted(kept))
    for file in files:
        if file.is_documentation_page() or not file.inclusion.is_included():
            continue
        if file.src_uri in sources and file.abs_src_path:
            # The docs tree's files are replaced whole, never rewritten in place (tree.py), so
            # the site can share them: a link instead of a copy.
            links.append((file.abs_src_path, file.abs_dest_path))
        elif (record is not None and previous_site is not None and not file.generated_by
              and file.src_uri in record.theme_files and file.src_uri not in record.sources
              and os.path.isfile(previous := os.path.join(previous_site, file.dest_uri))):
            links.append((previous, file.abs_dest_path))  # a theme's file, from the same theme as then
        else:
            copies.append(file)
    return site_layout.Layout(jobs, config.site_dir, folders, links, copies)


@dataclass(frozen=True)
class _Plan:
    """What a build keeps of the previous site, and the new site's layout begun from that."""

    doc_files: list[File]
    ours: list[File]  # the docs tree's files
    sources: dict[str, str]  # see _digests
    stats: dict[str, list[int]]
    reuse: bool  # whether any page may be kept
    keepable: frozenset[str]  # pages whose HTML in the previous site is the one this build would make
    kept: frozenset[int]  # of those, the doc_files read from the record, not their file (see _keep_page)
    layout: site_layout.Layout
    static: tuple[tuple[str, str, tuple[int, ...]], ...]  # the tree's other files, linked: (source, target, its stat)
    relink: tuple[tuple[str, str], ...] = ()  # of those, what must be linked again (see _checked)


def _plan(config: MkDocsConfig, jobs: int, files: Files, record: Record | None, same_settings: bool,
          previous_site: Path | None) -> _Plan:
    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
    docs_dir = os.path.abspath(config.docs_dir)
    ours = [f for f in files if f.abs_src_path and f.inclusion.is_included()
            and f.abs_src_path.startswith(docs_dir + os.sep)]  # File makes abs_src_path absolute
    sources, stats = _digests(ours, record.sources if record else {}, record.stats if record else {})
    reuse = (
        record is not None and previous_site is not None and same_settings
        and set(record.sources) <= set(sources)  # a page or file removed: links may break
        and (len(record.sources) == len(sources) or _added_files_keep_pages(config))
        and not (config.strict and config.validation.links.anchors >= logging.WARNING)  # checked on every page
    )
    keepable: set[str] = set()
    if reuse:
        assert record is not None and previous_site is not None
        previous = str(previous_site)
        keepable = {f.src_uri for f in doc_files
                    if record.sources.get(f.src_uri) == sources.get(f.src_uri) and f.src_uri in record.search
                    and os.path.isfile(os.path.join(previous, f.dest_uri))}
    kept = {i for i, f in enumerate(doc_files)
            if f.src_uri in keepable and f.src_uri in record.pages and not record.pages[f.src_uri][2]}  # type: ignore[union-attr]
    static = tuple((f.abs_src_path, f.abs_dest_path, _stat_key(f.abs_src_path))
                   for f in ours if not f.is_documentation_page())
    layout = _layout(jobs, config, files, doc_files, kept, sources, record if same_settings else None, previous_site)
    return _Plan(doc_files, ours, sources, stats, reuse, frozenset(keepable), frozenset(kept), layout, static)  # type: ignore[arg-type]


def _checked(plan: _Plan) -> _Plan:
    """A plan made from the docs tree before it was written, now that it is: the sources
    whose stat changed are read again (the generator replaces a file it changes whole), a
    page whose source changed is built rather than kept, and a file that changed is linked
    again (its link is to the file it replaced)."""
    sources, stats = _digests(plan.ours, plan.sources, plan.stats)
    changed = {uri for uri, digest in sources.items() if plan.sources.get(uri) != digest}
    return replace(
        plan, sources=sources, stats=stats, keepable=plan.keepable - changed,
        kept=frozenset(i for i in plan.kept if plan.doc_files[i].src_uri not in changed),
        relink=tuple((source, target) for source, target, key in plan.static if _stat_key(source) != key),
    )


def _stat_key(path: str) -> tuple[int, ...]:
    """(device, inode, size, mtime in ns): what may vouch for a file's bytes (see _digests)."""
    st = os.stat(path)
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def _docs_listing(docs_dir: str) -> frozenset[str]:
    """Every file in the docs tree, as get_files walks it (its File.abs_src_path)."""
    return frozenset(os.path.normpath(os.path.join(root, name))
                     for root, _, names in os.walk(docs_dir, followlinks=True) for name in names)


@contextlib.contextmanager
def _held_logs() -> Iterator[list[logging.LogRecord]]:
    """MkDocs' log records (its plugins' too: their loggers are under "mkdocs"), held back
    rather than handled; logging.getLogger("mkdocs").handle(record) handles one later."""
    logger = logging.getLogger("mkdocs")
    buffer = logging.handlers.BufferingHandler(capacity=sys.maxsize)
    saved = logger.handlers, logger.propagate
    logger.handlers, logger.propagate = [buffer], False
    try:
        yield buffer.buffer
    except BaseException:
        logger.handlers, logger.propagate = saved
        for record in buffer.buffer:  # what was said on the way to the failure may explain it
            logger.handle(record)
        raise
    finally:
        logger.handlers, logger.propagate = saved


def _scan(config: MkDocsConfig, env: Any, theme_files: list[str] | None) -> tuple[Files, Any, list[str], frozenset[str]]:
    """MkDocs' files and navigation (with their plugin events), the theme's file names, and
    the docs tree's files that they were made from (see _docs_listing)."""
    files = get_files(config)
    found = frozenset(f.abs_src_path for f in files if f.abs_src_path)
    names = _theme_files(env, config, files, theme_files)
    files = config.plugins.on_files(files, config=config)
    set_exclusions(files, config)
    nav = get_navigation(files, config)
    nav = config.plugins.on_nav(nav, config=config, files=files)
    return files, nav, names, found


def build(config: MkDocsConfig, *, jobs: int, previous_site: Path | None, record: Record | None,
          tree_written: Callable[[], None] = lambda: None, compiled: Path | None = None) -> Record:
    """Build the site into config.site_dir; return its record. The folder may hold an older
    site (site_folder.py's spare), which becomes this one exactly.

    `compiled`: where to keep the theme's templates compiled for the next build (None: nowhere).
    tree_written() returns once the docs tree is written. It is called after the docs folder
    is scanned as it was (the files and navigation: 0.4 s at national scale), so that this
    can go on while the tree is being written (engine_process.py); if the tree then has other
    files than were scanned, it is scanned again."""
    logger = logging.getLogger("mkdocs")
    counter = utils.CountHandler()
    counter.setLevel(logging.WARNING)
    if config.strict:
        logger.addHandler(counter)
    layout: site_layout.Layout | None = None
    try:
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        env = config.theme.get_env()
        if compiled is not None:
            env.bytecode_cache = compiled_templates(compiled)
        fingerprint = _fingerprint(config)
        same_settings = record is not None and record.fingerprint == fingerprint
        known_theme_files = record.theme_files if same_settings and record else None
        with _held_logs() as held:  # what scanning the tree as it was says may not hold
            files, nav, theme_files, found = _scan(config, env, known_theme_files)

        def plan() -> _Plan:
            return _plan(config, jobs, files, record, same_settings, previous_site)

        # With a previous site, what to keep of it is worked out and the new site laid out
        # from the tree as it was (most of it is as it will be), while the tree is written.
        planned = None
        if record is not None:
            with contextlib.suppress(OSError):  # a file went while it was read: plan after
                planned = plan()
                layout = planned.layout  # stopped if the build fails from here
        tree_written()
        if _docs_listing(config.docs_dir) == found:
            for message in held:
                logger.handle(message)
        else:  # files added or removed (or the scan saw the tree half written): scan again
            files, nav, theme_files, _ = _scan(config, env, known_theme_files or theme_files)
            if planned is not None:
                planned.layout.stop()  # the new plan's layout starts from wherever this one got
            planned = None
        if planned is None:
            planned = plan()
        else:
            planned = _checked(planned)
        layout = planned.layout
        doc_files, sources, stats, reuse = planned.doc_files, planned.sources, planned.stats, planned.reuse
        kept = set(planned.kept)  # pages a plugin writes into leave it (below)
        anchors_level = config.validation.links.anchors
        pages: list[Page] = []
        written_by_plugin: set[str] = set()
        for i, file in enumerate(doc_files):
            if file.page is None and file.inclusion.is_not_in_nav():
                Page(None, file, config)
            assert file.page is not None
            page = file.page
            config._current_page = page
            with _reading_page(config, file.src_uri):
                page = config.plugins.on_pre_page(page, config=config, files=files)
                if i in kept:
                    assert record is not None
                    _keep_page(page, record.pages[file.src_uri])
                else:
                    page.read_source(config)
                assert page.markdown is not None
                source = page.markdown
                page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
                if page.markdown != source:  # a plugin wrote into it (the tags index): always build
                    written_by_plugin.add(file.src_uri)
                    if i in kept:  # not as the record says: read it after all
                        kept.discard(i)
                        page.read_source(config)
                        page.markdown = config.plugins.on_page_markdown(
                            page.markdown, page=page, config=config, files=files)
            pages.append(page)

        def read_kept() -> None:
            """The kept pages' sources after all (when everything is built again)."""
            for i in sorted(kept):
                page = pages[i]
                config._current_page = page
                with _reading_page(config, page.file.src_uri):
                    page.read_source(config)  # no plugin wrote into it: its Markdown is its source
            kept.clear()

        _SHARED.update(config=config, files=files, pages=pages, nav=nav, counter=counter)
        todo = [i for i in range(len(doc_files)) if i not in kept]
        if kept and sum(len(pages[i].markdown or "") for i in todo) < MIN_WORK_TO_FORK:
            jobs = 1
        _render(jobs, todo)
        nav_entries = _nav_entries(nav.items)
        if reuse and record is not None and nav_entries != record.nav:
            # A title in the navigation changed, and every page shows the navigation. (The
            # titles of kept pages in it are the recorded ones, as they were not rendered.)
            reuse = False
            rest = sorted(kept)
            read_kept()
            _render(jobs, rest)
            todo = sorted(set(todo) | set(rest))

        # A page a plugin writes into (the tags index: every tagged page's title and address)
        # is read and rendered, so that the plugin has it, but its HTML is kept when no page
        # was added or removed and every page rendered again has the front matter and title
        # it had: building the tags index (900 KB at national scale) cost 0.6 s.
        same_pages = reuse and record is not None and len(record.search) == len(doc_files) and all(
            record.pages.get(pages[i].file.src_uri, [None, None])[:2] == [pages[i].meta, pages[i].title]
            for i in todo)
        written_kept = {i for i in todo if same_pages and pages[i].file.src_uri in written_by_plugin
                        and pages[i].file.src_uri in planned.keepable}
        for i in written_kept:
            # Its HTML is kept: no need for the tags plugin to write its listing into it (0.2 s
            # for the tags index's 5,000 links). The listing is still made (the pages built
            # link their tags to it), only not written out.
            pages[i].content = ""
        # From here on this process writes into the new site: the layout must be done.
        layout.wait()
        tree = site_layout.Tree(config.site_dir)  # for what is kept from here on (the layout has the rest)
        for source, target in planned.relink:
            tree.link(source, target)
        # The tags plugin's export (tags.json) holds every tagged page's title, address and
        # tags: with the same pages, it is the file it was.
        tags = config.plugins.get("material/tags")
        export = None
        if same_pages and tags is not None and tags.config.enabled and tags.config.export:
            assert previous_site is not None
            if os.path.isfile(os.path.join(previous_site, tags.config.export_file)):
                export = tags.config.export_file
        if export is not None:
            assert tags is not None
            tags.config.export = False
        try:
            env = config.plugins.on_env(env, config=config, files=files)
        finally:
            if export is not None:
                assert tags is not None
                tags.config.export = True
        if export is not None:
            assert previous_site is not None
            tree.link(os.path.normpath(os.path.join(previous_site, export)),
                      os.path.normpath(os.path.join(config.site_dir, export)))
        templates = _templates_key(fingerprint, nav_entries, files)
        kept_templates = (
            reuse and record is not None and previous_site is not None and record.templates == templates
            and all(os.path.isfile(os.path.join(previous_site, name)) for name in record.templates_out)
        )
        if kept_templates:
            # The sitemap lists every page (4,000 at national scale) and the 404 page renders
            # the whole page template: 0.3 s together, for the same bytes as last time.
            assert record is not None and previous_site is not None
            for name in record.templates_out:
                tree.link(os.path.join(previous_site, name), os.path.join(config.site_dir, name))
        else:
            for template in config.theme.static_templates:
                _build_theme_template(template, env, files, config, nav)
        for template in config.extra_templates:
            _build_extra_template(template, files, config, nav)

        search_plugin = config.plugins.get("material/search")
        search = search_plugin.search_index if search_plugin is not None and search_plugin.config.enabled else None
        _SHARED.update(doc_files=doc_files, env=env, search=search)
        undo = _index_the_top_only(search) if search is not None else (lambda: None)
        to_build = [i for i in todo if i not in written_kept]
        for i in to_build:  # kept when the layout began, built after all: never write into a shared file
            if doc_files[i].abs_dest_path in layout.linked:
                os.unlink(doc_files[i].abs_dest_path)
        try:
            built = dict(zip(to_build, _in_workers(jobs, _build_pages, to_build)))
        finally:
            undo()
        entries: dict[str, list[dict[str, Any]]] = {}
        for i, file in enumerate(doc_files):
            if i in built:
                entries[file.src_uri] = built[i]
            else:
                assert record is not None and previous_site is not None
                entries[file.src_uri] = record.search[file.src_uri]
                if file.abs_dest_path not in layout.linked:
                    tree.link(os.path.join(previous_site, file.dest_uri), file.abs_dest_path)
        if search is not None:
            search.entries = [e for file in doc_files for e in entries[file.src_uri]]

        for i in todo:
            pages[i].validate_anchor_links(files=files, log_level=anchors_level)

        config.plugins.on_post_build(config=config)
        if counts := counter.get_counts():
            msg = ", ".join(f"{v} {k.lower()}s" for k, v in counts)
            raise Abort(f"Aborted with {msg} in strict mode!")
        kept_pages = {  # a kept page's entry is the record's (as checked when it was made)
            file.src_uri: record.pages[file.src_uri] if i in kept and record is not None
            else [page.meta, page.title, file.src_uri in written_by_plugin]
            for i, (file, page) in enumerate(zip(doc_files, pages))
            if i in kept or (page.title and _plain(page.meta))
        }
        outputs = [name for template in config.theme.static_templates for name in (template, f"{template}.gz")
                   if os.path.isfile(os.path.join(config.site_dir, name))]
        return Record(fingerprint, sources, nav_entries, entries, stats=stats, pages=kept_pages,
                      theme_files=theme_files, templates=templates, templates_out=outputs, built=len(built))
    except Exception as e:
        config.plugins.on_build_error(error=e)
        if isinstance(e, BuildError):
            log.error(str(e))
            raise Abort("Aborted with a BuildError!") from e
        raise
    finally:
        if layout is not None:
            layout.stop()  # when the build failed: nothing may write into its folder after this
        _SHARED.clear()
        logger.removeHandler(counter)
