"""The letters' layouts: what each kind of notice prints and where. Each takes a Writer and a Case."""

from __future__ import annotations

import textwrap
from datetime import timedelta

from samples.generator import labels as L
from samples.generator.cases import Case
from samples.generator.data import BOX_ALTERNATIVES
from samples.generator.render import LEFT, Writer

COL2 = 320.0

TITLES = {
    "commercial": "NOTICE OF ADVERSE BENEFIT DETERMINATION",
    "erisa": "Notice of Adverse Benefit Determination",
    "medicare_advantage": "NOTICE OF DENIAL OF MEDICAL COVERAGE",
    "medicare_part_d": "NOTICE OF DENIAL OF MEDICARE PRESCRIPTION DRUG COVERAGE",
    "medicaid": "INITIAL ADVERSE BENEFIT DETERMINATION",
    "unknown": "Notice of Denial",
}
FINAL_TITLES = {
    "commercial": "NOTICE OF FINAL ADVERSE BENEFIT DETERMINATION",
    "erisa": "Notice of Final Internal Adverse Benefit Determination",
    "medicaid": "NOTICE OF APPEAL RESOLUTION",
}


# --- pieces ------------------------------------------------------------------------------------------------


def lab(c: Case, pool: list[str] | dict[str, list[str]], salt: int = 0) -> str:
    return L.pick(pool, c.number, c.plan.plan_type, salt)


def name_label(c: Case) -> str:
    return lab(c, L.MEMBER_NAME)


def id_label(c: Case) -> str:
    return lab(c, L.MEMBER_ID, 1)


def service_label(c: Case) -> str:
    return lab(c, L.DRUG if c.reason.service.drug else L.SERVICE, 2)


def provider_label(c: Case) -> str:
    return lab(c, L.PRESCRIBER if c.reason.service.drug else L.PROVIDER, 3)


def service_value(c: Case, label: str) -> tuple[str, bool]:
    """The service as printed after ``label``; True when its codes are printed with it."""
    s = c.reason.service
    if s.codes and "Code" in label:
        return f"{s.description} ({', '.join(s.codes)})", True
    return s.description, False


def letterhead(w: Writer, c: Case) -> None:
    p = c.plan
    w.line(p.name, bold=True, size=13)
    for ln in p.letterhead:
        w.line(ln, size=9)
    w.line(f"Member Services {p.phone}", size=9)
    w.gap()


def title(w: Writer, c: Case) -> None:
    t = (FINAL_TITLES if c.final else TITLES).get(c.plan.plan_type) or TITLES["unknown"]
    w.line(t, bold=True, size=11)
    w.gap(0.5)


def codes_text(c: Case) -> str:
    return ", ".join(c.reason.service.codes)


def dx_text(c: Case) -> str:
    return ", ".join(c.reason.service.dx)


def distractors(w: Writer, c: Case, x: float = LEFT) -> None:
    """Dates near the notice date that are not it, and a template's leftovers."""
    if c.received:
        w.line(f"Date request received: {c.d(c.received)}", x=x)
    if "effective" in c.traps and c.notice:
        w.line(f"Effective date of this action: {c.d(c.notice + timedelta(days=10))}", x=x)
    if "placeholder" in c.traps:
        w.line("Expiration Date: XX/20XX", x=x)
    if "filed" in c.traps and c.notice:
        what = "Date appeal filed" if c.final else "Date of request"
        w.line(f"{what}: {c.d(c.notice - timedelta(days=12))}", x=x)


def reason_block(w: Writer, c: Case, label: str | None = None) -> None:
    label = label or lab(c, L.REASON, 4)
    if label.endswith(":") and c.number % 2:
        w.para(f"{label} {c.reason.text}")  # the reason on the label's line
    else:
        w.line(label, bold=True)
        w.para(c.reason.text)
    if c.reason.criteria:
        w.line(f"{lab(c, L.CRITERIA, 5)}: {c.reason.criteria}")
        w.gap()


# --- the appeal-rights section --------------------------------------------------------------------------


def _plan_paragraphs(c: Case) -> list[str]:
    t = c.plan.plan_type
    if t == "commercial" and not c.final:
        return [
            (
                "If we uphold our decision on appeal, you may ask for an independent external review. Your "
                "state Department of Insurance and consumer assistance program can help you with the process."
            )
        ]
    if t == "commercial":
        return [
            (
                "This is our final internal decision. You have exhausted the plan's internal appeal process. "
                "Your state Department of Insurance can help you file the external review request."
            )
        ]
    if t == "erisa":
        return [
            (
                "You have the right to bring a civil action under section 502(a) of the Employee Retirement "
                "Income Security Act of 1974 (ERISA) after you have exhausted the plan's appeal procedures. "
                "You may ask for copies of all documents relevant to your claim free of charge."
            )
        ]
    if t == "medicare_advantage":
        return [
            (
                "If we deny your appeal, we will send your case to an Independent Review Entity for review. "
                "If you have questions about your Medicare rights, call 1-800-MEDICARE (1-800-633-4227)."
            )
        ]
    if t == "medicare_part_d":
        return [
            (
                "You have the right to ask us for a redetermination (appeal) of our decision. If we deny "
                "your redetermination, you can ask the Independent Review Entity to review our decision."
            )
        ]
    if t == "medicaid" and not c.final:
        return [
            (
                "You must ask for a Plan Appeal before you can ask for a State Fair Hearing. If you want "
                "your "
                "services to continue during the appeal, you must ask within 10 days of the date of this "
                "notice."
            )
        ]
    if t == "medicaid":
        return [
            (
                "Your Medicaid benefits are not affected by this decision. You can ask a relative, friend or "
                "lawyer to help you with the Fair Hearing."
            )
        ]
    return [
        (
            "If you disagree with this decision, you or someone you name to act for you may ask us to look "
            "at "
            "it again."
        )
    ]


RIGHTS_HEADINGS = {
    "commercial": "YOUR RIGHT TO APPEAL",
    "erisa": "Your Right to Appeal",
    "medicare_advantage": "YOUR RIGHT TO APPEAL OUR DECISION",
    "medicare_part_d": "YOUR RIGHT TO A REDETERMINATION",
    "medicaid": "HOW TO ASK FOR AN APPEAL",
    "unknown": "HOW TO APPEAL",
}
INTRODUCERS = [
    "Mail or deliver your written appeal to:",
    "Send your appeal to:",
    "Send your written request for an appeal to:",
    "Mail your appeal and any documents to:",
]
EXPEDITED = [
    (
        "If waiting up to 30 days could seriously harm your health, ask for a fast (expedited) appeal. We "
        "will "
        "decide a fast appeal within 72 hours."
    ),
    (
        "Fast appeals: if you or your doctor believe your health could be seriously harmed by waiting for a "
        "standard decision, ask for an expedited appeal. We will give you a decision within 72 hours."
    ),
    (
        "Fast Appeal (72 hour review): if you or your provider think that waiting for a standard appeal "
        "could "
        "seriously harm your health, ask for a fast appeal by phone."
    ),
]
LATE = (
    "If you ask for an appeal after the deadline, you must explain why your appeal is late; we may "
    "accept a late appeal for good cause."
)


def _contacts(w: Writer, c: Case, x: float) -> None:
    p = c.plan
    if "placeholder" in c.traps:
        w.line("Fax: XXX-XXX-XXXX", x=x)
        if c.show_phone:
            w.line(f"Phone: {p.appeal_phone}", x=x)
    elif "telfax" in c.traps:
        w.line(f"Telephone: {p.appeal_phone}      Fax: {p.fax}" if c.show_phone else f"Fax: {p.fax}", x=x)
    elif "faxinline" not in c.traps:
        w.line(f"Fax: {p.fax}", x=x)
        if c.show_phone:
            w.line(f"{'Phone' if c.number % 2 else 'Toll-free'}: {p.appeal_phone}", x=x)
    elif c.show_phone:
        w.line(f"Phone: {p.appeal_phone}", x=x)
    w.gap()
    if "faxinline" in c.traps:
        w.para(f"You may also fax your appeal to {p.fax}. Keep a copy of everything you send.")


def rights(w: Writer, c: Case) -> None:
    p = c.plan
    if c.rights_on_page2:
        w.new_page()
    w.line(RIGHTS_HEADINGS.get(p.plan_type, "HOW TO APPEAL"), bold=True)
    w.gap(0.3)
    sentence = c.deadline_sentence()
    if sentence:
        w.para(f"{sentence} {LATE}" if "late" in c.traps else sentence)
    for text in _plan_paragraphs(c):
        w.para(text)
    if "quote" in c.traps and c.reference:
        w.para(
            f"Please include the {c.reference[0].rstrip(' #').lower()} number on your appeal so that we can "
            "match it to this decision."
        )
    w.line(INTRODUCERS[c.number % len(INTRODUCERS)])
    for ln in (*p.unit, *p.address):
        w.line(ln, x=LEFT + 20)
    _contacts(w, c, LEFT + 20)
    if c.show_portal and p.portal:
        w.para(f"You can also submit your appeal online at {p.portal}.")
    if c.expedited:
        w.para(EXPEDITED[c.number % len(EXPEDITED)])
    w.line("Sincerely,")
    w.gap()
    w.line("Utilization Management Department" if not c.final else "Appeals Committee")
    w.line(p.name)


# --- layouts ---------------------------------------------------------------------------------------------


def _refs(c: Case) -> list[tuple[str, str]]:
    refs = ([c.reference] if c.reference else []) + c.other_numbers
    if "quote" in c.traps:
        refs = refs[::-1]  # the number to quote is not the first printed
    if "placeholder" in c.traps and not c.reference:
        refs = [("Plan Reference Number", "[Reference Number]"), *refs]
    return refs


def lines_layout(w: Writer, c: Case) -> None:
    """Label and value on one line."""
    letterhead(w, c)
    if c.notice:
        w.line(f"{lab(c, L.NOTICE_DATE, 6)}: {c.d(c.notice)}")
        w.gap(0.5)
    title(w, c)
    w.line(f"{name_label(c)}: {c.person.name}")
    w.line(f"{id_label(c)}: {c.member_id}")
    if c.show_dob:
        w.line(f"{lab(c, L.DOB, 7)}: {c.d(c.dob)}")
    for label, num in _refs(c):
        w.line(f"{label}: {num}")
    w.line(f"{provider_label(c)}: {c.provider[0]}")
    if c.show_npi:
        w.line(f"Provider NPI: {c.provider[1]}")
    slabel = service_label(c)
    value, with_codes = service_value(c, slabel)
    w.line(f"{slabel}: {value}")
    if c.reason.service.codes and not with_codes:
        w.line(f"CPT/HCPCS code: {codes_text(c)}")
    w.line(f"Diagnosis code: {dx_text(c)}")
    w.line(f"{lab(c, L.SERVICE_DATE, 8)}: {c.d(c.service_date)}")
    distractors(w, c)
    w.gap()
    w.para(f"We reviewed the request for this service for {c.person.name}. The request is denied.")
    reason_block(w, c)
    rights(w, c)


def pairs_layout(w: Writer, c: Case) -> None:
    """Two label pairs on one line."""
    letterhead(w, c)
    title(w, c)
    refs = _refs(c)
    left = [
        f"{name_label(c)}: {c.person.name}",
        f"{id_label(c)}: {c.member_id}",
        f"{provider_label(c)}: {c.provider[0]}",
        f"{lab(c, L.SERVICE_DATE, 8)}: {c.d(c.service_date)}",
    ]
    right = [
        f"{refs[0][0]}: {refs[0][1]}" if refs else "",
        f"{lab(c, L.NOTICE_DATE, 6)}: {c.d(c.notice)}" if c.notice else "",
        f"NPI: {c.provider[1]}" if c.show_npi else "",
        f"DOB: {c.d(c.dob)}" if c.show_dob else "",
    ]
    for a, b in zip(left, right, strict=True):
        w.row([(LEFT, a), (COL2, b)])
    for label, num in refs[1:]:
        w.row([(LEFT, f"{label}: {num}")])
    distractors(w, c)
    w.gap()
    slabel = service_label(c)
    value, with_codes = service_value(c, slabel)
    w.line(f"{slabel}: {value}")
    if c.reason.service.codes and not with_codes:
        w.row([(LEFT, f"Procedure code: {codes_text(c)}"), (COL2, f"Diagnosis: {dx_text(c)}")])
    else:
        w.line(f"Diagnosis: {dx_text(c)}")
    w.gap()
    reason_block(w, c)
    rights(w, c)


def above_layout(w: Writer, c: Case) -> None:
    """Labels above their values, in a grid."""
    letterhead(w, c)
    title(w, c)
    cols = [LEFT, 230.0, 400.0]
    refs = _refs(c)
    grid = [
        [
            (name_label(c), c.person.name),
            (id_label(c), c.member_id),
            ("Date of Birth", c.d(c.dob) if c.show_dob else ""),
        ],
        [
            (refs[0][0] if refs else "", refs[0][1] if refs else ""),
            (lab(c, L.NOTICE_DATE, 6) if c.notice else "", c.d(c.notice) if c.notice else ""),
            ("Date of Service", c.d(c.service_date)),
        ],
        [
            (provider_label(c), c.provider[0]),
            ("NPI", c.provider[1] if c.show_npi else ""),
            ("Diagnosis Code", dx_text(c)),
        ],
    ]
    for row in grid:
        w.row([(x, lb) for x, (lb, val) in zip(cols, row, strict=True) if val], bold=True)
        w.row([(x, val) for x, (lb, val) in zip(cols, row, strict=True) if val])
        w.gap(0.4)
    distractors(w, c)
    w.line("Description of Service", bold=True)
    w.line(c.reason.service.description)
    if c.reason.service.codes:
        w.line(f"Procedure code(s): {codes_text(c)}")
    w.gap()
    reason_block(w, c, "Reason for Denial")
    rights(w, c)


def eob_layout(w: Writer, c: Case) -> None:
    """An explanation of benefits with a claim table."""
    letterhead(w, c)
    w.row([(LEFT, "EXPLANATION OF BENEFITS"), (COL2 + 80, "THIS IS NOT A BILL")], bold=True)
    w.gap(0.5)
    refs = _refs(c)
    w.row(
        [(LEFT, f"Member: {c.person.name}"), (COL2, f"Statement date: {c.d(c.notice)}" if c.notice else "")]
    )
    w.row([(LEFT, f"Member ID: {c.member_id}"), (COL2, f"{refs[0][0]}: {refs[0][1]}" if refs else "")])
    w.row([(LEFT, f"Provider: {c.provider[0]}"), (COL2, f"NPI: {c.provider[1]}" if c.show_npi else "")])
    for label, num in refs[1:]:
        w.line(f"{label}: {num}")
    if c.show_dob:
        w.line(f"Patient DOB: {c.d(c.dob)}")
    w.line(f"Diagnosis codes: {dx_text(c)}")
    w.gap()
    cols = [LEFT, 135.0, 330.0, 378.0, 423.0, 470.0, 530.0]
    remark = "CO-197" if "carc" in c.traps else "N54"
    w.row(
        list(
            zip(
                cols,
                [
                    "Date of Service",
                    "Service description",
                    "Code",
                    "Billed",
                    "Allowed",
                    "Not covered",
                    "Remark",
                ],
                strict=True,
            )
        ),
        bold=True,
        size=8,
    )
    codes = list(c.reason.service.codes) or [""]
    for i, code in enumerate(codes):
        desc = c.reason.service.description if i == 0 else ""
        w.row(
            list(
                zip(
                    cols,
                    [c.d(c.service_date), desc, code, "$480.00", "$0.00", "$480.00", remark],
                    strict=True,
                )
            ),
            size=8,
        )
    total = f"${480 * len(codes)}.00"
    w.row(list(zip(cols, ["Total", "", "", total, "$0.00", total, ""], strict=True)), size=8)
    w.gap()
    if "carc" in c.traps:
        w.line(
            "Remark CO-197: Precertification/authorization/notification absent. Remark N54: Claim "
            "information "
            "is inconsistent.",
            size=8,
        )
    else:
        w.line(
            "Remark N54: Claim information is inconsistent with pre-certified/authorized services.", size=8
        )
    w.gap()
    reason_block(w, c, "Reason for denial:")
    rights(w, c)


def letter_layout(w: Writer, c: Case) -> None:
    """A letterhead, the date alone, an address block, 'Dear <name>:' and prose. With the "todoc" trap the
    letter goes to the provider and names the patient with a label."""
    letterhead(w, c)
    if c.notice:
        w.line(c.d(c.notice))
        w.gap()
    to_doctor = "todoc" in c.traps
    if to_doctor:
        w.line(c.provider[0])
        w.line("Attn: Prior Authorization Coordinator")
        w.line("500 Clinic Way, Suite 12")
        w.line("Springfield, IL 62704")
    else:
        w.line(c.person.name)
        for ln in c.person.address:
            w.line(ln)
    w.gap()
    refs = _refs(c)
    w.line(f"RE: {c.reason.service.description}")
    if to_doctor:
        w.line(f"Patient: {c.person.name}", x=LEFT + 23)
    w.line(f"{id_label(c)}: {c.member_id}", x=LEFT + 23)
    if c.show_dob:
        w.line(f"Date of birth: {c.d(c.dob)}", x=LEFT + 23)
    w.line(f"Date of service: {c.d(c.service_date)}", x=LEFT + 23)
    for label, num in refs:
        w.line(f"{label}: {num}", x=LEFT + 23)
    distractors(w, c, LEFT + 23)
    w.gap()
    if to_doctor:
        w.line(f"Dear {c.provider[0]}:" if c.provider[0].startswith("Dr.") else "Dear Provider:")
    else:
        w.line(f"Dear {c.person.title} {c.person.name.split()[-1]}:")
    w.gap()
    who = "your patient" if to_doctor else "you"
    w.para(
        f"We reviewed the request from {c.provider[0]} for the service above for {who}. After review, we "
        "have denied this request."
    )
    w.line(f"Treating provider: {c.provider[0]}")
    if c.show_npi:
        w.line(f"NPI: {c.provider[1]}")
    if c.reason.service.codes:
        w.line(f"CPT/HCPCS: {codes_text(c)}")
    w.line(f"ICD-10-CM: {dx_text(c)}")
    w.gap()
    reason_block(w, c)
    rights(w, c)


def checkbox_layout(w: Writer, c: Case) -> None:
    """A Medicare-style form: the reason is the checked box."""
    letterhead(w, c)
    title(w, c)
    if c.notice:
        w.line(f"Date: {c.d(c.notice)}")
    refs = _refs(c)
    w.row(
        [(LEFT, f"{name_label(c)}: {c.person.name}"), (COL2, f"{refs[0][0]}: {refs[0][1]}" if refs else "")]
    )
    w.row([(LEFT, f"{id_label(c)}: {c.member_id}"), (COL2, f"DOB: {c.d(c.dob)}" if c.show_dob else "")])
    w.row([(LEFT, f"Physician: {c.provider[0]}"), (COL2, f"NPI: {c.provider[1]}" if c.show_npi else "")])
    distractors(w, c)
    w.gap()
    w.para(
        "We have denied coverage of the following medical services or items that you or your physician "
        "requested:"
    )
    w.line(f"Service: {c.reason.service.description}", x=LEFT + 20)
    if c.reason.service.codes:
        w.line(f"Code(s): {codes_text(c)}", x=LEFT + 20)
    w.line(f"Diagnosis: {dx_text(c)}", x=LEFT + 20)
    w.line(f"Date of service: {c.d(c.service_date)}", x=LEFT + 20)
    w.gap()
    w.line("We made our decision because:", bold=True)
    items = [text for cat, text in BOX_ALTERNATIVES.items() if cat != c.reason.category][:3]
    items.insert(c.number % 3, "")
    for item in items:
        if item:
            w.line(f"[  ]  {item}", x=LEFT + 10)
            continue
        wrapped = textwrap.wrap(c.reason.text, 92, break_on_hyphens=False)
        w.line(f"[X]  {wrapped[0]}", x=LEFT + 10)
        for rest in wrapped[1:]:
            w.line(rest, x=LEFT + 34)
    w.gap()
    if c.reason.criteria:
        w.line(f"Criteria used: {c.reason.criteria}")
        w.gap()
    rights(w, c)
