"""The open-standard downloads together, for the site build: what to write where.

`standards_downloads(computed, site_url)` maps each path in the site to its bytes:
data/ocds.json always, data/360giving.json when a grant has been paid, and
products/<pitch>/publiccode.yml for every product that has one.
"""

from __future__ import annotations

from ..compute import ComputedCatalogue
from . import ocds, threesixty_giving
from .download import Download
from .publiccode import publiccode_files


def standards_downloads(computed: ComputedCatalogue, site_url: str | None = None) -> dict[str, Download]:
    """{path in the site: its download}, in a stable order."""
    out = {ocds.PATH: ocds.ocds_export(computed, site_url)}
    grants = threesixty_giving.threesixty_giving_export(computed, site_url)
    if grants is not None:
        out[threesixty_giving.PATH] = grants
    for pitch_id, text in publiccode_files(computed).items():
        out[f"products/{pitch_id}/publiccode.yml"] = Download(text.encode())
    return out
