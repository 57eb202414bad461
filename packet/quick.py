"""A packet straight from a denial PDF and a few records, with no workspace: for a patient with one letter.

    result = build_from_pdf(Path("denial.pdf"), [Path("notes.pdf")], out=Path("packet.pdf"))

The letter is the one beside the denial when there is one (``DENIAL.appeal.docx`` from 'packet draft
denial.pdf', or ``DENIAL.appeal.pdf`` exported from it), else ``letter`` when given, else a fresh draft.
The denial is read, a case is made in a private temporary folder (the records copied in, in the order
given), built, and only the packet is written to ``out``. A letter with blanks left gives a packet marked
"DRAFT - NOT READY TO SEND", as in a workspace.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import date
from pathlib import Path

from packet.build import BuildOptions, BuildResult, build_packet
from packet.case import DENIAL_FILE, LETTER_FILE, Case, save_case
from packet.exceptions import FileNotFoundInputError, InvalidValueError
from packet.settings import load_settings

__all__ = ["build_from_pdf", "letter_beside"]


def letter_beside(pdf: Path) -> Path | None:
    """The letter 'packet draft DENIAL.pdf' wrote beside it (its PDF export when that is newer)."""
    docx, exported = pdf.with_name(f"{pdf.stem}.appeal.docx"), pdf.with_name(f"{pdf.stem}.appeal.pdf")
    if exported.is_file() and (not docx.is_file() or exported.stat().st_mtime >= docx.stat().st_mtime):
        return exported
    return docx if docx.is_file() else None


def build_from_pdf(
    denial_pdf: Path,
    records: list[Path],
    out: Path,
    *,
    letter: Path | None = None,
    voice: str | None = None,
    expedited: bool = False,
    workspace: Path | None = None,
    today: date | None = None,
) -> BuildResult:
    """Build ``out`` from ``denial_pdf``, ``records`` (in that order) and the letter (see the module)."""
    from packet.draft import draft_case
    from packet.extract import extract_file

    for p in [denial_pdf, *records, *([letter] if letter else [])]:
        if not Path(p).is_file():
            raise FileNotFoundInputError(p)
    if out.suffix.lower() != ".pdf":
        raise InvalidValueError(f"-o {out}: give the packet's file name ending in .pdf")
    settings = load_settings(workspace)
    denial = extract_file(denial_pdf, today=today, default_plan_type=settings.defaults.plan_type)
    letter = letter or letter_beside(denial_pdf)
    with tempfile.TemporaryDirectory(prefix="packet-quick-") as tmp:
        folder = Path(tmp) / "cases" / "case"
        (folder / "records").mkdir(parents=True, mode=0o700)
        shutil.copyfile(denial_pdf, folder / DENIAL_FILE)
        for n, rec in enumerate(records, 1):  # numbered so the exhibits keep the order given
            shutil.copyfile(rec, folder / "records" / f"{n:02d}-{rec.name}")
        case = Case("case", folder, denial, denial, state="new")
        save_case(case)
        if letter is not None:
            name = LETTER_FILE if letter.suffix.lower() == ".docx" else "letter.pdf"
            shutil.copyfile(letter, folder / name)
        else:
            draft_case(case, settings, voice=voice, expedited=expedited, workspace=workspace, today=today)
        return build_packet(folder, BuildOptions(output=out, expedited=expedited), workspace=workspace)
