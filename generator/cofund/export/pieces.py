"""A text made of one fragment per pitch or organisation, rebuilt from the previous one.

The exports are large (the JSON is 26 MB at national scale) and a rebuild usually changes a
few pitches, so each export keeps where every entity's fragment lies in its text. The next
export copies a fragment from the previous text when the entity is the same object as, or
== to, the one it was made from, and everything else the fragment shows is unchanged (the
caller's `also`); otherwise it makes the fragment again. Fragments never depend on their
position, so joining them gives the bytes of a from-scratch export. The incremental compute
hands back the previous objects for what it did not recompute, so identity usually decides;
== is for catalogues computed afresh (a deep comparison, but far cheaper than writing a pitch).

The text is kept and built as UTF-8 bytes: the site writes bytes, and a slice of a bytes
object can be copied without an intermediate copy (a memoryview), where slicing a 26 MB str
costs more than the rest of the export put together.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

Span = tuple[int, int]  # [start, end) in a text, in bytes of its UTF-8


class Entity(Protocol):
    @property
    def id(self) -> str: ...


E = TypeVar("E", bound=Entity)


class Assembler:
    """Builds a UTF-8 text from new strings and ranges of the previous text.

    Ranges of the previous text that turn out adjacent there (with the same separator between
    them as here) are merged, so an unchanged run of fragments is copied as one slice.
    """

    def __init__(self, previous: bytes = b"") -> None:
        self._old = previous
        self._parts: list[bytes | list[int]] = []  # new text, or [start, end] of the previous text
        self._length = 0
        self.reused = 0

    def add(self, text: str) -> None:
        if text:
            data = text.encode()
            self._parts.append(data)
            self._length += len(data)

    def _add_old(self, start: int, end: int) -> None:
        parts = self._parts
        if parts:
            last = parts[-1]
            if isinstance(last, list) and last[1] == start:
                last[1] = end
                self._length += end - start
                return
            if len(parts) > 1 and isinstance(last, bytes) and isinstance(before := parts[-2], list):
                # "...old fragment" + separator + "old fragment...": one slice if the previous
                # text has that same separator between them.
                if before[1] + len(last) == start and self._old.startswith(last, before[1]):
                    parts.pop()
                    before[1] = end
                    self._length += end - start
                    return
        parts.append([start, end])
        self._length += end - start

    def fragments(
        self,
        items: Sequence[E],
        make: Callable[[E], str],
        previous: dict[str, tuple[E, Span]],
        also: Callable[[E], bool] | None = None,
        separator: str = "",
        equal: bool = True,
    ) -> tuple[Span, ...]:
        """Add each item's fragment (separated by `separator`); return where each one lies.

        An item's fragment is copied from the previous text when `previous` has an item with its
        id that `is` it, or == it (unless `equal` is False: for items whose == costs more than
        making the fragment), and `also(item)` holds (the global things it shows are unchanged).
        """
        spans: list[Span] = []
        for i, item in enumerate(items):
            if i:
                self.add(separator)
            start = self._length
            kept = previous.get(item.id)
            if (
                kept is not None
                and (kept[0] is item or (equal and kept[0] == item))
                and (also is None or also(item))
            ):
                self._add_old(*kept[1])
                self.reused += 1
            else:
                self.add(make(item))
            spans.append((start, self._length))
        return tuple(spans)

    def data(self) -> bytes:
        with memoryview(self._old) as old:
            return b"".join([p if isinstance(p, bytes) else old[p[0] : p[1]] for p in self._parts])


def index(items: Sequence[E], spans: Sequence[Span]) -> dict[str, tuple[E, Span]]:
    """A previous export's items by id, each with where its fragment lies."""
    if len(items) != len(spans):  # not made together: reuse nothing rather than guess
        return {}
    return {item.id: (item, span) for item, span in zip(items, spans)}
