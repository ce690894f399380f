"""The files cofund reads from its own package: the JSON Schemas and the GitHub issue forms.

They are package data (cofund/data/), so an installed cofund needs no source checkout, and
it judges a catalogue by its own rules, never by schemas found in the data it checks: a pull
request cannot loosen the rules it is judged by. The copies are the same bytes as the
published ones in the repository's schemas/ and .github/ISSUE_TEMPLATE/ (`make package-data`
copies them; tests/resources checks they match).
"""

from __future__ import annotations

from functools import cache
from importlib import resources

_DATA = resources.files("cofund") / "data"
_SCHEMAS = _DATA / "schemas"
_FORMS = _DATA / "issue_forms"


@cache
def schema_names() -> tuple[str, ...]:
    """The file names of cofund's schemas ("pitch.schema.json", ...), sorted."""
    return tuple(sorted(item.name for item in _SCHEMAS.iterdir() if item.name.endswith(".schema.json")))


@cache
def _form_names() -> frozenset[str]:
    return frozenset(item.name.removesuffix(".yml") for item in _FORMS.iterdir() if item.name.endswith(".yml"))


def schema_bytes(name: str) -> bytes:
    """The schema file `name`, one of schema_names()."""
    if name not in schema_names():
        raise KeyError(f"cofund has no schema {name!r}")
    return _SCHEMAS.joinpath(name).read_bytes()


def issue_form(name: str) -> bytes:
    """The issue form `name` ("pitch", "pledge", ...): .github/ISSUE_TEMPLATE/<name>.yml."""
    if name not in _form_names():
        raise KeyError(f"cofund has no issue form {name!r}")
    return _FORMS.joinpath(f"{name}.yml").read_bytes()
