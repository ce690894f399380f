"""What the open-standard exports (publiccode.yml, 360Giving, OCDS) share: money as an exact
JSON number, organisations by id, and the address the site publishes them at.

360Giving and OCDS want amounts as JSON numbers, and JSON writers write numbers only from int
or float. A float would not be exact, so an amount goes into the data as a marker string and
is written out as the pounds text of its pence (`1234.5` from 123450).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..compute import ComputedCatalogue
from ..model import Organisation
from ..money import Pence
from .download import json_bytes

# The licence of the catalogue's data (README.md, Licence).
DATA_LICENCE = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"

_MARK = "\x00pence:"
_MARKED = re.compile(rb'"\\u0000pence:(\d+)"')


def money_number(pence: Pence) -> str:
    """A placeholder for `pence` that dumps() writes as a JSON number of pounds."""
    return f"{_MARK}{pence}"


def _pounds_number(match: re.Match[bytes]) -> bytes:
    whole, part = divmod(int(match.group(1)), 100)
    return (str(whole) if part == 0 else f"{whole}.{part:02d}".rstrip("0")).encode()


def dumps(data: Any) -> bytes:
    """UTF-8 JSON, two-space indent, keys in the order given, ending in a newline; amounts exact."""
    return _MARKED.sub(_pounds_number, json_bytes(data))


def organisations(computed: ComputedCatalogue) -> Mapping[str, Organisation]:
    return {o.id: o.organisation for o in computed.organisations}


def package_address(computed: ComputedCatalogue, site_url: str | None, path: str) -> str:
    """Where a download is published: on the site when its address is known, else a link into
    the catalogue's repository (which holds the data it is made from)."""
    if site_url:
        return site_url.rstrip("/") + "/" + path
    return f"{computed.catalogue.settings.repository}#{path}"
