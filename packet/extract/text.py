"""Finding labelled values in a letter's lines.

A label is matched at the start of a column (a cell of a line), case-insensitively, and is followed by
":" (or "#" / "No."), or stands alone with its value in the next line, in the column under it. Tables
(an explanation-of-benefits grid) are the same rule: a header cell is a label with its values below.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from packet.extract.rules import Rules
from packet.read import COLUMN_GAP, Cell, Document, Line, Page

CHECKED = re.compile(r"^\s*(\[\s*[xX✓✔]\s*\]|☒|☑|■|\(\s*[xX]\s*\)|✔|✓)\s*")
UNCHECKED = re.compile(r"^\s*(\[\s*\]|☐|□|\(\s*\))\s*")


@dataclass
class Hit:
    value: str
    page: int
    evidence: str  # the line(s) the value was read from
    label: str
    line_index: int
    below: bool = False  # the value was under its label, not beside it
    cell_index: int = 0  # the label's cell on its line


def norm(text: str) -> str:
    return " ".join(text.split())


def is_placeholder(rules: Rules, value: str) -> bool:
    v = value.strip()
    return any(p.search(v) for p in rules.placeholders)


def strip_fax_headers(rules: Rules, doc: Document) -> list[Page]:
    """The pages with fax header lines removed (they carry dates and numbers that are not the letter's)."""
    out = []
    for page in doc.pages:
        lines = list(page.lines)
        # Fax headers sit in the first or last two lines of a page.
        keep = []
        for i, ln in enumerate(lines):
            edge = i < 2 or i >= len(lines) - 2
            if edge and any(p.search(ln.text) for p in rules.fax_header):
                continue
            keep.append(ln)
        out.append(Page(number=page.number, lines=keep, ocr=page.ocr))
    return out


# After a label, before its colon: another name for the same number ("Enrollee ID/CIN:", "DoD Benefits
# Number (DBN):")
ALIAS = r"(?:\s*/\s*[A-Za-z#][\w#]{0,11}|\s*\([A-Za-z#]{2,8}\))?"


OCR_ID = re.compile(r"(?<![\w])[ltIi1|!]D(?=\s*[:.#]|\s+(?:number|no\b|#))")
OCR_SPECK_CELL = re.compile(r"^\W{0,2}[A-Za-z]{1,3}\W{0,2}$")


DOTTED_ID = re.compile(r"\bI\.\s?D\.?(?=\s|:|#)")


TABLE_RULE = re.compile(r"^\s*[+|]?[-=+]{6,}[+|]?\s*$")


def split_pipe_rows(pages: list[Page]) -> list[Page]:
    """A table printed as text ("| Notice Date | March 3, 2026 |", rows between "+-----+" rules) read as
    cells, so its labels and values pair as in a ruled table; the rules themselves are dropped."""
    out = []
    for page in pages:
        lines: list[Line] = []
        for line in page.lines:
            if TABLE_RULE.match(line.text):
                continue
            if len(line.cells) > 1 or line.text.count("|") < 2:
                lines.append(line)
                continue
            parts = [p.strip() for p in line.text.strip().strip("|").split("|")]
            if len(parts) < 2 or not all(parts):
                lines.append(line)
                continue
            width = (line.cells[0].x1 - line.cells[0].x0) if line.cells else 500.0
            step = width / len(parts)
            x0 = line.cells[0].x0 if line.cells else line.x0
            cells = [Cell(x0 + k * step, x0 + (k + 1) * step - 1, p) for k, p in enumerate(parts)]
            lines.append(Line(COLUMN_GAP.join(parts), line.x0, line.top, line.bottom, cells))
        out.append(Page(number=page.number, lines=lines, ocr=page.ocr))
    return out


def _plain_label(text: str) -> str:
    return DOTTED_ID.sub("ID", text)


def _plain_ocr_label(text: str) -> str:
    return OCR_ID.sub("ID", DOTTED_ID.sub("ID", text))


def clean_ocr_pages(pages: list[Page]) -> list[Page]:
    """Labels made plain on every page ("Member's I.D. Number:" is "ID"), and OCR's usual slips on a label
    undone on pages read by OCR only: "Beneficiary tD:" is "ID:", and a speck read as a short word in a
    cell of its own ("June 5, 2026   Ss") is dropped."""
    out = []
    for page in pages:
        fix = _plain_ocr_label if page.ocr else _plain_label
        lines = []
        for line in page.lines:
            if not page.ocr and "I.D" not in line.text and "I. D" not in line.text:
                lines.append(line)
                continue
            cells = [Cell(c.x0, c.x1, fix(c.text)) for c in line.cells]
            if page.ocr and len(cells) > 1:
                cells = [cells[0], *(c for c in cells[1:] if not OCR_SPECK_CELL.match(c.text))]
            text = COLUMN_GAP.join(c.text for c in cells) if cells else fix(line.text)
            lines.append(Line(text, line.x0, line.top, line.bottom, cells))
        out.append(Page(number=page.number, lines=lines, ocr=page.ocr))
    return out


def join_wrapped_labels(pages: list[Page]) -> list[Page]:
    """A label that wrapped inside its table cell ("Authorization Request" over "Number:", its value in the
    next cell) joined back onto its first line, so the label and its value stand on one line again."""
    out = []
    for page in pages:
        lines = list(page.lines)
        k = 0
        while k + 1 < len(lines):
            line, nxt = lines[k], lines[k + 1]
            tail = nxt.text.strip()
            if (
                len(line.cells) >= 2
                and len(nxt.cells) == 1
                and abs(nxt.cells[0].x0 - line.cells[0].x0) <= 4
                and tail.endswith(":")
                and len(tail) <= 30
                and not line.cells[0].text.rstrip().endswith(":")
            ):
                first = line.cells[0]
                cells = [
                    Cell(first.x0, max(first.x1, nxt.cells[0].x1), f"{first.text} {tail}"),
                    *line.cells[1:],
                ]
                text = COLUMN_GAP.join(c.text for c in cells)
                lines[k] = Line(text, line.x0, line.top, nxt.bottom, cells)
                del lines[k + 1]
            k += 1
        out.append(Page(number=page.number, lines=lines, ocr=page.ocr))
    return out


def _label_regex(labels: Iterable[str]) -> re.Pattern[str]:
    alts = []
    for label in sorted(set(labels), key=len, reverse=True):
        words = [re.escape(w).replace("'", "['\u2019]") for w in label.split()]  # "Beneficiary’s name"
        alts.append(r"\.?\s+".join(words))  # "ID. Number" (OCR read a speck as a period)
    # label, then an optional "#", "No." or "number", then ":" / "#" / end of cell
    return re.compile(
        r"^[\s•*\-–]*(?P<label>"
        + "|".join(alts)
        + r")\.?(?P<suffix>\s*(?:#|no\.?|number))?"
        + ALIAS
        + r"(?:\s*[:：]\s*|\s*$|(?<=#)\s+|\.\s+(?=\S))",  # "Date of this notice. October 19" (OCR)
        re.IGNORECASE,
    )


class Labels:
    """Compiled label patterns for every field of the rule file, plus one for "any label"."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self._inline_seen: dict[str, list[tuple[str, str]]] = {}
        self.by_field = {f: _label_regex(ls) for f, ls in rules.labels.items()}
        every = [label for ls in rules.labels.values() for label in ls]
        self.any = _label_regex(every)
        alts = "|".join(
            r"\.?\s+".join(re.escape(w).replace("'", "['\u2019]") for w in lb.split())
            for lb in sorted(set(every), key=len, reverse=True)
        )
        # A label with a colon inside a cell: the second pair of "Name: x  ID Number: y" when the gap between
        # the pairs is not wide enough to be a column break (or a scan lost it); it also ends the first
        # pair's value. (One pattern for both: compiling the label lexicon is most of extraction's start.)
        self.inline = re.compile(
            r"(?<=\s)(?P<label>" + alts + r")\.?(?P<suffix>\s*(?:#|no\.?|number))?" + ALIAS + r"\s*[:：]",
            re.IGNORECASE,
        )

    def _cut(self, value: str) -> str:
        """``value`` up to the next label with a colon in it ("Kevin O'Brien ID Number: ..." -> the name)."""
        c = self.inline.search(" " + value)
        return value[: max(c.start() - 1, 0)].strip() if c else value

    def is_label_text(self, text: str) -> bool:
        """A label, not a value: "Member ID:", "Denial Codes:", "Amt." alone."""
        t = text.strip()
        if t.endswith(":") or self.any.fullmatch(t):
            return True
        m = self.any.match(t)
        return bool(m and m.end() == len(t))

    def is_label_line(self, line: Line) -> bool:
        return bool(line.cells) and any(self.any.match(c.text) for c in line.cells)

    def inline_pairs(self, text: str) -> list[tuple[str, str]]:
        """(label, value) for each label with a colon after the first one in ``text`` ("Name: x ID Number: y"
        gives ("ID Number", "y")). A one-word label counts only after another label: alone in running text
        ("...the Plan: ...") it is too common to trust. Remembered per text: every field asks of every
        cell."""
        known = self._inline_seen.get(text)
        if known is not None:
            return known
        first = self.any.match(text)
        pairs = []
        for m in self.inline.finditer(text):
            if first is None and len(m.group("label").split()) < 2:
                continue
            if first is not None and m.start() < first.end():
                continue
            pairs.append((m.group("label"), text[m.start() :]))
        if len(self._inline_seen) > 20_000:
            self._inline_seen.clear()
        self._inline_seen[text] = pairs
        return pairs

    def find(self, pages: list[Page], field: str, *, cut: bool = True) -> Iterator[Hit]:
        """Every value printed under ``field``'s labels, in reading order."""
        pat = self.by_field[field]
        for page in pages:
            for i, line in enumerate(page.lines):
                for j, cell in enumerate(line.cells):
                    m = pat.match(cell.text)
                    if not m:
                        yield from self._find_inline(pat, page, i, j, cell.text, cut)
                        continue
                    value = cell.text[m.end() :].strip()
                    below = False
                    evidence = line.text
                    if not value:
                        value, evidence, below = self._value_beside_or_below(page, i, j, cell)
                    if cut and value:
                        value = self._cut(value)
                    value = value.strip(" ;,")
                    if value and not self.is_label_text(value):
                        yield Hit(value, page.number, norm(evidence), m.group("label"), i, below, j)
                    yield from self._find_inline(pat, page, i, j, cell.text, cut)

    def _find_inline(
        self, pat: re.Pattern[str], page: Page, i: int, j: int, text: str, cut: bool
    ) -> Iterator[Hit]:
        for label, rest in self.inline_pairs(text):
            m = pat.match(rest)
            if not m or len(m.group("label")) != len(label):
                continue  # another field's label (the longest label at that place decides)
            value = rest[m.end() :].strip()
            if cut and value:
                value = self._cut(value)
            value = value.strip(" ;,")
            if value and not self.is_label_text(value):
                yield Hit(value, page.number, norm(page.lines[i].text), m.group("label"), i, False, j)

    def _value_beside_or_below(self, page: Page, i: int, j: int, cell: Cell) -> tuple[str, str, bool]:
        line = page.lines[i]
        # the next cell on the same line, unless it is a label itself
        if (
            j + 1 < len(line.cells)
            and not self.any.match(line.cells[j + 1].text)
            and not line.cells[j + 1].text.strip().endswith(":")
        ):
            nxt = line.cells[j + 1]
            return nxt.text, line.text, False
        # the cell under the label on the next non-empty line
        for k in range(i + 1, min(i + 3, len(page.lines))):
            below = page.lines[k]
            if not below.text.strip():
                continue
            if self.is_label_line(below) and len(below.cells) == 1:
                return "", "", False
            under = column_under(cell, line, below)
            if under is not None and not self.any.match(under.text) and not under.text.strip().endswith(":"):
                return under.text, f"{line.text} / {below.text}", True
            return "", "", False
        return "", "", False


GENERIC_LABEL = re.compile(
    r"(?:^|(?<=\s))(?P<label>(?:[A-Za-z][\w\-/&'’]*\.?\s+){0,4}?"
    r"(?:ID|Identification|Number|No\.?|Num|#|Reference|Ref\.?)(?:\s*#)?(?:\s*\([A-Za-z]{2,6}\))?)"
    r"\s*[:：]\s*(?P<value>[A-Za-z0-9][\w\-/.]*)",
    re.IGNORECASE,
)


GENERIC_LABEL_ALONE = re.compile(
    r"(?P<label>(?:[A-Za-z][\w\-/&'’]*\.?\s+){0,4}?"
    r"(?:ID|Identification|Number|No\.?|Num|#|Reference|Ref\.?)(?:\s*#)?(?:\s*\([A-Za-z]{2,6}\))?)\s*[:：]?",
    re.IGNORECASE,
)


def generic_pairs(pages: list[Page]) -> Iterator[tuple[str, str, Page, int, str]]:
    """Every "<words> ID|Number|#|Reference: value" on the pages, whatever the words: (label, value, page,
    line index, line text). Callers decide from the label's words what the number is."""
    for page in pages:
        for i, line in enumerate(page.lines):
            cells = [c.text for c in line.cells] or [line.text]
            for j, text in enumerate(cells):
                for m in GENERIC_LABEL.finditer(text):
                    yield norm(m.group("label")), m.group("value").rstrip("."), page, i, line.text
                # the label alone in its cell, the value in the next one (a table of label and value cells)
                alone = GENERIC_LABEL_ALONE.fullmatch(text.strip())
                if alone and j + 1 < len(cells) and cells[j + 1].split():
                    value = cells[j + 1].split()[0].rstrip(".,;")
                    yield norm(alone.group("label")), value, page, i, line.text


def column_values(page: Page, hit: Hit) -> list[tuple[str, str]]:
    """A table column: (value, row text) for each row under ``hit``'s header cell, down to the first row
    with nothing in that column (a totals row, a blank line)."""
    header = page.lines[hit.line_index]
    cell = header.cells[hit.cell_index]
    out = []
    for row in page.lines[hit.line_index + 1 :]:
        if not row.text.strip() or len(row.cells) < 2:
            break
        under = column_under(cell, header, row)
        if under is None or not under.text.strip():
            break
        out.append((under.text, row.text))
    return out


def column_under(cell: Cell, header: Line, row: Line) -> Cell | None:
    """The cell of ``row`` that sits in ``cell``'s column of ``header``."""
    idx = header.cells.index(cell)
    left = cell.x0 - 6
    right = header.cells[idx + 1].x0 - 6 if idx + 1 < len(header.cells) else 1e9
    for c in row.cells:
        if left <= c.x0 < right:
            return c
    if len(header.cells) == 1 and row.cells:
        return row.cells[0]
    return None


def lines_after(page: Page, start: int) -> Iterator[tuple[int, Line]]:
    for k in range(start, len(page.lines)):
        yield k, page.lines[k]


def all_lines(pages: list[Page]) -> Iterator[tuple[Page, int, Line]]:
    for page in pages:
        for i, line in enumerate(page.lines):
            yield page, i, line
