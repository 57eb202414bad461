"""Stage 2, ``extract_fields``: a read letter in, the ``Denial`` record (the extraction contract) out.

    from packet.extract import extract_file
    denial = extract_file("denial.pdf")          # read_text + extract_fields
    print(denial.to_dict())                      # exactly what `packet extract --json` prints

Every non-null field carries evidence (page and text) and a confidence. Unknown stays null.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from packet.extract import appeal, fields, reason
from packet.extract.fields import Found
from packet.extract.rules import Rules, default_rules
from packet.extract.text import (
    Labels,
    clean_ocr_pages,
    join_wrapped_labels,
    split_pipe_rows,
    strip_fax_headers,
)
from packet.model import Denial, Evidence, Source, cap_confidence, lower_confidence
from packet.read import Document, read_text

__all__ = ["extract_fields", "extract_file"]

_LABELS: dict[int, Labels] = {}


def _labels(rules: Rules) -> Labels:
    key = id(rules)
    if key not in _LABELS:
        _LABELS[key] = Labels(rules)
    return _LABELS[key]


def extract_file(
    path: str | Path, *, today: date | None = None, default_plan_type: str | None = None
) -> Denial:
    """Read and extract one denial PDF."""
    return extract_fields(read_text(path), today=today, default_plan_type=default_plan_type)


def extract_fields(
    doc: Document,
    *,
    rules: Rules | None = None,
    today: date | None = None,
    default_plan_type: str | None = None,
) -> Denial:
    """The ``Denial`` record for a read letter.

    ``default_plan_type`` (from packet.toml) is used only when the letter does not show its plan type; it is
    then marked medium confidence with a warning.
    """
    labels = _labels(rules or default_rules())
    pages = join_wrapped_labels(split_pipe_rows(clean_ocr_pages(strip_fax_headers(labels.rules, doc))))
    warnings = list(doc.warnings)
    d = Denial(source=Source(file=doc.path.name, sha256=doc.sha256, pages=doc.page_count, ocr=doc.ocr))
    found: dict[str, Found | None] = {}

    found["reference"] = fields.extract_reference(labels, pages, warnings)
    found["member.id"] = fields.extract_member_id(labels, pages, warnings)
    found["member.name"] = fields.extract_member_name(labels, pages)
    found["member.dob"] = fields.extract_dob(labels, pages)
    found["provider.name"], found["provider.npi"] = fields.extract_provider(labels, pages)
    found["service.description"], found["service.date"], found["service.codes"] = fields.extract_service(
        labels, pages
    )
    found["diagnosis_codes"] = fields.extract_diagnoses(labels, pages)
    found["notice_date"] = fields.extract_notice_date(labels, pages)
    found["payer.name"] = fields.extract_payer_name(labels, pages)
    found["payer.plan_type"] = fields.extract_plan_type(labels, pages)
    if found["payer.plan_type"] is None and default_plan_type:
        found["payer.plan_type"] = Found(default_plan_type, 1, "packet.toml: defaults.plan_type", "medium")
        warnings.append(
            f"the letter does not show its plan type; assumed {default_plan_type} from packet.toml"
        )

    why = reason.extract_reason(labels, pages)
    found["denial.reason"] = why
    cat = reason.categorize(labels, why.value if why else None)
    if why and cat:
        found["denial.category"] = Found(cat[0], why.page, why.evidence, cat[1])
    if why is None:
        warnings.append(
            "no denial reason found (denial.reason): the appeal must answer the plan's reason; "
            "read it on the letter and set it with 'packet set CASE denial.reason=...'"
        )
    if cat is None or cat[0] == "other":
        guess = reason.categorize_letter(labels, pages)
        if guess:
            found["denial.category"] = Found(guess[0], guess[1], guess[2], "low")
            warnings.append(
                f"the category ({guess[0]}) was read from the letter's wording, not from a stated reason: "
                "check it"
            )
    found["denial.criteria"] = fields.extract_criteria(labels, pages)
    if found["denial.criteria"] is None and why:
        crit = reason.criteria_from_reason(why.value)
        if crit:
            found["denial.criteria"] = Found(crit, why.page, why.evidence, "medium")
    if found["denial.criteria"] is None:
        found["denial.criteria"] = reason.criteria_from_basis(labels, pages)

    for key, where in appeal.extract_appeal_to(labels, pages).items():
        found[f"appeal_to.{key}"] = where

    for path, f in found.items():
        if f is None:
            continue
        d.set(path, f.value)
        d.evidence[path] = Evidence(f.page, f.evidence)
        d.confidence[path] = f.confidence

    if d.reference is None:
        warnings.append(
            "no reference number found: the appeal must cite one; find it on the letter or call the plan"
        )
    _add_deadlines(d, [p.text for p in pages], today, warnings)
    if d.notice_date is None and not any("no notice date" in w for w in warnings):
        warnings.append(
            "The letter has no notice date, so no deadline can be counted from it; check the letter."
        )
    if doc.ocr:
        _lower_for_ocr(d, doc, warnings)
    d.warnings = list(dict.fromkeys(warnings))
    return d


def _add_deadlines(d: Denial, texts: list[str], today: date | None, warnings: list[str]) -> None:
    from packet.deadlines import compute_deadlines

    result = compute_deadlines(texts, d.notice_date, d.payer.plan_type, today=today)
    d.deadlines = result.deadlines
    for key, ev in result.evidence.items():
        d.evidence[key] = ev
    for key, conf in result.confidence.items():
        d.confidence[key] = conf
    # A deadline counted from a notice date read with less than high confidence cannot be surer than it.
    nd_conf = d.confidence.get("notice_date")
    if nd_conf and "deadlines.appeal" in d.confidence:
        d.confidence["deadlines.appeal"] = cap_confidence(d.confidence["deadlines.appeal"], nd_conf)
    warnings.extend(result.warnings)


def _lower_for_ocr(d: Denial, doc: Document, warnings: list[str]) -> None:
    ocr_pages = [p.number for p in doc.pages if p.ocr]
    for key, ev in d.evidence.items():
        if ev.page in ocr_pages and key in d.confidence:
            d.confidence[key] = lower_confidence(d.confidence[key])
    pages = ", ".join(str(n) for n in ocr_pages)
    warnings.append(
        f"page{'s' if len(ocr_pages) > 1 else ''} {pages} had no text layer and were read with OCR; check "
        "the values"
    )
    # A deadline sentence OCR garbled must not give way to the regulation's default: the date stays unknown.
    from packet.ocr import misread_window

    appeal_dl = d.deadlines.appeal
    garbled = misread_window("\n".join(p.text for p in doc.pages if p.ocr))
    if appeal_dl is not None and appeal_dl.basis == "regulation" and appeal_dl.due is not None and garbled:
        appeal_dl.due, appeal_dl.rule = None, "not counted: the letter's deadline sentence was misread by OCR"
        warnings.append(
            f"the appeal deadline sentence was misread by OCR ('{garbled}'); read the deadline on the letter"
        )
