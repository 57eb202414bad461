"""The packet's plan: which pages go where, numbered before anything is drawn.

A packet is one or more volumes (parts, with ``--max-mb``). Volume 1: cover, letter, attachment index,
exhibits; later volumes: their own cover, then exhibits. Page numbers run on through the volumes and count
every cover, so the index's ranges are the numbers stamped on the pages (no drift per cover).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from packet.exhibits import Exhibit

COVER_BYTES = 40_000  # what a cover or index page adds, for planning parts
MB = 1_000_000  # portals count megabytes in powers of ten; the smaller unit is the safe one


@dataclass
class Section:
    """The letter or one exhibit, as a PDF or an image file to take pages from."""

    key: str  # "letter" | "exhibit"
    name: str  # what the stamp says: "Appeal letter", "Exhibit B"
    title: str  # bookmark and index title
    path: Path  # a PDF, or an image
    kind: str  # "pdf" | "image"
    pages: int
    size: int  # bytes on disk, to plan parts
    exhibit: Exhibit | None = None


@dataclass
class Slice:
    """Pages ``start..stop-1`` (0-based, of the section) placed from packet page ``first`` (1-based) on."""

    section: Section
    start: int
    stop: int
    first: int = 0
    separator: int = 0  # packet page of the separator sheet before it (0: none)

    @property
    def continued(self) -> bool:
        return self.start > 0


@dataclass
class Volume:
    number: int  # 1-based
    slices: list[Slice] = field(default_factory=list)
    first: int = 0  # packet page of its cover
    last: int = 0
    index_first: int = 0  # volume 1 only
    index_pages: int = 0


def plan_volumes(letter: Section, exhibits: list[Section], max_bytes: int | None) -> list[Volume]:
    """Split into volumes under ``max_bytes`` (estimated), at exhibit boundaries where possible."""
    first = Volume(1, [Slice(letter, 0, letter.pages)])
    if not max_bytes:
        first.slices += [Slice(s, 0, s.pages) for s in exhibits]
        return [first]
    budget = max(max_bytes * 0.92, 2 * COVER_BYTES)
    volumes = [first]
    used = float(2 * COVER_BYTES + letter.size)
    for s in exhibits:
        if used + s.size <= budget:
            volumes[-1].slices.append(Slice(s, 0, s.pages))
            used += s.size
            continue
        if COVER_BYTES + s.size <= budget:  # fits in a part of its own: start one
            volumes.append(Volume(len(volumes) + 1, [Slice(s, 0, s.pages)]))
            used = float(COVER_BYTES + s.size)
            continue
        # Too big for one part: split it by pages, filling the current part first.
        per_page = max(1.0, s.size / max(1, s.pages))
        start = 0
        while start < s.pages:
            room = int((budget - used) // per_page)
            if room <= 0:
                volumes.append(Volume(len(volumes) + 1))
                used = float(COVER_BYTES)
                room = max(1, int((budget - used) // per_page))
            stop = min(s.pages, start + room)
            volumes[-1].slices.append(Slice(s, start, stop))
            used += (stop - start) * per_page
            start = stop
    return volumes


def number_pages(volumes: list[Volume], index_pages: int, separators: bool = False) -> int:
    """Give every slice and volume its packet page numbers; returns the total.

    With ``separators``, a separator sheet comes before each exhibit (not before its continuation in a
    later part); it is counted here, and the exhibit's own pages start after it.
    """
    page = 1
    for v in volumes:
        v.first = page
        page += 1  # the cover
        for i, sl in enumerate(v.slices):
            sl.separator = 0
            if separators and sl.section.exhibit is not None and sl.start == 0:
                sl.separator = page
                page += 1
            sl.first = page
            page += sl.stop - sl.start
            if v.number == 1 and i == 0:  # the index follows the letter
                v.index_first, v.index_pages = page, index_pages
                page += index_pages
        v.last = page - 1
    return page - 1


def exhibit_ranges(volumes: list[Volume]) -> dict[str, list[tuple[int, int, int]]]:
    """{label: [(first page, last page, volume), ...]}: one run of pages per part the exhibit is in."""
    out: dict[str, list[tuple[int, int, int]]] = {}
    for v in volumes:
        for sl in v.slices:
            if sl.section.exhibit is not None:
                last = sl.first + sl.stop - sl.start - 1
                out.setdefault(sl.section.exhibit.label, []).append((sl.first, last, v.number))
    return out


def megabytes(n: int) -> str:
    return f"{n / MB:.1f} MB" if n >= MB / 10 else f"{math.ceil(n / 1000)} kB"
