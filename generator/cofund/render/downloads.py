"""The CSV downloads in a page's language: the Welsh site's CSVs have Welsh column headings.

The rows are the export's, byte for byte (export/); only the heading line is translated, each
heading through the catalogue with the context "CSV column". The keys of the JSON downloads
stay English in both sites: they are an interface that programs read.
"""

from __future__ import annotations

import csv
import io

from .i18n import Words


def NP_(context: str, message: str) -> str:
    return message


CONTEXT = "CSV column"
# Every column of export/csv_export.py and export/organisations_csv.py (a test checks they are
# the same), marked so that the catalogue has each heading to translate.
COLUMNS = frozenset({
    NP_("CSV column", "pitch"), NP_("CSV column", "pitch_title"), NP_("CSV column", "pitch_status"),
    NP_("CSV column", "model"), NP_("CSV column", "deadline"), NP_("CSV column", "organisation"),
    NP_("CSV column", "organisation_name"), NP_("CSV column", "role"), NP_("CSV column", "date"),
    NP_("CSV column", "status"), NP_("CSV column", "counts"), NP_("CSV column", "amount"),
    NP_("CSV column", "percent"), NP_("CSV column", "tier"), NP_("CSV column", "pays"),
    NP_("CSV column", "saving"), NP_("CSV column", "rebate"), NP_("CSV column", "net_cost"),
    NP_("CSV column", "in_kind"), NP_("CSV column", "conditions"), NP_("CSV column", "would_save"),
    NP_("CSV column", "released"), NP_("CSV column", "interested_on"), NP_("CSV column", "invoiced_on"),
    NP_("CSV column", "paid_on"), NP_("CSV column", "withdrawn_on"),
    NP_("CSV column", "name"), NP_("CSV column", "type"), NP_("CSV column", "nation"),
    NP_("CSV column", "website"), NP_("CSV column", "gss_code"), NP_("CSV column", "proposed"),
    NP_("CSV column", "pledged_to"), NP_("CSV column", "adopted"), NP_("CSV column", "committed"),
    NP_("CSV column", "adoption_fees"), NP_("CSV column", "rebates"), NP_("CSV column", "saved"),
    NP_("CSV column", "interested_in"), NP_("CSV column", "org_id"),
})


def csv_headings(data: bytes, said: Words) -> bytes:
    """The CSV `data` with its heading line in `said`'s language (the rest as it is)."""
    if said.lang == "en":
        return data
    head, _, rest = data.partition(b"\r\n")
    columns = next(csv.reader([head.decode("utf-8")]))
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow([said.pgettext(CONTEXT, c) for c in columns])
    return out.getvalue().encode("utf-8") + rest
