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
from cofund.mkdocs_plugin import OVERRIDES
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
    files = {k: v.decode() if k.endswith((".md", ".xml", ".html")) else v for k, v in rendered.files.items()}
    files |= {k: v.decode() for k, v in rendered.letters.items()}  # written into the built site
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
    # A URL of the built site, in HTML: the page a/b.md is served at a/b/, a/b/index.html too.
    here = page[:-3] + "/" if not page.endswith(("index.md", "index.html")) else page[: page.rfind("/") + 1]
    goal = posixpath.normpath(posixpath.join(here, target))
    if goal.startswith("assets/cofund/"):  # the theme's overrides, which the engine copies
        return (Path(OVERRIDES) / goal).is_file()
    return (goal in files or goal + ".md" in files or posixpath.join(goal, "index.md") in files
            or posixpath.join(goal, "index.html") in files or (goal == "." and "index.md" in files))


def test_every_internal_link_leads_to_a_page(tree) -> None:  # type: ignore[no-untyped-def]
    _, files = tree
    broken = []
    for page, content in files.items():
        if not page.endswith((".md", ".html")):  # pages, and the pledge letters
            continue
        # A letter's language links lead to the other language's tree (tests/site checks them).
        content = re.sub(r"<[^>]*\bhreflang=[^>]*>", "", content)
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


# ---------------------------------------------------------------- issue 15's pages, on the sample

@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """This repository's sample catalogue (an open pitch with interest, a match fund and a
    stretch line; an expired and a withdrawn pitch; a draft shared-cost pitch), rendered with
    a made-up audit trail for one pledge file."""
    from types import MappingProxyType

    from cofund.render.history import Change, History

    repo = tmp_path_factory.mktemp("real") / "repo"
    repo.mkdir()
    for name in ("cofund.yml", "organisations", "pitches", "funds", "site"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, repo / name)
    validated = validate(load(FolderSource(repo)), TODAY)
    assert validated.ok, validated.problems
    computed = compute(validated.catalogue, TODAY)
    pitch = "blue-badge-hidden-disability-assessment"
    path = f"pitches/{pitch}/pledges/bradford.yml"
    history = History(MappingProxyType({pitch: (
        Change("a" * 40, dt.date(2026, 6, 29), "added", path, "Bradford pledges"),
        Change("b" * 40, dt.date(2026, 7, 2), "changed", path, "Bradford's conditions"),
    )}))
    rendered = render_site(repo, computed, "https://example.org/cofund/", history)
    letters = {path: data.decode() for path, data in rendered.letters.items()}
    return computed, {path: page.top + page.rest for path, page in rendered.pages.items()} | letters


def text_of(page: str) -> str:
    """The page's words as a reader sees them: inline tags join, block tags part."""
    inline = re.sub(r"</?(?:a|strong|em|code|span)\b[^>]*>", "", page)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", inline)).split())


def test_a_pledge_letter_for_every_pledge_of_money(real) -> None:  # type: ignore[no-untyped-def]
    from cofund.money import display

    computed, pages = real
    for p in computed.pitches:
        letters = {path for path in pages if path.startswith(f"pitches/{p.id}/pledges/")}
        assert letters == {f"pitches/{p.id}/pledges/{x.org}/index.html" for x in p.pledges}
        assert not any(f"pitches/{p.id}/pledges/{i.org}/index.html" in pages for i in p.interested)
    p = computed.pitch("blue-badge-hidden-disability-assessment")
    x = p.partner("bradford")
    assert x is not None
    letter = text_of(pages["pitches/blue-badge-hidden-disability-assessment/pledges/bradford/index.html"])
    org = computed.organisation("bradford").organisation
    signatory = next(s for s in org.signatories if s.github.lower() == x.pledge.signatory.lower())
    assert "figures as at 24 November 2026" in letter
    assert f"Pays, as things stand {display(x.pays)}" in letter and f"Match funds add {display(x.matched)}" in letter
    assert f"{x.pledge.percent}% of the target" in letter
    assert f"{signatory.name}, {signatory.role}" in letter and signatory.github in letter
    assert "public repository. It was recorded by commit " + "a" * 12 + " on 29 June 2026" in letter
    assert "last changed by commit " + "b" * 12 + " on 2 July 2026" in letter
    assert "Route " + str(labels_procurement(p)) in letter
    # A released pledge's letter says what it had pledged, and that nothing is owed.
    expired = computed.pitch("foi-request-handling")
    cardiff = expired.partner("cardiff")
    assert cardiff is not None
    released = text_of(pages["pitches/foi-request-handling/pledges/cardiff/index.html"])
    assert f"Had pledged {display(cardiff.released)}, released: nothing is owed" in released


def test_a_pledge_letter_is_a_standalone_document(real) -> None:  # type: ignore[no-untyped-def]
    """No theme: a whole HTML document of its own, with its A4 stylesheet (one file that every
    letter links), the sample-data
    banner and a link back to its pitch's page (the letter is served at .../pledges/<org>/)."""
    _, pages = real
    letter = pages["pitches/blue-badge-hidden-disability-assessment/pledges/bradford/index.html"]
    assert letter.startswith("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">")
    assert "<title>Pledge letter: " in letter and '<meta name="viewport"' in letter
    assert '<link rel="stylesheet" href="../../../../assets/cofund/letter.css">' in letter
    assert "<strong>Sample data.</strong>" in letter
    assert '<a href="../../">Back to the pitch</a>' in letter
    assert "md-" not in letter  # nothing of the theme's
    assert letter.count("<main") == letter.count("</main>") == 1 and letter.endswith("</body>\n</html>\n")


def labels_procurement(p):  # type: ignore[no-untyped-def]
    from cofund.render import labels

    return labels.PROCUREMENT[p.pitch.procurement.value]


def test_released_pitches_show_what_they_reached(real) -> None:  # type: ignore[no-untyped-def]
    from cofund.money import display

    computed, pages = real
    for p in computed.pitches:
        if not p.status.releases_pledges:
            continue
        page = text_of(pages[f"pitches/{p.id}.md"])
        assert p.reached and f"Reached {display(p.reached)} of {display(p.target)}" in page
        assert "£0 (0%)" not in page and "Still needed" not in page
        for x in p.released_pledges:
            assert display(x.released) in page
        assert "were released" in page


def test_the_shared_cost_words_hold_with_no_partner(real) -> None:  # type: ignore[no-untyped-def]
    computed, pages = real
    drafts = [p for p in computed.pitches if p.shared and not p.partners]
    assert drafts
    for p in drafts:
        page = text_of(pages[f"pitches/{p.id}.md"])
        assert "between 0 partners" not in page and "among 0" not in page and "split 0 ways" not in page
        assert "No partner has joined yet" in page or "No partner had pledged" in page


def test_open_pitches_show_what_joining_costs_interest_and_stretch(real) -> None:  # type: ignore[no-untyped-def]
    from cofund.money import display

    computed, pages = real
    for p in computed.pitches:
        page = pages[f"pitches/{p.id}.md"]
        assert ('id="what-joining-costs"' in page) == bool(p.joining) and (bool(p.joining) == p.accepting)
        words = text_of(page)
        if p.interested:
            assert f"{len(p.interested)} more interested" in words
        for line in p.stretch:
            assert f"{line.item} {display(line.amount)} {display(line.covered)} " \
                   f"{'Funded' if line.funded else 'Not funded'}" in words
        if p.partners and not p.status.goes_ahead:
            assert f"would save {display(p.would_save)}" in words
    p = computed.pitch("blue-badge-hidden-disability-assessment")
    row = p.joining[0]
    assert f"{row.partners} {display(row.pays)} {display(row.most)}" in text_of(pages[f"pitches/{p.id}.md"])


def test_how_the_figures_are_worked_out(real) -> None:  # type: ignore[no-untyped-def]
    from cofund.money import display
    from cofund.render.figures import example_pitch, rounding
    from cofund.render.site import Site, SiteInput

    computed, pages = real
    page = text_of(pages["figures.md"])
    for words in ("largest remainder", "pay one penny more", "half up", "never below zero",
                  "Interest", "What is counted, and what is not"):
        assert words.lower() in page.lower(), words
    r = rounding()
    assert sum(r.percent_parts) == r.percent_total and sum(r.equal_parts) == r.equal_total
    assert "£33.33, £33.33, £33.35" in page and "£33.34, £33.34, £33.33" in page and "so £75.01" in page
    example = example_pitch(Site(SiteInput(computed, EMPTY, "", None)))
    assert example is not None and example.status.goes_ahead
    for x in example.partners:
        minus = "\N{MINUS SIGN}"
        assert f"{display(example.cost_alone)} {minus} {display(x.pays)} = {display(x.saving)}" in page
    assert f"{display(computed.stats.money_saved)} saved against building alone" in page
    # Linked beside every headline figure.
    for path in ("index.md", f"pitches/{example.id}.md", "organisations/kirklees.md"):
        assert 'class="cofund-how" href="' in pages[path] and "figures/" in pages[path], path


def test_organisation_pages_show_interest_and_signatories_logins(real) -> None:  # type: ignore[no-untyped-def]
    computed, pages = real
    for o in computed.organisations:
        page = pages[f"organisations/{o.id}.md"]
        for s in o.organisation.signatories:
            assert f'<a href="https://github.com/{s.github}"><code>{s.github}</code></a>' in page
        for pid in o.interested_in:
            assert f'href="../../pitches/{pid}/"' in page.split('id="interested"')[1].split("<h2")[0]
