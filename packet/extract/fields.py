"""The identity fields: reference, member, provider, service, codes, notice date, payer and plan type.

Each function returns a ``Found`` (value, page, evidence text, confidence) or None. Nothing here guesses:
a label with no value, a placeholder, or a value of the wrong shape is None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from packet.dates import find_dates, is_only_date, parse_date
from packet.extract import codes as codemod
from packet.extract.shapes import CITY_STATE_ZIP, STREET
from packet.extract.text import Hit, Labels, column_under, column_values, generic_pairs, is_placeholder, norm
from packet.read import Line, Page


@dataclass
class Found:
    value: Any
    page: int
    evidence: str
    confidence: str = "high"


def _found(hit: Hit, value: Any, confidence: str = "high") -> Found:
    return Found(value, hit.page, hit.evidence, confidence)


REFERENCE_SHAPE = re.compile(r"^(?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9\-/.]{3,29}$", re.IGNORECASE)
ID_SHAPE = re.compile(r"^(?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9\-]{3,24}$", re.IGNORECASE)
NAME_SHAPE = re.compile(r"^[^\W\d_][^\W\d_'’.\-]*(?:['’.\-][^\W\d_]+)*\.?(?:\s+[^\W\d_][\w'’.\-]*){1,4}$")
LAST_FIRST = re.compile(
    r"^(?P<last>[^\W\d_][\w'’\-]+(?:\s+[^\W\d_][\w'’\-]+)?),\s*(?P<first>[^\W\d_][\w'’.\-]*(?:\s+[^\W\d_][\w'’.\-]*){0,2})$"
)
NPI_SHAPE = re.compile(r"(?<!\d)(\d{10})(?!\d)")
NPI_IN_LINE = re.compile(r"\bNPI\b\s*(?:#|no\.?|number)?\s*:?\s*(\d{10})(?!\d)", re.IGNORECASE)
QUOTE_ASK = re.compile(
    r"\b(?:include|refer to|quote|reference|use|cite|write|list|put)\s+(?:the|this|your|our)?\s*"
    r"(?P<kind>case|reference|claim|authorization|auth|tracking|request|file|appeal)\s*(?:number|#|id)",
    re.IGNORECASE,
)
KIND_TO_GROUP = {
    "case": "reference_quote",
    "reference": "reference_quote",
    "appeal": "reference_quote",
    "claim": "reference_claim",
    "authorization": "reference_auth",
    "auth": "reference_auth",
    "tracking": "reference_auth",
    "request": "reference_auth",
    "file": "reference_auth",
}
GENERIC_SALUTATIONS = {
    "member",
    "enrollee",
    "sir",
    "madam",
    "sir or madam",
    "valued member",
    "patient",
    "beneficiary",
    "provider",
    "subscriber",
    "customer",
    "policyholder",
    "doctor",
}
TITLES = re.compile(r"^(mr|mrs|ms|miss|mx|dr)\.?\s+", re.IGNORECASE)


def first_token(value: str) -> str:
    """The first word of a value, without the punctuation around it ("-4400567211", "SCH-71133820:-")."""
    return value.split()[0].strip(".,;:()-–_'\"") if value.split() else ""


OCR_ID_TAIL = re.compile(r"^[0-9][0-9\-]*$")


def id_token(value: str, ocr: bool) -> str:
    """The number at the start of a value. OCR splits long numbers at a wide glyph gap ("GSH8841 20",
    "SLM-880- 44-2107"): on a page read by OCR, a digits-only piece right after a number, or any piece after
    one that ends in a dash, is joined back (never on a text page, where a space is a real space)."""
    tok = first_token(value)
    if not ocr:
        return tok
    for nxt in value.split()[1:3]:
        nxt = nxt.strip(".,;:()_")
        if not (OCR_ID_TAIL.match(nxt) or (tok.endswith("-") and re.match(r"^[A-Z0-9][A-Z0-9\-]*$", nxt))):
            break
        if len(tok + nxt) > 25:
            break
        tok += nxt
    return tok


def _ocr_page(pages: list[Page], number: int) -> bool:
    return any(p.ocr for p in pages if p.number == number)


def _values(labels: Labels, pages: list[Page], field: str) -> list[Hit]:
    return [h for h in labels.find(pages, field) if not is_placeholder(labels.rules, h.value)]


def extract_reference(labels: Labels, pages: list[Page], warnings: list[str]) -> Found | None:
    text = "\n".join(p.text for p in pages)
    asked = [KIND_TO_GROUP[m.group("kind").lower()] for m in QUOTE_ASK.finditer(text)]
    order = list(dict.fromkeys([*asked, "reference_quote", "reference_auth", "reference_claim"]))
    generic: dict[str, list[tuple[Found, str]]] = {}
    for label, value, page, _i, text in generic_pairs(pages):
        kind = _id_words(labels, label)
        if (
            kind in ("quote", "auth", "claim")
            and not labels.any.fullmatch(label)
            and REFERENCE_SHAPE.match(value)
            and not is_placeholder(labels.rules, value)
        ):
            generic.setdefault(f"reference_{kind}", []).append(
                (Found(value, page.number, norm(text), "medium"), value)
            )
    for group in order:
        cands: list[tuple[Found, str]] = []
        for hit in labels.find(pages, group):
            if is_placeholder(labels.rules, hit.value):
                continue
            tok = id_token(hit.value, _ocr_page(pages, hit.page))
            if REFERENCE_SHAPE.match(tok) and not is_placeholder(labels.rules, tok):
                cands.append((_found(hit, tok), tok))
        cands.extend(generic.get(group, []))
        if cands:
            _warn_conflict(warnings, "reference number", [c[1] for c in cands])
            return cands[0][0]
    return _reference_in_sentence(labels, pages)


REFERENCE_IN_TEXT = re.compile(
    r"\b(?:your|our|the|this|a)?\s*(?P<kind>case|reference|ref|claim|authorization|auth|appeal|tracking|request|"
    r"confirmation|file)\s*(?:number|no\.?|#|id)\s*(?:is|was|of|:)?\s*(?P<v>[A-Z0-9][A-Z0-9\-/.]{3,29})\b",
    re.IGNORECASE,
)


def _reference_in_sentence(labels: Labels, pages: list[Page]) -> Found | None:
    """No labelled reference: one named in running text ("Your case number is HV-2026-118842", "please
    include claim number 2026011200417"), the first that has a digit, at medium confidence."""
    for page in pages:
        for sentence in _sentences(page):
            for m in REFERENCE_IN_TEXT.finditer(sentence):
                v = m.group("v").rstrip(".")
                if (
                    REFERENCE_SHAPE.match(v)
                    and any(c.isdigit() for c in v)
                    and not is_placeholder(labels.rules, v)
                ):
                    return Found(v, page.number, sentence[:300], "medium")
    return None


def _warn_conflict(warnings: list[str], what: str, values: list[str]) -> None:
    distinct = list(dict.fromkeys(v.upper() for v in values))
    if len(distinct) > 1:
        warnings.append(
            f"the letter prints two different {what}s ({' and '.join(distinct[:2])}); check which is right"
        )


ACRONYM_ID = re.compile(r"^[A-Z]{2,6}\s+(?:ID|Number|No\.?|#)$")
MEMBER_WORDS = re.compile(
    r"\b(member|subscriber|enrollee|participant|insured|cardholder|policyholder)\b", re.I
)


def _id_words(labels: Labels, label: str) -> str | None:
    """What a label of no known field names by its words: "member", "quote", "auth", "claim", "not" or
    None. The word nearest the number decides ("Plan Appeal Number" is an appeal's, "Appeal Plan ID" a
    plan's); a two-word name ("apple health") counts as one word."""
    words = re.findall(r"[a-z][a-z\-]*", label.lower())
    words = [w for w in words if w not in ("id", "number", "no", "num", "identification")] or words
    for k in range(len(words) - 1, -1, -1):
        for piece in (" ".join(words[k - 1 : k + 1]) if k else "", words[k]):
            if not piece:
                continue
            for kind, pat in labels.rules.id_words.items():
                if pat.fullmatch(piece):
                    return kind
    return None


def extract_member_id(labels: Labels, pages: list[Page], warnings: list[str]) -> Found | None:
    """The member's ID: a label that says member (or subscriber, enrollee, participant) first, then the
    programme's own ("Medicaid ID", "Recipient ID", "CIN"), then any "<words> ID:" whose words are a
    member's ("Participant ID", "AHCCCS ID", "DoD Benefits Number")."""
    cands: list[tuple[int, Found, str]] = []
    for hit in _values(labels, pages, "member_id"):
        tok = id_token(hit.value, _ocr_page(pages, hit.page))
        if ID_SHAPE.match(tok) and not is_placeholder(labels.rules, tok):
            tier = 0 if MEMBER_WORDS.search(hit.label) else 1
            cands.append((tier, _found(hit, tok), tok))
    for label, value, page, _i, text in generic_pairs(pages):
        if labels.any.fullmatch(label):
            continue
        kind = _id_words(labels, label)
        # "OHP ID:", "XYZ Number:": a programme's acronym no list knows is most likely the member's ID
        tier = 2 if kind == "member" else 3 if kind is None and ACRONYM_ID.match(label) else 0
        if tier and ID_SHAPE.match(value) and not is_placeholder(labels.rules, value):
            cands.append(
                (tier, Found(value, page.number, norm(text), "medium" if tier == 2 else "low"), value)
            )
    if not cands:
        return None
    best = min(cands, key=lambda c: c[0])
    _warn_conflict(warnings, "member ID", [c[2] for c in cands if c[0] == best[0]])
    return best[1]


def clean_name(value: str) -> str | None:
    v = norm(re.split(r"\s{2,}|\s[|(]|,\s*(?:ID|DOB|Member)\b", value)[0]).strip(" ,;:")
    v = re.split(r"\s+[A-Z][A-Za-z'’ #/.-]{1,30}:", v)[0].strip(" ,;:")  # "... Relationship: Self"
    v = re.sub(r"(?<=[a-z])['’](?=[A-Z]\.?(?:\s|$))", " ", v)  # "Priscilla’M. Nakai": OCR's speck
    lf = LAST_FIRST.match(v)
    if lf:  # "MCALLISTER, JUNE E." (a claims system's order): "June E. Mcallister"
        v = f"{lf.group('first')} {lf.group('last')}"
        if v.isupper():
            v = " ".join(w if len(w) <= 2 else w.capitalize() for w in v.split())
    if not v or any(ch.isdigit() for ch in v) or not NAME_SHAPE.match(v) or not v[0].isupper():
        return None
    return v


def extract_member_name(labels: Labels, pages: list[Page]) -> Found | None:
    for hit in _values(labels, pages, "member_name"):
        name = clean_name(hit.value)
        if name and name.lower() not in GENERIC_SALUTATIONS:
            return _found(hit, name)
    from packet.extract.member import name_without_label

    return name_without_label(labels, pages) or _name_from_salutation(labels, pages)


def _name_from_salutation(labels: Labels, pages: list[Page]) -> Found | None:
    """``Dear <name>:``; with a title and surname only, the full name from the address block above it."""
    for page in pages[:1]:
        for i, line in enumerate(page.lines):
            m = re.match(r"^\s*Dear\s+(?P<name>[^:,]+)[:,]?\s*$", line.text)
            if not m:
                continue
            raw = m.group("name").strip()
            if is_placeholder(labels.rules, raw) or raw.lower() in GENERIC_SALUTATIONS:
                return None
            bare = TITLES.sub("", raw)
            surname = bare.split()[-1] if bare.split() else ""
            # the full name in the address block above (a member may be a doctor too)
            for ln in page.lines[:i]:
                cand = clean_name(ln.cells[0].text if ln.cells else ln.text)
                if (
                    cand
                    and cand.split()[-1].lower() == surname.lower()
                    and len(cand.split()) >= 2
                    and not TITLES.match(cand)
                ):
                    return Found(cand, page.number, norm(f"{ln.text} / {line.text}"), "medium")
            if raw.lower().startswith("dr"):
                return None  # a letter to the doctor: the name is the provider's
            name = clean_name(bare)
            if name and len(name.split()) >= 2:
                return Found(name, page.number, line.text, "medium")
            return None
    return None


def extract_dob(labels: Labels, pages: list[Page]) -> Found | None:
    for hit in _values(labels, pages, "member_dob"):
        d = parse_date(hit.value)
        if d:
            return _found(hit, d)
    return None


def extract_provider(labels: Labels, pages: list[Page]) -> tuple[Found | None, Found | None]:
    name = None
    for hit in _values(labels, pages, "provider_name"):
        v = norm(re.split(r"\s{2,}|\(|,?\s+NPI\b", hit.value, flags=re.IGNORECASE)[0]).strip(" ,;:")
        if v and not is_placeholder(labels.rules, v) and re.search(r"[A-Za-z]{2}", v):
            name = _found(hit, v)
            break
    npi = None
    for hit in _values(labels, pages, "provider_npi"):
        m = NPI_SHAPE.search(hit.value)
        if m:
            npi = _found(hit, m.group(1))
            break
    if npi is None:  # "Provider: Dr. Helena Marchetti (NPI 1336258470)", "Provider: X   NPI: 1336258470"
        for hit in _values(labels, pages, "provider_name"):
            m = NPI_IN_LINE.search(hit.evidence)
            if m:
                npi = _found(hit, m.group(1))
                break
    return name, npi


CODE_IN_DESC = re.compile(
    r"\s*[\(\[]?\s*(?:(?:CPT|HCPCS|code|procedure code)s?\s*[:#]?\s*)?(?:\b[A-V]?\d{4,5}[FTU]?\b[,/ "
    r"]*)+[\)\]]?\s*$",
    re.IGNORECASE,
)


def extract_service(labels: Labels, pages: list[Page]) -> tuple[Found | None, Found | None, Found | None]:
    desc = None
    for hit in _values(labels, pages, "service_description"):
        v = _clean_description(labels, hit.value)
        if v:
            desc = _found(hit, v)
            break
    unlabelled = None
    if desc is None:
        unlabelled = _service_after_introducer(labels, pages)
        if unlabelled:
            desc = unlabelled[0]
    sdate = None
    for hit in _values(labels, pages, "service_date"):
        d = parse_date(hit.value)
        if d:
            sdate = _found(hit, d)
            break
    found_codes: list[str] = []
    first: Hit | None = None
    for hit in _values(labels, pages, "service_codes"):
        values = [hit.value]
        if hit.below:  # a table's code column: every row, not only the first
            page = next(p for p in pages if p.number == hit.page)
            values = [v for v, _ in column_values(page, hit)] or values
        cs = [c for v in values for c in codemod.procedure_codes(v, in_code_context=True)]
        if cs and first is None:
            first = hit
        found_codes.extend(cs)
    for hit in _values(labels, pages, "service_description"):
        # "Requested Service(s)/Treatment Code: ..." names its codes: a five-digit number there is one
        values = [hit.value]
        if hit.below:  # a claims table's service column: every row's codes, not only the first's
            page = next(p for p in pages if p.number == hit.page)
            values = [v for v, _ in column_values(page, hit)] or values
        cs = [
            c for v in values for c in codemod.procedure_codes(v, in_code_context="code" in hit.label.lower())
        ]
        if cs and first is None:
            first = hit
        found_codes.extend(cs)
    codes_found = None
    if found_codes and first is not None:
        codes_found = _found(first, codemod._unique(found_codes))
    elif unlabelled and unlabelled[1]:
        codes_found = Found(unlabelled[1], unlabelled[0].page, unlabelled[0].evidence, "medium")
    else:
        codes_found = _codes_in_tables(pages) or _codes_in_sentences(pages)
    return desc, sdate, codes_found


CODE_HEADER = re.compile(r"\b(code|codes|cpt|hcpcs|procedure)\b", re.IGNORECASE)
NOT_CODE_HEADER = re.compile(
    r"\b(remark|reason|denial|adjustment|group|zip|diagnos[ie]s|icd|revenue|rev|carc|rarc|see notes?)\b", re.I
)


def _row_cells(line: Line, pipes: bool) -> list[str]:
    """A table row's cells: its columns, or the pieces of a row printed with "|" between them."""
    if pipes and len(line.cells) == 1:
        return [c.strip() for c in line.text.split("|")]
    return [c.text for c in line.cells]


def _codes_in_tables(pages: list[Page]) -> Found | None:
    """Procedure codes in a claims table whose header names codes ("Service Provided & Billing Code",
    "Procedure Code", "CPT"): the codes in that column of each row below, down to the table's end. A header
    is a row of three or more short cells with no digits."""
    for page in pages:
        lines = page.lines
        for i, line in enumerate(lines):
            pipes = len(line.cells) == 1 and line.text.count("|") >= 2
            header = _row_cells(line, pipes)
            if len(header) < 3 or any(ch.isdigit() for ch in line.text):
                continue
            cols = [
                j for j, h in enumerate(header) if CODE_HEADER.search(h) and not NOT_CODE_HEADER.search(h)
            ]
            if not cols:
                continue
            found: list[str] = []
            for row in lines[i + 1 : i + 40]:
                cells = _row_cells(row, pipes)
                if len(cells) < 2:
                    break
                for j in cols:
                    if pipes or len(row.cells) == len(line.cells):
                        cell = cells[j] if j < len(cells) else ""  # the same columns: by position
                    else:
                        under = column_under(line.cells[j], line, row)
                        cell = under.text if under else ""
                    found.extend(codemod.procedure_codes(cell, in_code_context=True))
            if found:
                return Found(codemod._unique(found), page.number, norm(line.text)[:300], "medium")
    return None


def _codes_in_sentences(pages: list[Page]) -> Found | None:
    """Codes named in running text ("Your claim for treatment code 97110", "MRI (CPT code 72148)"), a
    sentence at a time so that a code word and its codes may wrap across lines."""
    found: list[str] = []
    where: tuple[int, str] | None = None
    for page in pages:
        for sentence in _sentences(page):
            cs = codemod.procedure_codes_in_text(sentence)
            if cs and where is None:
                where = (page.number, sentence)
            found.extend(cs)
    if not found or where is None:
        return None
    return Found(codemod._unique(found), where[0], where[1][:300], "medium")


SALUTATION_LINE = re.compile(r"^\s*(dear|to whom)\b.*[:,]\s*$", re.IGNORECASE)
# a sentence ends at . ? or ! before a capital, but not after an initial ("Raymond T. Sokolowski") or a
# common abbreviation
SENTENCE_END = re.compile(
    r"(?<=[.?!])(?<!\b[A-Z]\.)(?<!\bDr\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bNo\.)(?<!\bSt\.)\s+(?=[A-Z])"
)


def _paragraphs(page: Page) -> list[str]:
    """The page's text as paragraphs: lines joined up to an empty line; a salutation stands alone."""
    out: list[str] = []
    para: list[str] = []
    for line in [*page.lines, None]:
        if line is None or not line.text.strip() or SALUTATION_LINE.match(line.text):
            if para:
                out.append(norm(" ".join(para)))
            para = []
            if line is not None and SALUTATION_LINE.match(line.text):
                out.append(norm(line.text))
            continue
        para.append(line.text)
    return out


def _sentences(page: Page) -> list[str]:
    """The page's paragraphs, each split into sentences."""
    return [s for para in _paragraphs(page) for s in SENTENCE_END.split(para) if s]


def _clean_description(labels: Labels, value: str) -> str | None:
    v = CODE_IN_DESC.sub("", norm(value)).strip(" ,;:-–")
    v = re.sub(r"\s*\((?:CPT|HCPCS)[^)]*\)", "", v).strip()
    if v and not is_placeholder(labels.rules, v) and re.search(r"[A-Za-z]{3}", v):
        return v
    return None


def _service_after_introducer(labels: Labels, pages: list[Page]) -> tuple[Found, list[str]] | None:
    """The service printed with no label after a sentence such as "We have denied coverage of the
    following medical services or items that you or your physician requested:" (which may wrap)."""
    for page in pages:
        lines = page.lines
        for i, line in enumerate(lines):
            nxt = lines[i + 1].text if i + 1 < len(lines) else ""
            joined = f"{line.text} {nxt}"
            for pat in labels.rules.service_introducers:
                m = pat.search(joined)
                if not m or m.start() >= len(line.text):
                    continue
                k, rest = (
                    (i, line.text[m.end() :]) if m.end() <= len(line.text) else (i + 1, joined[m.end() :])
                )
                candidates = [rest] if rest.strip() else [ln.text for ln in lines[k + 1 : k + 4]]
                for text in candidates:
                    if not text.strip():
                        continue
                    if labels.any.match(text):
                        return None  # a labelled line: the labelled fields have it
                    desc = _clean_description(labels, text)
                    if desc is None:
                        return None
                    codes = codemod.procedure_codes(text, in_code_context=False)
                    return Found(desc, page.number, norm(f"{line.text} {nxt} / {text}"), "medium"), codes
    return None


def extract_diagnoses(labels: Labels, pages: list[Page]) -> Found | None:
    """Diagnosis codes under their labels, and valid ICD-10-CM codes stated anywhere else ("Diagnosis on the
    request: M17.11", "(ICD-10: M54.50)", inside the reason)."""
    found: list[str] = []
    first: Found | None = None
    for hit in _values(labels, pages, "diagnosis_codes"):
        cs = codemod.diagnosis_codes(hit.value, in_dx_context=True)
        if cs and first is None:
            first = _found(hit, [])
        found.extend(cs)
    for page in pages:
        for sentence in _sentences(page):
            cs = codemod.diagnosis_codes_in_text(sentence)
            if cs and first is None:
                first = Found([], page.number, sentence[:300], "medium")
            found.extend(cs)
    if not found or first is None:
        return None
    first.value = codemod._unique(found)
    return first


def extract_notice_date(labels: Labels, pages: list[Page]) -> Found | None:
    for hit in _values(labels, pages, "notice_date"):
        if hit.page > 1 and hit.label.lower() == "date":
            continue
        d = parse_date(hit.value)
        if d:
            return _found(hit, d)
    # a date alone on a line near the top of the first page
    other = labels.by_field["other_dates"]
    if pages:
        for line in pages[0].lines[:18]:
            if is_only_date(line.text) and not other.match(line.text):
                return Found(find_dates(line.text)[0].value, pages[0].number, line.text, "medium")
    return None


def extract_criteria(labels: Labels, pages: list[Page]) -> Found | None:
    for hit in _values(labels, pages, "criteria"):
        v = norm(hit.value).strip(" .;")
        if v and re.search(r"[A-Za-z]{2}", v):
            return _found(hit, v)
    return None


def score(phrases: dict[str, Any], text: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for key, items in phrases.items():
        total = sum(w.weight for w in items if w.pattern.search(text))
        if total:
            out[key] = total
    return out


def extract_plan_type(labels: Labels, pages: list[Page]) -> Found | None:
    text = "\n".join(p.text for p in pages)
    scores = score(labels.rules.plan_phrases, text)
    if not scores:
        return None
    best = max(scores.items(), key=lambda kv: kv[1])
    if best[1] < labels.rules.plan_min_score:
        return None
    # evidence: the first line that scored for the winner
    for page in pages:
        for line in page.lines:
            if any(w.pattern.search(line.text) for w in labels.rules.plan_phrases[best[0]]):
                return Found(best[0], page.number, line.text, "high" if best[1] >= 5 else "medium")
    return None


def extract_payer_name(labels: Labels, pages: list[Page]) -> Found | None:
    for hit in _values(labels, pages, "payer_name"):
        v = norm(hit.value)
        if v and re.search(r"[A-Za-z]{3}", v) and not any(ch.isdigit() for ch in v):
            return _found(hit, v)
    if not pages:
        return None
    rules = labels.rules
    lines = [ln for ln in pages[0].lines[:14] if ln.text.strip()]
    first: Found | None = None
    for k, line in enumerate(lines):
        cell = line.cells[0].text if line.cells else line.text
        low = cell.lower()
        words = set(re.findall(r"[a-z][a-z\-]+", low))
        if (
            not cell
            or any(ch.isdigit() for ch in cell)
            or is_placeholder(rules, cell)
            or labels.is_label_text(cell)
            or cell.rstrip().endswith(":")
            or (
                cell.rstrip().endswith(".")
                and not re.search(r"\b(Co|Inc|Corp|Ltd|LLC|Assn)\.$", cell.strip())
            )
        ):
            continue  # a label ("Name of Plan" on a blank form) or a sentence is never the plan's name
        if any(n in low for n in rules.not_names) or not (words & rules.org_words) or len(cell.split()) > 8:
            continue
        if k < 4:
            return Found(norm(cell), pages[0].number, line.text, "medium")
        nxt = lines[k + 1] if k + 1 < len(lines) else None
        nxt_text = (nxt.cells[0].text if nxt and nxt.cells else nxt.text if nxt else "").strip()
        if first is None and (STREET.match(nxt_text) or CITY_STATE_ZIP.match(nxt_text)):
            # further down, only a letterhead: a name over its address (below a model form's header)
            first = Found(norm(cell), pages[0].number, line.text, "medium")
    return first


def earliest(dates: list[date]) -> date | None:
    return min(dates) if dates else None
