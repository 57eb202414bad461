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

CPT = re.compile(r"(?<![\w./-])(\d{5}|\d{4}[FTU])(?:-\d{2}|-[A-Z]{2})?(?![\w/])")
HCPCS = re.compile(r"(?<![\w./-])([A-V]\d{4})(?:-[A-Z0-9]{2})?(?![\w/])")
ICD10 = re.compile(r"(?<![\w./-])([A-TV-Z]\d[0-9A-Z](?:\.[0-9A-Z]{1,4})?)(?![\w/])")
CARC = re.compile(r"\b(CO|PR|OA|PI|CR)-?\d{1,3}\b|\b[MN]A?\d{1,3}\b")
ZIP_CONTEXT = re.compile(r"\b[A-Z]{2}\s*$")  # "NH " before a five-digit number: a ZIP code
CODE_CONTEXT = re.compile(r"\b(cpt|hcpcs|procedure|code|codes|j-code|service code)\b", re.IGNORECASE)
DX_CONTEXT = re.compile(r"\b(icd-?10(-cm)?|diagnos[ie]s|dx)\b", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _icd10_codes() -> frozenset[str]:
    """The ICD-10-CM code set shipped by simple-icd-10-cm (its code list file, read directly: importing the
    library parses the whole tabular XML, 1.7 s, while the list reads in 20 ms)."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("simple_icd_10_cm")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    lists = sorted((Path(next(iter(spec.submodule_search_locations))) / "data").glob("code-list-*.txt"))
    return frozenset(lists[-1].read_text(encoding="utf-8").split()) if lists else frozenset()


def valid_icd10(code: str) -> bool:
    """A real ICD-10-CM code (category, subcategory or billable code)."""
    return code.replace(".", "") in _icd10_codes()


def procedure_codes(text: str, *, in_code_context: bool) -> list[str]:
    """CPT/HCPCS codes in ``text``. Five-digit numbers count only when ``in_code_context`` or a code word
    stands in the text."""
    context = in_code_context or bool(CODE_CONTEXT.search(text))
    out: list[str] = []
    for m in HCPCS.finditer(text):
        if not CARC.fullmatch(m.group(1)):
            out.append((m.start(), m.group(1)))  # type: ignore[arg-type]
    if context:
        for m in CPT.finditer(text):
            before = text[: m.start()]
            phone_area = re.search(r"\(\s*$", before) and re.match(r"\)\s*\d", text[m.end():])
            if ZIP_CONTEXT.search(before) or re.search(r"\d[-.) ]\s*$", before) or phone_area:
                continue  # ZIP code, or part of a phone/number run; "(72148)" after a service is a code
            out.append((m.start(), m.group(1)))  # type: ignore[arg-type]
    return _unique([c for _, c in sorted(out)])  # type: ignore[misc]


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


def _unique(codes: list[str]) -> list[str]:
    seen: set[str] = set()
    return [c for c in codes if not (c in seen or seen.add(c))]  # type: ignore[func-returns-value]
