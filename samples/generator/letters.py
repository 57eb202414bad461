"""Every layout by name, and ``render``: a Case in, its pages (a Writer) out."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from samples.generator import forms, layouts
from samples.generator.cases import Case
from samples.generator.render import Writer

LAYOUTS: dict[str, Callable[[Writer, Case], None]] = {
    "lines": layouts.lines_layout,
    "pairs": layouts.pairs_layout,
    "above": layouts.above_layout,
    "eob": layouts.eob_layout,
    "letter": layouts.letter_layout,
    "checkbox": layouts.checkbox_layout,
    "cms": forms.cms_form,
    "hhs": forms.hhs_form,
    "nydoh": forms.ny_medicaid_form,
}


def render(c: Case) -> Writer:
    w = Writer(font=c.font)
    if c.fax_header:
        sent = (c.notice or c.service_date) + timedelta(days=2)
        w.headers = [
            f"{sent:%m/%d/%Y} 10:42 AM    FROM: {c.plan.fax}    TO: 555-0100    Page {{page}}/{{pages}}"
        ]
    w.footers = FOOTERS.get(c.layout, ["Page {page} of {pages}"] if c.rights_on_page2 else [])
    LAYOUTS[c.layout](w, c)
    return w


# What the forms print at the foot of each page (never a value: a form number, its approval date, the page).
FOOTERS = {
    "cms": ["Form CMS-10003-NDMC (Approved 03/2011)      OMB Approval 0938-0829", "Page {page} of {pages}"],
    "nydoh": ["NYS DOH model notice: Initial Adverse Determination (rev. 11/24)      Page {page} of {pages}"],
    "hhs": ["Model Notice of Adverse Benefit Determination - Revised as of June 22, 2011"],
}
