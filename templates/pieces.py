"""The parts every letter template shares: the addressee, the case lines, the enclosures, the signature,
and the requests a step adds (continued benefits, good cause, a formulary exception). Markup as in
``make_templates.py``: ``**bold**`` runs; a paragraph that is only a ``{%p ... %}`` tag is removed when the
letter is rendered."""

from __future__ import annotations

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
