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
  index entries come from the record. Pages in the navigation and pages a plugin writes into
  (the tags index) are always built. Anything that could change every page (mkdocs.yml, the
  theme, a version, the date, a page removed, a title in the navigation) means a full build.

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
import os
import shutil
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
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

from .. import mkdocs_plugin
from . import forked
from .templating import SEARCH_END

log = logging.getLogger("mkdocs.cofund")

# Plugins whose page events keep no state that a later page or the end of the build reads,
# other than what `build` hands back from the workers (search entries) or runs in this
# process (the tags plugin collects in on_page_markdown, which runs here).
KNOWN_PLUGINS = frozenset({"material/search", "material/tags", "cofund"})
_PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2", "cofund")
RECORD_VERSION = 1



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
    sources: dict[str, str]  # docs file -> digest of its bytes
    nav: list[list[str]]  # [title, url] of every navigation entry
    search: dict[str, list[dict[str, Any]]]  # page -> its search index entries
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


def _fingerprint(config: MkDocsConfig) -> str:
    """Everything besides a page's own source that its HTML depends on (the navigation's
    titles are compared separately, once the pages in it are built)."""
    h = hashlib.blake2b(digest_size=16)
    with open(config.config_file_path, "rb") as f:
        h.update(f.read())
    for name in _PACKAGES:
        h.update(f"{name}={version(name)}\n".encode())
    for module in (__file__, mkdocs_plugin.__file__):  # cofund's part of the engine, too
        h.update(f"{os.path.basename(module)}:{_digest(module)}\n".encode())
    h.update(f"SOURCE_DATE_EPOCH={os.environ.get('SOURCE_DATE_EPOCH', '')}\n".encode())
    custom_dir = config.theme.custom_dir
    if custom_dir:
        for root, dirs, names in os.walk(custom_dir):
            dirs.sort()
            for name in sorted(names):
                path = os.path.join(root, name)
                h.update(f"{os.path.relpath(path, custom_dir)}:{_digest(path)}\n".encode())
    return h.hexdigest()


def _nav_entries(items: Iterable[Any]) -> list[list[str]]:
    out: list[list[str]] = []
    for item in items:
        out.append([str(item.title), str(getattr(item, "url", "") or "")])
        if isinstance(item, Section):
            out.extend(_nav_entries(item.children))
    return out


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


def _link_or_copy(source: str, target: str) -> None:
    os.makedirs(os.path.dirname(target), exist_ok=True)
    if os.path.lexists(target):  # never write into a file that another site may share
        os.unlink(target)
    try:
        os.link(source, target)
    except OSError:  # another file system, or links not allowed: copy
        shutil.copyfile(source, target)


def build(config: MkDocsConfig, *, jobs: int, previous_site: Path | None, record: Record | None) -> Record:
    """Build the site into config.site_dir (an empty folder); return its record."""
    logger = logging.getLogger("mkdocs")
    counter = utils.CountHandler()
    counter.setLevel(logging.WARNING)
    if config.strict:
        logger.addHandler(counter)
    try:
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        files = get_files(config)
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)

        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        pages: list[Page] = []
        written_by_plugin: set[str] = set()
        for file in doc_files:
            if file.page is None and file.inclusion.is_not_in_nav():
                Page(None, file, config)
            assert file.page is not None
            page = file.page
            config._current_page = page
            with _reading_page(config, file.src_uri):
                page = config.plugins.on_pre_page(page, config=config, files=files)
                page.read_source(config)
                assert page.markdown is not None
                source = page.markdown
                page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
                if page.markdown != source:  # a plugin wrote into it (the tags index): always build
                    written_by_plugin.add(file.src_uri)
            pages.append(page)

        docs_dir = os.path.abspath(config.docs_dir)
        ours = [f for f in files if f.abs_src_path and f.inclusion.is_included()
                and os.path.abspath(f.abs_src_path).startswith(docs_dir + os.sep)]
        sources = {f.src_uri: _digest(f.abs_src_path) for f in ours if f.abs_src_path}
        fingerprint = _fingerprint(config)
        anchors_level = config.validation.links.anchors
        reuse = (
            record is not None and previous_site is not None and record.fingerprint == fingerprint
            and set(record.sources) <= set(sources)  # a page or file removed: links may break
            and not (config.strict and anchors_level >= logging.WARNING)  # checked on every page
        )
        in_nav = {p.file.src_uri for p in nav.pages}

        def must_build(file: File) -> bool:
            if not reuse:
                return True
            assert record is not None and previous_site is not None
            return (
                record.sources.get(file.src_uri) != sources.get(file.src_uri)
                or file.src_uri in in_nav or file.src_uri in written_by_plugin
                or file.src_uri not in record.search
                or not os.path.isfile(os.path.join(previous_site, file.dest_uri))
            )

        _SHARED.update(config=config, files=files, pages=pages, nav=nav, counter=counter)
        todo = [i for i, f in enumerate(doc_files) if must_build(f)]
        _render(jobs, todo)
        if reuse and record is not None and _nav_entries(nav.items) != record.nav:
            # A title in the navigation changed, and every page shows the navigation.
            reuse = False
            done = set(todo)
            rest = [i for i in range(len(pages)) if i not in done]
            _render(jobs, rest)
            todo = sorted(done | set(rest))

        env = config.plugins.on_env(env, config=config, files=files)

        for file in files:
            if file.is_documentation_page() or not file.inclusion.is_included():
                continue
            if file.src_uri in sources and file.abs_src_path:
                # The docs tree's files are replaced whole, never rewritten in place
                # (tree.py), so the site can share them: a link instead of a copy.
                _link_or_copy(file.abs_src_path, file.abs_dest_path)
            else:
                file.copy_file()
        for template in config.theme.static_templates:
            _build_theme_template(template, env, files, config, nav)
        for template in config.extra_templates:
            _build_extra_template(template, files, config, nav)

        search_plugin = config.plugins.get("material/search")
        search = search_plugin.search_index if search_plugin is not None and search_plugin.config.enabled else None
        _SHARED.update(doc_files=doc_files, env=env, search=search)
        undo = _index_the_top_only(search) if search is not None else (lambda: None)
        try:
            built = dict(zip(todo, _in_workers(jobs, _build_pages, todo)))
        finally:
            undo()
        entries: dict[str, list[dict[str, Any]]] = {}
        for i, file in enumerate(doc_files):
            if i in built:
                entries[file.src_uri] = built[i]
            else:
                assert record is not None and previous_site is not None
                entries[file.src_uri] = record.search[file.src_uri]
                _link_or_copy(os.path.join(previous_site, file.dest_uri), file.abs_dest_path)
        if search is not None:
            search.entries = [e for file in doc_files for e in entries[file.src_uri]]

        for i in todo:
            pages[i].validate_anchor_links(files=files, log_level=anchors_level)

        config.plugins.on_post_build(config=config)
        if counts := counter.get_counts():
            msg = ", ".join(f"{v} {k.lower()}s" for k, v in counts)
            raise Abort(f"Aborted with {msg} in strict mode!")
        return Record(fingerprint, sources, _nav_entries(nav.items), entries)
    except Exception as e:
        config.plugins.on_build_error(error=e)
        if isinstance(e, BuildError):
            log.error(str(e))
            raise Abort("Aborted with a BuildError!") from e
        raise
    finally:
        _SHARED.clear()
        logger.removeHandler(counter)

