"""The pre-send check: what stops a case from being ready to send.

    report = check_case(Path("cases/2026-01-12-ab12"), today=date(2026, 2, 1))
    report.ready            # False while anything blocks
    report.problems         # each with a code, a one-line message naming the fix, and whether it blocks

Blocking: blanks left in the letter; no address, fax or portal to send it to; no packet, or a packet older
than its letter, records or corrections; a filing deadline passed (unless the letter asks to accept it for
good cause); an expedited request on the cover but not in the letter, or the reverse; exhibits the letter
cites that the packet does not hold. Shown but not blocking: a deadline within 2 days (send it now, it is
ready) or unknown, and a medical-necessity case with no letter of medical necessity among its records.

``packet build`` runs the checks on what the packet holds (``check_inputs``, without the date): a packet
that is not ready carries "DRAFT - NOT READY TO SEND" on every page. ``packet submitted`` refuses a case
that is not ready unless forced.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from packet.case import CORRECTIONS_FILE, Case, load_case
from packet.exhibits import Exhibit, list_exhibits

DRAFT_MARK = "DRAFT - NOT READY TO SEND"
SOON_DAYS = 2
CLOSED_STATES = ("submitted", "decided")
LETTER_PDF = "letter.pdf"

# A blank left in a letter: the draft's [bracketed text] (highlighted in Word, or not any more).
_BRACKETED = re.compile(r"\[[A-Z][^\[\]\n]{5,}\]")
_EXHIBIT = re.compile(r"\bExhibit\s+([A-Z]{1,2})\b")
_EXPEDITED = re.compile(
    r"(?i)\b(request(?:s|ed)?|ask(?:s|ing)? for)\s+(?:an?\s+)?expedited\b|EXPEDITED APPEAL"
)
_GOOD_CAUSE = re.compile(r"(?i)\bgood cause\b")


@dataclass
class Problem:
    code: str  # "blanks", "no_recipient", "no_packet", "stale_packet", "deadline_passed", ...
    message: str  # one line: what is wrong and the fix
    blocking: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "blocking": self.blocking}


@dataclass
class CheckReport:
    case_id: str
    folder: Path
    state: str
    problems: list[Problem] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return not any(p.blocking for p in self.problems)

    @property
    def blocking(self) -> list[Problem]:
        return [p for p in self.problems if p.blocking]

    def to_dict(self) -> dict[str, Any]:
        return {
            "case": self.case_id,
            "state": self.state,
            "ready": self.ready,
            "problems": [p.to_dict() for p in self.problems],
        }

    def lines(self) -> list[str]:
        """'CASE: ready' or 'CASE: not ready', then one indented line per problem."""
        head = f"{self.case_id}: {'ready' if self.ready else 'NOT READY'}"
        if self.state in CLOSED_STATES:
            head += f" (already {self.state})"
        return [head] + [f"  {'-' if p.blocking else '~'} {p.message}" for p in self.problems]


# ---------------------------------------------------------------------------------------------------
# Reading the letter


@dataclass
class LetterText:
    path: Path | None
    text: str
    blanks: list[str]


def choose_letter(case: Case) -> Path | None:
    """letter.pdf when it is at least as new as letter.docx (what build uses), else letter.docx, else None."""
    pdf, docx = case.folder / LETTER_PDF, case.letter_docx
    if pdf.is_file() and (not docx.is_file() or pdf.stat().st_mtime >= docx.stat().st_mtime):
        return pdf
    return docx if docx.is_file() else None


def read_letter(path: Path | None) -> LetterText:
    """The letter's text and the blanks left in it (highlighted runs in a DOCX, [bracketed] text in both)."""
    if path is None:
        return LetterText(None, "", [])
    if path.suffix.lower() == ".pdf":
        from packet.build.citations import pdf_text

        text = pdf_text(path)
        highlighted: list[str] = []
    else:
        text, highlighted = _docx_text(path)
    blanks = list(dict.fromkeys([*highlighted, *_BRACKETED.findall(text)]))
    return LetterText(path, text, blanks)


def _docx_text(path: Path) -> tuple[str, list[str]]:
    """Every paragraph of the body, tables, headers and footers; and the highlighted stretches."""
    import docx
    from docx.oxml.ns import qn

    try:
        doc = docx.Document(str(path))
    except Exception:  # a damaged letter: build reports it properly; here it reads as empty
        return "", []
    roots = [doc.element.body]
    for s in doc.sections:
        roots += [hf._element for hf in (s.header, s.footer, s.first_page_header, s.first_page_footer)]
    paras, marked = [], []
    for root in roots:
        for p in root.iter(qn("w:p")):
            parts, run_text = [], []
            for r in p.iter(qn("w:r")):
                t = "".join(x.text or "" for x in r.iter(qn("w:t")))
                parts.append(t)
                hl = r.find(f"{qn('w:rPr')}/{qn('w:highlight')}")
                if hl is not None and hl.get(qn("w:val")) not in (None, "none") and t:
                    run_text.append(t)
                elif run_text:
                    marked.append("".join(run_text))
                    run_text = []
            if run_text:
                marked.append("".join(run_text))
            paras.append("".join(parts))
    blanks = [m.strip() for m in marked if m.strip().startswith("[")]
    return "\n".join(paras), blanks


# ---------------------------------------------------------------------------------------------------
# The checks


def _deadline(case: Case, letter: LetterText, today: date) -> list[Problem]:
    from packet.draft.appeal import current_level

    level, due = current_level(case.denial, case.extra.get("level"))
    step = level.replace("_", " ")
    if due is None:
        return [
            Problem(
                "deadline_unknown",
                f"no {step} deadline is known: check the letter and set it with "
                f"'packet set {case.id} deadlines.appeal.due=YYYY-MM-DD'",
                blocking=False,
            )
        ]
    left = (due - today).days
    if left < 0:
        if _GOOD_CAUSE.search(letter.text):
            return [
                Problem(
                    "deadline_passed",
                    f"the {step} deadline passed on {due.isoformat()} ({-left} days "
                    "ago); the letter asks to accept it for good cause",
                    blocking=False,
                )
            ]
        return [
            Problem(
                "deadline_passed",
                f"the {step} deadline passed on {due.isoformat()} ({-left} days "
                f"ago): draft again ('packet draft {case.folder}') for a good-cause paragraph, or check the "
                "date",
            )
        ]
    if left <= SOON_DAYS:
        when = "today" if left == 0 else ("tomorrow" if left == 1 else f"in {left} days")
        return [
            Problem(
                "deadline_soon",
                f"the {step} is due {when} ({due.isoformat()}): send it now, by fax or portal",
                blocking=False,
            )
        ]
    return []


def _peer_to_peer(case: Case, today: date) -> list[Problem]:
    """The peer-to-peer review the denial offers, while its window is open (shown, never blocking)."""
    from packet.draft.appeal import choose_appeal

    p2p = choose_appeal(case.denial, today, opened=case.extra.get("level")).peer_to_peer
    if p2p is None or p2p.due is None or p2p.due < today:
        return []
    return [
        Problem(
            "peer_to_peer",
            f"the plan offers a peer-to-peer review until {p2p.due.isoformat()}: 'packet draft "
            f"{case.folder} --template peer-to-peer -o peer-to-peer.docx' gives a preparation sheet",
            blocking=False,
        )
    ]


def _letter_problems(case: Case, letter: LetterText, expedited_cover: bool | None) -> list[Problem]:
    out: list[Problem] = []
    if letter.path is None:
        return [Problem("no_letter", f"no letter yet: run 'packet draft {case.folder}'")]
    if letter.blanks:
        shown = "; ".join(b[:60] + ("..." if len(b) > 60 else "") for b in letter.blanks[:3])
        more = f" and {len(letter.blanks) - 3} more" if len(letter.blanks) > 3 else ""
        n = len(letter.blanks)
        out.append(
            Problem(
                "blanks", f"{letter.path.name} has {n} blank{'s' if n != 1 else ''} to fill in: {shown}{more}"
            )
        )
    if expedited_cover is not None:
        in_letter = bool(_EXPEDITED.search(letter.text))
        if expedited_cover and not in_letter:
            out.append(
                Problem(
                    "expedited_mismatch",
                    "the cover says EXPEDITED REVIEW REQUESTED but the letter "
                    f"asks for no expedited review: draft again with 'packet draft {case.folder} "
                    "--expedited', or build without --expedited",
                )
            )
        elif in_letter and not expedited_cover:
            out.append(
                Problem(
                    "expedited_mismatch",
                    "the letter asks for an expedited review but the cover "
                    f"does not: build with 'packet build {case.folder} --expedited'",
                )
            )
    return out


def _recipient(case: Case) -> list[Problem]:
    a = case.denial.appeal_to
    if a.address or a.fax or a.portal:
        return []
    return [
        Problem(
            "no_recipient",
            "no address, fax or portal to send the appeal to: set one with "
            f"'packet set {case.id} appeal_to.fax=...' (or appeal_to.address=...)",
        )
    ]


def _exhibits(letter: LetterText, exhibits: list[Exhibit]) -> list[Problem]:
    cited = set(_EXHIBIT.findall(letter.text))
    missing = sorted(cited - {e.label for e in exhibits}, key=lambda x: (len(x), x))
    if not missing:
        return []
    names = ", ".join(f"Exhibit {x}" for x in missing)
    return [
        Problem(
            "missing_exhibit",
            f"the letter cites {names} but the packet has no such exhibit: put the "
            "record in records/ or take the citation out",
        )
    ]


def _medical_necessity(case: Case, exhibits: list[Exhibit]) -> list[Problem]:
    from packet.draft.appeal import load_appeal_rules, needs_medical_necessity_letter

    names = [n for e in exhibits[1:] for n in (e.path.name, e.title)]
    if not needs_medical_necessity_letter(case.denial, names):
        return []
    lmn = load_appeal_rules().lmn_file
    return [
        Problem(
            "no_medical_necessity_letter",
            "no letter of medical necessity among the records: have the physician complete and sign "
            f"{lmn} ('packet draft {case.folder}' makes it beside the letter) and put it in records/",
            blocking=False,
        )
    ]


def _packet_paths(case: Case) -> list[Path]:
    outputs = (case.extra.get("build") or {}).get("outputs") or []
    paths = [p if p.is_absolute() else case.folder / p for p in (Path(o) for o in outputs)]
    return paths or [case.packet_pdf]


def _freshness(case: Case, letter: Path, exhibits: list[Exhibit]) -> list[Problem]:
    packets = _packet_paths(case)
    if not all(p.is_file() for p in packets):
        return [Problem("no_packet", f"no packet yet: run 'packet build {case.folder}'")]
    built = min(p.stat().st_mtime for p in packets)
    inputs = [
        letter,
        case.denial_pdf,
        case.folder / CORRECTIONS_FILE,
        *(e.path for e in exhibits),
        case.records_dir / "exhibits.toml",
    ]
    newer = [p for p in inputs if p.is_file() and p.stat().st_mtime > built]
    if not newer:
        return []
    names = ", ".join(dict.fromkeys(p.name for p in newer))
    return [
        Problem(
            "stale_packet", f"{packets[0].name} is older than {names}: run 'packet build {case.folder}' again"
        )
    ]


def check_inputs(
    case: Case, letter_path: Path | None, exhibits: list[Exhibit], expedited: bool | None, today: date | None
) -> CheckReport:
    """Everything but the packet's own freshness: what ``packet build`` checks before it builds. Build
    passes no ``today``: what the packet holds decides its mark, not the day it is built (the same inputs
    give the same file); the deadline is ``packet check``'s and ``packet submitted``'s."""
    letter = read_letter(letter_path)
    report = CheckReport(case.id, case.folder, case.state)
    report.problems += _letter_problems(case, letter, expedited)
    report.problems += _recipient(case)
    report.problems += _exhibits(letter, exhibits)
    if today is not None and case.state not in CLOSED_STATES:
        report.problems += _deadline(case, letter, today)
        report.problems += _peer_to_peer(case, today)
    report.problems += _medical_necessity(case, exhibits)
    return report


def check_case(folder: str | Path, today: date | None = None) -> CheckReport:
    """The pre-send check of one case folder (its last build's --expedited is the cover's)."""
    case = load_case(folder)
    letter_path = choose_letter(case)
    exhibits = list_exhibits(case.records_dir, case.denial_pdf) if case.denial_pdf.is_file() else []
    build = case.extra.get("build") or {}
    expedited = bool((build.get("options") or {}).get("expedited")) if build else None
    report = check_inputs(case, letter_path, exhibits, expedited, today or date.today())
    if letter_path is not None:
        report.problems[0:0] = _freshness(case, letter_path, exhibits)
    return report


def check_workspace(workspace: Path, today: date | None = None, *, closed: bool = False) -> list[CheckReport]:
    """Every case of the workspace (open ones; ``closed`` adds those already submitted or decided)."""
    from packet.workspace import case_folders

    out = []
    for folder in case_folders(workspace):
        report = check_case(folder, today)
        if closed or report.state not in CLOSED_STATES:
            out.append(report)
    return out
