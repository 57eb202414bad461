"""Procedure and diagnosis codes, told apart by shape and context.

CPT: five digits (72148), or four digits and F/T/U (0001U). HCPCS Level II: a letter and four digits
(J1745). ICD-10-CM: a letter, a digit, a digit or letter, then an optional dot and up to four more (M54.50,
C61). A bare five-digit number is a CPT code only with context (a code label, a table's code column,
"CPT" beside it), never in an address (a ZIP code) or a phone number. CARC/RARC denial codes (CO-16, N54)
are not procedure codes.
"""

from __future__ import annotations

import functools
import re

# a code may carry a two-character modifier (72148-26, E0601-RR); a longer tail (a ZIP+4, a plan's contract
# number H5521-004) is not a code
CPT = re.compile(r"(?<![\w./-])(\d{5}|\d{4}[FTU])(?:-\d{2}|-[A-Z]{2})?(?![\w/]|-\w)")
HCPCS = re.compile(r"(?<![\w./-])([A-V]\d{4})(?:-[A-Z0-9]{2})?(?![\w/]|-\w)")
ICD10 = re.compile(r"(?<![\w./-])([A-TV-Z]\d[0-9A-Z](?:\.[0-9A-Z]{1,4})?)(?![\w/])")
CARC = re.compile(r"\b(CO|PR|OA|PI|CR)-?\d{1,3}\b|\b[MN]A?\d{1,3}\b")
ZIP_CONTEXT = re.compile(r"\b[A-Z]{2}\s*$")  # "NH " before a five-digit number: a ZIP code
CODE_CONTEXT = re.compile(r"\b(cpt|hcpcs|procedure|code|codes|j-code|service code)\b", re.IGNORECASE)
DX_CONTEXT = re.compile(r"\b(icd-?10(-cm)?|diagnos[ie]s|dx)\b", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _icd10_codes() -> frozenset[str]:
    """The ICD-10-CM code set shipped by simple-icd-10-cm (its code list file, read directly: importing the
    library parses the whole tabular XML, 1.7 s, while the list reads in 20 ms). The file's place is the
    package's layout, not its interface: pyproject.toml bounds the version to the ones whose layout this
    reads, and tests/test_codes_data.py fails when it changes. A missing list is an error, never an empty
    set (every diagnosis code would be dropped)."""
    import importlib.util
    from pathlib import Path

    from packet.exceptions import MissingToolError

    install = "pip install 'simple-icd-10-cm>=1.5,<1.6'"
    spec = importlib.util.find_spec("simple_icd_10_cm")
    if spec is None or not spec.submodule_search_locations:
        raise MissingToolError("simple-icd-10-cm", install, "to check diagnosis codes")
    data = Path(next(iter(spec.submodule_search_locations))) / "data"
    lists = sorted(data.glob("code-list-*.txt"))
    codes = frozenset(lists[-1].read_text(encoding="utf-8").split()) if lists else frozenset()
    if len(codes) < 50_000:
        raise MissingToolError(
            f"the ICD-10-CM code list ({data}/code-list-*.txt)", install, "to check diagnosis codes"
        )
    return codes


def valid_icd10(code: str) -> bool:
    """A real ICD-10-CM code (category, subcategory or billable code)."""
    return code.replace(".", "") in _icd10_codes()


def procedure_codes(text: str, *, in_code_context: bool) -> list[str]:
    """CPT/HCPCS codes in ``text``. Five-digit numbers count only when ``in_code_context`` or a code word
    stands in the text."""
    context = in_code_context or bool(CODE_CONTEXT.search(text))
    out: list[tuple[int, str]] = []  # (position, code): codes in the order the text gives them
    for m in HCPCS.finditer(text):
        if not CARC.fullmatch(m.group(1)):
            out.append((m.start(), m.group(1)))
    if context:
        for m in CPT.finditer(text):
            before = text[: m.start()]
            phone_area = re.search(r"\(\s*$", before) and re.match(r"\)\s*\d", text[m.end() :])
            if ZIP_CONTEXT.search(before) or re.search(r"\d[-.) ]\s*$", before) or phone_area:
                continue  # ZIP code, or part of a phone/number run; "(72148)" after a service is a code
            out.append((m.start(), m.group(1)))
    return _unique([c for _, c in sorted(out)])


def diagnosis_codes(text: str, *, in_dx_context: bool) -> list[str]:
    """Valid ICD-10-CM codes in ``text``: with a diagnosis label or word, or written with a dot."""
    context = in_dx_context or bool(DX_CONTEXT.search(text))
    out = []
    for m in ICD10.finditer(text):
        code = m.group(1)
        if not context and "." not in code:
            continue
        if HCPCS.fullmatch(code) and not context:
            continue
        if valid_icd10(code):
            out.append(code)
    return _unique(out)


# Words that name a procedure code in running text ("CPT code 72148", "HCPCS Code J1745", "procedure codes
# 72148 and 72149", "treatment code 97110"), then the run of codes after them.
CODE_WORDS = re.compile(
    r"\b(?:cpt(?:®|\(r\))?|hcpcs(?:/ndc)?|(?:procedure|treatment|service|billing|billed)\s+codes?)"
    r"(?:\s+codes?)?\s*(?:\(s\))?\s*(?:[:#]|no\.?)?\s*",
    re.IGNORECASE,
)
CODE_RUN = re.compile(r"(?:[A-V]?\d{4,5}[FTU]?(?:-[A-Z0-9]{2})?(?:\s*(?:,|and|or|&|/|;)?\s*)){1,12}", re.I)
MONEY = re.compile(r"(?<![\w.])\$?\d{1,3}(?:,\d{3})*\.\d{2}(?![\w.])")
DX_WORDS = re.compile(r"\b(?:icd-?10(?:-cm)?|diagnos[ie]s|dx)\b(?:\s+codes?)?", re.IGNORECASE)


def procedure_codes_in_text(text: str) -> list[str]:
    """CPT/HCPCS codes named in running text: the run of codes right after a code word."""
    out: list[str] = []
    for m in CODE_WORDS.finditer(text):
        run = CODE_RUN.match(text, m.end())
        if run:
            out.extend(procedure_codes(run.group(0), in_code_context=True))
    return _unique(out)


def _among_amounts(text: str, code: str) -> bool:
    """A code-shaped token between amounts (an EOB row: "410.00 I85.00 0.00") is OCR's reading of an amount
    ("185.00"), not a diagnosis."""
    for m in re.finditer(re.escape(code), text):
        near = text[max(0, m.start() - 14) : m.start()] + " " + text[m.end() : m.end() + 14]
        if MONEY.search(near):
            return True
    return False


def diagnosis_codes_in_text(text: str) -> list[str]:
    """ICD-10-CM codes anywhere in ``text``: written with a dot (M17.11), or without one after a diagnosis
    word in the same sentence; each one a real code of the code set."""
    out = [c for c in diagnosis_codes(text, in_dx_context=False) if "." in c and not _among_amounts(text, c)]
    for m in DX_WORDS.finditer(text):
        window = re.split(r"(?<=[.;])\s", text[m.end() : m.end() + 160], maxsplit=1)[0]
        # an undotted code of a remark code's shape (M51, N30) in running text is the remark code
        out.extend(
            c for c in diagnosis_codes(window, in_dx_context=True) if "." in c or not CARC.fullmatch(c)
        )
    return _unique(out)


def _unique(codes: list[str]) -> list[str]:
    seen: set[str] = set()
    return [c for c in codes if not (c in seen or seen.add(c))]  # type: ignore[func-returns-value]


# OCR confusions between letters and digits (O/0, I/l/1, S/5, B/8), undone only where a code's shape
# demands a digit or a letter at that place. Used by packet.ocr on lines that name codes; never on names.
_AS_DIGIT = {"O": "0", "o": "0", "I": "1", "l": "1", "|": "1", "S": "5", "s": "5", "B": "8"}
_AS_LETTER = {"0": "O", "1": "I", "5": "S", "8": "B"}


def repair_ocr_code(kind: str, token: str) -> str:
    """``token`` read by OCR, repaired to the shape of a ``cpt`` or ``icd10`` code, or unchanged.

    CPT: five digits (or four and F/T/U); a token repairs only if at least three of its characters are
    real digits. ICD-10-CM: a letter, a digit, then digits or letters; only repairs that give a code of the
    ICD-10-CM code set are taken, and only when exactly one does."""
    if kind == "cpt":
        body, tail = (token[:4], token[4]) if len(token) == 5 and token[4] in "FTU" else (token, "")
        if len(body) + len(tail) != 5 or sum(c.isdigit() for c in body) < 3:
            return token
        if not all(c.isdigit() or c in _AS_DIGIT for c in body):
            return token
        return "".join(_AS_DIGIT.get(c, c) for c in body) + tail
    if kind == "icd10":
        if valid_icd10(token) or not any(c.isdigit() for c in token):
            return token
        options: list[str] = [""]
        for pos, c in enumerate(token):
            alts = {c}
            if pos == 0:
                alts = {_AS_LETTER.get(c, "I" if c in "l|" else c.upper())}
            elif c != "." and pos == 1 and c in _AS_DIGIT:
                alts = {_AS_DIGIT[c]}
            elif c != "." and pos > 1:
                alts |= {x for x in (_AS_DIGIT.get(c), _AS_LETTER.get(c)) if x}
            options = [o + a for o in options for a in sorted(alts)][:64]
        good = [o for o in options if ICD10.fullmatch(o) and valid_icd10(o)]
        return good[0] if len(good) == 1 else token
    raise ValueError(f"unknown code kind {kind!r}")


def repair_ocr_token(token: str) -> str:
    """A token from an OCR line that names codes: repaired as a CPT or ICD-10-CM code where its shape
    demands it, else unchanged (a word, a name, a number that is not a code)."""
    if CPT.fullmatch(token) or HCPCS.fullmatch(token) or token.isdigit():
        return token
    if len(token) == 5 and "." not in token:
        fixed = repair_ocr_code("cpt", token)
        if fixed != token:
            return fixed
    if "." in token or len(token) == 3:
        return repair_ocr_code("icd10", token)
    return token
