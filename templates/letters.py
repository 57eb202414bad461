"""The wording of each built-in letter template, one function per letter and voice, and ``TEMPLATES``
(name -> title, voice, paragraphs), which ``make_templates.py`` turns into packet/templates/*.docx."""

from __future__ import annotations

from pieces import (
    ADDRESSEE,
    ARGUMENT,
    CASE_LINES,
    CONTINUED_BENEFITS,
    ENCLOSURES,
    SIGNATURE,
    formulary_exception,
    good_cause,
)

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
