"""The catalogue's lists in pages: where each page is, which pitches it shows, its links to
the other pages, and that a page's text depends only on its ListPage (what a rebuild keeps).

The catalogues come from the benchmarks' generator (benchmarks/generate.py) at sizes chosen
around the page size: exactly one page, one pitch more, and several pages."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urljoin

import pytest

from cofund.compute import compute
from cofund.load import FolderSource, load
from cofund.render import labels, render_site
from cofund.render.history import EMPTY
from cofund.render.listings import (
    JSON_PATH,
    PAGE_SIZE,
    ListPage,
    _page_links,
    list_pages,
    render_list_page,
)
from cofund.render.page_html import RenderedPage
from cofund.render.site import Site, SiteInput, by_deadline, by_interest, by_percent
from cofund.render.templating import url_dir
from cofund.validate import validate

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
import generate  # noqa: E402 (found through the path above)

TODAY = dt.date(2026, 11, 24)
SITE = "http://site.test/"


def _computed(repo: Path):  # type: ignore[no-untyped-def]
    validated = validate(load(FolderSource(repo)), TODAY)
    assert validated.ok, validated.problems[:5]
    return compute(validated.catalogue, TODAY)


def _generated(root: Path, pitches: int) -> tuple[Path, dict]:  # type: ignore[type-arg]
    info = generate.generate(root, 30, pitches, pitches * 4, seed=11)
    shutil.copytree(ROOT / "site", root / "site")
    return root, info


@pytest.fixture(scope="module", params=[PAGE_SIZE, PAGE_SIZE + 1, 2 * PAGE_SIZE + 7], ids=lambda n: f"{n}-pitches")
def catalogue(request, tmp_path_factory):  # type: ignore[no-untyped-def]
    repo, info = _generated(tmp_path_factory.mktemp("lists") / "repo", request.param)
    return repo, info, _computed(repo)


def _site(computed) -> Site:  # type: ignore[no-untyped-def]
    return Site(SiteInput(computed, EMPTY, "", None))


def _lists(pages: list[ListPage]) -> dict[str, list[ListPage]]:
    """The list pages by the list they belong to (its page 1's path), in order."""
    lists: dict[str, list[ListPage]] = {}
    for page in pages:
        context = dict(page.context)
        if context["kind"] == "list":
            lists.setdefault(context["list_path"], []).append(page)
    return lists


def _expected_members(computed, facet: str, value: str) -> list:  # type: ignore[no-untyped-def,type-arg]
    # Worked out from the model, not with the code under test.
    nations = {o.id: o.organisation.nation.value for o in computed.organisations}
    test = {
        "status": lambda p: p.status.value == value,
        "category": lambda p: p.pitch.category.value == value,
        "sector": lambda p: value in p.pitch.sectors,
        "nation": lambda p: nations[p.pitch.proposer] == value,
        "model": lambda p: p.pitch.funding.model.value == value,
    }[facet]
    return [p for p in computed.pitches if test(p)]


def test_every_pitch_once_across_a_lists_pages_in_order(catalogue) -> None:  # type: ignore[no-untyped-def]
    _, _, computed = catalogue
    lists = _lists(list_pages(_site(computed)))
    expected = {
        "catalogue/index.md": by_deadline(computed.pitches),
        "catalogue/by-percent.md": by_percent(computed.pitches),
        "catalogue/by-interest.md": by_interest(computed.pitches),
    }
    for facet, (_, table) in labels.FACETS.items():
        for value in table:
            members = _expected_members(computed, facet, value)
            if members:
                expected[f"catalogue/{facet}/{value}.md"] = by_deadline(members)
    # A page for each facet value that some pitch has, and none for the others.
    assert set(lists) == set(expected)
    for list_path, pages in lists.items():
        shown = [p for page in pages for p in page.items]
        assert [p.id for p in shown] == [p.id for p in expected[list_path]], list_path
        # Full pages but the last, which is not empty.
        assert [len(page.items) for page in pages[:-1]] == [PAGE_SIZE] * (len(pages) - 1)
        assert 1 <= len(pages[-1].items) <= PAGE_SIZE
        assert len(pages) == -(-len(shown) // PAGE_SIZE)


def test_the_whole_catalogue_on_one_page_or_more(catalogue) -> None:  # type: ignore[no-untyped-def]
    _, _, computed = catalogue
    pages = _lists(list_pages(_site(computed)))["catalogue/index.md"]
    n = len(computed.pitches)
    if n == PAGE_SIZE:
        assert [p.path for p in pages] == ["catalogue/index.md"]
    elif n == PAGE_SIZE + 1:
        assert [p.path for p in pages] == ["catalogue/index.md", "catalogue/2.md"]
        assert len(pages[1].items) == 1
    else:
        assert [p.path for p in pages] == ["catalogue/index.md", "catalogue/2.md", "catalogue/3.md"]
    percent = _lists(list_pages(_site(computed)))["catalogue/by-percent.md"]
    assert [p.path for p in percent][1:] == [f"catalogue/by-percent/{k}.md" for k in range(2, len(pages) + 1)]


def _links(text: str, rel: str) -> list[str]:
    return re.findall(rf'<a href="([^"]+)" rel="{rel}">', text)


def test_page_links_titles_and_counts(catalogue) -> None:  # type: ignore[no-untyped-def]
    _, _, computed = catalogue
    site = _site(computed)
    for pages in _lists(list_pages(site)).values():
        for number, page in enumerate(pages, start=1):
            rendered = render_list_page(site, page)
            assert isinstance(rendered, RenderedPage)
            text, title = rendered.top + rendered.rest, rendered.meta["title"]
            here = urljoin(SITE, url_dir(page.path))
            if len(pages) == 1:
                assert "cofund-pages" not in text and "page" not in title
                continue
            assert f'<p class="cofund-pages__where">Page {number} of {len(pages)}</p>' in text
            assert title.endswith(f"(page {number} of {len(pages)})") == (number > 1)
            assert f" Page {number} of {len(pages)}: {(number - 1) * PAGE_SIZE + 1} to " in text
            prev, nxt = _links(text, "prev"), _links(text, "next")
            before = pages[number - 2 : number - 1] if number > 1 else []
            assert [urljoin(here, h) for h in prev] == [urljoin(SITE, url_dir(p.path)) for p in before]
            after = pages[number : number + 1]
            assert [urljoin(here, h) for h in nxt] == [urljoin(SITE, url_dir(p.path)) for p in after]
            current = re.findall(r'<a href="([^"]+)" aria-current="page"><span[^>]*>Page </span>(\d+)</a>', text)
            assert current == [("./", str(number))]
            # Every numbered link leads to that page of this list.
            numbered = r'<a href="([^"]+)"(?: aria-current="page")?><span[^>]*>Page </span>(\d+)</a>'
            for href, n in re.findall(numbered, text):
                assert urljoin(here, href) == urljoin(SITE, url_dir(pages[int(n) - 1].path))


@pytest.mark.parametrize(("number", "pages", "shown"), [
    (1, 1, "1"), (1, 2, "1 2"), (2, 2, "1 2"), (1, 5, "1 2 3 … 5"), (3, 5, "1 2 3 4 5"),
    (4, 9, "1 2 3 4 5 6 … 9"), (5, 9, "1 … 3 4 5 6 7 … 9"), (9, 9, "1 … 7 8 9"), (1, 40, "1 2 3 … 40"),
])
def test_which_page_numbers_are_links(number: int, pages: int, shown: str) -> None:
    assert " ".join("…" if n is None else str(n) for n in _page_links(number, pages)) == shown


def test_no_page_takes_another_pages_address(catalogue) -> None:  # type: ignore[no-untyped-def]
    repo, _, computed = catalogue
    files = render_site(repo, computed, None, EMPTY).files
    paths = [p.path for p in list_pages(_site(computed))]
    assert len(paths) == len(set(paths)) and set(paths) <= set(files)
    urls = Counter(url_dir(path) for path in files if path.endswith(".md"))
    assert [url for url, n in urls.items() if n > 1] == []
    assert files[JSON_PATH].startswith(b'{"fields":')


def test_the_filters_list_has_every_pitch(catalogue) -> None:  # type: ignore[no-untyped-def]
    import json

    _, _, computed = catalogue
    site = _site(computed)
    page = next(p for p in list_pages(site) if p.path == JSON_PATH)
    data = json.loads(render_list_page(site, page))
    rows = [dict(zip(data["fields"], row, strict=True)) for row in data["pitches"]]
    assert sorted(r["id"] for r in rows) == sorted(p.id for p in computed.pitches)
    for row, p in zip(rows, page.items, strict=True):
        expected = (p.id, p.status.value, p.percent_funded, p.pitch.title)
        assert (row["id"], row["status"], row["percent"], row["title"]) == expected
        assert row["sector"].split() == list(p.pitch.sectors)
