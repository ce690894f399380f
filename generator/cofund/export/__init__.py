"""Stage 4b, export: the computed catalogue as open data (JSON and CSV, and in the open standards
publiccode.yml, 360Giving and OCDS: open_standards.py), as text.

Pure functions from a ComputedCatalogue to text, so `cofund export` prints exactly what the
site publishes as downloads. Identical input and today give byte-identical text. Every
export is made whole from the computed catalogue; nothing is kept between builds.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..compute import ComputedCatalogue
from .csv_export import csv_export, to_csv
from .download import Download
from .json_export import catalogue_data, json_export, to_json
from .open_standards import standards_downloads
from .organisations_csv import organisations_csv_export, organisations_to_csv

__all__ = [
    "Download",
    "Exports",
    "catalogue_data",
    "csv_export",
    "export_all",
    "json_export",
    "organisations_csv_export",
    "organisations_to_csv",
    "standards_downloads",
    "to_csv",
    "to_json",
]


@dataclass(frozen=True)
class Exports:
    """The three downloads: data/catalogue.json, data/pledges.csv, data/organisations.csv."""

    json: Download
    pledges: Download
    organisations: Download


def export_all(computed: ComputedCatalogue) -> Exports:
    return Exports(json_export(computed), csv_export(computed), organisations_csv_export(computed))
