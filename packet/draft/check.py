"""Check a letter template before it is used: Jinja syntax, unknown names, a trial render.

``check_template(path)`` parses the body, headers and footers the way docxtpl will (one line per
paragraph), so a syntax error is reported with the paragraph it is in; lists the names the template
prints that Appeal Packet does not provide (they would print as highlighted blanks); and renders it once
with a complete sample record, which catches what only shows while rendering (a sandbox violation, a
filter used on the wrong kind of value).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from packet.draft.context import FIELDS, VOICES, build_context
from packet.draft.render import make_env, render_docx, render_text
from packet.draft.syntax import check_syntax
from packet.exceptions import BadTemplateError, FileNotFoundInputError
from packet.exhibits import DENIAL_TITLE, Exhibit
from packet.model import AppealTo, Denial, DenialReason, Member, Payer, Provider, Service, Source
from packet.settings import Sender, Settings


@dataclass
class TemplateReport:
    path: Path
    errors: list[str] = field(default_factory=list)  # each names the paragraph when it can
    unknown: list[str] = field(default_factory=list)  # names used that Appeal Packet does not provide
    blanks: list[str] = field(default_factory=list)  # blanks a complete record still leaves

    @property
    def ok(self) -> bool:
        return not self.errors


def sample_denial() -> Denial:
    """A record with every field a letter uses, for the trial render."""
    return Denial(
        source=Source("denial.pdf", "0" * 64, 1),
        payer=Payer("Sample Health Plan", "commercial"),
        reference="SAMPLE-0001",
        member=Member("Sample Member", "SM0000001", date(1980, 1, 1)),
        provider=Provider("Sample Clinic", "1234567893"),
        service=Service("Sample service", date(2026, 1, 5), ["99999"]),
        diagnosis_codes=["R69"],
        denial=DenialReason("medical_necessity", "Sample reason.", "Sample policy"),
        notice_date=date(2026, 1, 12),
        appeal_to=AppealTo("Sample Appeals", "1 Sample Street, Sample City", "555-0100", "555-0101", None),
    )


def sample_settings() -> Settings:
    return Settings(
        sender=Sender("Sample Sender", "Sample Practice", "1234567893", "2 Sample Road", "555-0102",
                      "555-0103", "sender@example.org", None)
    )  # fmt: skip


def check_template(path: str | Path) -> TemplateReport:
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundInputError(path)
    data = path.read_bytes()
    report = TemplateReport(path)
    env = make_env()
    report.errors, used = check_syntax(env, data, path.name)
    report.unknown = sorted(used - set(FIELDS) - set(env.globals))
    if report.errors:
        return report
    exhibits = [
        Exhibit("A", DENIAL_TITLE, Path("denial.pdf"), "pdf"),
        Exhibit("B", "Office notes", path, "pdf"),
    ]
    for voice in VOICES:
        for expedited in (False, True):
            ctx = build_context(
                sample_denial(), sample_settings(), voice=voice, expedited=expedited, exhibits=exhibits,
                today=date(2026, 1, 20), render_text=render_text,
            )  # fmt: skip
            try:
                _, blanks = render_docx(data, ctx, path)
            except BadTemplateError as e:
                report.errors.append(str(e).removeprefix(f"{path.name}: ").rsplit("; ", 1)[0])
                return report
            report.blanks = list(dict.fromkeys(report.blanks + blanks))
    return report
