"""One data download: its text as the UTF-8 bytes the site publishes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Download:
    data: bytes  # UTF-8: what the site publishes and `cofund export` prints

    @property
    def text(self) -> str:
        return self.data.decode()
