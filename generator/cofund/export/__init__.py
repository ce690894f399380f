"""Stage 4b, export: the computed catalogue as open data (JSON and CSV), as text.

Pure functions from a ComputedCatalogue to a string, so `cofund export` prints exactly what
the site publishes as downloads. Identical input and today give byte-identical text.

Each export also comes as a record (`json_export`, `csv_export`, `organisations_csv_export`,
or all three with `export_all`) that the next build passes back as `previous`: the text is
then rebuilt by copying every unchanged pitch's and organisation's part (see pieces.py).
The records are picklable; they hold the ComputedCatalogue they were made from.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..compute import ComputedCatalogue
from .csv_export import CsvExport, csv_export, to_csv
from .json_export import JsonExport, catalogue_data, json_export, to_json
from .organisations_csv import OrganisationsCsvExport, organisations_csv_export, organisations_to_csv

__all__ = [
    "catalogue_data", "to_csv", "to_json", "organisations_to_csv",
    "csv_export", "json_export", "organisations_csv_export", "export_all",
    "CsvExport", "Exports", "JsonExport", "OrganisationsCsvExport",
]


@dataclass(frozen=True)
class Exports:
    """The three downloads: data/catalogue.json, data/pledges.csv, data/organisations.csv."""

    json: JsonExport
    pledges: CsvExport
    organisations: OrganisationsCsvExport


def export_all(computed: ComputedCatalogue, previous: Exports | None = None) -> Exports:
    return Exports(
        json_export(computed, previous.json if previous else None),
        csv_export(computed, previous.pledges if previous else None),
        organisations_csv_export(computed, previous.organisations if previous else None),
    )
