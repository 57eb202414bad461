"""The readable summary `packet extract` prints: the fields, the deadline, the warnings."""

from __future__ import annotations

from datetime import date

from packet.model import Deadline, Denial


def human_date(d: date | None) -> str:
    return f"{d:%B} {d.day}, {d.year}" if d else "—"


def _deadline_line(dl: Deadline | None, today: date) -> str:
    if dl is None or dl.due is None:
        return "unknown" + (f" ({dl.rule})" if dl else "")
    left = (dl.due - today).days
    when = f"{left} days left" if left >= 0 else f"{-left} days ago"
    basis = "stated in the letter" if dl.basis == "letter" else "from the regulation"
    return f"{human_date(dl.due)} ({when}; {dl.level.replace('_', ' ')}, {basis}: {dl.rule})"


def summarize(d: Denial, today: date) -> str:
    def v(x: object) -> str:
        if x is None or x == []:
            return "—"
        if isinstance(x, list):
            return ", ".join(str(i) for i in x)
        if isinstance(x, date):
            return human_date(x)
        return str(x)

    rows = [
        ("Reference", d.reference),
        ("Payer", d.payer.name),
        ("Plan type", d.payer.plan_type.replace("_", " ")),
        ("Member", d.member.name),
        ("Member ID", d.member.id),
        ("Date of birth", d.member.dob),
        ("Provider", d.provider.name),
        ("Provider NPI", d.provider.npi),
        ("Service", d.service.description),
        ("Date of service", d.service.date),
        ("Procedure codes", d.service.codes),
        ("Diagnosis codes", d.diagnosis_codes),
        ("Notice date", d.notice_date),
        ("Category", d.denial.category.replace("_", " ") if d.denial.category else None),
        ("Reason", f"\u201c{d.denial.reason}\u201d" if d.denial.reason else None),
        ("Criteria", d.denial.criteria),
        ("Send appeal to", ", ".join(x for x in (d.appeal_to.name, d.appeal_to.address) if x) or None),
        ("Appeal fax", d.appeal_to.fax),
        ("Appeal phone", d.appeal_to.phone),
        ("Portal", d.appeal_to.portal),
    ]
    width = max(len(k) for k, _ in rows)
    out = [
        f"{d.source.file} ({d.source.pages} page{'s' if d.source.pages != 1 else ''}"
        f"{', read with OCR' if d.source.ocr else ''})",
        "",
    ]
    out += [f"  {k:<{width}}  {v(x)}" for k, x in rows]
    out.append("")
    out.append(f"  {'Appeal deadline':<{width}}  {_deadline_line(d.deadlines.appeal, today)}")
    if d.deadlines.external_review and d.deadlines.external_review is not d.deadlines.appeal:
        out.append(f"  {'External review':<{width}}  {_deadline_line(d.deadlines.external_review, today)}")
    if d.deadlines.expedited_decision_hours:
        out.append(
            f"  {'Expedited':<{width}}  the plan decides a fast appeal within "
            f"{d.deadlines.expedited_decision_hours} hours"
        )
    if d.warnings:
        out.append("")
        out.append("Warnings:")
        out += [f"  - {w}" for w in d.warnings]
    return "\n".join(out) + "\n"


# What 'packet run' prints under a new case's line: what needs the user before anything else.
ALERT_FIELDS = (("reference", "reference"), ("member.id", "member ID"), ("notice_date", "notice date"))
SOON_DAYS = 7


def case_alerts(d: Denial, today: date) -> list[str]:
    """The few warnings worth a line under the case: no deadline found, overdue or due soon, key fields
    unknown, read by OCR (every warning stays in case.json and 'packet extract')."""
    out: list[str] = []
    a = d.deadlines.appeal
    if a is None or a.due is None:
        out.append(
            "no appeal deadline found: read the letter and set it (packet set CASE deadlines.appeal.due=...)"
        )
    else:
        left = (a.due - today).days
        step = a.level.replace("_", " ")
        if left < 0:
            out.append(f"{step} deadline passed {-left} days ago ({a.due.isoformat()}): ask for good cause")
        elif left <= SOON_DAYS:
            out.append(f"{step} due in {left} days ({a.due.isoformat()})")
    unknown = [name for path, name in ALERT_FIELDS if d.get(path) in (None, "", [])]
    if unknown:
        out.append(f"not found in the letter: {', '.join(unknown)} (packet set CASE FIELD=VALUE)")
    if d.source.ocr:
        out.append("read by OCR: check the values against the letter")
    return out
