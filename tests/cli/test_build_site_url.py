"""`cofund build --site-url URL`: a pull request's preview is built for the address it is
published at; without the option, mkdocs.yml's site_url, as before. The built site is a
plain tree the Preview workflow accepts (preview.check_tree)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from cofund.preview import check_tree

ROOT = Path(__file__).parents[2]
TODAY = "2026-11-24"
PREVIEW = "https://cofund-previews.github.io/catalogue-previews/pr-7/"


@pytest.fixture
def repo(make_repo: Callable[..., Path]) -> Path:
    into = make_repo()
    shutil.copy(ROOT / "mkdocs.yml", into / "mkdocs.yml")
    shutil.copytree(ROOT / "site", into / "site")
    return into


def test_a_preview_is_built_for_its_own_address(repo: Path, tmp_path: Path, cofund: Callable[..., Result]) -> None:
    site = tmp_path / "preview"
    result = cofund("build", str(repo), "--today", TODAY, "--site-dir", str(site), "--site-url", PREVIEW[:-1])
    assert result.exit_code == 0, result.output
    not_found = (site / "404.html").read_text(encoding="utf-8")
    assert 'href="/catalogue-previews/pr-7/assets/' in not_found  # served for any path: absolute links
    assert PREVIEW + "pitches/" in (site / "feeds" / "catalogue.xml").read_text(encoding="utf-8")
    assert PREVIEW in (site / "sitemap.xml").read_text(encoding="utf-8")
    files, size = check_tree(site)
    assert files > 50 and size > 0


def test_without_the_option_the_site_url_of_mkdocs_yml(
    repo: Path, tmp_path: Path, cofund: Callable[..., Result]
) -> None:
    site = tmp_path / "public"
    assert cofund("build", str(repo), "--today", TODAY, "--site-dir", str(site)).exit_code == 0
    assert "https://cofund.github.io/cofund/" in (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "pr-7" not in (site / "404.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("url", ["javascript:alert(1)", "cofund-previews.github.io/x/", "https://x.org/a b/",
                                 "https://x.org/?q=1", "ftp://x.org/"])
def test_an_address_that_is_not_http_is_a_usage_error(
    repo: Path, tmp_path: Path, cofund: Callable[..., Result], url: str
) -> None:
    result = cofund("build", str(repo), "--today", TODAY, "--site-dir", str(tmp_path / "s"), "--site-url", url)
    assert result.exit_code == 2 and "--site-url" in result.output and not (tmp_path / "s").exists()
