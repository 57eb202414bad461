"""The values a letter template can print, made from the Denial record, packet.toml and the records folder.

Every value is text (or a list of text); a value the denial or the settings do not give is a ``Missing``
blank naming what is missing and where it comes from, so the letter shows it highlighted instead of
inventing it. ``FIELDS`` documents each name; ``packet templates check`` reports names a template uses
that are not here.
"""

from __future__ import annotations

import functools
import html
import importlib.util
import re
import tomllib
from collections.abc import Callable
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from packet.draft.appeal import AppealChoice, choose_appeal
from packet.draft.blanks import Missing, blank, clean
from packet.exceptions import BadRulesError
from packet.exhibits import DENIAL_TITLE, Exhibit
from packet.model import CATEGORIES, Denial
from packet.settings import Settings
from packet.summary import human_date

VOICES: tuple[str, ...] = ("provider", "patient")

# name -> what it is (templates/README.md lists these).
FIELDS: dict[str, str] = {
    "today": "the date of the letter (January 12, 2026)",
    "voice": "'provider' or 'patient'",
    "expedited": "true when an expedited review is requested (--expedited)",
    "member_name": "the member's name",
    "member_id": "the member ID",
    "member_dob": "the member's date of birth (false when unknown)",
    "reference": "the plan's reference, case or claim number",
    "payer_name": "the health plan",
    "payer_possessive": "the health plan's name with its possessive ('Acme Health Plan's', 'Granite State "
    "Health Benefits'')",
    "plan_type": "the plan type in words (commercial, medicare advantage, ...)",
    "provider_name": "the provider named in the denial",
    "provider_npi": "the provider's NPI from the denial (false when unknown)",
    "service": "what was denied, as it reads inside a sentence ('laparoscopic sleeve gastrectomy'; a name "
    "such as 'Humira 40 mg' or 'MRI lumbar spine' as printed)",
    "service_name": "what was denied, as the denial prints it",
    "service_date": "the date of service (false when unknown)",
    "service_codes": "the CPT/HCPCS codes, comma-separated (false when unknown)",
    "diagnosis_codes": "the ICD-10-CM codes, comma-separated",
    "diagnosis": "each diagnosis: its ICD-10-CM description and code "
    "('low back pain, unspecified (ICD-10-CM M54.50)')",
    "notice_date": "the date of the denial letter",
    "category": "the denial category (medical_necessity, step_therapy, ...)",
    "category_label": "the denial category in words",
    "reason": "the plan's reason, verbatim",
    "criteria": "the criteria or policy the plan cited (false when none)",
    "appeal_due": "the last day to file the appeal",
    "expedited_hours": "how fast the plan must decide an expedited appeal ('72 hours')",
    "appeal_to_name": "where to send the appeal",
    "appeal_to_address": "the appeals address",
    "appeal_to_fax": "the appeals fax (false when unknown)",
    "appeal_to_phone": "the appeals phone (false when unknown)",
    "appeal_to_portal": "the appeals portal (false when unknown)",
    "sender_name": "packet.toml sender.name",
    "sender_organization": "packet.toml sender.organization",
    "sender_npi": "packet.toml sender.npi",
    "sender_address": "packet.toml sender.address (may have several lines)",
    "sender_address_line": "the sender's address on one line",
    "sender_phone": "packet.toml sender.phone",
    "sender_fax": "packet.toml sender.fax (false when unset)",
    "sender_email": "packet.toml sender.email (false when unset)",
    "signature": "packet.toml sender.signature, else name, organization and NPI",
    "representative": "the sender's name when, in the patient's voice, someone other than the member writes "
    "(false otherwise)",
    "argument": "the paragraphs that answer this category of denial (a list)",
    "enclosures": "the enclosure list, 'Exhibit A: Notice of denial', ... (a list)",
    "blank": "blank('text') prints a highlighted [text] for the user to fill in",
    "step": "the step this letter asks for (internal_appeal, reconsideration, redetermination, "
    "medicaid_plan_appeal, external_review, part_d_ire, state_fair_hearing: packet/rules/appeals.toml)",
    "step_title": "the step in words ('Request for reconsideration (Medicare Advantage)')",
    "step_recipient": "who decides this step, in words",
    "decider": "whom the letter addresses ('Appeals Reviewer', 'Hearing Officer')",
    "final": "true when the denial is the plan's final internal decision",
    "formulary_exception": "true when a Part D denial is about the formulary: the letter asks for a "
    "formulary or tiering exception",
    "continued_benefits": "the last day to ask to keep the service during a Medicaid appeal (false when "
    "the window has passed or does not apply)",
    "good_cause": "true when the filing deadline has passed: the letter asks to accept it for good cause",
    "late_days": "days past the filing deadline (0 when on time)",
    "peer_to_peer_due": "the last day for the peer-to-peer review the denial offers (false when none)",
}

ARGUMENTS_FILE = "arguments.toml"

_NOT_FOUND = "not found in the denial"
_OPTIONAL = {"member_dob", "provider_npi", "service_date", "service_codes", "criteria", "appeal_to_fax",
             "appeal_to_phone", "appeal_to_portal", "sender_fax", "sender_email"}  # fmt: skip


def _text(value: object, missing: str) -> str:
    if value is None or value == "" or value == []:
        return blank(missing)
    if isinstance(value, date):
        return human_date(value)
    if isinstance(value, list):
        return ", ".join(clean(str(v)) for v in value)
    return clean(str(value))


def _optional(value: object, name: str) -> str:
    if value is None or value == "" or value == []:
        return Missing(blank(name))
    return _text(value, name)


@functools.lru_cache(maxsize=1)
def _icd10_tabular() -> str:
    """The ICD-10-CM tabular list shipped by simple-icd-10-cm, read as text (30 ms; importing the library
    parses it all, 1.7 s)."""
    spec = importlib.util.find_spec("simple_icd_10_cm")
    if spec is None or not spec.submodule_search_locations:
        return ""
    files = sorted((Path(next(iter(spec.submodule_search_locations))) / "data").glob("icd10*tabular*.xml"))
    return files[-1].read_text(encoding="utf-8") if files else ""


def icd10_description(code: str) -> str | None:
    """The official description of an ICD-10-CM code (``M54.50`` -> ``Low back pain, unspecified``)."""
    m = re.search(rf"<name>{re.escape(code.upper())}</name>\s*<desc>([^<]*)</desc>", _icd10_tabular())
    return html.unescape(m.group(1)) if m else None


def _sentence_case(desc: str) -> str:
    """The description as it reads inside a sentence ("under my care for low back pain"): the first letter
    lowered unless the first word is an abbreviation ("HIV disease", "ST elevation")."""
    first = desc.split(" ", 1)[0]
    return desc[:1].lower() + desc[1:] if first[1:].islower() or len(first) == 1 else desc


def _diagnosis(code: str) -> str:
    desc = icd10_description(code)
    return (
        f"{_sentence_case(desc)} (ICD-10-CM {code})"
        if desc
        else blank("Name of the condition") + f" (ICD-10-CM {code})"
    )


def _possessive(name: str | None) -> str | None:
    """ "Granite State Health Benefits'" (a name ending in s), "Acme Health Plan's"."""
    if not name:
        return name
    return name + ("'" if name.rstrip().endswith(("s", "S")) else "'s")


def _in_sentence(service: str | None) -> str | None:
    """A service as it reads inside a sentence: "the denial of laparoscopic sleeve gastrectomy" for a
    description that is a phrase of common words ("Laparoscopic sleeve gastrectomy"); a name that may be a
    brand or an abbreviation ("Humira 40 mg", "MRI lumbar spine", "CT abdomen") keeps its capital."""
    if not service:
        return service
    words = service.split()
    first = words[0]
    phrase = len(words) > 1 and words[1][:1].islower() and words[1][:1].isalpha()
    if phrase and first[:1].isupper() and first[1:].islower() and first.isalpha():
        return first.lower() + service[len(first) :]
    return service


def denial_values(d: Denial) -> dict[str, Any]:
    """The denial's fields as letter text."""
    hours = d.deadlines.expedited_decision_hours
    appeal = d.deadlines.appeal
    category = d.denial.category if d.denial.category in CATEGORIES else "other"
    codes = d.diagnosis_codes
    return {
        "member_name": _text(d.member.name, f"Member name: {_NOT_FOUND}"),
        "member_id": _text(d.member.id, f"Member ID: {_NOT_FOUND}"),
        "member_dob": _optional(d.member.dob, "Date of birth"),
        "reference": _text(d.reference, f"Reference number: {_NOT_FOUND}"),
        "payer_name": _text(d.payer.name, f"Health plan name: {_NOT_FOUND}"),
        "payer_possessive": _text(_possessive(d.payer.name), f"Health plan name: {_NOT_FOUND}"),
        "plan_type": d.payer.plan_type.replace("_", " "),
        "provider_name": _text(d.provider.name, f"Provider name: {_NOT_FOUND}"),
        "provider_npi": _optional(d.provider.npi, "Provider NPI"),
        "service": _text(_in_sentence(d.service.description), f"Service requested: {_NOT_FOUND}"),
        "service_name": _text(d.service.description, f"Service requested: {_NOT_FOUND}"),
        "service_date": _optional(d.service.date, "Date of service"),
        "service_codes": _optional(d.service.codes, "CPT/HCPCS code"),
        "diagnosis_codes": _text(codes, f"ICD-10-CM code: {_NOT_FOUND}"),
        "diagnosis": (
            "; ".join(_diagnosis(clean(c)) for c in codes)
            if codes
            else blank(f"Diagnosis and ICD-10-CM code: {_NOT_FOUND}")
        ),
        "notice_date": _text(d.notice_date, f"Date of the denial letter: {_NOT_FOUND}"),
        "category": category,
        "category_label": category.replace("_", " "),
        "reason": _text(d.denial.reason, f"The plan's reason: {_NOT_FOUND}; copy it word for word"),
        "criteria": _optional(d.denial.criteria, "Criteria cited"),
        "appeal_due": _text(appeal.due if appeal else None, "Appeal deadline: not found in the denial"),
        "expedited_hours": f"{hours} hours" if hours else "72 hours",
        "appeal_to_name": _text(
            d.appeal_to.name or (f"{d.payer.name}, Appeals" if d.payer.name else None),
            f"Where to send the appeal: {_NOT_FOUND}",
        ),
        "appeal_to_address": _text(d.appeal_to.address, f"Appeals address: {_NOT_FOUND}"),
        "appeal_to_fax": _optional(d.appeal_to.fax, "Appeals fax"),
        "appeal_to_phone": _optional(d.appeal_to.phone, "Appeals phone"),
        "appeal_to_portal": _optional(d.appeal_to.portal, "Appeals portal"),
    }


def choice_values(c: AppealChoice) -> dict[str, Any]:
    """The appeal's step and requests as letter values (``choose_appeal``)."""
    p2p = c.peer_to_peer.due if c.peer_to_peer else None
    return {
        "step": c.step,
        "step_title": c.title,
        "step_recipient": c.recipient,
        "decider": c.decider,
        "final": c.final,
        "formulary_exception": c.formulary_exception,
        "continued_benefits": human_date(c.continued_benefits) if c.continued_benefits else Missing(""),
        "good_cause": c.good_cause,
        "late_days": str(c.late_days),
        "peer_to_peer_due": human_date(p2p) if p2p else Missing(""),
        **({"appeal_due": human_date(c.due)} if c.due else {}),
    }


def sender_values(settings: Settings, voice: str, denial: Denial | None = None) -> dict[str, Any]:
    """packet.toml's sender as letter text; an unset value is a blank naming the setting.

    In the patient's voice from a provider's workspace (packet.toml has an NPI: a clinic preparing a
    letter for the patient to sign), or with no sender set (a patient with no workspace), the member
    writes: their name from the denial, and blanks for their own address and phone, never the clinic's
    and never a packet.toml setting.
    """
    s = settings.sender
    if voice == "patient" and (s.npi or not s.name):
        name = _text(denial.member.name if denial else None, "Your name")
        address: str = blank("Your address")
        return {
            "sender_name": name,
            "sender_organization": Missing(blank("Organization")),
            "sender_npi": Missing(blank("NPI")),
            "sender_address": address,
            "sender_address_line": address,
            "sender_phone": blank("Your phone number"),
            "sender_fax": Missing(blank("Fax")),
            "sender_email": Missing(blank("Email")),
            "signature": name,
        }
    who = "Your name" if voice == "patient" else "Name of the physician signing"

    def need(value: str | None, key: str, what: str) -> str:
        return _text(value, f"{what}: set sender.{key} in packet.toml")

    name = need(s.name, "name", who)
    org = need(s.organization, "organization", "Practice name")
    npi = need(s.npi, "npi", "NPI")
    address = need(s.address, "address", "Address")
    if s.signature:
        signature = clean(s.signature)
    elif voice == "provider":
        signature = f"{name}\n{org}\nNPI {npi}"
    else:
        signature = name
    return {
        "sender_name": name,
        "sender_organization": org,
        "sender_npi": npi,
        "sender_address": address,
        "sender_address_line": ", ".join(x.strip() for x in address.splitlines() if x.strip()),
        "sender_phone": need(s.phone, "phone", "Phone"),
        "sender_fax": _optional(s.fax, "Fax"),
        "sender_email": _optional(s.email, "Email"),
        "signature": signature,
    }


def enclosure_lines(
    exhibits: list[Exhibit] | None, representative: str = "", extra: list[str] | None = None
) -> list[str]:
    """'Exhibit A: Notice of denial', then the records; a blank when there are no records yet, one for
    the representative's authorization when someone other than the member writes, and one for each
    enclosure the appeal's requests need (``extra``: the prescriber's statement, an authorization)."""
    lines = [f"{e.name}: {clean(e.title)}" for e in exhibits or []]
    if not lines:
        lines = [f"Exhibit A: {DENIAL_TITLE}"]
    if len(lines) == 1:
        lines.append(
            blank(
                "List the records you enclose (office notes, test results, letters); put them in the case's "
                "records/ folder and draft again to list them here"
            )
        )
    if representative:
        lines.append(blank(f"Signed authorization for {representative} to act for the member (the plan's "
                           "appointment-of-representative form)"))  # fmt: skip
    lines += [blank(e) for e in extra or []]
    return lines


def representative(denial: Denial, settings: Settings, voice: str) -> str:
    """The sender's name when someone other than the member writes in the patient's voice, else false."""
    sender, member = settings.sender.name, denial.member.name
    if voice != "patient" or not sender or not member or settings.sender.npi:
        return Missing("")

    def norm(name: str) -> str:
        return re.sub(r"[^a-z]", "", name.lower())

    return clean(sender) if norm(sender) != norm(member) else Missing("")


@functools.lru_cache(maxsize=4)
def load_arguments(path: Path | None = None) -> dict[str, dict[str, tuple[str, ...]]]:
    """arguments.toml, validated: every category, both voices, a list of strings each."""
    if path is None:
        text = resources.files("packet.draft").joinpath(ARGUMENTS_FILE).read_text(encoding="utf-8")
        where: str | Path = ARGUMENTS_FILE
    else:
        text, where = path.read_text(encoding="utf-8"), path
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise BadRulesError(where, f"not valid TOML ({e})") from e
    out: dict[str, dict[str, tuple[str, ...]]] = {}
    for category in CATEGORIES:
        table = raw.get(category)
        if not isinstance(table, dict):
            raise BadRulesError(where, f"no [{category}] table")
        out[category] = {}
        for voice in VOICES:
            paras = table.get(voice)
            if not isinstance(paras, list) or not paras or not all(isinstance(p, str) for p in paras):
                raise BadRulesError(where, f"[{category}] {voice} must be a list of paragraphs")
            out[category][voice] = tuple(paras)
    unknown = set(raw) - set(CATEGORIES)
    if unknown:
        raise BadRulesError(where, f"unknown category [{min(unknown)}]")
    return out


def build_context(
    denial: Denial,
    settings: Settings,
    *,
    voice: str,
    expedited: bool,
    exhibits: list[Exhibit] | None,
    today: date,
    render_text: Callable[[str, dict[str, Any]], str],
    choice: AppealChoice | None = None,
) -> dict[str, Any]:
    """Everything a template can print. ``render_text`` renders one argument paragraph (in the sandbox);
    ``choice`` is the appeal the letter asks for (default: ``choose_appeal`` on the denial)."""
    choice = choice or choose_appeal(denial, today)
    rep = representative(denial, settings, voice)
    extra = list(choice.enclosures)
    if choice.final and voice == "provider":
        extra.append("The patient's signed authorization for the provider to request this review for them")
    ctx: dict[str, Any] = {
        "today": human_date(today),
        "voice": voice,
        "expedited": expedited,
        **denial_values(denial),
        **sender_values(settings, voice, denial),
        **choice_values(choice),
        "representative": rep,
        "enclosures": enclosure_lines(exhibits, rep, extra),
        "blank": blank,
    }
    paragraphs = load_arguments()[ctx["category"]][voice]
    ctx["argument"] = [render_text(p, ctx) for p in paragraphs]
    return ctx
