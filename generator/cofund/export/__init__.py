"""Stage 4b, export: the computed catalogue as open data (JSON and CSV, and in the open standards
publiccode.yml, 360Giving and OCDS: open_standards.py), as UTF-8 downloads.

Pure functions from a ComputedCatalogue to a `Download` (its bytes; `.text` decodes them), so
`cofund export` prints exactly what the site publishes. Identical input and today give
byte-identical output. Every
export is made whole from the computed catalogue; nothing is kept between builds.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..compute import ComputedCatalogue
from .csv_export import csv_export
from .download import Download
from .json_export import catalogue_data, json_export
from .open_standards import standards_downloads
from .organisations_csv import organisations_csv_export

__all__ = [
    "Download",
    "Exports",
    "catalogue_data",
    "csv_export",
    "export_all",
    "json_export",
    "organisations_csv_export",
    "standards_downloads",
]


@dataclass(frozen=True)
class Exports:
    """The three downloads: data/catalogue.json, data/pledges.csv, data/organisations.csv."""

    json: Download
    pledges: Download
    organisations: Download


def export_all(computed: ComputedCatalogue) -> Exports:
    return Exports(json_export(computed), csv_export(computed), organisations_csv_export(computed))
