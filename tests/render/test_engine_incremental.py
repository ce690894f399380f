"""The engine's incremental build (render/engine_build.py) on a small hand-made site: after
each kind of change, a build that keeps what it can gives the bytes a build from nothing
gives, and it keeps what it claims to keep (the same file, linked from the previous site)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from cofund.cache import cache_dir
from cofund.render import engine, engine_build, site_folder
from cofund.render.engine import EngineError, build_site

TODAY = dt.date(2026, 11, 24)
OLD = time.time() - 3600  # sources older than the "racily clean" window: their stats count

CONFIG = """\
site_name: Engine test
site_url: https://example.org/engine/
docs_dir: docs
strict: true
theme:
  name: material
plugins:
  - search
  - tags
nav:
  - Home: index.md
  - guide.md  # titled by its heading
  - Tags: tags.md
not_in_nav: |
  /items/
"""


def page(title: str, tags: list[str], body: str = "Some text.") -> str:
    return f"---\ntitle: {json.dumps(title)}\ntags: {json.dumps(tags)}\n---\n\n# {title}\n\n{body}\n"


def docs() -> dict[str, str]:
    files = {
        "index.md": "# Welcome\n\nSee the [guide](guide.md) and the [first item](items/one.md).\n",
        "guide.md": "# The guide\n\n## Steps\n\nRead [the tags](tags.md).\n",
        "tags.md": "---\ntitle: Tags\n---\n\n# Tags\n\n<!-- material/tags -->\n",
        "data/numbers.csv": "a,b\n1,2\n",
    }
    for n, name in enumerate(["one", "two", "three", "four"]):
        files[f"items/{name}.md"] = page(f"Item {name}", ["red", "blue"][: n % 2 + 1], f"Item number {n}.")
    files["items/plain.md"] = "# A page without front matter\n\nText.\n"
    return files


class Site:
    """A MkDocs project whose docs tree a test edits, built with the engine."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir()
        self.config = root / "mkdocs.yml"
        self.config.write_text(CONFIG)
        self.files = docs()
        self.site = root / "site"
        self.cache = cache_dir(root)

    def write(self) -> None:
        """The docs tree as the generator writes it: changed files replaced whole, others left."""
        folder = self.root / "docs"
        for rel, text in self.files.items():
            path = folder / rel
            if path.exists() and path.read_text() == text:
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(path.name + ".tmp")
            tmp.write_text(text)
            os.utime(tmp, (OLD, OLD))
            os.replace(tmp, path)
        for path in sorted(folder.rglob("*"), reverse=True):
            rel = path.relative_to(folder).as_posix()
            if path.is_file() and rel not in self.files:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()

    def build(self, site: Path | None = None, incremental: bool = True, jobs: int = 1) -> Path:
        target = site or self.site
        build_site(self.config, target, lambda docs_dir, site_url, jobs: self.write(), TODAY,
                   jobs=jobs, cache=self.cache, incremental=incremental)
        return target


def digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def inodes(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): p.stat().st_ino for p in root.rglob("*") if p.is_file()}


def retitle_an_item(s: Site) -> None:
    s.files["items/two.md"] = page("Item two, renamed", ["red", "blue"], "Item number 1.")


def retag_an_item(s: Site) -> None:
    s.files["items/three.md"] = page("Item three", ["red", "green"], "Item number 2.")


def edit_an_item_body(s: Site) -> None:
    s.files["items/four.md"] = page("Item four", ["red", "blue"], "Item number four, edited.")


def add_an_item(s: Site) -> None:
    s.files["items/five.md"] = page("Item five", ["green"])


def remove_an_item(s: Site) -> None:
    del s.files["items/one.md"]
    s.files["index.md"] = "# Welcome\n\nSee the [guide](guide.md).\n"


def retitle_a_nav_page(s: Site) -> None:
    s.files["guide.md"] = s.files["guide.md"].replace("# The guide", "# The handbook")


def edit_a_nav_page(s: Site) -> None:
    s.files["guide.md"] = s.files["guide.md"].replace("Read", "Now read")


def change_the_nav(s: Site) -> None:
    s.config.write_text(s.config.read_text().replace("  - Tags: tags.md\n", "  - All tags: tags.md\n"))


def change_the_settings(s: Site) -> None:
    s.config.write_text(s.config.read_text().replace("site_name: Engine test", "site_name: Engine test 2"))


def edit_a_file(s: Site) -> None:
    s.files["data/numbers.csv"] = "a,b\n3,4\n"


CHANGES: list[Callable[[Site], None]] = [
    retitle_an_item, retag_an_item, edit_an_item_body, add_an_item, remove_an_item, retitle_a_nav_page,
    edit_a_nav_page, change_the_nav, change_the_settings, edit_a_file,
]
EVERY_PAGE = (remove_an_item, retitle_a_nav_page, change_the_nav, change_the_settings)
TAGS_PAGE = (retitle_an_item, retag_an_item, add_an_item, *EVERY_PAGE)  # the tags index shows


@pytest.mark.parametrize("change", CHANGES, ids=[c.__name__ for c in CHANGES])
def test_a_rebuild_gives_what_a_full_build_gives(tmp_path, change):  # type: ignore[no-untyped-def]
    s = Site(tmp_path / "project")
    s.build(jobs=2)  # pages and the new site's layout in worker processes
    before, links = digest(s.site), inodes(s.site)
    change(s)
    s.build(jobs=2)
    after = digest(s.site)
    assert after == digest(s.build(tmp_path / "full", incremental=False))
    assert after != before
    kept = {name for name, ino in inodes(s.site).items() if links.get(name) == ino}
    untouched = "items/plain/index.html"  # a page none of the changes touch
    assert (untouched in kept) == (change not in EVERY_PAGE)
    # The tags index is kept exactly when it would be the same.
    assert (after["tags/index.html"] != before["tags/index.html"]) == (change in TAGS_PAGE)
    assert ("tags/index.html" in kept) == (change not in TAGS_PAGE)


def test_a_plan_cut_short_while_the_tree_is_written_is_made_again(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """What to keep is worked out from the tree as it was, while it is being written: a file
    the generator removes meanwhile fails that plan, and it is made once the tree is written."""
    s = Site(tmp_path / "project")
    s.build()
    edit_an_item_body(s)
    digests = engine_build._digests
    calls = []

    def first_fails(*args):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 1:
            raise FileNotFoundError("removed while it was read")
        return digests(*args)

    monkeypatch.setattr(engine_build, "_digests", first_fails)
    s.build()
    assert len(calls) == 2  # the plan made again, not checked
    assert digest(s.site) == digest(s.build(tmp_path / "full", incremental=False))


def test_with_nothing_changed_every_file_is_kept(tmp_path):  # type: ignore[no-untyped-def]
    s = Site(tmp_path / "project")
    s.build(jobs=2)
    before, links = digest(s.site), inodes(s.site)
    s.build(jobs=2)
    assert digest(s.site) == before
    # Only the search index is written again (from the entries kept in the record).
    assert sorted(name for name, ino in inodes(s.site).items() if links[name] != ino) == [
        "search/search_index.json"]


def test_a_source_edited_in_place_is_read_again(tmp_path):  # type: ignore[no-untyped-def]
    """The record's stat of a source vouches for its bytes only while the stat is the same;
    an edit in place (the same file, the same size) changes its mtime."""
    s = Site(tmp_path / "project")
    s.build()
    path = s.root / "docs" / "items" / "one.md"
    inode = path.stat().st_ino
    text = path.read_text().replace("Item number 0.", "Item number 9.")
    with open(path, "r+") as f:  # not replaced: the same inode, the same size
        f.write(text)
    assert path.stat().st_ino == inode
    s.files["items/one.md"] = text
    s.build()
    assert "Item number 9." in (s.site / "items" / "one" / "index.html").read_text()
    assert digest(s.site) == digest(s.build(tmp_path / "full", incremental=False))


def test_a_source_written_just_before_the_build_is_read_next_time(tmp_path):  # type: ignore[no-untyped-def]
    """A file written within the racy window of its stat gets no stat in the record: an edit
    in the same clock tick could keep its size and mtime."""
    s = Site(tmp_path / "project")
    s.build()
    fresh = s.root / "docs" / "items" / "two.md"
    fresh.write_text(fresh.read_text())  # now: not older than the window
    s.build()
    record = engine._previous_record(engine._record_path(s.cache, s.site.resolve()), s.site.resolve())
    assert record is not None
    assert "items/two.md" not in record.stats and "items/one.md" in record.stats


# -- the site folder the engine builds beside and swaps in whole, the replaced one kept as the
# spare to build the next over (render/site_folder.py, render/site_layout.py)

def wait_until_gone(path: Path) -> None:
    """Removal is done by a detached process."""
    deadline = time.monotonic() + 30
    while path.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not path.exists()


def settled(s: Site) -> bool:
    """Only the project's own files beside the site, once any replaced site that a build set
    aside (to be removed in the background, site_folder.remove_later) is gone."""
    deadline = time.monotonic() + 30
    while len(list(s.root.iterdir())) > 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    return sorted(p.name for p in s.root.iterdir()) == ["docs", "mkdocs.yml", "site"]


def wait_for_the_copy(s: Site) -> Path:
    """After a build that built most pages, a detached process makes the spare a copy of
    the site (site_folder.copy_later)."""
    spare = spare_of(s)
    deadline = time.monotonic() + 30
    while not spare.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert spare.is_dir()
    return spare


@pytest.mark.parametrize("prefix", [".site.old-", ".site.new-", ".site.copy-"])
def test_an_interrupted_removal_or_build_is_cleaned_by_the_next_build(tmp_path, prefix):  # type: ignore[no-untyped-def]
    s = Site(tmp_path / "project")
    s.build()
    leftover = s.root / f"{prefix}interrupted"
    (leftover / "site" / "pitches").mkdir(parents=True)
    (leftover / "site" / "pitches" / "index.html").write_text("an old page")
    s.build()
    wait_until_gone(leftover)
    assert settled(s)


def spare_of(s: Site) -> Path:
    site = s.site.resolve()
    return site_folder.spare_path(engine._record_path(s.cache, site), site)


def test_the_site_before_last_is_built_over(tmp_path):  # type: ignore[no-untyped-def]
    """The replaced site is kept as the spare (out of the project folder), and the next
    build makes it the new site: exact, whatever the spare held."""
    s = Site(tmp_path / "project")
    s.build(jobs=2)
    first = s.site.stat().st_ino
    wait_for_the_copy(s)
    edit_an_item_body(s)
    s.build(jobs=2)
    spare = spare_of(s)
    assert spare.stat().st_ino == first
    assert sorted(p.name for p in s.root.iterdir()) == ["docs", "mkdocs.yml", "site"]
    # Whatever is in the spare is put right or removed: files and folders of its own, a
    # page replaced by another file, a link where a page should be.
    (spare / "stray" / "deep").mkdir(parents=True)
    (spare / "stray" / "deep" / "file.html").write_text("not part of the site")
    (spare / "items" / "one" / "index.html").unlink()
    (spare / "items" / "one" / "index.html").write_text("tampered")
    (spare / "items" / "plain" / "index.html").unlink()
    (spare / "items" / "plain" / "index.html").symlink_to(s.site / "index.html")
    retitle_an_item(s)
    s.build(jobs=2)
    assert s.site.stat().st_ino == first  # the spare, renamed into place
    assert digest(s.site) == digest(s.build(tmp_path / "full", incremental=False))
    assert not any(p.is_symlink() for p in s.site.rglob("*"))


def test_after_a_full_build_the_spare_is_a_copy_of_the_site(tmp_path):  # type: ignore[no-untyped-def]
    """After a build that built most pages, the site before it shares little with the next
    one: the spare becomes a copy of the new site, of hard links, which the next build makes
    the new site by replacing only what changed."""
    s = Site(tmp_path / "project")
    s.build()
    s.build()  # the first site becomes the spare
    change_the_settings(s)
    s.build()  # every page built again
    copy = wait_for_the_copy(s)
    for page in ("index.html", "items/one/index.html"):
        assert (copy / page).stat().st_ino == (s.site / page).stat().st_ino
    copied = copy.stat().st_ino
    untouched = (s.site / "items" / "plain" / "index.html").stat().st_ino
    edit_an_item_body(s)
    s.build()
    assert s.site.stat().st_ino == copied  # the copy, brought up to date and renamed into place
    assert (s.site / "items" / "plain" / "index.html").stat().st_ino == untouched
    assert digest(s.site) == digest(s.build(tmp_path / "full", incremental=False))


def test_the_spare_of_a_site_that_is_gone_is_removed(tmp_path):  # type: ignore[no-untyped-def]
    s = Site(tmp_path / "project")
    gone = tmp_path / "gone"
    s.build(gone)
    s.build(gone)
    spare = site_folder.spare_path(engine._record_path(s.cache, gone.resolve()), gone.resolve())
    assert spare.is_dir()
    shutil.rmtree(gone)
    s.build()
    wait_until_gone(spare)


@pytest.mark.parametrize("incremental", [True, False])
def test_a_failed_build_leaves_the_previous_site(tmp_path, incremental):  # type: ignore[no-untyped-def]
    s = Site(tmp_path / "project")
    s.build()
    s.build()  # there is a spare: the failing build starts from it
    before, links = digest(s.site), inodes(s.site)
    s.files["items/two.md"] = page("Item two", ["red"], "A [broken link](nowhere.md).")
    with pytest.raises(EngineError):  # strict MkDocs (in a worker process when no page is kept)
        s.build(incremental=incremental, jobs=2)
    assert digest(s.site) == before and inodes(s.site) == links
    assert settled(s)
    # and the next good build still gives what a full build gives
    s.files["items/two.md"] = page("Item two", ["red"], "Fixed.")
    s.build()
    assert digest(s.site) == digest(s.build(tmp_path / "full", incremental=False))
