"""The generated docs tree for a small valid catalogue (the validate tests' base repository):
every page there, every link in it leading somewhere, front matter and feeds well formed, and
figures taken from compute rather than worked out again."""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from mkdocs.utils.meta import get_data

from cofund import resources
from cofund.compute import compute
from cofund.load import FolderSource, load
from cofund.render import render_site
from cofund.render.chart import series
from cofund.render.history import EMPTY
from cofund.render.page_html import MARKER
from cofund.validate import validate

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 24)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    repo = tmp_path_factory.mktemp("render") / "repo"
    shutil.copytree(ROOT / "tests" / "validate" / "cases" / "_base", repo)
    shutil.copytree(ROOT / "site", repo / "site")
    validated = validate(load(FolderSource(repo)), TODAY)
    assert validated.ok, validated.problems
    return repo, compute(validated.catalogue, TODAY)


@pytest.fixture(scope="module")
def tree(sample):  # type: ignore[no-untyped-def]
    repo, computed = sample
    rendered = render_site(repo, computed, "https://example.org/cofund/", EMPTY)
    files = {k: v.decode() if k.endswith((".md", ".xml")) else v for k, v in rendered.files.items()}
    # A generated page as the engine shows it: its stub's text, then cofund's HTML.
    for path, page in rendered.pages.items():
        files[path] += page.top + page.rest
    return computed, files


def test_a_page_for_every_pitch_organisation_and_facet(tree) -> None:  # type: ignore[no-untyped-def]
    computed, files = tree
    for p in computed.pitches:
        assert f"pitches/{p.id}.md" in files
        assert f"catalogue/status/{p.status.value}.md" in files
        assert f"catalogue/category/{p.pitch.category.value}.md" in files
        for sector in p.pitch.sectors:
            assert f"catalogue/sector/{sector}.md" in files
    for o in computed.organisations:
        assert f"organisations/{o.id}.md" in files and f"feeds/organisations/{o.id}.xml" in files
    for name in ("index.md", "catalogue/index.md", "products.md", "directory/index.md", "data/catalogue.json",
                 "data/pledges.csv", "data/organisations.csv"):
        assert name in files
    # The schemas the data was judged by, from the package (the repository has no schemas/).
    for name in resources.schema_names():
        assert files[f"data/schemas/{name}"] == resources.schema_bytes(name)
    # Facet values no pitch has get no page (no empty lists to wander into).
    statuses = {p.status.value for p in computed.pitches}
    assert {f.split("/")[-1][:-3] for f in files if f.startswith("catalogue/status/")} == statuses


def _resolve(page: str, link: str, files: dict) -> bool:  # type: ignore[type-arg]
    """Whether a relative link on `page` (a docs path) reaches a file of the tree."""
    target = link.split("#")[0]
    if target.endswith(".md"):  # a Markdown link, in a hand-written page
        return posixpath.normpath(posixpath.join(posixpath.dirname(page), target)) in files
    # A URL of the built site, in HTML: the page a/b.md is served at a/b/.
    here = page[:-3] + "/" if not page.endswith("index.md") else page[: -len("index.md")]
    goal = posixpath.normpath(posixpath.join(here, target))
    return (goal in files or goal + ".md" in files or posixpath.join(goal, "index.md") in files
            or (goal == "." and "index.md" in files))


def test_every_internal_link_leads_to_a_page(tree) -> None:  # type: ignore[no-untyped-def]
    _, files = tree
    broken = []
    for page, content in files.items():
        if not page.endswith(".md"):
            continue
        links = re.findall(r'href="([^"]+)"', content) + re.findall(r"\]\(([^)\s]+)", content)
        for link in links:
            if urlsplit(link).scheme or link.startswith("#"):
                continue
            if not _resolve(page, link, files):
                broken.append(f"{page}: {link}")
    assert broken == []


def test_generated_pages_are_front_matter_then_html(sample) -> None:  # type: ignore[no-untyped-def]
    repo, computed = sample
    rendered = render_site(repo, computed, None, EMPTY)
    for path, page in rendered.pages.items():
        body, meta = get_data(rendered.files[path].decode())
        assert meta == page.meta and meta[MARKER] is True, path
        # Nothing but the repository's own Markdown reaches the engine: the home page's opening.
        assert body == (page.markdown if path == "index.md" else ""), path


def test_feeds_are_atom_with_links_to_pages(tree) -> None:  # type: ignore[no-untyped-def]
    computed, files = tree
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.fromstring(files["feeds/catalogue.xml"])
    entries = feed.findall("a:entry", ns)
    ids = [e.findtext("a:id", namespaces=ns) for e in entries]
    assert len(ids) == len(set(ids)) >= len(computed.pitches)  # at least one "new pitch" each
    dates = [e.findtext("a:updated", namespaces=ns) for e in entries]
    assert dates == sorted(dates, reverse=True) and feed.findtext("a:updated", namespaces=ns) == dates[0]
    for e in entries:
        href = e.find("a:link", ns).get("href")
        assert href.startswith("https://example.org/cofund/pitches/")
        assert f"pitches/{href.split('/')[-2]}.md" in files


def test_pledge_link_opens_the_form_for_this_pitch(tree) -> None:  # type: ignore[no-untyped-def]
    computed, files = tree
    open_ones = [p for p in computed.pitches if p.status.value in ("open", "funded") and p.days_to_deadline >= 0]
    assert open_ones
    for p in computed.pitches:
        button = r'href="([^"]+)">[^<]*<span class="twemoji">.*?</span> Pledge to this pitch'
        links = [html.unescape(x) for x in re.findall(button, files[f"pitches/{p.id}.md"])]
        if p not in open_ones:
            assert links == []
            continue
        query = parse_qs(urlsplit(links[0]).query)
        assert links[0].startswith(computed.catalogue.settings.repository + "/issues/new?")
        assert query == {"template": ["pledge.yml"], "pitch": [p.id], "title": [f"Pledge to {p.pitch.title}"]}


def test_chart_ends_at_what_compute_says_is_pledged(tree) -> None:  # type: ignore[no-untyped-def]
    computed, _ = tree
    for p in computed.pitches:
        points = series(p)
        assert [pt.date for pt in points] == sorted({pt.date for pt in points})
        if p.partners and not p.status.releases_pledges:
            assert points[-1].total == p.pledged


def test_audit_trail_is_one_row_per_commit_newest_first_and_capped(tree) -> None:  # type: ignore[no-untyped-def]
    from types import MappingProxyType

    from cofund.render.history import Change, History
    from cofund.render.pages import AUDIT_ROWS, audit_rows
    from cofund.render.site import Site, SiteInput

    computed, _ = tree
    pitch = computed.pitches[0]
    orgs = [o.id for o in computed.organisations]
    day = dt.date(2026, 1, 1)
    changes = [Change("c0", day, "added", f"pitches/{pitch.id}/pitch.yml", "new")]
    changes += [Change("c1", day, "added", f"pitches/{pitch.id}/pledges/{o}.yml", "many") for o in orgs[:2]]
    changes += [Change(f"d{i}", day + dt.timedelta(days=i), "changed", f"pitches/{pitch.id}/pledges/{orgs[0]}.yml", "x")
                for i in range(1, AUDIT_ROWS + 5)]
    site = Site(SiteInput(computed, History(MappingProxyType({pitch.id: tuple(changes)})), "", None))
    rows = audit_rows(site, tuple(changes))
    assert [r.commit for r in rows[:1]] == [f"d{AUDIT_ROWS + 4}"] and [r.commit for r in rows[-2:]] == ["c1", "c0"]
    names = sorted(site.org_name(o) for o in orgs[:2])
    assert rows[-2].text == f"Pledges by {', '.join(names)} added" and rows[-1].text == "Pitch added"
    # The page shows the newest AUDIT_ROWS commits and links to the full history.
    from cofund.render.pages import pitch_page

    _, rendered = pitch_page(site, pitch)
    page = rendered.top + rendered.rest
    assert page.count("/commit/d") == AUDIT_ROWS and "/commit/c0" not in page
    history = f"{computed.catalogue.settings.repository}/commits/main/pitches/{pitch.id}"
    assert f'<a href="{history}">the full history</a>' in page
