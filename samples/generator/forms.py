"""Layouts that follow the three public blank forms in ../shared/corpus/, filled in as a plan's system
would: CMS-10003 (Medicare Advantage), the HHS/DOL model notice (commercial) and the New York Medicaid
managed care initial adverse determination."""

from __future__ import annotations

from samples.generator.cases import Case
from samples.generator.layouts import (
    COL2,
    _contacts,
    _plan_paragraphs,
    _refs,
    codes_text,
    dx_text,
    letterhead,
)
from samples.generator.render import LEFT, Writer


def _address_and_contacts(w: Writer, c: Case, intro: str) -> None:
    w.line(intro)
    for ln in (*c.plan.unit, *c.plan.address):
        w.line(ln, x=LEFT + 20)
    _contacts(w, c, LEFT + 20)


def cms_form(w: Writer, c: Case) -> None:
    """CMS-10003 Notice of Denial of Medical Coverage, filled in."""
    letterhead(w, c)
    w.line("Notice of Denial of Medical Coverage", bold=True, size=12)
    w.gap(0.5)
    w.row(
        [(LEFT, f"Date: {c.d(c.notice)}" if c.notice else "Date:"), (COL2, f"Member number: {c.member_id}")]
    )
    w.line(f"Beneficiary\u2019s name: {c.person.name}")
    for label, num in _refs(c):
        w.line(f"{label}: {num}")
    w.gap()
    w.para(
        "We have denied coverage of the following medical services or items that you or your physician "
        "requested:"
    )
    s = c.reason.service
    w.line(f"{s.description} (CPT {codes_text(c)})" if s.codes else s.description, x=LEFT + 20)
    npi = f" (NPI {c.provider[1]})" if c.show_npi else ""
    w.line(f"Requested by: {c.provider[0]}{npi}", x=LEFT + 20)
    if "nodos" not in c.traps:
        w.line(f"Date of service: {c.d(c.service_date)}", x=LEFT + 20)
    w.line(f"Diagnosis: {dx_text(c)}", x=LEFT + 20)
    if c.show_dob:
        w.line(f"Date of birth: {c.d(c.dob)}", x=LEFT + 20)
    w.gap()
    w.line("We denied this request because:", bold=True)
    w.para(c.reason.text)
    if c.reason.criteria:
        w.line(f"Criteria used: {c.reason.criteria}")
        w.gap()
    w.line("What If I Don\u2019t Agree With This Decision?", bold=True)
    w.para(
        "You have the right to appeal. "
        + (c.deadline_sentence() or "")
        + " We can give you more time if you have a good reason for missing the deadline."
    )
    w.line("Who May File An Appeal?", bold=True)
    w.para(
        "You or your treating physician may file an appeal. Or you may name a relative, friend, advocate, "
        "attorney, doctor (other than your treating physician), or someone else to act as your "
        "representative."
    )
    w.line("There are two kinds of appeals you can file:", bold=True)
    w.para(
        "Standard (30 days) - You can ask for a standard appeal. We must give you a decision no later than "
        "30 days "
        "after we get your appeal. (We may extend this time by up to 14 days if you request an extension, or "
        "if "
        "we need additional information and the extension benefits you.)"
    )
    if c.expedited:
        w.para(
            "Fast (72 hour review) - You can ask for a fast appeal if you or your doctor believe that your "
            "health "
            "could be seriously harmed by waiting up to 30 days for a decision. We must decide on a fast "
            "appeal no "
            "later than 72 hours after we get your appeal."
        )
    w.line("How Do I File An Appeal?", bold=True)
    _address_and_contacts(w, c, "For a standard appeal, mail or deliver your written appeal to:")
    if c.show_portal and c.plan.portal:
        w.para(f"You can also submit your appeal online at {c.plan.portal}.")
    w.para(
        "If you have questions about your Medicare rights, call 1-800-MEDICARE (1-800-633-4227), 24 hours a "
        "day, "
        "7 days a week."
    )


def hhs_form(w: Writer, c: Case) -> None:
    """The HHS/DOL model notice of adverse benefit determination, filled in; appeal rights on page 2."""
    p = c.plan
    w.line("Notice of Adverse Benefit Determination", bold=True, size=12)
    w.line("OMB Control No.: 0938-1099", size=8)
    w.line("Expiration Date: XX/20XX", size=8)
    w.gap(0.5)
    rows = [
        ("Date of Notice", c.d(c.notice) if c.notice else ""),
        ("Name of Plan", p.name),
        ("Address", ", ".join(p.letterhead)),
        ("Telephone/Fax", f"{p.phone} / {p.phone[:-4]}0199"),  # the plan's general fax, not the appeals fax
        ("Website/Email Address", f"www.{p.key}health.com"),
    ]
    for label, value in rows:
        w.row([(LEFT, f"{label}:"), (190.0, value)])
    w.gap()
    w.para(
        "This document serves as notice of an adverse benefit determination. We have declined to provide "
        "benefits, in whole or in part, for the requested treatment or service described below. If you think "
        "this determination was made in error, you have the right to appeal (see the back of this page for "
        "information about your appeal rights)."
    )
    w.line("Case Details:", bold=True)
    refs = _refs(c)
    w.row([(LEFT, f"Patient Name: {c.person.name}"), (COL2, f"ID Number: {c.member_id}")])
    w.line(f"Address: {', '.join(c.person.address)}")
    w.row(
        [
            (LEFT, f"{refs[0][0]}: {refs[0][1]}" if refs else "Claim #:"),
            (COL2, "" if "nodos" in c.traps else f"Date of Service: {c.d(c.service_date)}"),
        ]
    )
    npi = f"   NPI: {c.provider[1]}" if c.show_npi else ""
    w.line(f"Provider: {c.provider[0]}{npi}")
    if c.show_dob:
        w.line(f"Date of birth: {c.d(c.dob)}")
    w.gap(0.5)
    cols = [LEFT, 120.0, 175.0, 235.0, 295.0, 350.0, 420.0, 480.0]
    heads = [
        "Amt. Charged",
        "Allowed Amt.",
        "Other Insurance",
        "Deductible",
        "Co-pay",
        "Coinsurance",
        "Amt. Paid",
        "Not Covered",
    ]
    w.row(list(zip(cols, heads, strict=True)), bold=True, size=7)
    w.row(
        list(
            zip(
                cols,
                ["$1,240.00", "$0.00", "$0.00", "$0.00", "$0.00", "$0.00", "$0.00", "$1,240.00"],
                strict=True,
            )
        ),
        size=8,
    )
    w.gap(0.5)
    w.line(f"Description of Service: {c.reason.service.description}")
    if c.reason.service.codes:
        w.line(f"Procedure code: {codes_text(c)}")
    w.line(f"Diagnosis code: {dx_text(c)}")
    w.line("Denial Codes: CO-50, N115")
    w.gap()
    w.line("Reason for Denial (in whole or in part):", bold=True)
    w.para(c.reason.text)
    w.line("Explanation of Basis for Determination:", bold=True)
    basis = f"We applied {c.reason.criteria}." if c.reason.criteria else "We applied the terms of your plan."
    w.para(f"{basis} You can ask for a free copy of it and of the documents we used.")
    w.new_page()
    w.line("Important Information about Your Appeal Rights", bold=True, size=11)
    w.gap(0.5)
    w.line("What if I need help understanding this denial?", bold=True)
    w.para(f"Contact us at {p.phone} if you need help understanding this notice or our decision.")
    w.line("What if I don't agree with this decision?", bold=True)
    w.para(
        "You have a right to appeal any decision not to provide or pay for an item or service (in whole or "
        "in "
        "part). " + (c.deadline_sentence() or "")
    )
    w.line("How do I file an appeal?", bold=True)
    _address_and_contacts(w, c, "Send your written appeal to:")
    if c.show_portal and p.portal:
        w.para(f"You can also file your appeal online at {p.portal}.")
    w.line("What if my situation is urgent?", bold=True)
    if c.expedited:
        w.para(
            "If your situation meets the definition of urgent under the law, your review will generally be "
            "conducted within 72 hours. An urgent situation is one in which your health may be in serious "
            "jeopardy; ask for an expedited appeal."
        )
    w.line("Other resources to help you", bold=True)
    w.para(
        "You may request an external review within four months after the date of receipt of a notice of "
        "final "
        "internal adverse determination. Your state consumer assistance program can help you."
    )
    for text in _plan_paragraphs(c):
        w.para(text)


def ny_medicaid_form(w: Writer, c: Case) -> None:
    """The New York Medicaid managed care Initial Adverse Determination, filled in."""
    p = c.plan
    w.row([(LEFT, p.name), (COL2, "Beacon Review Services (UR agent)")], bold=True)
    for ln in p.letterhead:
        w.line(ln, size=9)
    w.line(p.phone, size=9)
    w.gap()
    w.line("INITIAL ADVERSE DETERMINATION", bold=True)
    w.line("DENIAL NOTICE", bold=True)
    w.gap(0.5)
    if c.notice:
        w.line(c.d(c.notice))
        w.gap(0.5)
    w.line(c.person.name)
    for ln in c.person.address:
        w.line(ln)
    w.gap(0.5)
    w.line(f"Enrollee Number: {c.member_id}")
    w.line("Coverage type: Medicaid Managed Care")
    w.line(f"Service: {c.reason.service.description}")
    if c.reason.service.codes:
        w.line(f"Procedure code: {codes_text(c)}")
    w.line(f"Diagnosis: {dx_text(c)}")
    npi = f" (NPI {c.provider[1]})" if c.show_npi else ""
    w.line(f"Provider: {c.provider[0]}{npi}")
    for label, num in _refs(c):
        w.line(f"{label}: {num}")
    if c.show_dob:
        w.line(f"Date of birth: {c.d(c.dob)}")
    w.gap()
    w.line(f"Dear {c.person.name}:")
    w.gap(0.5)
    w.para(
        "This is an important notice about your services. Read it carefully. If you think this decision is "
        f"wrong, {c.deadline_sentence()[0].lower()}{c.deadline_sentence()[1:]} You are not responsible for "
        "payment "
        "of covered services and this is not a bill. Call this number if you have any questions or need "
        "help: "
        f"{p.phone}."
    )
    w.line("Why am I getting this notice?", bold=True)
    w.para(
        f"On {c.d(c.notice) if c.notice else 'the date above'} we reviewed the request from {c.provider[0]} "
        "for "
        f"this service. You are getting this notice because {p.name} has denied your request for services."
    )
    w.line("Why did we deny your request?", bold=True)
    w.para(c.reason.text)
    if c.reason.criteria:
        w.line(f"Rule or criteria used: {c.reason.criteria}")
        w.gap()
    w.line("How do I ask for a Plan Appeal?", bold=True)
    _address_and_contacts(w, c, "Mail or deliver your written appeal to:")
    if c.show_portal and p.portal:
        w.para(f"You can also ask for a Plan Appeal online at {p.portal}.")
    if c.expedited:
        w.para(
            "Fast Track Appeal: if you or your provider think waiting could seriously hurt your health, ask "
            "for a "
            "fast track appeal. We will decide fast track appeals within 72 hours."
        )
    w.line("What if I still disagree?", bold=True)
    w.para(
        "You can ask for a State Fair Hearing within 120 days from the date of the Plan Appeal decision "
        "notice. "
        "You must ask for a Plan Appeal first. This notice is about your Medicaid benefits."
    )
