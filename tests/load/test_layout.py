"""What a path in the data folders means, or why nothing may be there."""

from __future__ import annotations

import pytest

from cofund.load.layout import Kind, NotInLayout, Place, is_data_path, is_id, place_of

PLACES = [
    ("cofund.yml", Place(Kind.CATALOGUE, "")),
    ("organisations/kirklees.yml", Place(Kind.ORGANISATION, "kirklees")),
    ("organisations/a1-b2.yml", Place(Kind.ORGANISATION, "a1-b2")),
    ("pitches/blue-badge/pitch.yml", Place(Kind.PITCH, "blue-badge")),
    ("pitches/blue-badge/pledges/leeds.yml", Place(Kind.PLEDGE, "leeds", "blue-badge")),
    ("pitches/blue-badge/adopters/york.yml", Place(Kind.ADOPTER, "york", "blue-badge")),
]


@pytest.mark.parametrize("path,place", PLACES)
def test_places(path: str, place: Place) -> None:
    assert is_data_path(path)
    assert place_of(path) == place


NOT_IN_LAYOUT = [
    ("organisations", "organisations must be a folder"),
    ("organisations/york.yaml", "rename it to york.yml"),
    ("organisations/README.md", "'README.md' is not a .yml file"),
    ("organisations/.gitkeep", "'.gitkeep' is not a .yml file"),
    ("organisations/York.yml", "'York' is not a valid organisation id"),
    ("organisations/a--b.yml", "'a--b' is not a valid organisation id"),
    ("organisations/-a.yml", "'-a' is not a valid organisation id"),
    ("organisations/" + "a" * 65 + ".yml", "is not a valid organisation id"),
    ("organisations/old/york.yml", "no folders"),
    ("pitches/README.md", "one folder per pitch"),
    ("pitches/Blue Badge/pitch.yml", "'Blue Badge' is not a valid pitch id"),
    ("pitches/blue-badge/pitch.yaml", "rename it to pitch.yml"),
    ("pitches/blue-badge/notes.md", "holds pitch.yml and the folders pledges/ and adopters/"),
    ("pitches/blue-badge/pledges", "pledges must be a folder"),
    ("pitches/blue-badge/pledges/Evil Name.yml", "'Evil Name' is not a valid organisation id"),
    ("pitches/blue-badge/pledges/2026/leeds.yml", "pledges/ holds only <organisation id>.yml files, no folders"),
    ("pitches/blue-badge/docs/plan.yml", "holds pitch.yml and the folders pledges/ and adopters/"),
]


@pytest.mark.parametrize("path,words", NOT_IN_LAYOUT)
def test_not_in_layout(path: str, words: str) -> None:
    assert is_data_path(path)
    with pytest.raises(NotInLayout, match=None) as refused:
        place_of(path)
    assert words in str(refused.value)


@pytest.mark.parametrize(
    "path", ["README.md", "schemas/pitch.schema.json", "cofund.yaml", "site/index.md", "Organisations/x.yml"]
)
def test_other_paths_are_not_data(path: str) -> None:
    assert not is_data_path(path)


@pytest.mark.parametrize("text,ok", [("a", True), ("a-1", True), ("a" * 64, True), ("a" * 65, False), ("", False),
                                     ("a-", False), ("A", False), ("a_b", False), ("é", False), ("a\n", False)])
def test_ids(text: str, ok: bool) -> None:
    assert is_id(text) is ok
