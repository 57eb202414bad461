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
    words = re.findall(r"[A-Za-z][\w'’]*", t)
    small = {"a", "an", "the", "of", "to", "for", "and", "or", "in", "on", "your", "you", "if", "by", "with"}
    if (
        2 <= len(words) <= 8
        and len(t) < 60
        and not t.endswith((".", ",", ";"))
        and all(w[0].isupper() or w.lower() in small for w in words)
        and words[0][0].isupper()
    ):
        return True  # "Your Fair Hearing Rights", "How to Ask for a Reconsideration"
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


def _reason_start(labels: Labels, cell: str) -> re.Match[str] | None:
    """A reason label ("Reason for Denial:") or a reason heading the rule file describes as a pattern
    ("Why did we make this decision?", "The reasons for the denial are:", "Why we denied it:")."""
    m = labels.by_field["reason"].match(cell)
    if m:
        return m
    for pat in labels.rules.reason_headings:
        m = pat.match(cell)
        if m:
            return m
    return None


def extract_reason(labels: Labels, pages: list[Page]) -> Found | None:
    found = _reason_under_label(labels, pages)
    return found or _reason_from_remark_codes(pages) or _reason_after_because(labels, pages)


REMARK_LINE = re.compile(
    r"^\s*((?:CO|PR|OA|PI|CR)-?\d{1,3}|[MN]A?-?\d{1,4})(?:\s*[:\-–]\s+|\s{2,}|\s+(?=[A-Z][a-z]))(?P<text>\S.{8,})$"
)


def _reason_from_remark_codes(pages: list[Page]) -> Found | None:
    """An explanation of benefits gives its reason as remark codes with their meaning ("CO-16: Claim/service
    lacks information ...", "N-661: Provider is not in your plan's network.")."""
    for page in pages:
        items: list[str] = []
        evidence: list[str] = []
        for line in page.lines:
            if REMARK_LINE.match(line.text):
                items.append(norm(line.text))
                evidence.append(line.text)
            elif items and line.text.strip() and not line.text.strip()[:1].isupper() and len(items) < 8:
                items[-1] += " " + norm(line.text)  # the meaning wraps onto the next line
            elif items:
                break
        if items:
            return Found(" ".join(items), page.number, norm(" / ".join(evidence))[:400], "medium")
    return None


def _reason_after_because(labels: Labels, pages: list[Page]) -> Found | None:
    """With no reason label: the sentence that says the plan denied something because of something ("We
    denied payment because the service is not a covered benefit for you."), with the rest of its paragraph
    up to the appeal rights."""
    from packet.extract.fields import _sentences

    for page in pages:
        sentences = _sentences(page)
        for k, sent in enumerate(sentences):
            m = next((p.search(sent) for p in labels.rules.reason_sentences if p.search(sent)), None)
            if not m:
                continue
            text = [sent]
            for nxt in sentences[k + 1 : k + 4]:
                if _ends_reason(nxt):
                    break
                text.append(nxt)
            value = norm(" ".join(text))
            if len(value) > 12:
                return Found(value, page.number, norm(sent)[:400], "medium")
    return None


ENDS_REASON = re.compile(
    r"\b(you (have|may|can) (the right|ask|file|request|appeal)|if you (disagree|do not agree|don.t agree|"
    r"think)|this is not a bill|to (file an |ask for an? )?appeal|appeal rights|you must (file|ask)|"
    r"(you should |please )?share a copy|we are sending a copy|"
    r"a copy of this (notice|letter|decision) (was|has been|is))",
    re.IGNORECASE,
)


def _ends_reason(sentence: str) -> bool:
    return bool(ENDS_REASON.search(sentence))


def _reason_under_label(labels: Labels, pages: list[Page]) -> Found | None:
    for page in pages:
        for i, line in enumerate(page.lines):
            cell = line.cells[0].text if line.cells else line.text
            m = _reason_start(labels, cell)
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
            so_far = " ".join(parts).strip()
            # a gap in the middle of a sentence (a value that wrapped in its table cell, then went on below
            # the table) is not the paragraph's end
            if so_far and (so_far.endswith((".", "!", "?", ":")) or so_far[-1:].isdigit()):
                break
            continue
        if _is_heading(nxt) or labels.is_label_line(nxt):
            break
        parts.append(nxt.text.strip())
        evidence.append(nxt.text)
    text = norm(" ".join(parts))
    # boilerplate after the reason in the same paragraph: the appeal rights start a new matter
    sentences = re.split(r"(?<=[.?!])\s+(?=[A-Z])", text)
    keep = [sentences[0]]
    for sent in sentences[1:]:
        if _ends_reason(sent):
            break
        keep.append(sent)
    return " ".join(keep), norm(" ".join(evidence))[:400]


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


NUMBERED = re.compile(r"(?:^|\s)\(?[1-9][.)]\s+")


def categorize(labels: Labels, reason: str | None) -> tuple[str, str] | None:
    """(category, confidence) for the reason text, or None without a reason."""
    if not reason:
        return None
    scores = score(labels.rules.category_phrases, reason)
    items = NUMBERED.split(reason)
    if len(items) > 2:  # "1. ... 2. ...": the first reason listed is the main one and counts twice
        for c, n in score(labels.rules.category_phrases, items[1]).items():
            scores[c] = scores.get(c, 0) + n
    if not scores:
        return "other", "medium"
    order = labels.rules.category_order
    best = max(scores, key=lambda c: (scores[c], -order.index(c)))
    return best, "high" if scores[best] >= 4 else "medium"


def categorize_letter(labels: Labels, pages: list[Page]) -> tuple[str, int, str] | None:
    """With no reason, or one that names no category: the category the letter's decision part argues for
    (the text before its appeal rights), when the evidence is strong (a score of 4 or more): (category,
    page, evidence sentence)."""
    from packet.extract.fields import _sentences

    text: list[tuple[int, str]] = []
    done = False
    for page in pages:
        for sent in _sentences(page):
            if _ends_reason(sent):
                done = True
                break
            text.append((page.number, sent))
        if done:
            break
    scores = score(labels.rules.category_phrases, " ".join(t for _, t in text))
    if not scores:
        return None
    order = labels.rules.category_order
    best = max(scores, key=lambda c: (scores[c], -order.index(c)))
    if scores[best] < 4:
        return None
    for number, sent in text:
        if any(w.pattern.search(sent) for w in labels.rules.category_phrases[best]):
            return best, number, sent[:300]
    return None


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
