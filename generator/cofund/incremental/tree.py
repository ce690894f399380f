"""A walk of the working folder (load.sources.Listing) as a prcheck Tree.

The pull-request check reads a few files of a tree through `prcheck.affected` (a pitch's
folder, the organisations it names, cofund.yml); an incremental build reads the same few
files of the working folder the same way. The files a build sees are those of its walk, so
that what it read and the figures it keeps for the next build describe the same files.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..load.sources import Entry, Listing


class ListedTree:
    def __init__(self, root: Path, listing: Listing):
        self.root = os.fspath(root)
        self.listing = listing

    def entry(self, path: str) -> Entry | None:
        key = self.listing.key(path)
        return None if key is None else Entry(path, stat.S_ISREG(key[0]), key[2])

    def files(self, folder: str) -> list[str]:
        return sorted(self.listing.folders.get(folder) or ())

    def read(self, path: str) -> bytes:
        with open(os.path.join(self.root, path), "rb") as handle:
            return handle.read()
