"""The sample letters: which plan, reason, layout and deadline wording each one has.

Every plan type, every denial category and every layout appears several times; some letters leave out a
field (no reference, no notice date, no deadline, no date of birth or NPI) so that nothing is invented.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from samples.generator.cases import Case, DeadlineText
from samples.generator.data import PEOPLE, PLANS, PROVIDERS, REASONS

DEADLINES = {
    "c180r": DeadlineText(
        "window", "You must file your appeal within 180 days after you receive this notice.", 180
    ),
    "c180g": DeadlineText(
        "window",
        "You or your provider must ask for an appeal within 180 days (about 6 months) "
        "of getting this notice.",
        180,
    ),
    "c6m": DeadlineText(
        "window", "You have 6 months from the date of this letter to file an appeal.", 6, "months"
    ),
    "cdate": DeadlineText("date", "Your appeal must be received by {date}.", offset=180),
    "eob90": DeadlineText(
        "window",
        "You may appeal this decision within 90 days of the date on the explanation of benefits.",
        90,
    ),
    "stmt": DeadlineText(
        "window", "To appeal, send us your request within 180 days of the date of this statement.", 180
    ),
    "ext4": DeadlineText(
        "window",
        "You have four months after the date you receive this notice to ask for an "
        "independent external review.",
        4,
        "months",
        "external_review",
    ),
    "ext4b": DeadlineText(
        "window",
        "If you want an external review, you must ask for it within 4 months of the date of this notice.",
        4,
        "months",
        "external_review",
    ),
    "e180": DeadlineText(
        "window",
        "Your written appeal must be filed within one hundred eighty (180) days of the date of this letter.",
        180,
    ),
    "ma65": DeadlineText(
        "window",
        "You must ask for a reconsideration within 65 calendar days of the date listed "
        "at the top of this notice.",
        65,
    ),
    "ma60": DeadlineText(
        "window",
        "If you want to appeal, you must ask within 60 calendar days after the date of this notice.",
        60,
    ),
    "pd65": DeadlineText(
        "window", "You must request a redetermination within 65 days from the date of this notice.", 65
    ),
    "mcd60": DeadlineText(
        "window", "File your appeal in writing within 60 calendar days after the date of this notice.", 60
    ),
    "mcd60w": DeadlineText(
        "window",
        "You have sixty (60) days from the date on your notice of adverse benefit "
        "determination to ask for a Plan Appeal.",
        60,
    ),
    "mcddate": DeadlineText("date", "You can ask for a Plan Appeal by {date}.", offset=60),
    "fh120": DeadlineText(
        "window",
        "If you disagree with our decision, you can ask for a State Fair Hearing within "
        "120 days from the date of this notice.",
        120,
        level="state_fair_hearing",
    ),
    "fhdate": DeadlineText(
        "date", "You have until {date} to ask for a Fair Hearing.", offset=120, level="state_fair_hearing"
    ),
    "none": DeadlineText("none"),
}

REF_LABELS = {  # label, format, digits
    "granite": ("Reference number", "GRH{}", 10),
    "lakeshore": ("Case ID", "LMH-26-{}", 5),
    "northfield": ("Claim ID", "HBA{}", 9),
    "tristate": ("Our file number", "TCT-{}-26", 4),
    "sunvale": ("Case #", "SV26-{}", 6),
    "bayview": ("Auth Ref", "BSC2601{}", 5),
    "crestpoint": ("Coverage determination #", "CD-26-{}", 7),
    "riverbend": ("Case number", "RCC{}", 7),
    "empire": ("Plan Reference Number", "HV2026{}", 6),
    "midwest": ("Tracking number", "PBS-{}", 6),
}
ID_FORMATS = {  # format, digits
    "granite": ("GRH{}", 6),
    "lakeshore": ("LMW{}", 8),
    "northfield": ("NFM{}01", 7),
    "tristate": ("TCT{}", 6),
    "sunvale": ("SVH{}", 8),
    "bayview": ("BSC{}", 7),
    "crestpoint": ("CRX{}", 9),
    "riverbend": ("LA{}", 9),
    "empire": ("HV{}Q", 5),
    "midwest": ("PBS{}", 7),
}
STYLES = ["long", "us", "iso", "short", "dmy"]


@dataclass(frozen=True)
class Spec:
    slug: str
    plan: str
    category: str
    reason: int
    layout: str
    deadline: str
    # space-separated: final noref nonotice nodob nonpi nophone noportal noexp page2 fax claim recv + TRAPS
    flags: str = ""
    ref_label: str = ""  # print the reference under this label instead of the plan's usual one


SPECS = [
    Spec("mri-commercial", "granite", "medical_necessity", 0, "lines", "c180r", "recv"),
    Spec("knee-ma-checkbox", "sunvale", "medical_necessity", 1, "checkbox", "ma65"),
    Spec("sleep-medicaid-letter", "riverbend", "missing_information", 0, "letter", "mcd60"),
    Spec("humira-erisa-pairs", "northfield", "step_therapy", 0, "pairs", "c180r"),
    Spec("dupixent-partd", "crestpoint", "step_therapy", 1, "checkbox", "pd65"),
    Spec("hearing-aids-date", "lakeshore", "not_covered", 0, "lines", "cdate", "telfax"),
    Spec("tms-medicaid-pairs", "empire", "out_of_network", 0, "pairs", "mcd60w"),
    Spec("proton-erisa-letter", "tristate", "experimental", 0, "letter", "none"),
    Spec("pt-coding-eob", "granite", "coding_error", 0, "eob", "stmt", "claim"),
    Spec("knee-noauth-ma-fax", "bayview", "no_authorization", 0, "lines", "ma60", "fax"),
    Spec("ct-other-unknown-plan", "midwest", "other", 0, "letter", "none"),
    Spec("snf-ma-grid", "sunvale", "medical_necessity", 2, "above", "ma65", "recv"),
    Spec("pt-limit-medicaid-grid", "riverbend", "not_covered", 2, "above", "mcddate"),
    Spec("wegovy-partd-noterm", "crestpoint", "not_covered", 1, "lines", "none", "faxinline"),
    Spec("pt-missing-erisa-eob", "northfield", "missing_information", 1, "eob", "stmt"),
    Spec("sleep-oon-final", "granite", "out_of_network", 1, "letter", "ext4", "final"),
    Spec("wheelchair-medicaid-noref", "empire", "missing_information", 2, "checkbox", "mcd60", "noref"),
    Spec("genome-experimental", "lakeshore", "experimental", 1, "pairs", "c6m"),
    Spec("echo-coding-ma-eob", "bayview", "coding_error", 1, "eob", "ma60", "carc"),
    Spec("infusion-noauth-erisa", "tristate", "no_authorization", 1, "above", "e180"),
    Spec("wegovy-medicaid-hearing", "riverbend", "step_therapy", 2, "lines", "fh120", "final"),
    Spec("botox-ma-page2", "sunvale", "experimental", 3, "letter", "ma65", "page2"),
    Spec("echo-no-notice-date", "granite", "medical_necessity", 3, "pairs", "c180r", "nonotice"),
    Spec("snf-unknown-no-date", "midwest", "no_authorization", 2, "lines", "none", "nonotice"),
    Spec("wegovy-partd-fax", "crestpoint", "step_therapy", 2, "letter", "pd65", "fax"),
    Spec("ct-coding-medicaid-p2", "empire", "coding_error", 2, "lines", "mcddate", "page2 effective"),
    Spec("bariatric-erisa-noterm", "northfield", "not_covered", 3, "letter", "none"),
    Spec("echo-oon-final-eob", "lakeshore", "out_of_network", 2, "eob", "ext4b", "final"),
    Spec("ct-missing-ma-noterm", "bayview", "missing_information", 3, "pairs", "none", "late"),
    Spec("tms-medicaid-grid-fax", "riverbend", "experimental", 2, "above", "mcd60", "fax"),
    Spec("speech-duplicate-erisa", "tristate", "other", 1, "eob", "c180r", "claim"),
    Spec("mri-oon-ma-p2-fax", "sunvale", "out_of_network", 3, "lines", "ma65", "page2 fax"),
    Spec("wheelchair-noauth-boxes", "granite", "no_authorization", 3, "checkbox", "c180g"),
    Spec("bariatric-medicaid-final", "empire", "medical_necessity", 5, "letter", "fhdate", "final"),
    Spec("dupixent-partd-pairs-p2", "crestpoint", "step_therapy", 1, "pairs", "pd65", "page2 noexp"),
    Spec("speech-coding-sparse", "lakeshore", "coding_error", 3, "lines", "c180r", "nodob nonpi"),
    Spec("tms-erisa-pairs-fax", "northfield", "experimental", 2, "pairs", "e180", "fax"),
    Spec("snf-ma-letter", "bayview", "medical_necessity", 2, "letter", "ma60", "noportal nophone"),
    Spec("knee-noauth-medicaid-eob", "riverbend", "no_authorization", 0, "eob", "mcd60"),
    Spec("pt-coding-unknown-grid", "midwest", "coding_error", 0, "above", "none"),
    Spec("sleep-erisa-boxes-p2", "tristate", "missing_information", 0, "checkbox", "c180r", "page2"),
    Spec("echo-timely-filing-eob", "granite", "other", 2, "eob", "stmt", "fax"),
    Spec("infusion-medicaid-pairs", "empire", "step_therapy", 3, "pairs", "mcddate", "fax noexp"),
    Spec("hearing-ma-grid-noref", "sunvale", "not_covered", 0, "above", "ma65", "noref"),
    Spec("mri-medicaid-quote", "empire", "medical_necessity", 0, "lines", "mcd60", "quote effective"),
    Spec("knee-noauth-to-doctor", "lakeshore", "no_authorization", 0, "letter", "c180r", "todoc"),
    Spec("cgm-ma-late-telfax", "bayview", "medical_necessity", 4, "pairs", "ma65", "late telfax"),
    Spec("wheelchair-erisa-eob-carc", "northfield", "no_authorization", 3, "eob", "stmt", "carc"),
    Spec("sleep-careless-fill", "granite", "missing_information", 0, "lines", "c180r", "placeholder noref"),
    Spec("humira-partd-fax-inline", "crestpoint", "step_therapy", 0, "letter", "pd65", "faxinline"),
    Spec("proton-medicaid-hearing-grid", "riverbend", "experimental", 0, "above", "fhdate", "final"),
    Spec("genome-unknown-to-doctor", "midwest", "experimental", 1, "letter", "none", "todoc"),
    Spec("botox-commercial-final-p2", "lakeshore", "experimental", 3, "pairs", "ext4", "final page2 fax"),
    Spec("infusion-ma-quote-late", "sunvale", "step_therapy", 3, "lines", "ma65", "quote late"),
    Spec("snf-medicaid-telfax", "empire", "no_authorization", 2, "pairs", "mcd60w", "telfax effective"),
    Spec("echo-erisa-eob-careless", "tristate", "medical_necessity", 3, "eob", "stmt", "placeholder carc"),
    Spec("mri-cms-form", "sunvale", "medical_necessity", 0, "cms", "ma60"),
    Spec("cgm-cms-form-noauth", "bayview", "no_authorization", 3, "cms", "ma65", "nodos fax"),
    Spec("tms-cms-form-oon", "sunvale", "out_of_network", 0, "cms", "none", "page2"),
    Spec("knee-hhs-form", "lakeshore", "medical_necessity", 1, "hhs", "c180r", "claim"),
    Spec("pt-hhs-form-erisa", "northfield", "not_covered", 2, "hhs", "e180", "nodos"),
    Spec("proton-hhs-form-noterm", "granite", "experimental", 0, "hhs", "none", "noexp"),
    Spec("pt-nydoh-form", "empire", "missing_information", 1, "nydoh", "mcddate"),
    Spec("wheelchair-nydoh-form", "empire", "no_authorization", 3, "nydoh", "mcddate", "nodos nonpi"),
    Spec("speech-nydoh-form-coding", "riverbend", "coding_error", 3, "nydoh", "mcddate", "fax"),
    Spec(
        "mri-pa-number-unknown-plan",
        "midwest",
        "medical_necessity",
        0,
        "lines",
        "c180r",
        "",
        "Prior Authorization #",
    ),
    Spec(
        "cgm-ma-no-date-no-term",
        "bayview",
        "medical_necessity",
        4,
        "letter",
        "none",
        "nonotice",
        "Request ID",
    ),
    Spec("hearing-eob-90-days", "lakeshore", "not_covered", 0, "eob", "eob90", "", "Claim number"),
    Spec(
        "knee-erisa-final-appeal-filed", "tristate", "medical_necessity", 1, "pairs", "ext4b", "final filed"
    ),
    Spec(
        "sleep-medicaid-final-filed", "riverbend", "missing_information", 0, "letter", "fh120", "final filed"
    ),
    Spec("pt-commercial-cms-like-boxes", "granite", "not_covered", 2, "checkbox", "c6m", "filed", "Auth Ref"),
    Spec("ct-courier-medicaid-letter", "riverbend", "coding_error", 2, "letter", "mcd60", "courier fax"),
    Spec("knee-courier-ma-cms-form", "bayview", "medical_necessity", 1, "cms", "ma65", "courier"),
    Spec("infusion-courier-erisa-lines", "northfield", "step_therapy", 3, "lines", "c180g", "courier page2"),
    Spec("gene-times-commercial-letter", "lakeshore", "experimental", 1, "letter", "c6m", "times"),
]
TRAPS = {
    "quote",
    "placeholder",
    "todoc",
    "carc",
    "late",
    "telfax",
    "faxinline",
    "effective",
    "nodos",
    "filed",
}


def build(spec: Spec, number: int) -> Case:
    rng = random.Random(7919 * number)
    plan = PLANS[spec.plan]
    flags = set(spec.flags.split())
    person = PEOPLE[(number * 5) % len(PEOPLE)]
    provider = PROVIDERS[(number * 3) % len(PROVIDERS)]
    if "todoc" in flags:  # a letter to a doctor
        provider = [pr for pr in PROVIDERS if pr[0].startswith("Dr.")][number % 3]
    notice = date(2026, 1, 5) + timedelta(days=rng.randrange(0, 290))
    service = notice - timedelta(days=rng.randrange(4, 40))
    label, pattern, digits = REF_LABELS[spec.plan]
    label = spec.ref_label or label
    reference = (label, pattern.format(rng.randrange(10 ** (digits - 1), 10**digits)))
    id_pattern, id_digits = ID_FORMATS[spec.plan]
    others = []
    if "quote" in flags:  # the letter prints a case number first and asks to quote the authorization number
        others = [("Case #", f"{rng.randrange(10**6, 10**7)}")]
        reference = ("Authorization #", f"PA{rng.randrange(10**8, 10**9)}")
    if "claim" in flags:
        others = [reference]
        reference = (
            "Case number" if spec.layout != "eob" else "Reference #",
            f"A{rng.randrange(10**7, 10**8)}",
        )
    return Case(
        number=number,
        slug=spec.slug,
        layout=spec.layout,
        plan=plan,
        person=person,
        member_id=id_pattern.format(rng.randrange(10 ** (id_digits - 1), 10**id_digits)),
        provider=provider,
        reason=REASONS[spec.category][spec.reason],
        service_date=service,
        notice=None if "nonotice" in flags else notice,
        style=STYLES[number % len(STYLES)],
        reference=None if "noref" in flags else reference,
        other_numbers=others,
        deadline=DEADLINES[spec.deadline],
        final="final" in flags,
        expedited="noexp" not in flags,
        show_dob="nodob" not in flags,
        show_npi="nonpi" not in flags,
        show_phone="nophone" not in flags,
        show_portal="noportal" not in flags,
        rights_on_page2="page2" in flags,
        fax_header="fax" in flags,
        font="Courier" if "courier" in flags else "Times-Roman" if "times" in flags else "Helvetica",
        received=notice - timedelta(days=rng.randrange(2, 6)) if "recv" in flags else None,
        traps=frozenset(flags & TRAPS),
    )


def cases() -> list[Case]:
    return [build(s, i) for i, s in enumerate(SPECS, start=1)]
