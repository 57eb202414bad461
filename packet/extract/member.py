"""The member's name where no label gives it: the recipient's address block, then the salutation.

A letter to the member prints the member's name above a street line and a "City, ST 12345" line, near the
top of the first page, below the plan's letterhead. The letterhead and a letter to a clinic are told apart
by the words of an organisation (the rule file's ``[member] org_words``) and by professional titles.
"""

from __future__ import annotations

import re

from packet.extract.fields import Found, clean_name
from packet.extract.shapes import CITY_STATE_ZIP, STREET, SUITE
from packet.extract.text import Labels, norm
from packet.read import Line, Page

PROFESSIONAL = re.compile(r"^(dr\.?\s)|,?\s+(md|do|np|pa|pa-c|rn|dds|dpm|phd|lcsw|pllc|llc|inc)\.?$", re.I)
UNIT = re.compile(r"^(apt\.?|apartment|unit|#)\s*\w+", re.I)
SALUTATION = re.compile(r"^\s*Dear\s+(?P<name>[^:,]+)[:,]?\s*$", re.I)
TITLES = re.compile(r"^(mr|mrs|ms|miss|mx)\.?\s+", re.I)


def _first(line: Line) -> str:
    return (line.cells[0].text if line.cells else line.text).strip()


def _person(labels: Labels, text: str) -> str | None:
    """``text`` as a person's name, or None for an organisation, a title-bearing professional, a label."""
    name = clean_name(TITLES.sub("", text))
    if not name or PROFESSIONAL.search(text) or labels.is_label_text(text):
        return None
    words = {w.lower().strip(".,") for w in name.split()}
    if words & labels.rules.member_org_words:
        return None
    return name


def address_block_names(labels: Labels, page: Page, limit: int = 30) -> list[tuple[str, Line]]:
    """Names standing directly above a street line and a city, state and ZIP line (a unit line may sit
    between), in the first ``limit`` lines of the page."""
    lines = [ln for ln in page.lines[:limit] if ln.text.strip()]
    out: list[tuple[str, Line]] = []
    for i in range(len(lines) - 2):
        # the street line may come after a labelled line or two ("Member's DOB: 03/14/1961")
        s = i + 1
        while (
            s < len(lines) and s <= i + 2 and ":" in _first(lines[s]) and not STREET.match(_first(lines[s]))
        ):
            s += 1
        if s >= len(lines) or not STREET.match(_first(lines[s])):
            continue
        k = s + 1
        while (
            k < len(lines) and k <= s + 2 and (SUITE.match(_first(lines[k])) or UNIT.match(_first(lines[k])))
        ):
            k += 1
        if k < len(lines) and CITY_STATE_ZIP.match(_first(lines[k]).rstrip(".")):
            name = _person(labels, _first(lines[i]))
            if name:
                out.append((name, lines[i]))
    return out


def salutation(labels: Labels, page: Page) -> tuple[str, Line] | None:
    """The name after "Dear", unless it is generic ("Dear Member") or a doctor."""
    from packet.extract.fields import GENERIC_SALUTATIONS

    for line in page.lines:
        m = SALUTATION.match(line.text)
        if not m:
            continue
        raw = m.group("name").strip()
        if raw.lower() in GENERIC_SALUTATIONS or raw.lower().startswith("dr"):
            return None
        return raw, line
    return None


def name_without_label(labels: Labels, pages: list[Page]) -> Found | None:
    """The member's name from the address block (checked against "Dear ..." when both are there), else
    the full name of the salutation."""
    if not pages:
        return None
    page = pages[0]
    blocks = address_block_names(labels, page)
    dear = salutation(labels, page)
    if dear:
        surname = TITLES.sub("", dear[0]).split()[-1].lower() if TITLES.sub("", dear[0]).split() else ""
        for name, line in blocks:
            if name.split()[-1].lower() == surname:
                return Found(name, page.number, norm(f"{line.text} / {dear[1].text}"), "high")
    if len(blocks) == 1:
        name, line = blocks[0]
        return Found(name, page.number, norm(line.text), "medium")
    if dear and not TITLES.match(dear[0]):
        full = _person(labels, dear[0])
        if full and len(full.split()) >= 2:
            return Found(full, page.number, norm(dear[1].text), "medium")
    return None
