"""Where to send the appeal: the unit's name, its mailing address, fax, phone and portal.

The address block is the one introduced by a sentence such as "Mail or deliver your written appeal to"
(phrases in the rule file); the fax is the one printed for sending the appeal, not the plan's general line.
"""

from __future__ import annotations

import re

from packet.extract.fields import Found
from packet.extract.shapes import CITY_STATE_ZIP, PHONE, STREET, SUITE, URL
from packet.extract.text import Labels, is_placeholder, norm
from packet.read import Line, Page


def _cells(line: Line) -> list[str]:
    return [c.text for c in line.cells] if line.cells else [line.text]


def _address_goes_on(lines: list[Line], k: int) -> bool:
    """After an empty line inside a block (a line of capitals and digits is short, so the reader may see a
    paragraph gap above the next line): the block, not complete yet, goes on when the next line is its
    street, suite or city, state and ZIP."""
    if k >= len(lines):
        return False
    t = (lines[k].cells[0].text if lines[k].cells else lines[k].text).strip()
    return bool(CITY_STATE_ZIP.match(t) or STREET.match(t) or SUITE.match(t))


def _address_block(lines: list[Line], start: int, first_text: str) -> tuple[list[str], list[str], int]:
    """Name lines and address lines from ``first_text`` (rest of the introducer line) and the lines after."""
    name: list[str] = []
    addr: list[str] = []
    texts: list[str] = []
    if first_text.strip(" :"):
        texts.append(first_text.strip(" :"))
    k = start
    while k < len(lines) and len(texts) < 8:
        t = lines[k].cells[0].text if lines[k].cells else lines[k].text
        if not t.strip():
            if texts and not _address_goes_on(lines, k + 1):
                break
            k += 1
            continue
        texts.append(t.strip())
        k += 1
        if CITY_STATE_ZIP.match(t.strip()):
            break
    for t in texts:
        if addr:
            addr.append(t)
            if CITY_STATE_ZIP.match(t):
                break
        elif STREET.match(t) or SUITE.match(t):
            addr.append(t)
        elif CITY_STATE_ZIP.match(t):
            addr.append(t)
            break
        elif not PHONE.search(t) and not re.match(r"^(fax|phone|tel)", t, re.IGNORECASE):
            name.append(t)
    if not addr or not CITY_STATE_ZIP.match(addr[-1]):
        return [], [], start
    return name, addr, k


def extract_appeal_to(labels: Labels, pages: list[Page]) -> dict[str, Found]:
    """Found values keyed by AppealTo field name (name, address, fax, phone, portal)."""
    rules = labels.rules
    found: dict[str, Found] = {}
    for pi, page in enumerate(pages):
        # an address block may run over a page break: read on into the next page
        more = pages[pi + 1].lines if pi + 1 < len(pages) else []
        block_page = Page(number=page.number, lines=[*page.lines, *more], ocr=page.ocr)
        for i, line in enumerate(page.lines):
            for intro in rules.appeal_introducers:
                m = intro.search(line.text)
                if not m:
                    continue
                rest = line.text[m.end() :].strip(" :")
                if rest.endswith("."):
                    rest = ""  # the sentence goes on: the block is below
                name, addr, end = _address_block(block_page.lines, i + 1, rest)
                if not addr:
                    continue
                name = [n.rstrip(",") for n in name if not is_placeholder(rules, n)]
                if name:
                    found["name"] = Found(norm(", ".join(name)), page.number, norm(" / ".join(name)))
                found["address"] = Found(
                    norm(", ".join(a.rstrip(",") for a in addr)), page.number, norm(" / ".join(addr))
                )
                _contacts_near(labels, block_page, i, end + 4, found)
                break
            if "address" in found:
                break
        if "address" in found:
            break
    if "address" not in found:
        _address_in_sentence(labels, pages, found)
    _fax_phrase(labels, pages, found)
    _portal(labels, pages, found)
    return found


# An address run into a sentence: "... or write to Pacific Crest Health Plan, Grievance and Appeals Unit,
# PO Box 21980, Sacramento, CA 95821." The name parts come before the street (or PO box) part.
RUN_IN_ADDRESS = re.compile(
    r"(?P<name>(?:[A-Z][^,;:()]{1,70},\s*){0,4}?)"
    r"(?P<street>(?:\d+[A-Za-z]?\s+[A-Z0-9][^,;:]{1,60}|P\.?\s?O\.?\s*Box\s+\d+[^,;:]{0,20}"
    r"|Post Office Box\s+\d+)"
    r"(?:,\s*(?:Suite|Ste\.?|Floor|Fl\.?|Room|Rm\.?|Unit|Apt\.?|Mail\s?Stop|MS|Bldg\.?|Building|#)"
    r"\s*[^,;:]{1,20})?)"
    r",\s*(?P<city>[A-Z][A-Za-z .'\-]{1,40}),?\s+"
    r"(?P<state>[A-Z]{2}|New York|California|Texas|Florida)\.?,?\s+"
    r"(?P<zip>\d{5}(?:-\d{4})?)\b"
)
WRITE_TO = re.compile(
    r"\b(write|writing|mail|mailing|send|deliver|submit|address|file|request|appeal|hearing)\b[^.]{0,80}\bto\b:?\s*$"
    r"|\b(at|address)\s*:?\s*$",
    re.IGNORECASE,
)


def _address_in_sentence(labels: Labels, pages: list[Page], found: dict[str, Found]) -> None:
    """The appeal's mailing address written into a sentence (or a one-line block after "Mail your written
    appeal to:"): the first whose words before it say to write, mail or send there."""
    from packet.extract.fields import _paragraphs

    for page in pages:
        for para in _paragraphs(page):
            for m in RUN_IN_ADDRESS.finditer(para):
                before = para[: m.start()]
                if not WRITE_TO.search(before[-120:]) or not APPEAL_WORDS.search(before[-400:] + m.group(0)):
                    continue
                name = [n.strip() for n in m.group("name").split(",") if n.strip()]
                name = [n for n in name if not is_placeholder(labels.rules, n)]
                address = (
                    f"{norm(m.group('street'))}, {norm(m.group('city'))}, {m.group('state')} {m.group('zip')}"
                )
                if name:
                    found["name"] = Found(norm(", ".join(name)), page.number, norm(m.group(0)), "medium")
                found["address"] = Found(address, page.number, norm(m.group(0)), "medium")
                return


def _contacts_near(labels: Labels, page: Page, start: int, end: int, found: dict[str, Found]) -> None:
    fax = labels.by_field["appeal_fax"]
    phone = labels.by_field["appeal_phone"]
    for line in page.lines[start:end]:
        for cell in _cells(line):
            # "Telephone: 1-800-555-0148   Fax: 603-555-0141" may be one run: each number with its own label
            prev = 0
            for m in PHONE.finditer(cell):
                part = cell[prev : m.end()].strip(" ,;/")
                prev = m.end()
                if is_placeholder(labels.rules, part):
                    continue
                if fax.match(part) and "fax" not in found:
                    found["fax"] = Found(m.group(1), page.number, norm(line.text))
                elif phone.match(part) and not fax.match(part) and "phone" not in found:
                    found["phone"] = Found(m.group(1), page.number, norm(line.text))


APPEAL_WORDS = re.compile(
    r"\b(appeal|appeals|grievance|grievances|complaint|reconsider|reconsideration|redetermination|hearing|"
    r"external review|independent review|dispute|disputed)\b",
    re.IGNORECASE,
)
FAX_BEFORE = re.compile(r"\bfax(?:ed)?\b[^0-9()]{0,40}$", re.IGNORECASE)
FAX_AFTER = re.compile(r"^\s*\(?(?:by\s+)?fax\)?", re.IGNORECASE)
LETTERHEAD_LINES = 6


def _fax_in_context(labels: Labels, pages: list[Page]) -> Found | None:
    """A fax number in a sentence about the appeal ("fax your appeal to", "or fax it to" on the next line,
    "239-338-2642 (fax)", "Phone ... | Fax ..." under "How to appeal"), with an appeal word in it or in the
    lines just above it. The letterhead's fax counts only when the appeal text gives no other."""
    best: tuple[int, Found] | None = None
    for page in pages:
        lines = page.lines
        for i, line in enumerate(lines):
            # the line joined to its neighbours: a fax phrase and its number may wrap
            prev = " ".join(ln.text for ln in lines[max(0, i - 2) : i])
            text = f"{prev} {line.text}"
            offset = len(prev) + 1
            for m in PHONE.finditer(text):
                if m.end() <= offset or is_placeholder(labels.rules, m.group(1)):
                    continue  # numbers on the previous line are that line's
                before, after = text[: m.start()], text[m.end() :]
                if not (FAX_BEFORE.search(before) or FAX_AFTER.match(after)):
                    continue
                if re.search(r"\b(phone|telephone|call|tel)\b[^0-9]{0,6}$", before, re.IGNORECASE):
                    continue  # "Fax ... Phone 1-800-..." : this number is the phone's
                context = " ".join(ln.text for ln in lines[max(0, i - 4) : i + 1])
                letterhead = page.number == pages[0].number and i < LETTERHEAD_LINES
                rank = 0 if letterhead else (2 if APPEAL_WORDS.search(context) else 1)
                f = Found(
                    m.group(1),
                    page.number,
                    norm(text if m.start() < offset else line.text),
                    "high" if rank == 2 else "medium",
                )
                if best is None or rank > best[0]:
                    best = (rank, f)
    if best is None or best[0] == 0:
        return None
    if best[0] == 1 and not any(APPEAL_WORDS.search(p.text) for p in pages):
        return None
    return best[1]


def _fax_phrase(labels: Labels, pages: list[Page], found: dict[str, Found]) -> None:
    """ "fax it to 603-555-0141", "Appeals fax: ..." anywhere in the appeal section."""
    if "fax" in found:
        return
    fax = _fax_in_context(labels, pages)
    if fax:
        found["fax"] = fax
        return
    for page in pages:
        for line in page.lines:
            low = line.text.lower()
            if "fax" not in low or (
                "appeal" not in low and not any(p.search(line.text) for p in labels.rules.fax_phrases[:1])
            ):
                continue
            idx = low.find("fax")
            m = PHONE.search(line.text[idx:])
            if m and not is_placeholder(labels.rules, m.group(1)):
                found["fax"] = Found(m.group(1), page.number, norm(line.text), "medium")
                return


def _portal(labels: Labels, pages: list[Page], found: dict[str, Found]) -> None:
    for page in pages:
        for line in page.lines:
            low = line.text.lower()
            if "appeal" not in low and not labels.by_field["portal"].match(line.text):
                continue
            if not any(p.search(line.text) for p in labels.rules.portal_phrases) and not labels.by_field[
                "portal"
            ].match(line.text):
                continue
            m = URL.search(line.text)
            if m and "@" not in line.text[max(0, m.start() - 1) : m.end()]:
                found["portal"] = Found(m.group(1).rstrip("."), page.number, norm(line.text), "medium")
                return
