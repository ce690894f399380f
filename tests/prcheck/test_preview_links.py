"""The comment's Preview section: with --preview-url it links the preview and each pitch and
organisation page the pull request changes; without it, it says how to open the PR check's
site-preview artifact. Real repositories, through `cofund check-pr`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from prcheck_repos import build

from cofund.cli import main

URL = "https://cofund-previews.github.io/catalogue-previews/pr-7/"
PLEDGE = "date: 2026-11-20\nsignatory: jsmith-kirklees\nrole: funder\nstatus: pledged\n"


def _check(tmp_path: Path, head: dict[str, str | None], *options: str) -> tuple[int, str, str]:
    repo = tmp_path / "repo"
    commits = build({"head": head}, repo)
    comment = tmp_path / "comment.md"
    result = CliRunner().invoke(main, ["check-pr", str(repo), "--base", "main", "--head", commits["head"],
                                       "--today", "2026-11-24", "--markdown", str(comment), *options])
    markdown = comment.read_text(encoding="utf-8") if comment.exists() else ""
    return result.exit_code, result.output, markdown


def _links(markdown: str) -> list[tuple[str, str]]:
    return re.findall(r"\[([^\]]*)\]\((https://[^)]*)\)", markdown)


def test_the_comment_links_the_preview_and_the_changed_pages(tmp_path: Path) -> None:
    head: dict[str, str | None] = {
        "pitches/cyber-training/pledges/kirklees.yml": PLEDGE,
        "pitches/cyber-training/pledges/calderdale.yml": None,
        "README.md": "# changed\n",
    }
    code, output, markdown = _check(tmp_path, head, "--preview-url", URL)
    assert code == 1  # approvals are missing; the preview is there all the same
    section = markdown.split("#### Preview", 1)[1].split("####", 1)[0]
    assert _links(section) == [
        ("Open the site as this pull request makes it", URL),
        ("Pitch cyber-training", URL + "pitches/cyber-training/"),  # in the order of the changes' paths
        ("Organisation calderdale", URL + "organisations/calderdale/"),
        ("Organisation kirklees", URL + "organisations/kirklees/"),
    ]
    assert "site-preview" not in markdown
    assert f"Preview: {URL}" in output.splitlines()
    assert f"  pitch cyber-training: {URL}pitches/cyber-training/" in output.splitlines()


def test_a_removed_pitch_or_organisation_has_no_page_to_link(tmp_path: Path) -> None:
    head: dict[str, str | None] = {
        "organisations/craven.yml": None,
        "pitches/shared-platform/pledges/craven.yml": None,  # its only pledge, which would name nobody
        "organisations/leeds.yml": (Path(__file__).parent / "base/organisations/leeds.yml").read_text() + "# note\n",
    }
    _, _, markdown = _check(tmp_path, head, "--preview-url", URL.rstrip("/"))  # the slash is added
    pages = [url for _, url in _links(markdown)]
    assert pages == [URL, URL + "organisations/leeds/", URL + "pitches/shared-platform/"]


def test_without_a_preview_address_the_comment_says_how_to_open_the_artifact(tmp_path: Path) -> None:
    code, output, markdown = _check(tmp_path, {"pitches/cyber-training/pledges/kirklees.yml": PLEDGE})
    assert code == 1
    section = markdown.split("#### Preview", 1)[1].split("####", 1)[0]
    for step in ("**PR check**", "**site-preview**", "unzip it", "`python3 -m http.server`", "http://localhost:8000"):
        assert step in section, section
    assert "- Pitch cyber-training: http://localhost:8000/pitches/cyber-training/" in section
    assert "- Organisation kirklees: http://localhost:8000/organisations/kirklees/" in section
    assert _links(markdown) == [] and "Preview:" not in output


def test_invalid_data_has_no_preview_to_open(tmp_path: Path) -> None:
    _, _, markdown = _check(tmp_path, {"pitches/cyber-training/pledges/kirklees.yml": "date: soon\n"},
                            "--preview-url", URL)
    section = markdown.split("#### Preview", 1)[1].split("####", 1)[0]
    assert "once the data is valid" in section and _links(section) == []


@pytest.mark.parametrize("url", [
    "javascript:alert(1)//", "https://example.org/a b/", "https://example.org/x)[y](https://evil/",
    "ftp://example.org/", "https://example.org/?q=1", "//example.org/",
])
def test_a_preview_address_that_is_not_plain_is_a_usage_error(tmp_path: Path, url: str) -> None:
    code, output, markdown = _check(tmp_path, {"README.md": "x\n"}, "--preview-url", url)
    assert code == 2 and "--preview-url" in output and markdown == ""
