"""Dates as letters print them (shared by extraction and the deadline engine): "January 12, 2026",
"Jan. 12, 2026", "01/12/2026", "1/12/26", "2026-01-12", "12 January 2026". Explicit patterns only: a
string that is not clearly a date is not one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MON = r"(?P<mon>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_PATTERNS = [
    re.compile(_MON + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})\b", re.IGNORECASE),
    re.compile(r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+" + _MON + r",?\s+(?P<y>\d{4})\b", re.IGNORECASE),
    re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b"),
    re.compile(r"\b(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4}|\d{2})\b"),
    re.compile(r"\b(?P<m>\d{1,2})-(?P<d>\d{1,2})-(?P<y>\d{4})\b"),
    re.compile(r"\b(?P<d>\d{1,2})-" + _MON + r"-(?P<y>\d{4}|\d{2})\b", re.IGNORECASE),
    # OCR lost the space after a month's full name: "April6, 2026"
    re.compile(
        r"\b(?P<mon>january|february|march|april|june|july|august|september|october|november|december)"
        r"(?P<d>\d{1,2}),?\s+(?P<y>\d{4})\b",
        re.IGNORECASE,
    ),
]


@dataclass(frozen=True)
class FoundDate:
    value: date
    start: int
    end: int


def _year(y: str) -> int:
    n = int(y)
    return 2000 + n if len(y) == 2 else n


def find_dates(text: str) -> list[FoundDate]:
    """Every date in ``text``, in order of position; overlapping matches keep the first pattern's."""
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    for pat in _PATTERNS:
        for m in pat.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            g = m.groupdict()
            month = MONTHS[g["mon"].lower()] if g.get("mon") else int(g["m"])
            try:
                d = date(_year(g["y"]), month, int(g["d"]))
            except ValueError:
                continue
            if not 1900 <= d.year <= 2100:
                continue
            found.append(FoundDate(d, m.start(), m.end()))
            taken.append((m.start(), m.end()))
    return sorted(found, key=lambda f: f.start)


def date_at(text: str, pos: int = 0) -> tuple[date, int] | None:
    """The date printed exactly at ``text[pos:]`` and where it ends, or None."""
    for pat in _PATTERNS:
        m = pat.match(text, pos)
        if not m:
            continue
        g = m.groupdict()
        month = MONTHS[g["mon"].lower()] if g.get("mon") else int(g["m"])
        try:
            return date(_year(g["y"]), month, int(g["d"])), m.end()
        except ValueError:
            return None
    return None


def parse_date(text: str) -> date | None:
    """The first date in ``text``, or None."""
    found = find_dates(text)
    return found[0].value if found else None


def is_only_date(text: str) -> bool:
    """True when ``text`` is a date and nothing else (a date alone on a line)."""
    found = find_dates(text)
    if len(found) != 1:
        return False
    rest = text[: found[0].start] + text[found[0].end :]
    return not re.sub(r"[\s,.]", "", rest)
