"""The export's text: the keys `cofund export` promises, exact money strings, stable bytes, safe CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from cofund.compute import compute
from cofund.export import catalogue_data, csv_export, export_all, json_export, organisations_csv_export
from cofund.export.csv_export import COLUMNS
from cofund.load import FolderSource, load
from cofund.validate import validate

SCENARIOS = Path(__file__).parents[1] / "compute" / "scenarios"
TODAY = dt.date(2026, 11, 24)
MONEY = re.compile(r"^-?[0-9]+\.[0-9]{2}$")
PITCH_KEYS = {
    "id", "title", "status", "model", "target", "pledged", "percent_funded", "partners", "deadline",
    # issue 15's: who is interested, what an expired or withdrawn pitch reached, the cap and stretch
    "interested", "interests", "reached", "percent_reached", "released_partners", "cap", "stretch", "joining",
    "would_save",
}
PLEDGE_KEYS = {"organisation", "status", "counts", "pays", "saving", "would_save", "released",
               "interested_on", "invoiced_on", "paid_on", "withdrawn_on"}
ORG_KEYS = {"id", "name", "pledged_total", "pitches", "interested"}
MONEY_KEYS = {
    "target", "pledged", "threshold", "released", "remaining", "to_threshold", "cost_alone", "saving",
    "adoption_fees", "rebates", "founders_net_cost", "pays", "rebate", "net_cost", "fee", "price",
    "share_today", "ceiling", "next_share", "pledged_total", "saved", "money_pledged", "money_pooled",
    "money_saved", "would_save", "reached", "cap", "covered", "most", "released_share", "amount",
}


def computed(repo: Path, today: dt.date = TODAY):  # type: ignore[no-untyped-def]
    validated = validate(load(FolderSource(repo)), today)
    assert validated.ok, validated.problems
    return compute(validated.catalogue, today)


def money_values(data: Any) -> list[tuple[str, Any]]:
    """Every (key, value) under a money key, anywhere in the export."""
    found = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key.startswith("by_"):  # counts by status, model...: "target" there is a model's name
                continue
            if key in MONEY_KEYS and not isinstance(value, dict | list):
                found.append((key, value))
            found.extend(money_values(value))
    elif isinstance(data, list):
        for item in data:
            found.extend(money_values(item))
    return found


@pytest.mark.parametrize("name", sorted(p.name for p in SCENARIOS.iterdir() if p.is_dir()))
def test_contract_keys_and_money_strings(name: str) -> None:
    data = json.loads(json_export(computed(SCENARIOS / name / "repo")).text)
    assert data["pitches"] and data["organisations"]
    for pitch in data["pitches"]:
        assert pitch.keys() >= PITCH_KEYS
        assert re.fullmatch(r"[0-9]+\.[0-9]{2}", pitch["percent_funded"])
        assert all(isinstance(org, str) for org in pitch["partners"])
        assert all(isinstance(org, str) for org in pitch["interested"])
        released = pitch["status"] in ("expired", "withdrawn") or bool(pitch["released_partners"])
        assert (pitch["reached"] is not None) == released
        for pledge in pitch["pledges"]:
            assert pledge.keys() >= PLEDGE_KEYS
    for org in data["organisations"]:
        assert org.keys() >= ORG_KEYS
    values = money_values(data)
    assert values
    for key, value in values:
        # a money value is a string of pounds with two decimals, or null (a pledge given as a percent has no amount)
        assert value is None or (isinstance(value, str) and MONEY.match(value)), (key, value)


def test_same_data_same_bytes_from_a_copy(tmp_path: Path) -> None:
    # Another folder with the same files (so other inode and directory order) gives the same bytes.
    source = SCENARIOS / "statuses-and-stale" / "repo"
    copy = shutil.copytree(source, tmp_path / "copy")
    first = json_export(computed(source)).text
    assert first == json_export(computed(copy)).text
    assert first == json_export(computed(source)).text
    assert csv_export(computed(source)).text == csv_export(computed(copy)).text
    assert first.endswith("}\n")
    assert list(json.loads(first)) == sorted(json.loads(first))


def test_today_changes_only_what_depends_on_it() -> None:
    repo = SCENARIOS / "keep-what-you-raise" / "repo"
    later = TODAY + dt.timedelta(days=100)
    a, b = catalogue_data(computed(repo)), catalogue_data(computed(repo, later))
    still_open = next(p for p in b["pitches"] if p["id"] == "still-open")
    assert still_open["status"] == "expired"  # deadline 2027-01-31 has passed, £10,000 < £30,000 core
    assert a["today"] != b["today"]


def test_csv_has_a_header_and_one_row_per_pledge() -> None:
    c = computed(SCENARIOS / "withdrawn-pledge" / "repo")
    rows = list(csv.DictReader(io.StringIO(csv_export(c).text, newline="")))
    assert tuple(rows[0].keys()) == COLUMNS
    assert len(rows) == sum(len(cp.pledges) for cp in c.pitches) == 6
    bravo = next(r for r in rows if r["pitch"] == "by-amount" and r["organisation"] == "bravo")
    assert (bravo["status"], bravo["counts"], bravo["amount"], bravo["pays"]) == ("withdrawn", "no", "3000.00", "0.00")
    charlie = next(r for r in rows if r["pitch"] == "by-share" and r["organisation"] == "charlie")
    assert (charlie["counts"], charlie["pays"], charlie["saving"]) == ("yes", "500.00", "500.00")
    assert csv_export(c).text.count("\r\n") == 7


def test_csv_text_cannot_run_as_a_formula(tmp_path: Path) -> None:
    repo = shutil.copytree(SCENARIOS / "tiered" / "repo", tmp_path / "repo")
    pledge = repo / "pitches" / "waste-app" / "pledges" / "adur.yml"
    pledge.write_text(pledge.read_text() + "conditions: '=HYPERLINK(\"https://evil.example\",\"click\")'\n"
                      "in_kind: '@SUM(1+1)'\n")
    rows = list(csv.DictReader(io.StringIO(csv_export(computed(repo)).text, newline="")))
    adur = next(r for r in rows if r["organisation"] == "adur")
    assert adur["conditions"] == "'=HYPERLINK(\"https://evil.example\",\"click\")"
    assert adur["in_kind"] == "'@SUM(1+1)"
    # The JSON keeps the text as written: it is data, not a spreadsheet.
    pledges = json.loads(json_export(computed(repo)).text)["pitches"][0]["pledges"]
    assert [p["in_kind"] for p in pledges if p["organisation"] == "adur"] == ["@SUM(1+1)"]


def test_export_all_is_the_three_downloads() -> None:
    c = computed(SCENARIOS / "interest" / "repo")
    made = export_all(c)
    assert made.json.data == json_export(c).data
    assert made.pledges.data == csv_export(c).data
    assert made.organisations.data == organisations_csv_export(c).data
    assert made.json.text == json_export(c).text


def test_interests_are_listed_apart_and_are_csv_rows_without_money() -> None:
    c = computed(SCENARIOS / "interest" / "repo")
    data = catalogue_data(c)
    only = next(p for p in data["pitches"] if p["id"] == "interest-only")
    assert (only["partners"], only["interested"], only["pledged"]) == ([], ["bravo", "alpha"], "0.00")
    assert only["pledges"] == []  # pledges of money only
    rows = list(csv.DictReader(io.StringIO(csv_export(c).text, newline="")))
    interest = [r for r in rows if r["status"] == "interest"]
    assert {(r["pitch"], r["organisation"]) for r in interest} == {
        ("interest-only", "alpha"), ("interest-only", "bravo"), ("interest-and-partners", "echo"),
    }
    assert {(r["counts"], r["pays"], r["amount"]) for r in interest} == {("no", "0.00", "")}
    orgs = list(csv.DictReader(io.StringIO(organisations_csv_export(c).text, newline="")))
    assert [o["interested_in"] for o in orgs if o["organisation"] == "echo"] == ["interest-and-partners"]


def test_step_dates_reach_the_csv() -> None:
    rows = list(csv.DictReader(io.StringIO(csv_export(computed(SCENARIOS / "savings" / "repo")).text, newline="")))
    echo = next(r for r in rows if r["organisation"] == "echo")
    assert (echo["status"], echo["invoiced_on"], echo["paid_on"], echo["withdrawn_on"]) == (
        "paid", "2026-07-01", "2026-08-01", "",
    )
