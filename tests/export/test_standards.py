"""The open-standard exports (publiccode.yml, 360Giving, OCDS): each valid against the official
schema (tests/export/standards/, copies of the originals), the sample catalogue's files equal to
the hand-reviewed golden files (tests/export/golden/), codes from the standards' codelists,
money exact, and `cofund export --format` for each."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import Result
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4, DRAFT202012

from cofund.compute import ComputedCatalogue, compute
from cofund.export import standards_downloads
from cofund.export.ocds import PROCUREMENT_METHOD, ocds_package, party_id
from cofund.export.publiccode import publiccode_files
from cofund.export.standards import dumps, money_number
from cofund.export.threesixty_giving import threesixty_giving_package
from cofund.load import FolderSource, load
from cofund.validate import validate

ROOT = Path(__file__).resolve().parents[2]
STANDARDS = Path(__file__).parent / "standards"
GOLDEN = Path(__file__).parent / "golden"
TODAY = dt.date(2026, 11, 24)
SITE = "https://cofund.github.io/cofund/"
DATA = ("cofund.yml", "organisations", "pitches", "funds")


def _json(path: str) -> Any:
    return json.loads((STANDARDS / path).read_text(encoding="utf-8"))


def _codes(name: str) -> set[str]:
    with (STANDARDS / "ocds" / "codelists" / name).open(encoding="utf-8", newline="") as f:
        return {row["Code"] for row in csv.DictReader(f)}


def publiccode_validator() -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(
        _json("publiccode/publiccode-0.5.0.schema.json"), format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )


def threesixty_validator() -> jsonschema.Draft202012Validator:
    grant = Resource(_json("360giving/360-giving-schema.json"), specification=DRAFT202012)
    registry: Registry = Registry().with_resources([
        # the package refers to the grant schema at 1.4.2; its own $id is 1.4.3
        ("https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/360-giving-schema.json", grant),
        ("https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.3/schema/360-giving-schema.json", grant),
    ])
    return jsonschema.Draft202012Validator(
        _json("360giving/360-giving-package-schema.json"), registry=registry,
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )


def ocds_validator() -> jsonschema.Draft4Validator:
    release = _json("ocds/release-schema.json")
    registry: Registry = Registry().with_resource(release["id"], Resource(release, specification=DRAFT4))
    return jsonschema.Draft4Validator(
        _json("ocds/release-package-schema.json"), registry=registry,
        format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER,
    )


def errors(validator: jsonschema.protocols.Validator, data: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]


def computed_from(repo: Path) -> ComputedCatalogue:
    validated = validate(load(FolderSource(repo)), TODAY)
    assert validated.ok, validated.problems[:5]
    return compute(validated.catalogue, TODAY)


def sample_copy(into: Path) -> Path:
    for name in DATA:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, into / name)
        elif source.exists():
            shutil.copyfile(source, into / name)
    return into


@pytest.fixture(scope="module")
def sample() -> ComputedCatalogue:
    return computed_from(ROOT)


# --- against the official schemas -------------------------------------------------------


def test_the_copied_schemas_are_the_shared_originals() -> None:
    # CI has the shared originals beside the repository; elsewhere there is nothing to compare.
    shared = ROOT.parent / "shared" / "standards"
    if not shared.is_dir():
        pytest.skip("no shared/standards beside the repository")
    for copy in STANDARDS.rglob("*"):
        if copy.is_file() and copy.name != "README.md":
            name = copy.relative_to(STANDARDS)
            original = shared / name.parent / name.name
            assert copy.read_bytes() == original.read_bytes(), name


def test_every_publiccode_file_of_the_sample_is_valid(sample: ComputedCatalogue) -> None:
    files = publiccode_files(sample)
    assert files  # the sample has a product with a repository
    for pitch_id, text in files.items():
        assert errors(publiccode_validator(), yaml.safe_load(text)) == [], pitch_id


def test_the_sample_360giving_package_is_valid(sample: ComputedCatalogue) -> None:
    package = threesixty_giving_package(sample, SITE)
    assert package is not None
    assert errors(threesixty_validator(), json.loads(dumps(package))) == []


def test_the_sample_ocds_package_is_valid(sample: ComputedCatalogue) -> None:
    package = json.loads(dumps(ocds_package(sample, SITE)))
    assert package["releases"]
    assert errors(ocds_validator(), package) == []


def test_a_broken_export_is_caught_by_the_validators(sample: ComputedCatalogue) -> None:
    # The validators really check: a missing required field and a wrong code fail.
    package = json.loads(dumps(ocds_package(sample, SITE)))
    package["releases"][0]["tender"]["procurementMethod"] = "three-quotes"
    del package["releases"][0]["initiationType"]
    assert len(errors(ocds_validator(), package)) == 2
    grants = json.loads(dumps(threesixty_giving_package(sample, SITE)))
    grants["grants"][0]["awardDate"] = "2 September 2024"
    assert errors(threesixty_validator(), grants)
    doc = yaml.safe_load(next(iter(publiccode_files(sample).values())))
    doc["developmentStatus"] = "in-development"
    assert errors(publiccode_validator(), doc)


# --- golden files, reviewed by hand -----------------------------------------------------


def test_the_sample_exports_equal_the_golden_files(sample: ComputedCatalogue) -> None:
    made = {path: d.text for path, d in standards_downloads(sample, SITE).items()}
    golden = {str(p.relative_to(GOLDEN)): p for p in GOLDEN.rglob("*") if p.is_file()}  # as in the site
    assert sorted(made) == sorted(golden)
    for path, text in made.items():
        assert text == golden[path].read_text(encoding="utf-8"), path


# --- what the exports say ---------------------------------------------------------------


def test_procurement_routes_map_to_the_method_codelist() -> None:
    assert set(PROCUREMENT_METHOD.values()) <= _codes("method.csv")


def test_ocds_codes_come_from_the_codelists(sample: ComputedCatalogue) -> None:
    package = ocds_package(sample, SITE)
    roles = {r for release in package["releases"] for p in release["parties"] for r in p["roles"]}
    assert roles <= _codes("partyRole.csv")
    for release in package["releases"]:
        assert set(release["tag"]) <= _codes("releaseTag.csv")
        assert release["tender"]["status"] in _codes("tenderStatus.csv")
        assert release["initiationType"] in _codes("initiationType.csv")


def test_ocds_names_parties_by_org_id_and_budgets_the_target(sample: ComputedCatalogue) -> None:
    pitch_id = "blue-badge-hidden-disability-assessment"
    release = next(r for r in ocds_package(sample, SITE)["releases"] if r["tender"]["id"] == pitch_id)
    parties = {p["name"]: p for p in release["parties"]}
    leeds = parties["Leeds City Council"]
    assert leeds["id"] == "GB-LAE-LDS"
    assert leeds["identifier"] == {"scheme": "GB-LAE", "id": "LDS", "legalName": "Leeds City Council"}
    assert {"buyer", "procuringEntity", "funder"} <= set(leeds["roles"])  # the proposer pledged too
    assert release["buyer"] == {"id": "GB-LAE-LDS", "name": "Leeds City Council"}
    assert "interestedParty" in parties["Wakefield Council"]["roles"]  # an interest, no money
    assert release["tender"]["procurementMethod"] == "selective"  # Digital Outcomes and Specialists
    target = sample.pitch(pitch_id).target
    assert json.loads(dumps(release))["planning"]["budget"]["amount"] == {"amount": target // 100, "currency": "GBP"}


def test_an_organisation_without_org_id_is_named_by_its_catalogue_id(sample: ComputedCatalogue) -> None:
    # a fire service, which needs no org-id: the party has no identifier, only cofund's own id
    fire = sample.organisation("west-yorkshire-fire").organisation
    assert fire.org_id is None
    assert party_id(fire) == "cofund-west-yorkshire-fire"


def test_only_pitches_taking_pledges_are_planned(sample: ComputedCatalogue) -> None:
    planned = {r["tender"]["id"] for r in ocds_package(sample)["releases"]}
    assert planned == {cp.id for cp in sample.pitches if cp.accepting}


def test_an_ocid_links_the_planning_record_to_its_notice(tmp_path: Path) -> None:
    repo = sample_copy(tmp_path)
    pitch = repo / "pitches" / "blue-badge-hidden-disability-assessment" / "pitch.yml"
    text = pitch.read_text(encoding="utf-8")
    pitch.write_text(text.replace("\nproposer:", "\nocid: ocds-h6vhtk-04a2b3\nproposer:", 1))
    package = json.loads(dumps(ocds_package(computed_from(repo), SITE)))
    release = next(r for r in package["releases"] if r["tender"]["id"] == "blue-badge-hidden-disability-assessment")
    assert release["ocid"] == "ocds-h6vhtk-04a2b3"
    assert release["id"].startswith("ocds-h6vhtk-04a2b3-planning-")
    assert errors(ocds_validator(), package) == []


def test_360giving_has_only_paid_pledges_of_grant_pitches(sample: ComputedCatalogue) -> None:
    package = threesixty_giving_package(sample, SITE)
    assert package is not None
    grant_pitches = {cp.id for cp in sample.pitches if cp.pitch.grant}
    ids = {g["id"] for g in package["grants"]}
    expected = {
        f"360G-cofund-{cp.id}-{p.org}" for cp in sample.pitches if cp.id in grant_pitches
        for p in cp.pledges if p.state.value == "paid" and p.org != cp.pitch.proposer
    }
    assert ids == expected and expected
    for g in package["grants"]:
        assert g["fundingOrganization"][0]["id"].startswith("GB-")
        assert g["recipientOrganization"][0]["id"] == "GB-LAE-KEN"  # Kent proposed the research


def test_no_paid_grant_means_no_360giving_file(tmp_path: Path) -> None:
    repo = sample_copy(tmp_path)
    pitch = repo / "pitches" / "blockchain-local-government-research" / "pitch.yml"
    pitch.write_text(pitch.read_text(encoding="utf-8").replace("\ngrant: true\n", "\n", 1))
    computed = computed_from(repo)
    assert threesixty_giving_package(computed) is None
    assert "data/360giving.json" not in standards_downloads(computed)


def test_publiccode_maps_stage_supplier_partners_and_licence(tmp_path: Path) -> None:
    repo = sample_copy(tmp_path)
    # the live e-learning product, built by a supplier, with adopters
    pitch = repo / "pitches" / "cyber-gdpr-elearning" / "pitch.yml"
    text = pitch.read_text(encoding="utf-8").replace(
        "\nproposer:", "\nrepository: https://github.com/cofund-sample/cyber-gdpr-elearning\nproposer:", 1
    )
    pitch.write_text(text.replace("\n  licence:", "\n  spdx: OGL-UK-3.0\n  licence:", 1))
    computed = computed_from(repo)
    doc = yaml.safe_load(publiccode_files(computed)["cyber-gdpr-elearning"])
    assert errors(publiccode_validator(), doc) == []
    cp = computed.pitch("cyber-gdpr-elearning")
    assert doc["developmentStatus"] == "stable"
    assert doc["legal"]["license"] == "OGL-UK-3.0"
    assert doc["maintenance"]["type"] == "contract"
    assert doc["maintenance"]["contractors"][0]["name"] == "Matobo"
    names = {o.id: o.organisation.name for o in computed.organisations}
    assert [f["name"] for f in doc["fundedBy"]] == [names[p.org] for p in cp.partners]
    assert doc["usedBy"] == [names[p.org] for p in cp.partners] + [names[a.org] for a in cp.adopters]
    assert doc["fundedBy"][0]["uri"].startswith("urn:x-org-id:GB-")


def test_a_pitch_not_yet_funded_or_without_a_repository_has_no_publiccode(sample: ComputedCatalogue) -> None:
    assert set(publiccode_files(sample)) == {
        cp.id for cp in sample.pitches
        if cp.pitch.repository and cp.pitch.stage.value in ("in-development", "live")
    } == {"adult-social-care-self-assessment"}


@pytest.mark.parametrize(("pence", "text"), [(0, "0"), (5, "0.05"), (50, "0.5"), (100, "1"), (123456, "1234.56"),
                                             (600000, "6000"), (10**11, "1000000000")])
def test_money_is_an_exact_json_number(pence: int, text: str) -> None:
    assert dumps({"amount": money_number(pence)}).decode() == f'{{\n  "amount": {text}\n}}\n'


# --- the command line -------------------------------------------------------------------


def test_cofund_export_prints_each_standard(cofund: Callable[..., Result], sample: ComputedCatalogue) -> None:
    made = standards_downloads(sample)
    ocds = cofund("export", str(ROOT), "--today", TODAY.isoformat(), "--format", "ocds")
    assert ocds.exit_code == 0 and ocds.stdout == made["data/ocds.json"].text
    grants = cofund("export", str(ROOT), "--today", TODAY.isoformat(), "--format", "360giving")
    assert grants.exit_code == 0 and grants.stdout == made["data/360giving.json"].text
    one = cofund("export", str(ROOT), "--today", TODAY.isoformat(), "--format", "publiccode",
                 "--pitch", "adult-social-care-self-assessment")
    assert one.exit_code == 0
    assert one.stdout == made["products/adult-social-care-self-assessment/publiccode.yml"].text
    every = cofund("export", str(ROOT), "--today", TODAY.isoformat(), "--format", "publiccode")
    assert list(yaml.safe_load_all(every.stdout)) == [yaml.safe_load(t) for t in publiccode_files(sample).values()]


def test_cofund_export_refuses_a_pitch_without_publiccode(cofund: Callable[..., Result]) -> None:
    result = cofund("export", str(ROOT), "--today", TODAY.isoformat(), "--format", "publiccode",
                    "--pitch", "foi-request-handling")
    assert result.exit_code == 2
    assert "'foi-request-handling' has no publiccode.yml" in result.output
    assert "Traceback" not in result.output
    assert cofund("export", str(ROOT), "--today", TODAY.isoformat(), "--pitch", "x").exit_code == 2
