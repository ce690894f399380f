"""Stage 4b, export: the computed catalogue as open data (JSON and CSV), as text.

Pure functions from a ComputedCatalogue to a string, so `cofund export` prints exactly what
the site publishes as downloads. Identical input and today give byte-identical text.
"""

from .csv_export import to_csv
from .json_export import catalogue_data, to_json

__all__ = ["catalogue_data", "to_csv", "to_json"]
