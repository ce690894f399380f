"""A generation given the previous one's record (render/memo.py) writes the same docs tree,
byte for byte, as a generation from nothing, after any change; and it renders again only
the parts whose inputs changed.

A sequence of changes to the sample catalogue, each through the real pipeline (files ->
load -> validate -> compute, a real Git repository for the audit trail). The new catalogue
is made as the incremental compute makes it: the previous build's very objects wherever
they are equal (and, in one test, an entirely fresh compute, every object new but equal).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import pickle
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cofund.compute import ComputedCatalogue, compute
from cofund.load import FolderSource, load
from cofund.render import Generated, RenderRecord, generate, read_history
from cofund.render.history import History
from cofund.validate import validate

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 24)
URL = "https://example.org/cofund/"
# Parts whose key is every pitch, every organisation or the catalogue's figures: rendered
# again after most changes.
WIDE = {"index.md", "products.md", "directory/", "feeds/catalogue.xml", "catalogue/pitches.json"}


def _git(repo: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
           "GIT_AUTHOR_DATE": "2026-11-20T12:00:00", "GIT_COMMITTER_DATE": "2026-11-20T12:00:00"}
    subprocess.run(["git", "-C", str(repo), *args], check=True, env=env, capture_output=True)


def _commit(repo: Path, message: str) -> None:
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", message)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The sample catalogue (40 organisations, 8 pitches) in a Git repository."""
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copyfile(ROOT / "cofund.yml", repo / "cofund.yml")
    for folder in ("organisations", "pitches", "site", "schemas"):
        shutil.copytree(ROOT / folder, repo / folder)
    _git(repo, "init", "-q", "-b", "main")
    _commit(repo, "The sample catalogue")
    return repo


def _compute(repo: Path, today: dt.date = TODAY) -> ComputedCatalogue:
    validated = validate(load(FolderSource(repo)), today)
    assert validated.ok, validated.problems
    return compute(validated.catalogue, today)


def _shared(old: ComputedCatalogue, new: ComputedCatalogue) -> ComputedCatalogue:
    """`new` with `old`'s objects wherever they are equal, as the incremental compute gives."""
    pitches = {p.id: p for p in old.pitches}
    orgs = {o.id: o for o in old.organisations}
    return dataclasses.replace(
        old,
        catalogue=old.catalogue if old.catalogue == new.catalogue else new.catalogue,
        today=new.today,
        pitches=tuple(pitches[p.id] if pitches.get(p.id) == p else p for p in new.pitches),
        organisations=tuple(orgs[o.id] if orgs.get(o.id) == o else o for o in new.organisations),
        stats=old.stats if old.stats == new.stats else new.stats,
    )


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    }


def _folders(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_dir()}


class Builds:
    """Generations into one docs folder, each checked against a generation from nothing."""

    def __init__(self, repo: Path, tmp: Path, jobs: int = 1) -> None:
        self.repo, self.tmp, self.jobs = repo, tmp, jobs
        self.docs = tmp / "docs"
        self.record: RenderRecord | None = None
        self.count = 0
        self.changed: set[str] = set()  # the files the last step changed or added

    def step(self, computed: ComputedCatalogue, site_url: str | None = URL, history: History | None = None) -> Generated:
        history = history if history is not None else read_history(self.repo)
        before = _tree(self.docs) if self.docs.exists() else {}
        done = generate(self.repo, computed, self.docs, site_url, history, self.jobs, previous=self.record)
        self.count += 1
        scratch = self.tmp / f"scratch-{self.count}"
        full = generate(self.repo, computed, scratch, site_url, history)
        assert _tree(self.docs) == _tree(scratch)
        assert _folders(self.docs) == _folders(scratch)
        assert done.written <= full.written
        after = _tree(self.docs)
        self.changed = {path for path, data in after.items() if before.get(path) != data}
        self.record = done.record
        return done

    @property
    def computed(self) -> ComputedCatalogue:
        assert self.record is not None
        return self.record.computed


def _linked(o: Any) -> set[str]:
    return {*o.proposed, *o.adopted, *(x.pledge.pitch for x in o.pledges)}


def _assert_only_what_changed(builds: Builds, before: ComputedCatalogue, after: ComputedCatalogue, done: Generated,
                              history_of: set[str] = frozenset()) -> None:  # type: ignore[assignment]
    """Only the pages and feeds of changed pitches and organisations (and of organisations
    linked to a changed pitch), and the pages of pitches whose history changed, were
    rendered, besides the parts that list everything."""
    old_pitches = {p.id: p for p in before.pitches}
    old_orgs = {o.id: o for o in before.organisations}
    pitches = {p.id for p in after.pitches if old_pitches.get(p.id) is not p}
    orgs = {o.id for o in after.organisations if old_orgs.get(o.id) is not o or _linked(o) & pitches}
    rendered = set(done.rendered)
    assert {n for n in rendered if n.startswith("pitches/")} == {f"pitches/{i}.md" for i in pitches | history_of}
    assert {n for n in rendered if n.startswith("organisations/")} == {f"organisations/{i}.md" for i in orgs}
    assert {n for n in rendered if n.startswith("feeds/organisations/")} == {f"feeds/organisations/{i}.xml" for i in orgs}
    # A page of a list: only if it shows a changed pitch, or what it shows changed.
    lists = {n for n in rendered if n.startswith("catalogue/") and n.endswith(".md")}
    for name in lists - builds.changed:
        text = (builds.docs / name).read_text(encoding="utf-8")
        assert any(f"pitches/{i}/" in text for i in pitches), name
    assert rendered - lists - {n for n in rendered if n.startswith(("pitches/", "organisations/", "feeds/organisations/"))} <= WIDE


def _assert_everything_rendered(done: Generated) -> None:
    assert len(done.rendered) == len(done.record.parts)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


PITCH = "blue-badge-hidden-disability-assessment"
PLEDGES = Path("pitches") / PITCH / "pledges"


def _data_changes(repo: Path) -> list[tuple[str, Callable[[], None]]]:
    """Changes to the data, applied in order."""
    return [
        ("raise one pledge", lambda: _edit(repo / PLEDGES / "dudley.yml", "amount: 5000", "amount: 7000")),
        ("retitle a pitch", lambda: _edit(repo / "pitches" / PITCH / "pitch.yml",
                                          "title: Blue Badge assessments", "title: Blue Badge checks")),
        ("a new pledge", lambda: (repo / PLEDGES / "kirklees.yml").write_text(
            "date: 2026-11-20\nsignatory: jsmith-kirklees\nrole: funder\nstatus: pledged\namount: 4000\n")),
        ("a pledge withdrawn", lambda: _edit(repo / PLEDGES / "camden.yml", "status: pledged", "status: withdrawn")),
        ("a pledge removed", lambda: (repo / PLEDGES / "hackney.yml").unlink()),
        ("a pitch removed", lambda: shutil.rmtree(repo / "pitches" / "school-admission-appeals")),
        ("a pitch added", lambda: shutil.copytree(repo / "pitches" / "foi-request-handling",
                                                  repo / "pitches" / "foi-request-handling-2")),
    ]


def test_data_changes_render_only_what_changed(repo: Path, tmp_path: Path) -> None:
    builds = Builds(repo, tmp_path)
    _assert_everything_rendered(builds.step(_compute(repo)))
    for name, change in _data_changes(repo):
        change()
        before = builds.computed
        after = _shared(before, _compute(repo))
        done = builds.step(after)
        _assert_only_what_changed(builds, before, after, done)
        assert done.rendered, name
    # Nothing changed: only the parts rendered every time.
    assert builds.step(builds.computed).rendered == ()


def test_a_commit_renders_the_pages_whose_history_changed(repo: Path, tmp_path: Path) -> None:
    builds = Builds(repo, tmp_path)
    builds.step(_compute(repo))
    _edit(repo / PLEDGES / "dudley.yml", "amount: 5000", "amount: 7000")
    before = builds.computed
    after = _shared(before, _compute(repo))
    builds.step(after)
    _commit(repo, "Raise Dudley's pledge")
    # The same catalogue (the data did not change), a new audit trail row for one pitch.
    done = builds.step(after)
    _assert_only_what_changed(builds, after, after, done, history_of={PITCH})


def test_a_fresh_compute_renders_what_a_shared_one_does(repo: Path, tmp_path: Path) -> None:
    builds = Builds(repo, tmp_path, jobs=2)
    builds.step(_compute(repo))
    _edit(repo / PLEDGES / "dudley.yml", "amount: 5000", "amount: 7000")
    before = builds.computed
    fresh = _compute(repo)  # every object new, most equal to the previous build's
    done = builds.step(fresh)
    _assert_only_what_changed(builds, before, _shared(before, fresh), done)


@pytest.mark.parametrize("change", ["site page", "home text", "settings", "organisation name", "today", "site url"])
def test_what_every_page_reads_renders_everything(repo: Path, tmp_path: Path, change: str) -> None:
    builds = Builds(repo, tmp_path)
    builds.step(_compute(repo))
    site_url: str | None = URL
    today = TODAY
    if change == "site page":
        _edit(repo / "site" / "about.md", "\n", "\nA new line.\n")
    elif change == "home text":
        (repo / "site" / "index.md").write_text("---\ntitle: x\n---\nA new opening.\n", encoding="utf-8")
    elif change == "settings":
        _edit(repo / "cofund.yml", "name: cofund", "name: cofund UK")
    elif change == "organisation name":
        _edit(repo / "organisations" / "kirklees.yml", "name: Kirklees", "name: Kirklees Metropolitan")
    elif change == "today":
        today = TODAY + dt.timedelta(days=1)
    else:
        site_url = None
    done = builds.step(_shared(builds.computed, _compute(repo, today)), site_url=site_url)
    _assert_everything_rendered(done)


def test_files_changed_behind_the_records_back_are_made_again(repo: Path, tmp_path: Path) -> None:
    builds = Builds(repo, tmp_path)
    builds.step(_compute(repo))
    docs = builds.docs
    edited = docs / "pitches" / f"{PITCH}.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("Blue", "Red"), encoding="utf-8")
    (docs / "organisations" / "kirklees.md").unlink()
    (docs / "feeds" / "catalogue.xml").write_bytes(b"")
    (docs / "stray.md").write_text("left by hand\n")
    (docs / "pitches" / "stray").mkdir()
    (docs / "pitches" / "stray" / "x.md").write_text("left by hand\n")
    (docs / ".kept").write_text("dotfiles are the engine's and the user's\n")
    done = builds.step(builds.computed)  # checks the tree against one made from nothing
    assert set(done.rendered) == {f"pitches/{PITCH}.md", "organisations/kirklees.md", "feeds/catalogue.xml"}
    assert (docs / ".kept").exists() and not (docs / "stray.md").exists() and not (docs / "pitches" / "stray").exists()
    # A folder emptied by hand is made again too.
    shutil.rmtree(docs / "directory")
    assert "directory/" in builds.step(builds.computed).rendered


def test_another_docs_folder_starts_afresh(repo: Path, tmp_path: Path) -> None:
    builds = Builds(repo, tmp_path)
    builds.step(_compute(repo))
    builds.docs = tmp_path / "elsewhere"
    _assert_everything_rendered(builds.step(builds.computed))


def _round_trip(record: RenderRecord) -> RenderRecord:
    """The record through pickle, as a build keeps it."""
    loaded: RenderRecord = pickle.loads(pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))
    return loaded


def test_a_record_kept_in_a_pickle(repo: Path, tmp_path: Path) -> None:
    builds = Builds(repo, tmp_path)
    builds.step(_compute(repo))
    for name, change in _data_changes(repo)[:3]:
        builds.record = _round_trip(builds.record)  # type: ignore[arg-type]
        kept = builds.record.computed
        assert kept.pitch(PITCH) is next(p for p in kept.pitches if p.id == PITCH)
        change()
        before = builds.computed
        after = _shared(before, _compute(repo))
        _assert_only_what_changed(builds, before, after, builds.step(after))
