"""The command line of drafting: 'packet draft' (PDF and case folder), 'packet templates list|check';
the built-in templates are what templates/make_templates.py makes; every sample denial drafts."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.enum.text import WD_COLOR_INDEX

from packet.cli import main
from packet.draft import draft_letter
from packet.draft.appeal import choose_appeal
from packet.draft.finder import TemplateFile, builtin_dir, list_templates
from packet.exceptions import ExitCode
from packet.extract import extract_file
from packet.settings import Settings
from samples.cases import SETTINGS
from samples.pdfmaker import text_pdf
from tests.helpers.drafting import ARGUES, all_text, make_draft_case, plain_template
from tests.helpers.paths import ROOT, SAMPLES

DENIAL_LINES = [
    "Granite State Health Benefits",
    "22 Market Street, Manchester, NH 03101",
    "January 12, 2026",
    "NOTICE OF DENIAL OF PRIOR AUTHORIZATION",
    "Member: Kevin O'Brien",
    "Member ID: GSH884120",
    "Reference number: 2026011200417",
    "Service requested: MRI lumbar spine without contrast (CPT 72148)",
    "Diagnosis: M54.50",
    (
        "Reason for denial: Not medically necessary. An MRI of the lumbar spine is not medically necessary "
        "before six weeks of conservative treatment."
    ),
    "You must file your appeal within 180 days after you receive this notice.",
    "Send your appeal to: Granite State Health Benefits, Appeals, 22 Market Street, Manchester, NH 03101.",
    "Fax: 603-555-0141",
]


def run(*args: str) -> object:
    return CliRunner().invoke(main, list(args))


def test_draft_a_pdf_writes_the_letter_beside_it(tmp_path: Path) -> None:
    pdf = text_pdf(tmp_path / "denial.pdf", [DENIAL_LINES])
    res = run("draft", str(pdf), "--today", "2026-01-20")
    assert res.exit_code == 0, res.output
    out = tmp_path / "denial.appeal.docx"
    assert res.stdout.strip() == str(out)
    assert "blanks to fill in" in res.stderr
    text = all_text(out.read_bytes())
    denial = extract_file(pdf)
    assert denial.reference and denial.reference in text
    assert f"\u201c{denial.denial.reason}\u201d" in text
    # a second run never overwrites what may hold the user's edits
    res2 = run("draft", str(pdf))
    assert res2.exit_code == 0 and res2.stdout.strip() == str(tmp_path / "denial.appeal.new.docx")
    assert "exists" in res2.stderr


def test_draft_a_pdf_with_options(tmp_path: Path) -> None:
    pdf = text_pdf(tmp_path / "denial.pdf", [DENIAL_LINES])
    rec = tmp_path / "recs"
    rec.mkdir()
    text_pdf(rec / "pt_notes.pdf", [["notes"]])
    out = tmp_path / "out.docx"
    res = run("draft", str(pdf), "-o", str(out), "--voice", "patient", "--expedited", "--records", str(rec))
    assert res.exit_code == 0, res.output
    text = all_text(out.read_bytes())
    assert "I am writing to appeal" in text and "EXPEDITED APPEAL" in text
    assert "Exhibit B: PT notes" in text


def test_draft_a_case_folder_uses_the_workspace(tmp_path: Path) -> None:
    case = make_draft_case(tmp_path)
    (tmp_path / "packet.toml").write_text('[sender]\nname = "Dr. Ann Lee"\norganization = "Lakeside Spine"\n')
    res = run("draft", str(case.folder), "--today", "2026-01-20")
    assert res.exit_code == 0, res.output
    assert res.stdout.strip() == str(case.folder / "letter.docx")
    text = all_text((case.folder / "letter.docx").read_bytes())
    assert "Lakeside Spine" in text and "step-therapy exception" in text
    assert json.loads((case.folder / "case.json").read_text())["case"]["state"] == "drafted"
    # by case id inside the workspace
    res = run("draft", case.folder.name, "-w", str(tmp_path), "--template", "peer-to-peer")
    assert res.exit_code == 0, res.output


def test_draft_errors_have_exit_codes(tmp_path: Path) -> None:
    res = run("draft", str(tmp_path / "nope.pdf"))
    assert res.exit_code == ExitCode.file_not_found and res.stderr.startswith("Error: nope.pdf: no such file")
    pdf = text_pdf(tmp_path / "denial.pdf", [DENIAL_LINES])
    bad = plain_template(tmp_path / "mine.docx", "Dear {{ member_name }", "ok")
    res = run("draft", str(pdf), "--template", str(bad), "-o", str(tmp_path / "x.docx"))
    assert res.exit_code == ExitCode.bad_template and "mine.docx: Jinja syntax error" in res.stderr
    assert not (tmp_path / "x.docx").exists()
    evil = plain_template(tmp_path / "evil.docx", "{{ ''.__class__.__mro__ }}")
    res = run("draft", str(pdf), "--template", str(evil), "-o", str(tmp_path / "x.docx"))
    assert (
        res.exit_code == ExitCode.bad_template
        and "Python internals" in res.stderr
        and "Traceback" not in res.output
    )
    res = run("draft", str(pdf), "--template", "nonesuch")
    assert res.exit_code == ExitCode.bad_template and "no such template" in res.stderr
    not_docx = tmp_path / "fake.docx"
    not_docx.write_bytes(b"hello")
    res = run("draft", str(pdf), "--template", str(not_docx))
    assert res.exit_code == ExitCode.damaged_docx
    res = run("draft", str(tmp_path))
    assert res.exit_code == ExitCode.case_not_found


def test_templates_list_shows_sources_and_overrides(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    plain_template(tmp_path / "templates" / "appeal-provider.docx", "Mine {{ member_name }}")
    plain_template(tmp_path / "templates" / "thank-you.docx", "Thanks {{ member_name }}")
    res = run("templates", "list", "-w", str(tmp_path))
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    mine = next(ln for ln in lines if "appeal-provider.docx" in ln)
    assert "workspace (overrides built-in)" in mine and str(tmp_path) in mine
    assert any(ln.startswith("thank-you") and "workspace" in ln for ln in lines)
    assert any(ln.startswith("peer-to-peer") and "built-in" in ln for ln in lines)
    assert str(builtin_dir() / "appeal-provider.docx") not in res.stdout  # overridden, so not offered


def test_templates_check(tmp_path: Path) -> None:
    for t in list_templates():
        res = run("templates", "check", str(t.path))
        assert res.exit_code == 0 and res.stdout.strip().endswith("left for the user to fill in)"), res.output
    bad = plain_template(
        tmp_path / "bad.docx", "Hi {{ member_name }}", "{% for e in enclosures %}{{ e }}", "{{ colour }}"
    )
    res = run("templates", "check", str(bad))
    assert res.exit_code == ExitCode.bad_template
    assert 'in the paragraph "{% for e in enclosures %}{{ e }}"' in res.stdout
    unknown = plain_template(tmp_path / "unknown.docx", "Hi {{ member_name }} {{ colour }} {{ sender.name }}")
    res = run("templates", "check", str(unknown))
    assert res.exit_code == 0
    assert "'colour' is not a value" in res.stdout and "'sender' is not a value" in res.stdout
    assert "'member_name'" not in res.stdout


def test_every_command_has_help() -> None:
    for args in (
        ["draft", "-h"],
        ["templates", "-h"],
        ["templates", "list", "-h"],
        ["templates", "check", "-h"],
    ):
        res = run(*args)
        assert res.exit_code == 0 and "Examples:" in res.stdout


def test_builtin_templates_are_what_the_generator_makes() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "templates" / "make_templates.py"), "--check"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    names = sorted(p.name for p in builtin_dir().glob("*.docx"))
    assert "appeal-provider.docx" in names and "fair-hearing-patient.docx" in names and len(names) == 10


BUILT_IN = list_templates()


@pytest.mark.parametrize("expedited", [False, True], ids=["standard", "expedited"])
@pytest.mark.parametrize("t", BUILT_IN, ids=[t.path.stem for t in BUILT_IN])
def test_built_in_templates_leave_no_tags_in_any_voice(t: TemplateFile, expedited: bool) -> None:
    from samples.cases import make_denial
    from tests.helpers.drafting import no_tags

    data = draft_letter(make_denial(), SETTINGS, template=t.path, voice=t.voice or None, expedited=expedited)
    no_tags(all_text(data))


SAMPLE_PDFS = sorted((SAMPLES / "denials").glob("*.pdf"))


@pytest.mark.parametrize("pdf", SAMPLE_PDFS, ids=[p.stem for p in SAMPLE_PDFS])
def test_every_sample_denial_drafts(pdf: Path) -> None:
    denial = extract_file(pdf)
    data = draft_letter(denial, Settings())
    d = docx.Document(io.BytesIO(data))
    text = all_text(data)
    assert "{{" not in text and "{%" not in text, pdf.name
    if denial.member.name:
        assert denial.member.name in text, pdf.name
    if denial.reference:
        assert denial.reference in text, pdf.name
    if denial.denial.reason:
        assert f"\u201c{denial.denial.reason}\u201d" in text, pdf.name
    category = denial.denial.category if denial.denial.category in ARGUES else "other"
    assert ARGUES[category] in text, (pdf.name, category)  # argues the category's case
    marks = [r.text for p in d.paragraphs for r in p.runs if r.font.highlight_color == WD_COLOR_INDEX.YELLOW]
    # a final denial gets the next level's letter (external review, fair hearing): it asks why the final
    # decision is wrong; a first appeal asks for the treatments tried
    final = choose_appeal(denial, date.today()).final
    first_blank = "[Explain why the" if final else "[Describe the treatments"
    assert any(m.startswith(first_blank) for m in marks), (pdf.name, final)


def test_readme_lists_every_value() -> None:
    from packet.draft.context import FIELDS

    readme = (ROOT / "templates" / "README.md").read_text(encoding="utf-8")
    for name in FIELDS:
        assert f"| `{name}` |" in readme, name


def test_check_a_damaged_template(tmp_path: Path) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    res = run("templates", "check", str(broken))
    assert res.exit_code == ExitCode.damaged_docx and res.stderr.startswith("Error: broken.docx:")
    res = run("templates", "check", str(tmp_path / "missing.docx"))
    assert res.exit_code == ExitCode.file_not_found


def test_a_pdf_drafted_in_a_workspace_assumes_its_default_plan_type_as_packet_run_does(
    tmp_path: Path,
) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "packet.toml").write_text('[defaults]\nplan_type = "erisa"\n')
    lines = [ln for ln in DENIAL_LINES if not (isinstance(ln, str) and ln.startswith("You must file"))]
    pdf = text_pdf(tmp_path / "denial.pdf", [lines])
    tpl = plain_template(tmp_path / "mine.docx", "Plan type: {{ plan_type }}. Appeal by {{ appeal_due }}.")
    out = tmp_path / "letter.docx"
    r = run("draft", str(pdf), "-w", str(ws), "--template", str(tpl), "-o", str(out), "--today", "2026-01-20")
    assert r.exit_code == 0, r.output
    expected = extract_file(pdf, default_plan_type="erisa")  # what 'packet run' would record
    assert expected.deadlines.appeal and expected.deadlines.appeal.due
    text = all_text(out.read_bytes())
    assert "Plan type: erisa." in text
    assert f"{expected.deadlines.appeal.due:%B} {expected.deadlines.appeal.due.day}, " in text
