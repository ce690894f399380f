"""The export carries the Welsh texts (`_cy`) beside the English, null where none is given."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

from cofund.compute import compute
from cofund.export import json_export
from cofund.load import FolderSource, load
from cofund.validate import validate

CASES = Path(__file__).parents[1] / "validate" / "cases"
TODAY = dt.date(2026, 11, 24)


def test_welsh_texts_are_exported_beside_the_english(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(CASES / "_base", repo)
    shutil.copytree(CASES / "valid-bilingual-pitch", repo, dirs_exist_ok=True)
    validated = validate(load(FolderSource(repo)), TODAY)
    assert validated.ok, validated.problems
    data = json.loads(json_export(compute(validated.catalogue, TODAY)).text)
    pitches = {p["id"]: p for p in data["pitches"]}
    bilingual = pitches["bilingual-forms"]
    assert bilingual["title"] == "Bilingual online forms"
    assert bilingual["title_cy"] == "Ffurflenni ar-lein dwyieithog"
    assert bilingual["summary_cy"].startswith("Ffurflenni ar-lein y gall trigolion")
    assert [(s["item"], s["item_cy"]) for s in bilingual["stretch"]] == [
        ("Spelling and grammar checks in Welsh", "Gwirio sillafu a gramadeg Cymraeg")
    ]
    assert pitches["shared-forms"]["title_cy"] is None  # no Welsh given: the key is there, null
    orgs = {o["id"]: o for o in data["organisations"]}
    assert orgs["cardiff"]["name_cy"] == "Cyngor Caerdydd"
    assert orgs["leeds"]["name_cy"] is None
    fund = next(f for f in data["funds"] if f["id"] == "test-fund")
    assert (fund["name_cy"], fund["description_cy"]) == ("Cronfa Brawf", "Cronfa ar gyfer yr achosion dilysu.")
