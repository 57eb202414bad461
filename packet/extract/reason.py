"""The denial reason in the plan's own words, and its category.

The reason is the paragraph under (or after) a reason label: it ends at an empty line, a heading, or the
next label. Where the letter lists reasons as check boxes, only the checked ones are the reason.
The category comes from weighted phrases in the rule file, scored on the reason text only.
"""

from __future__ import annotations

import re

from packet.extract.fields import Found, score
from packet.extract.text import CHECKED, UNCHECKED, Labels, is_placeholder, norm
from packet.read import Line, Page

HEADING = re.compile(
    r"^(what|who|how|why|when|where|if you|your right|you have the right|important|appeal|to appeal|"
    r"there are|help|questions|sincerely|cc:|enclos|language|notice of|information about)\b",
    re.IGNORECASE,
)


def _is_heading(line: Line) -> bool:
    t = line.text.strip()
    if not t:
        return False
    letters = [c for c in t if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(t) < 80 and not t.endswith("."):
        return True
    if t.endswith("?") and len(t) < 90:
        return True
    return bool(HEADING.match(t)) and not t.endswith(".") and len(t) < 60


def _checkbox_reason(page: Page, start: int) -> tuple[str, str] | None:
    """The checked items of a check-box list starting at or after ``start``."""
    checked: list[str] = []
    evidence: list[str] = []
    seen_box = False
    k = start
    lines = page.lines
    while k < len(lines):
        text = lines[k].text
        if CHECKED.match(text):
            seen_box = True
            item = [CHECKED.sub("", text).strip()]
            evidence.append(text)
            box_x0 = lines[k].x0
            # continuation lines of the checked item (indented past its box, no box of their own)
            while (
                k + 1 < len(lines)
                and lines[k + 1].text.strip()
                and not (CHECKED.match(lines[k + 1].text) or UNCHECKED.match(lines[k + 1].text))
                and lines[k + 1].x0 > box_x0 + 4
            ):
                k += 1
                item.append(lines[k].text.strip())
                evidence.append(lines[k].text)
            checked.append(norm(" ".join(item)))
        elif UNCHECKED.match(text):
            seen_box = True
        elif seen_box and text.strip():
            if lines[k].x0 <= lines[start].x0 + 4 or _is_heading(lines[k]):
                break
        elif seen_box and not text.strip():
            # an empty line inside the list is fine; two in a row end it
            if k + 1 < len(lines) and not (
                CHECKED.match(lines[k + 1].text) or UNCHECKED.match(lines[k + 1].text)
            ):
                break
        elif not seen_box and text.strip() and k > start + 1:
            return None
        k += 1
    if not checked:
        return None
    return " ".join(checked), " / ".join(norm(e) for e in evidence)


def extract_reason(labels: Labels, pages: list[Page]) -> Found | None:
    pat = labels.by_field["reason"]
    for page in pages:
        for i, line in enumerate(page.lines):
            cell = line.cells[0].text if line.cells else line.text
            m = pat.match(cell)
            if not m:
                continue
            boxes = _checkbox_reason(page, i + 1)
            if boxes:
                return Found(boxes[0], page.number, boxes[1])
            text, evidence = _paragraph(labels, page, i, cell, m.end())
            if text and not is_placeholder(labels.rules, text) and len(text) > 8:
                return Found(text, page.number, evidence)
    return None


def _paragraph(labels: Labels, page: Page, i: int, cell: str, start: int) -> tuple[str, str]:
    """The text after a label (from ``start`` in its ``cell`` on line ``i``) to the end of its paragraph: an
    empty line, a heading or the next label."""
    line = page.lines[i]
    parts = (
        [line.text[len(line.text) - len(cell) + start :].strip()]
        if cell == line.text
        else [cell[start:].strip(), *[c.text for c in line.cells[1:]]]
    )
    evidence = [line.text]
    for k in range(i + 1, len(page.lines)):
        nxt = page.lines[k]
        if not nxt.text.strip():
            if any(p.strip() for p in parts):
                break
            continue
        if _is_heading(nxt) or labels.is_label_line(nxt):
            break
        parts.append(nxt.text.strip())
        evidence.append(nxt.text)
    return norm(" ".join(parts)), norm(" ".join(evidence))[:400]


def criteria_from_basis(labels: Labels, pages: list[Page]) -> Found | None:
    """The policy a basis paragraph cites ("Explanation of Basis for Determination: We applied Medical
    Policy ONC-215. ..."): a named document (capitalized) after a citing phrase of the rule file."""
    pat = labels.by_field["basis"]
    for page in pages:
        for i, line in enumerate(page.lines):
            cell = line.cells[0].text if line.cells else line.text
            m = pat.match(cell)
            if not m:
                continue
            text, evidence = _paragraph(labels, page, i, cell, m.end())
            for cite in labels.rules.criteria_cites:
                c = cite.search(text)
                if c and c.group("c")[:1].isupper():
                    return Found(norm(c.group("c")).rstrip(" ."), page.number, evidence, "medium")
            c = CRITERIA_IN_TEXT.search(text)
            if c:
                return Found(norm(c.group(1)).rstrip("."), page.number, evidence, "medium")
    return None


def categorize(labels: Labels, reason: str | None) -> tuple[str, str] | None:
    """(category, confidence) for the reason text, or None without a reason."""
    if not reason:
        return None
    scores = score(labels.rules.category_phrases, reason)
    if not scores:
        return "other", "medium"
    order = labels.rules.category_order
    best = max(scores, key=lambda c: (scores[c], -order.index(c)))
    return best, "high" if scores[best] >= 4 else "medium"


CRITERIA_IN_TEXT = re.compile(
    r"\b((?:Clinical|Medical|Coverage|Pharmacy|Payment|Reimbursement|Drug)\s+(?:Policy|Guideline|Bulletin)"
    r"\s*(?:No\.?|#|number)?\s*[A-Z]{0,6}[-.]?\d[\w.\-]*|InterQual\s*(?:®\s*)?\d{4}[^.,;]*?(?=[.,;]|$)|"
    r"MCG\s+(?:Care Guidelines?\s*)?[A-Z]{0,4}-?\d[\w.\-]*)",
)


def criteria_from_reason(reason: str | None) -> str | None:
    if not reason:
        return None
    m = CRITERIA_IN_TEXT.search(reason)
    return norm(m.group(1)).rstrip(".") if m else None
