"""The sample catalogue of this repository (a match fund that matches one pitch and not
another, an expired and a withdrawn pitch, a product with a publiccode.yml, a grant paid),
rendered once for the tests of fund pages, badges, per-pitch feeds and the standards files.
The fixture is in conftest.py; tests import the names here (a module named conftest would
be another folder's once tests/site is collected too)."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from cofund.compute import ComputedCatalogue, compute
from cofund.load import FolderSource, load
from cofund.render import Rendered, render_site
from cofund.render.history import EMPTY
from cofund.validate import validate

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_TODAY = dt.date(2026, 11, 24)
SITE_URL = "https://example.org/cofund/"


@dataclass(frozen=True)
class Sample:
    repo: Path
    computed: ComputedCatalogue
    rendered: Rendered

    def page(self, path: str) -> str:
        """A generated page's HTML, as the engine is handed it."""
        page = self.rendered.pages[path]
        return page.top + page.rest

    def text(self, path: str) -> str:
        return self.rendered.files[path].decode()


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Sample:
    repo = tmp_path_factory.mktemp("sample") / "repo"
    repo.mkdir()
    for name in ("cofund.yml", "organisations", "pitches", "funds", "site"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, repo / name)
        else:
            shutil.copy(source, repo / name)
    validated = validate(load(FolderSource(repo)), SAMPLE_TODAY)
    assert validated.ok, validated.problems
    computed = compute(validated.catalogue, SAMPLE_TODAY)
    return Sample(repo, computed, render_site(repo, computed, SITE_URL, EMPTY))
