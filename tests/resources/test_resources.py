"""The schemas and issue forms inside the package are the published ones, byte for byte.

schemas/ and .github/ISSUE_TEMPLATE/ are the reference people read and GitHub shows; the
package carries copies (generator/cofund/data/) so that an installed cofund needs no source
checkout. After changing a schema or a form, refresh the copies with `make package-data`.
"""

from __future__ import annotations

import importlib.resources
from pathlib import Path

import pytest

from cofund import resources
from cofund.intake.forms import KINDS

ROOT = Path(__file__).resolve().parents[2]
PUBLISHED_SCHEMAS = {p.name: p for p in (ROOT / "schemas").glob("*.schema.json")}
# Every issue form; config.yml only sets up GitHub's chooser and is not a form.
PUBLISHED_FORMS = {
    p.stem: p for p in (ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.yml") if p.name != "config.yml"
}
REFRESH = "the package's copy differs from the published file: run `make package-data`"


def test_the_package_has_every_published_schema_and_no_other() -> None:
    assert resources.schema_names() == tuple(sorted(PUBLISHED_SCHEMAS)), REFRESH


@pytest.mark.parametrize("name", sorted(PUBLISHED_SCHEMAS))
def test_schema_copy_is_identical(name: str) -> None:
    assert resources.schema_bytes(name) == PUBLISHED_SCHEMAS[name].read_bytes(), f"schemas/{name}: {REFRESH}"


@pytest.mark.parametrize("name", sorted(PUBLISHED_FORMS))
def test_issue_form_copy_is_identical(name: str) -> None:
    published = PUBLISHED_FORMS[name].read_bytes()
    assert resources.issue_form(name) == published, f".github/ISSUE_TEMPLATE/{name}.yml: {REFRESH}"


def test_the_package_has_every_form_intake_reads_and_no_other() -> None:
    folder = importlib.resources.files("cofund") / "data" / "issue_forms"
    names = {item.name.removesuffix(".yml") for item in folder.iterdir()}
    assert names == set(PUBLISHED_FORMS), REFRESH
    assert set(KINDS) <= names


@pytest.mark.parametrize("name", ["pitch.json", "../schemas/pitch.schema.json", "", "pitch.schema"])
def test_an_unknown_schema_is_a_key_error(name: str) -> None:
    with pytest.raises(KeyError):
        resources.schema_bytes(name)


@pytest.mark.parametrize("name", ["config", "../ISSUE_TEMPLATE/pitch", "pitch.yml", ""])
def test_an_unknown_issue_form_is_a_key_error(name: str) -> None:
    with pytest.raises(KeyError):
        resources.issue_form(name)
