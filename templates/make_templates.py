"""Generate the built-in letter templates (``packet/templates/*.docx``) with python-docx.

    .venv/bin/python templates/make_templates.py          # rewrite packet/templates/*.docx
    .venv/bin/python templates/make_templates.py --check  # exit 1 if a committed file is out of date

The .docx files are committed (they are what users copy and edit in Word); this script is how they are
made, so a change to the wording is a reviewable diff here and the output is reproducible byte for byte
(fixed core properties, fixed zip timestamps).

Markup in the paragraph lists below: ``**bold**`` makes a bold run; a paragraph that is only a docxtpl
paragraph tag (``{%p if expedited %}``) is removed when the letter is rendered. What each denial category
argues is not here but in ``packet/draft/arguments.toml``; a template prints it with
``{%p for para in argument %}{{ para }}{%p endfor %}``.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import zipfile
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt

OUT = Path(__file__).resolve().parent.parent / "packet" / "templates"
FONT = "Times New Roman"  # LibreOffice uses the metric-compatible Liberation Serif where it is missing
STAMP = datetime(2026, 1, 1)

# ---------------------------------------------------------------------------------------------- pieces

ADDRESSEE = [
    "{{ today }}",
    "",
    "{{ appeal_to_name }}",
    "{{ appeal_to_address }}",
    "{%p if appeal_to_fax %}",
    "Fax: {{ appeal_to_fax }}",
    "{%p endif %}",
    "",
]

CASE_LINES = [
    "Member: {{ member_name }}",
    "Member ID: {{ member_id }}{% if member_dob %}     Date of birth: {{ member_dob }}{% endif %}",
    "Plan: {{ payer_name }}",
    "Reference number: {{ reference }}",
    "Date of the denial: {{ notice_date }}",
    (
        "Service: {{ service_name }}{% if service_codes %} ({{ service_codes }}){% endif %}"
        "{% if service_date %}, date of service {{ service_date }}{% endif %}"
    ),
    "Diagnosis: {{ diagnosis }}",
    "",
]

ENCLOSURES = [
    "**Enclosures**",
    "{%p for e in enclosures %}",
    "{{ e }}",
    "{%p endfor %}",
]

ARGUMENT = [
    "{%p for para in argument %}",
    "{{ para }}",
    "{%p endfor %}",
]

SIGNATURE = [
    "Sincerely,",
    "",
    "",
    "{{ signature }}",
    "",
]

# A Medicaid plan appeal filed within the continued-benefits window (42 CFR 438.420).
CONTINUED_BENEFITS = [
    "{%p if continued_benefits %}",
    "**Request to continue benefits during the appeal**",
    (
        "If this decision reduces, suspends or ends a service already authorized for {{ member_name }}, I "
        "ask that the service continue until the appeal is decided (42 CFR 438.420). This request is made "
        "within the time allowed (by {{ continued_benefits }})."
    ),
    "",
    "{%p endif %}",
]


def good_cause(voice: str) -> list[str]:
    """A filing past its deadline: ask the plan to accept it for good cause, with blanks for the reason."""
    why = (
        "{{ blank('The reason the appeal could not be filed on time: for example a serious illness or "
        "hospitalization, the notice arrived late or at a wrong address, or the plan gave incorrect "
        "information') }}"
    )
    when = "{{ blank('The date the denial notice was actually received, and the date you could act on it') }}"
    who = "my patient" if voice == "provider" else "I"
    return [
        "{%p if good_cause %}",
        "**Request to accept this appeal for good cause**",
        (
            "This appeal is filed after the deadline of {{ appeal_due }}. I ask that it be accepted for good "
            f"cause (Medicare: 42 CFR 422.582(c), 423.582(c)), because {who} could not file it in time: "
            + why
            + " "
            + when
        ),
        "",
        "{%p endif %}",
    ]


def formulary_exception(voice: str) -> list[str]:
    """Part D: a formulary or tiering exception request, with the prescriber's supporting statement."""
    body = (
        (
            "I also request a formulary exception for {{ service }} (or, if it is on the formulary at a "
            "higher cost-sharing tier, a tiering exception) under 42 CFR 423.578. As the prescriber, I "
            "state that the formulary alternatives would not be as effective for this patient, would cause "
            "adverse effects, or both: {{ blank('For each formulary alternative: tried (dates, dose, "
            "result) or why it is contraindicated or would not be as effective') }} My supporting statement "
            "is enclosed; please decide the exception within 72 hours of receiving it (24 hours if "
            "expedited)."
        )
        if voice == "provider"
        else (
            "I also ask for a formulary exception for {{ service }} (or, if it is on the drug list at a "
            "higher cost-sharing tier, a tiering exception) under 42 CFR 423.578. My prescriber's "
            "supporting statement is enclosed: {{ blank('Ask your prescriber for a supporting statement "
            "that the drugs on the plan drug list would not work as well for you or would cause side "
            "effects') }}"
        )
    )
    return [
        "{%p if formulary_exception %}",
        "**Request for a formulary or tiering exception**",
        body,
        "",
        "{%p endif %}",
    ]


# ---------------------------------------------------------------------------------------------- letters


def appeal(voice: str) -> list[str]:
    provider = voice == "provider"
    intro = (
        [
            (
                "I am writing on behalf of my patient, {{ member_name }}, to appeal {{ payer_possessive }} "
                "denial of "
                "{{ service }} (reference number {{ reference }}), dated {{ notice_date }}. I ask that the "
                "denial "
                "be overturned and the service approved."
            )
        ]
        if provider
        else [
            "{%p if representative %}",
            (
                "I am writing as the authorized representative of {{ member_name }} to appeal {{ payer_name "
                "}}'s "
                "denial of {{ service }} (reference number {{ reference }}), dated {{ notice_date }}, which "
                "{{ member_name }}'s doctor, {{ provider_name }}, requested. A signed authorization is "
                "enclosed. "
                "I ask that the denial be overturned and the service approved."
            ),
            "{%p else %}",
            (
                "I am writing to appeal {{ payer_possessive }} denial of {{ service }} (reference number "
                "{{ reference }}), dated {{ notice_date }}, which my doctor, {{ provider_name }}, requested "
                "for "
                "me. I ask that the denial be overturned and the service approved."
            ),
            "{%p endif %}",
        ]
    )
    diagnosis = (
        "{{ member_name }} is under my care for {{ diagnosis }}. "
        "{{ blank('Summarize the clinical findings: symptoms, examination, test results, and how the "
        "condition limits daily life') }}"
        if provider
        else "I am being treated for {{ diagnosis }}. "
        "{{ blank('Describe your condition in your own words: your symptoms, how long you have had them, "
        "and how they affect your daily life and work') }}"
    )
    history = (
        "{{ blank('Describe the treatments already tried, for how long, and why they did not work, were "
        "not tolerated, or are contraindicated') }}"
        if provider
        else "{{ blank('Describe the treatments you have already tried, for how long, and why they did not "
        "work or caused problems') }}"
    )
    next_step = (
        "{{ blank('Explain why the requested service is the right next step for this patient now, and "
        "what is expected without it') }}"
        if provider
        else "{{ blank('Explain why your doctor recommends this service now and what happens to you "
        "without it') }}"
    )
    expedited = (
        "Applying the standard appeal time frame could seriously jeopardize {{ member_name }}'s life, "
        "health or ability to regain maximum function. I request an expedited appeal, decided within "
        "{{ expedited_hours }}. {{ blank('State why this cannot wait: what may happen if treatment is "
        "delayed for a standard appeal') }}"
        if provider
        else "Waiting for a standard appeal could seriously jeopardize my life, health or ability to "
        "regain maximum function. I request an expedited appeal, decided within {{ expedited_hours }}. "
        "{{ blank('Say why this cannot wait; a statement from your doctor that the situation is urgent "
        "makes the plan decide quickly') }}"
    )
    ask = (
        "For these reasons, I ask {{ payer_name }} to overturn its denial and approve {{ service }} for "
        "{{ member_name }}. If you need anything further, or would like to discuss this case with me in a "
        "peer-to-peer review, please call me at {{ sender_phone }}{% if sender_fax %} or fax "
        "{{ sender_fax }}{% endif %}."
        if provider
        else "For these reasons, I ask {{ payer_name }} to overturn its denial and approve {{ service }}. "
        "Please send your decision to me in writing. If you need anything further, please call me at "
        "{{ sender_phone }}."
    )
    return [
        *ADDRESSEE,
        "{%p if expedited %}",
        "**EXPEDITED APPEAL: URGENT REVIEW REQUESTED**",
        "{%p endif %}",
        "**Re: {{ step_title }}: the denial of {{ service }}**",
        *CASE_LINES,
        "Dear {{ decider }}:",
        "",
        *intro,
        "",
        *CONTINUED_BENEFITS,
        "**Diagnosis**",
        diagnosis,
        "",
        "**Treatment history**",
        history,
        "",
        "**Why {{ service }} is the right next step**",
        next_step,
        "",
        "**The plan's reason for the denial**",
        "The denial states: \u201c{{ reason }}\u201d{% if criteria %} It cites {{ criteria }}.{% endif %}",
        *ARGUMENT,
        "",
        *formulary_exception(voice),
        "{%p if expedited %}",
        "**Request for expedited review**",
        expedited,
        "",
        "{%p endif %}",
        *good_cause(voice),
        "**Request**",
        ask,
        "",
        *SIGNATURE,
        *ENCLOSURES,
    ]


def expedited_request(voice: str) -> list[str]:
    provider = voice == "provider"
    body = (
        "I request an expedited (fast) appeal of {{ payer_possessive }} denial of {{ service }} for my "
        "patient, {{ member_name }}. As the treating physician, I certify that applying the standard time "
        "frame could seriously jeopardize the patient's life, health or ability to regain maximum function."
        if provider
        else "{%p if representative %}\n"
        "As the authorized representative of {{ member_name }} (a signed authorization is enclosed), I "
        "request an expedited (fast) appeal of {{ payer_possessive }} denial of {{ service }}. Waiting for a "
        "standard appeal could seriously jeopardize {{ member_name }}'s life, health or ability to regain "
        "maximum function.\n"
        "{%p else %}\n"
        "I request an expedited (fast) appeal of {{ payer_possessive }} denial of {{ service }}. Waiting "
        "for a standard appeal could seriously jeopardize my life, health or ability to regain maximum "
        "function.\n"
        "{%p endif %}"
    )
    why = (
        "{{ blank('State the clinical urgency: the condition, what may happen if treatment waits, and "
        "how soon it is needed') }}"
        if provider
        else "{{ blank('Say why this cannot wait, and ask your doctor to confirm it in writing or by phone "
        "to the plan') }}"
    )
    return [
        *ADDRESSEE,
        "**Re: Request for expedited appeal**",
        *CASE_LINES,
        "Dear Appeals Reviewer:",
        "",
        *body.split("\n"),  # a {%p %} tag stands in a paragraph of its own
        "",
        why,
        "",
        (
            "The denial states: \u201c{{ reason }}\u201d My full appeal and supporting records follow or are "
            "enclosed. Please decide within {{ expedited_hours }} and tell me the decision by phone at "
            "{{ sender_phone }} as well as in writing."
        ),
        "",
        *SIGNATURE,
        *ENCLOSURES,
    ]


def peer_to_peer() -> list[str]:
    """A one-page preparation sheet for the call with the plan's physician reviewer."""
    return [
        "**Peer-to-peer review: preparation sheet**",
        "{{ member_name }} (ID {{ member_id }}) \u00b7 {{ payer_name }} \u00b7 reference {{ reference }}",
        (
            "Denied: {{ service_name }}{% if service_codes %} ({{ service_codes }}){% endif %}, notice of "
            "{{ notice_date }} \u00b7 Diagnosis: {{ diagnosis }}"
        ),
        (
            "Request the call by: {% if peer_to_peer_due %}{{ peer_to_peer_due }}{% else %}"
            "{{ blank('The window the denial gives for a peer-to-peer review') }}{% endif %} "
            "\u00b7 Plan phone: "
            "{% if appeal_to_phone %}{{ appeal_to_phone }}{% else %}{{ blank('The plan number for "
            "peer-to-peer requests') }}{% endif %} \u00b7 Appeal due: {{ appeal_due }}"
        ),
        "",
        "**The plan's reason**",
        "\u201c{{ reason }}\u201d{% if criteria %} Criteria cited: {{ criteria }}.{% endif %}",
        "",
        "**Each criterion, and where the record meets it**",
        "{{ blank('Criterion 1: the finding that meets it, with the date and the record') }}",
        "{{ blank('Criterion 2: the finding that meets it, with the date and the record') }}",
        "",
        "**Treatments already tried**",
        "{{ blank('Each treatment, dates, dose and result (failed, not tolerated, contraindicated)') }}",
        "",
        "**Why this service, and why now**",
        "{{ blank('What the service will change, and the risk of waiting') }}",
        "",
        "**The ask**",
        (
            "Approve {{ service }} as requested. If not: the reviewer's name and specialty, the criterion "
            "not met, and what would meet it."
        ),
        "",
        "**After the call**",
        "{{ blank('Date and time, reviewer, outcome, reference for the call; what to send next') }}",
    ]


def medical_necessity() -> list[str]:
    return [
        *ADDRESSEE,
        "**Letter of medical necessity**",
        *CASE_LINES,
        "To whom it may concern:",
        "",
        (
            "I am writing to document the medical necessity of {{ service }} for my patient, {{ member_name "
            "}}, "
            "whom I treat for {{ diagnosis }}."
        ),
        "",
        "**Clinical history and findings**",
        "{{ blank('Summarize the history, examination and test results that support the request') }}",
        "",
        "**Treatments already tried**",
        (
            "{{ blank('List each treatment tried, its dates and dose, and why it failed, was not tolerated, "
            "or "
            "is contraindicated') }}"
        ),
        "",
        "**Why {{ service }} is medically necessary**",
        (
            "{{ blank('Explain why this service is the appropriate treatment for this patient, with the "
            "guideline or evidence it follows, and the expected outcome') }}"
        ),
        "",
        "The plan's stated reason was: \u201c{{ reason }}\u201d",
        *ARGUMENT,
        "",
        (
            "In my professional opinion, {{ service }} is medically necessary for {{ member_name }}. Please "
            "contact me at {{ sender_phone }} with any questions."
        ),
        "",
        *SIGNATURE,
        *ENCLOSURES,
    ]


def external_review(voice: str) -> list[str]:
    provider = voice == "provider"
    body = (
        "On behalf of my patient, {{ member_name }}, and with the patient's written authorization "
        "(enclosed), I request an independent external review of {{ payer_possessive }} final decision to "
        "deny {{ service }} (reference number {{ reference }}), dated {{ notice_date }}."
        if provider
        else "{%p if representative %}\n"
        "As the authorized representative of {{ member_name }} (a signed authorization is enclosed), I "
        "request an independent external review of {{ payer_possessive }} final decision to deny "
        "{{ service }} (reference number {{ reference }}), dated {{ notice_date }}. {{ member_name }} has "
        "completed the plan's internal appeal process.\n"
        "{%p else %}\n"
        "I request an independent external review of {{ payer_possessive }} final decision to deny "
        "{{ service }} (reference number {{ reference }}), dated {{ notice_date }}. I have completed the "
        "plan's internal appeal process.\n"
        "{%p endif %}"
    )
    return [
        "{{ today }}",
        "",
        ("{{ blank('Name and address of the reviewer named in the final denial: ' ~ step_recipient) }}"),
        "",
        "**Re: {{ step_title }}**",
        *CASE_LINES,
        "Dear {{ decider }}:",
        "",
        *body.split("\n"),  # a {%p %} tag stands in a paragraph of its own
        "",
        "The plan's stated reason was: \u201c{{ reason }}\u201d",
        *ARGUMENT,
        "",
        "{{ blank('Explain why the final decision is wrong, with the clinical facts and the evidence') }}",
        "",
        "{%p if expedited %}",
        (
            "This is an urgent situation: a delay could seriously jeopardize {{ member_name }}'s life or "
            "health. I request an expedited external review."
        ),
        "",
        "{%p endif %}",
        *good_cause(voice),
        "I ask that the reviewer overturn the plan's decision and direct it to cover {{ service }}.",
        "",
        *SIGNATURE,
        *ENCLOSURES,
    ]


def fair_hearing(voice: str) -> list[str]:
    """Medicaid: a state fair hearing after the plan upheld its denial (42 CFR 438.408(f))."""
    provider = voice == "provider"
    body = (
        "On behalf of my patient, {{ member_name }}, and with the patient's written consent (enclosed), I "
        "request a state fair hearing on {{ payer_possessive }} decision upholding its denial of "
        "{{ service }} (reference number {{ reference }}), dated {{ notice_date }}. The plan's appeal "
        "process is complete."
        if provider
        else "{%p if representative %}\n"
        "As the authorized representative of {{ member_name }} (a signed authorization is enclosed), I "
        "request a state fair hearing on {{ payer_possessive }} decision upholding its denial of "
        "{{ service }} (reference number {{ reference }}), dated {{ notice_date }}. The plan's appeal "
        "process is complete.\n"
        "{%p else %}\n"
        "I request a state fair hearing on {{ payer_possessive }} decision upholding its denial of "
        "{{ service }} (reference number {{ reference }}), dated {{ notice_date }}. I have completed the "
        "plan's appeal process.\n"
        "{%p endif %}"
    )
    return [
        "{{ today }}",
        "",
        (
            "{{ blank('Name and address or fax of the state fair hearing office named in the decision: ' "
            "~ step_recipient) }}"
        ),
        "",
        "{%p if expedited %}",
        "**EXPEDITED FAIR HEARING REQUESTED**",
        "{%p endif %}",
        "**Re: {{ step_title }}**",
        *CASE_LINES,
        "Dear {{ decider }}:",
        "",
        *body.split("\n"),
        "",
        "The plan's stated reason was: \u201c{{ reason }}\u201d",
        *ARGUMENT,
        "",
        "{{ blank('Explain why the plan is wrong, with the clinical facts and the records that show it') }}",
        "",
        "{%p if expedited %}",
        (
            "Taking the standard time to decide could seriously jeopardize {{ member_name }}'s life, health "
            "or ability to attain, maintain or regain maximum function. I request an expedited hearing."
        ),
        "",
        "{%p endif %}",
        *good_cause(voice),
        (
            "I ask for a hearing at which {{ 'my patient and I' if voice == 'provider' else 'I' }} can "
            "present the facts, and for a copy of the case file, including the criteria the plan used. I "
            "ask the hearing officer to reverse the plan's decision and direct it to cover {{ service }}."
        ),
        "",
        *SIGNATURE,
        *ENCLOSURES,
    ]


# name -> (title, voice or "", paragraphs)
TEMPLATES: dict[str, tuple[str, str, list[str]]] = {
    "appeal-provider": ("Appeal letter, written by the provider", "provider", appeal("provider")),
    "appeal-patient": ("Appeal letter, written by the patient", "patient", appeal("patient")),
    "expedited-appeal-provider": (
        "Request for expedited appeal, by the provider",
        "provider",
        expedited_request("provider"),
    ),
    "expedited-appeal-patient": (
        "Request for expedited appeal, by the patient",
        "patient",
        expedited_request("patient"),
    ),
    "peer-to-peer-provider": ("Peer-to-peer review: preparation sheet", "provider", peer_to_peer()),
    "medical-necessity-provider": ("Letter of medical necessity", "provider", medical_necessity()),
    "external-review-provider": (
        "Request for external review (after a final denial), by the provider",
        "provider",
        external_review("provider"),
    ),
    "external-review-patient": (
        "Request for external review (after a final denial), by the patient",
        "patient",
        external_review("patient"),
    ),
    "fair-hearing-provider": (
        "Request for a state fair hearing (Medicaid, after the plan's appeal), by the provider",
        "provider",
        fair_hearing("provider"),
    ),
    "fair-hearing-patient": (
        "Request for a state fair hearing (Medicaid, after the plan's appeal), by the patient",
        "patient",
        fair_hearing("patient"),
    ),
}

# ---------------------------------------------------------------------------------------------- layout


def _runs(paragraph, text: str, size: float | None = None) -> None:
    for i, part in enumerate(re.split(r"\*\*", text)):
        if part:
            run = paragraph.add_run(part)
            run.bold = i % 2 == 1
            if size:
                run.font.size = Pt(size)


def _letterhead(header, voice: str) -> None:
    lines = (
        ["**{{ sender_organization }}**", "{{ sender_name }}, NPI {{ sender_npi }}"]
        if voice == "provider"
        else ["**{{ sender_name }}**"]
    )
    lines += [
        "{{ sender_address_line }}",
        (
            "Phone {{ sender_phone }}{% if sender_fax %}  \u00b7  Fax {{ sender_fax }}{% endif %}"
            "{% if sender_email %}  \u00b7  {{ sender_email }}{% endif %}"
        ),
    ]
    first = header.paragraphs[0]
    for i, line in enumerate(lines):
        p = first if i == 0 else header.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(0)
        _runs(p, line, 14 if i == 0 else 9.5)
    rule = header.add_paragraph()
    pbdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "808080")):
        bottom.set(qn(k), v)
    pbdr.append(bottom)
    rule._p.get_or_add_pPr().append(pbdr)


def _footer(footer) -> None:
    """Member and reference only: the packet's stamp numbers every page ("Appeal letter, page 1 of 3",
    "Page 5 of 40"), so a page number here would be a second one."""
    p = footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _runs(p, "{{ member_name }}  \u00b7  Reference {{ reference }}", 9)


def build(name: str, title: str, voice: str, paragraphs: list[str]) -> bytes:
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.08

    section = doc.sections[0]
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Inches(1))
    section.header_distance = section.footer_distance = Inches(0.5)
    section.different_first_page_header_footer = True
    _letterhead(section.first_page_header, voice)
    cont = section.header.paragraphs[0]
    _runs(cont, "{{ member_name }}, member ID {{ member_id }}, reference {{ reference }}", 9)
    _footer(section.footer)
    _footer(section.first_page_footer)

    body = doc.paragraphs[0] if doc.paragraphs else None
    for i, text in enumerate(paragraphs):
        p = body if (i == 0 and body is not None) else doc.add_paragraph()
        _runs(p, text)
        if text == "{{ para }}":  # the argument's paragraphs, set apart
            p.paragraph_format.space_before = Pt(6)

    props = doc.core_properties
    props.title = title
    props.subject = "Appeal Packet letter template"
    props.keywords = f"appeal-packet; voice={voice}" if voice else "appeal-packet"
    props.comments = (
        "Made by templates/make_templates.py; the values it can print are in templates/README.md."
    )
    props.author = "Appeal Packet"
    props.last_modified_by = "Appeal Packet"
    props.created = props.modified = STAMP
    props.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    return _normalize_zip(buf.getvalue())


def _normalize_zip(data: bytes) -> bytes:
    """The same bytes on every run: fixed timestamps and order."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="exit 1 if a committed template is out of date")
    ap.add_argument("--out", type=Path, default=OUT, help=f"folder to write (default {OUT})")
    args = ap.parse_args(argv)
    stale = []
    args.out.mkdir(parents=True, exist_ok=True)
    for name, (title, voice, paragraphs) in TEMPLATES.items():
        data = build(name, title, voice, paragraphs)
        path = args.out / f"{name}.docx"
        if args.check:
            if not path.exists() or path.read_bytes() != data:
                stale.append(path.name)
            continue
        path.write_bytes(data)
        print(path)
    if stale:
        print("out of date: " + ", ".join(stale) + "; run templates/make_templates.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
