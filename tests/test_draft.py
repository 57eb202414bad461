"""packet.draft: the appeal letter as a DOCX, for every denial category and both voices."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from docx.shared import Inches

from packet.case import load_case, read_history
from packet.draft import draft_case, draft_letter, render_draft
from packet.draft.context import load_arguments
from packet.exceptions import BadTemplateError, ExitCode, InvalidValueError
from packet.exhibits import list_exhibits
from packet.fsutil import sha256_file
from packet.model import (
    CATEGORIES,
    Denial,
    Source,
)
from packet.settings import Sender, Settings
from samples.cases import REASONS, SETTINGS, make_denial
from samples.pdfmaker import text_pdf
from tests.helpers.drafting import (
    ARGUES,
    all_text,
    highlighted,
    make_draft_case,
    no_tags,
    open_docx,
    plain_template,
)

TODAY = date(2026, 1, 20)


@pytest.mark.parametrize("voice", ["provider", "patient"])
@pytest.mark.parametrize("category", CATEGORIES)
def test_each_category_and_voice(category: str, voice: str) -> None:
    data = draft_letter(make_denial(category), SETTINGS, voice=voice, today=TODAY)
    text = all_text(data)
    no_tags(text)
    assert "Kevin O'Brien" in text and "GSH884120" in text and "2026011200417" in text
    assert f"\u201c{REASONS[category]}\u201d" in text  # quoted verbatim
    assert ARGUES[category] in text
    # the whole of the category's first argument paragraph, up to its first value
    first = re.split(r"\{[{%]", load_arguments()[category][voice][0])[0]
    assert first in text
    assert "January 12, 2026" in text and "January 20, 2026" in text  # dates as people write them
    assert "low back pain, unspecified (ICD-10-CM M54.50)" in text
    marks = highlighted(data)
    assert any(m.startswith("[Describe the treatments") for m in marks), marks
    assert all(m.startswith("[") and m.endswith("]") for m in marks)
    assert "Exhibit A: Notice of denial" in text
    assert "overturn its denial and approve MRI lumbar spine without contrast" in text


def test_voices_differ() -> None:
    prov = all_text(draft_letter(make_denial(), SETTINGS, voice="provider", today=TODAY))
    pat = all_text(draft_letter(make_denial(), SETTINGS, voice="patient", today=TODAY))
    assert "on behalf of my patient, Kevin O'Brien" in prov
    assert "I am writing to appeal" in pat and "my patient" not in pat


def test_voice_defaults_to_settings_and_is_checked() -> None:
    s = Settings(sender=SETTINGS.sender)
    s.defaults.voice = "patient"
    assert "I am writing to appeal" in all_text(draft_letter(make_denial(), s, today=TODAY))
    with pytest.raises(InvalidValueError):
        draft_letter(make_denial(), SETTINGS, voice="lawyer")


def test_missing_fields_are_highlighted_blanks_naming_them() -> None:
    d = Denial(source=Source("denial.pdf", "0" * 64, 1))
    data = draft_letter(d, Settings(), today=TODAY)
    marks = highlighted(data)
    for want in (
        "[Member name: not found in the denial]",
        "[Reference number: not found in the denial]",
        "[The plan's reason: not found in the denial; copy it word for word]",
        "[Service requested: not found in the denial]",
        "[Diagnosis and ICD-10-CM code: not found in the denial]",
        "[Name of the physician signing: set sender.name in packet.toml]",
        "[Phone: set sender.phone in packet.toml]",
    ):
        assert want in marks, want
    no_tags(all_text(data))
    # the unknown category argues the general case
    assert "[Answer the plan's stated reason directly" in all_text(data)


def test_settings_make_the_letterhead_and_signature() -> None:
    data = draft_letter(make_denial(), SETTINGS, today=TODAY)
    d = open_docx(data)
    head = "\n".join(p.text for p in d.sections[0].first_page_header.paragraphs)
    assert "Lakeside Spine Clinic" in head and "NPI 1234567893" in head
    assert "5 Lake Road, Concord, NH 03301" in head and "Fax 603-555-0101" in head
    body = all_text(data)
    assert "Dr. Ann Lee\nLakeside Spine Clinic\nNPI 1234567893" in body
    assert not any("packet.toml" in m for m in highlighted(data))


def test_denial_text_is_data_never_template_code() -> None:
    evil = "Denied {{ 7*7 }} {% for x in range(3) %}x{% endfor %} <w:p>&amp; & <b>{{ ''.__class__ }}"
    d = make_denial("other", denial__reason=evil, member__name="A {{ member_id }} <Ltd> & Co")
    data = draft_letter(d, SETTINGS, today=TODAY)
    text = all_text(data)
    assert f"\u201c{evil}\u201d" in text
    assert "A {{ member_id }} <Ltd> & Co" in text
    assert "49" not in text.replace("2026011200417", "")


def test_control_and_private_characters_in_denial_are_cleaned() -> None:
    d = make_denial("other", denial__reason="Denied\x00\x07 here \ue000not a blank\ue001.")
    data = draft_letter(d, SETTINGS, today=TODAY)
    assert "Denied   here  not a blank ." in all_text(data)
    assert "not a blank" not in " ".join(highlighted(data))


def test_sandbox_stops_a_template_reaching_python_internals(tmp_path: Path) -> None:
    t = plain_template(tmp_path / "evil.docx", "Hello {{ member_name }}", "{{ ''.__class__.__mro__ }}")
    with pytest.raises(BadTemplateError) as e:
        draft_letter(make_denial(), SETTINGS, template=t)
    assert "evil.docx" in str(e.value) and "Python internals" in str(e.value)
    t2 = plain_template(tmp_path / "evil2.docx", "{{ blank.__globals__ }}")
    with pytest.raises(BadTemplateError):
        draft_letter(make_denial(), SETTINGS, template=t2)


def test_template_syntax_error_names_the_paragraph(tmp_path: Path) -> None:
    t = plain_template(
        tmp_path / "mine.docx", "Dear {{ member_name }},", "Broken {% if expedited %} here", "End."
    )
    with pytest.raises(BadTemplateError) as e:
        draft_letter(make_denial(), SETTINGS, template=t)
    msg = str(e.value)
    assert (
        msg.startswith("mine.docx: Jinja syntax error")
        and 'paragraph "Broken {% if expedited %} here"' in msg
    )
    assert e.value.exit_code == ExitCode.bad_template


def test_unknown_name_in_a_user_template_is_a_visible_blank(tmp_path: Path) -> None:
    t = plain_template(tmp_path / "mine.docx", "Dear {{ member_name }}, {{ favourite_colour }}")
    data = draft_letter(make_denial(), SETTINGS, template=t)
    assert highlighted(data) == ["[favourite_colour: not provided by Appeal Packet]"]


def test_workspace_template_overrides_builtin(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    plain_template(tmp_path / "templates" / "appeal-provider.docx", "CUSTOM for {{ member_name }}")
    r = render_draft(make_denial(), SETTINGS, workspace=tmp_path, today=TODAY)
    assert r.template.source == "workspace"
    assert all_text(r.data).startswith("CUSTOM for Kevin O'Brien")
    # the patient voice still comes from the built-in
    r2 = render_draft(make_denial(), SETTINGS, workspace=tmp_path, voice="patient", today=TODAY)
    assert r2.template.source == "built-in" and r2.template.path.name == "appeal-patient.docx"


def test_unknown_template_name_lists_the_names() -> None:
    with pytest.raises(BadTemplateError) as e:
        draft_letter(make_denial(), SETTINGS, template="nonesuch")
    assert "peer-to-peer" in str(e.value) and "appeal" in str(e.value)


@pytest.mark.parametrize(
    "name,voice,phrase",
    [
        ("expedited-appeal", "provider", "I request an expedited (fast) appeal"),
        ("expedited-appeal", "patient", "I request an expedited (fast) appeal"),
        ("peer-to-peer", "provider", "Peer-to-peer review: preparation sheet"),
        ("medical-necessity", "provider", "Letter of medical necessity"),
        ("external-review", "provider", "independent external review"),
        ("external-review", "patient", "independent external review"),
    ],
)
def test_companion_templates(name: str, voice: str, phrase: str) -> None:
    r = render_draft(make_denial("step_therapy"), SETTINGS, template=name, voice=voice, today=TODAY)
    text = all_text(r.data)
    no_tags(text)
    assert phrase in text and "Kevin O'Brien" in text and "2026011200417" in text
    assert REASONS["step_therapy"] in text
    assert r.placeholders and not r.warnings


def test_provider_only_template_in_patient_voice_warns() -> None:
    r = render_draft(make_denial(), SETTINGS, template="peer-to-peer", voice="patient", today=TODAY)
    assert r.template.path.name == "peer-to-peer-provider.docx"
    assert r.warnings and "provider's voice" in r.warnings[0]


def test_expedited_asks_for_fast_review() -> None:
    text = all_text(draft_letter(make_denial(), SETTINGS, expedited=True, today=TODAY))
    assert "EXPEDITED APPEAL: URGENT REVIEW REQUESTED" in text
    assert "I request an expedited appeal, decided within 72 hours" in text
    plain = all_text(draft_letter(make_denial(), SETTINGS, today=TODAY))
    assert "EXPEDITED" not in plain and "Request for expedited review" not in plain


def test_enclosures_use_the_packet_exhibit_titles(tmp_path: Path) -> None:
    rec = tmp_path / "records"
    rec.mkdir()
    text_pdf(rec / "2026-01-05_pt_notes.pdf", [["PT notes"]])
    text_pdf(rec / "mri-report.pdf", [["MRI"]])
    data = draft_letter(make_denial(), SETTINGS, records_dir=rec, today=TODAY)
    text = all_text(data)
    for e in list_exhibits(rec, tmp_path / "denial.pdf"):
        assert f"{e.name}: {e.title}" in text
    assert "Exhibit B: PT notes, January 5, 2026" in text and "Exhibit C: MRI report" in text
    assert not any(m.startswith("[List the records") for m in highlighted(data))


def test_page_setup_font_and_a_footer_without_page_numbers() -> None:
    data = draft_letter(make_denial(), SETTINGS, today=TODAY)
    d = open_docx(data)
    s = d.sections[0]
    assert (s.page_width, s.page_height) == (Inches(8.5), Inches(11))
    assert all(m == Inches(1) for m in (s.left_margin, s.right_margin, s.top_margin, s.bottom_margin))
    assert d.styles["Normal"].font.name == "Times New Roman"
    footer_xml = s.footer._element.xml
    # member and reference only: the packet's stamp numbers every page, a second number would confuse
    assert "w:instr" not in footer_xml and "Reference 2026011200417" in footer_xml


def test_draft_case_writes_records_and_keeps_user_edits(tmp_path: Path) -> None:
    case = make_draft_case(tmp_path)
    (case.folder / "corrections.toml").write_text('[member]\nname = "Kevin P. O\'Brien"\n')
    case = load_case(case.folder)
    r = draft_case(case, SETTINGS, today=TODAY)
    assert r.path == case.folder / "letter.docx" and r.warnings == []
    assert r.template == "appeal-provider.docx (built-in)"
    assert any(p.startswith("[Describe the treatments") for p in r.placeholders)
    text = all_text(r.path.read_bytes())
    assert "Kevin P. O'Brien" in text  # the correction wins
    assert "Exhibit B: Office notes" in text
    assert r.path.stat().st_mode & 0o777 == 0o600
    again = load_case(case.folder)
    assert again.state == "drafted" and again.letter_sha256 == sha256_file(r.path)
    hist = read_history(case.folder)
    assert hist[-1]["action"] == "drafted" and hist[-1]["outputs"]["letter"]["file"] == "letter.docx"

    # drafting again over an untouched letter replaces it
    r2 = draft_case(load_case(case.folder), SETTINGS, voice="patient", today=TODAY)
    assert r2.path.name == "letter.docx" and not r2.warnings
    # the user edits letter.docx: the next draft goes beside it
    with open(r2.path, "ab") as f:
        f.write(b"\0")
    edited = sha256_file(r2.path)
    r3 = draft_case(load_case(case.folder), SETTINGS, today=TODAY)
    assert r3.path.name == "letter.new.docx" and "was edited" in r3.warnings[0]
    assert sha256_file(case.folder / "letter.docx") == edited
    assert load_case(case.folder).letter_sha256 != edited
    assert json.loads((case.folder / "case.json").read_text())["case"]["state"] == "drafted"


def test_draft_case_out_elsewhere(tmp_path: Path) -> None:
    case = make_draft_case(tmp_path)
    r = draft_case(case, SETTINGS, out=tmp_path / "copy.docx", today=TODAY)
    assert r.path == tmp_path / "copy.docx" and r.path.is_file()
    c = load_case(case.folder)
    assert c.letter_sha256 is None and c.state == "new"


def test_letter_converts_with_libreoffice(tmp_path: Path, need_tool) -> None:
    import subprocess

    from pypdf import PdfReader

    exe = need_tool("libreoffice")
    src = tmp_path / "letter.docx"
    src.write_bytes(draft_letter(make_denial("step_therapy"), SETTINGS, expedited=True, today=TODAY))
    profile = tmp_path / "profile"
    proc = subprocess.run(
        [exe, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(src)],
        check=False, capture_output=True, text=True, timeout=180,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    # LibreOffice's own start-up note about Java is about the installation, not the document
    doc_messages = [ln for ln in proc.stderr.splitlines() if ln.strip() and "javaldx" not in ln]
    assert not [ln for ln in doc_messages if re.search(r"(?i)warn|error", ln)], proc.stderr
    reader = PdfReader(str(tmp_path / "letter.pdf"))
    text = " ".join((p.extract_text() or "") for p in reader.pages)
    flat = re.sub(r"\s+", " ", text)
    assert "Kevin O'Brien" in flat and "2026011200417" in flat
    assert "try and fail methotrexate" in flat and "step-therapy exception" in flat
    assert "Reference 2026011200417" in flat and "Page 1 of" not in flat and "{{" not in flat
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_generated_letter_is_read_by_the_packet_builder_fallback(tmp_path: Path) -> None:
    """python-docx opens it and every paragraph is plain text (no field codes left as text)."""
    data = draft_letter(make_denial(), SETTINGS, today=TODAY)
    d = open_docx(data)
    assert len(d.paragraphs) > 30
    assert d.core_properties.title == "Appeal letter, written by the provider"
    shutil.rmtree(tmp_path, ignore_errors=True)


def test_patient_letter_prepared_by_a_clinic_is_signed_by_the_member() -> None:
    data = draft_letter(make_denial(), SETTINGS, voice="patient", today=TODAY)
    text = all_text(data)
    assert "I am writing to appeal" in text and "authorized representative" not in text
    head = "\n".join(p.text for p in open_docx(data).sections[0].first_page_header.paragraphs)
    assert "Kevin O'Brien" in head and "Lakeside" not in head and "603-555-0100" not in text
    assert "[Your address]" in head and "[Your phone number]" in highlighted(data)


def test_representative_writes_in_the_patient_voice() -> None:
    advocate = Settings(sender=Sender(name="Maria O'Brien", address="9 Elm St", phone="603-555-0199"))
    data = draft_letter(make_denial(), advocate, voice="patient", today=TODAY)
    text = all_text(data)
    assert "I am writing as the authorized representative of Kevin O'Brien" in text
    assert any(m.startswith("[Signed authorization for Maria O'Brien") for m in highlighted(data))
    # the member writing for themselves
    member = Settings(sender=Sender(name="Kevin O'Brien", address="9 Elm St", phone="603-555-0199"))
    text = all_text(draft_letter(make_denial(), member, voice="patient", today=TODAY))
    assert "I am writing to appeal" in text and "representative" not in text


@pytest.mark.parametrize("template", ["appeal", "expedited-appeal", "external-review"])
def test_a_representative_writes_as_one_in_every_patient_template(template: str) -> None:
    d = make_denial()
    rep = all_text(
        draft_letter(d, Settings(sender=Sender(name="Rosa Alvarez")), template=template, voice="patient")
    )
    assert f"authorized representative of {d.member.name}" in rep
    assert "appointment-of-representative" in rep  # the authorization is listed as an enclosure
    own = all_text(draft_letter(d, Settings(), template=template, voice="patient"))
    assert "authorized representative" not in own
    no_tags(rep)
    no_tags(own)
