"""The exhibits of an appeal packet: the denial letter (always Exhibit A), then the case's records.

``list_exhibits(records_dir, denial_pdf)`` is the one list both the letter's enclosure list and the packet
use, so their labels and titles always agree. Order and titles come from ``records/exhibits.toml`` when
there is one::

    # records/exhibits.toml: order and titles of the exhibits (files not listed follow, by file name)
    [[exhibit]]
    file = "2026-01-05_pt_notes.pdf"
    title = "Physical therapy notes, January 5, 2026"

    [[exhibit]]
    file = "mri_report.pdf"          # no title: made from the file name ("MRI report")

Without it, records are ordered by file name and titled from their names made readable
("2026-01-05_pt_notes.pdf" -> "PT notes, January 5, 2026"). Junk files (dotfiles, ``Thumbs.db``, Office
lock files ``~$*``, partial downloads) are ignored; any other unsupported file is an error naming it.
"""

from __future__ import annotations

import logging
import re
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from packet.exceptions import BadRecordError, DamagedDocxError
from packet.fsutil import is_junk_name

log = logging.getLogger("packet.exhibits")

EXHIBITS_FILE = "exhibits.toml"
DENIAL_TITLE = "Notice of denial"

# Suffix -> kind.
KINDS: dict[str, str] = {
    ".pdf": "pdf",
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".tif": "tiff",
    ".tiff": "tiff",
    ".docx": "docx",
}
ACCEPTED = "PDF, PNG, JPEG, TIFF or DOCX"


# What the first bytes of each kind look like (a renamed file is caught before it reaches the builder).
# Images are opened by their content, so a JPEG named .png is fine; a PDF named .png is not.
_IMAGES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")
_MAGIC: dict[str, tuple[bytes, ...]] = {"image": _IMAGES, "tiff": _IMAGES, "docx": (b"PK\x03\x04",)}

# Words written in capitals (or their own way) in readable titles.
_WORDS: dict[str, str] = {
    w.lower(): w
    for w in [
        "PT",
        "OT",
        "SLP",
        "MRI",
        "CT",
        "PET",
        "EKG",
        "ECG",
        "EEG",
        "EMG",
        "ER",
        "ICU",
        "PCP",
        "DME",
        "LMN",
        "CBC",
        "BMP",
        "CMP",
        "A1C",
        "HbA1c",
        "X-ray",
        "CPT",
        "ICD",
        "HCPCS",
        "NPI",
        "MD",
        "DO",
        "NP",
        "PA",
        "RN",
        "DOB",
        "SOAP",
        "HPI",
        "ID",
        "PHQ-9",
        "GAF",
        "ADHD",
        "COPD",
        "CHF",
        "BMI",
    ]
}
_WORDS["xray"] = "X-ray"

_DATE_PATTERNS = (
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)[-_. ]?(?P<m>[01]\d)[-_. ]?(?P<d>[0-3]\d)(?!\d)"),
    re.compile(r"(?<!\d)(?P<m>[01]?\d)[-_.](?P<d>[0-3]?\d)[-_.](?P<y>(?:19|20)\d\d)(?!\d)"),
)

# A year and month with no day ("notes-2025-12"): printed "December 2025", never "2025 12".
_MONTH_PATTERN = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)[-_.](?P<m>0[1-9]|1[0-2])(?![-_.]?\d)")


@dataclass
class Exhibit:
    label: str  # "A", "B", ... (Exhibit A is always the denial letter itself)
    title: str  # what the attachment index and the letter's enclosure list print
    path: Path
    kind: str  # "pdf" | "image" | "tiff" | "docx"

    @property
    def name(self) -> str:
        """``Exhibit B``."""
        return f"Exhibit {self.label}"


def exhibit_label(index: int) -> str:
    """0 -> "A", 25 -> "Z", 26 -> "AA", 27 -> "AB", ..."""
    out = ""
    n = index + 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(ord("A") + r) + out
    return out


def is_junk(path: Path) -> bool:
    """Files a records folder collects without anyone meaning them as records: the inbox's junk filter
    (``fsutil.is_junk_name``), the exhibit list itself, and anything that is not a file."""
    return is_junk_name(path.name) or path.name.lower() == EXHIBITS_FILE or not path.is_file()


def record_kind(path: Path) -> str:
    """The kind of a record file, or ``BadRecordError`` naming what is accepted."""
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        what = f"'{path.suffix}' files are not accepted" if path.suffix else "a file without an extension"
        raise BadRecordError(
            path, f"{what} as records", f"save it as {ACCEPTED} (or remove it from records/)"
        )
    _check_content(path, kind)
    return kind


def _check_content(path: Path, kind: str) -> None:
    try:
        with open(path, "rb") as f:
            head = f.read(1024)
    except OSError as e:
        raise BadRecordError(path, f"cannot be read ({e.strerror})", "check its permissions") from e
    if not head:
        raise BadRecordError(path, "the file is empty (0 bytes)", "save it again or remove it from records/")
    ok = b"%PDF-" in head if kind == "pdf" else head.startswith(_MAGIC[kind])
    if not ok and kind == "docx":
        raise DamagedDocxError(path, "not a Word document (not a zip file)")
    if not ok:
        raise BadRecordError(
            path,
            f"the name says {path.suffix.lstrip('.').upper()} but the content is not",
            f"open it and save or export it again as {ACCEPTED}",
        )


def readable_title(filename: str) -> str:
    """A title a reviewer can read, from a file name.

    >>> readable_title("2026-01-05_pt_notes.pdf")
    'PT notes, January 5, 2026'
    >>> readable_title("mri-report.pdf")
    'MRI report'
    """
    stem = Path(filename).stem
    when: date | None = None
    for pat in _DATE_PATTERNS:
        m = pat.search(stem)
        if not m:
            continue
        try:
            when = date(int(m["y"]), int(m["m"]), int(m["d"]))
        except ValueError:
            continue
        stem = stem[: m.start()] + " " + stem[m.end() :]
        break
    month: str | None = None
    m = _MONTH_PATTERN.search(stem) if when is None else None
    if m:
        month = f"{date(int(m['y']), int(m['m']), 1):%B} {m['y']}"
        stem = stem[: m.start()] + " " + stem[m.end() :]
    words = [w for w in re.split(r"[\s_.]+|(?<!x)-(?!ray)", stem, flags=re.IGNORECASE) if w]
    out = []
    for i, w in enumerate(words):
        known = _WORDS.get(w.lower())
        if known:
            out.append(known)
        elif (w.isupper() and len(w) > 1) or any(c.isupper() for c in w[1:]):
            out.append(w)  # the user's own capitals (acronyms, names)
        else:
            out.append(w.capitalize() if i == 0 else w.lower())
    text = " ".join(out)
    if when is None and month is not None:  # "office-notes-2025-12": a month, not two numbers
        return f"{text}, {month}" if text else f"Records of {month}"
    if when is None:
        return text or Path(filename).name
    day = f"{when:%B} {when.day}, {when.year}"
    return f"{text}, {day}" if text else f"Record dated {day}"


def _read_config(records_dir: Path) -> list[tuple[str, str | None]]:
    """``exhibits.toml`` as [(file name, title or None)], validated."""
    path = records_dir / EXHIBITS_FILE
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise BadRecordError(path, f"not valid TOML ({e})", 'fix the syntax: [[exhibit]] file = "..."') from e
    unknown = set(raw) - {"exhibit"}
    if unknown:
        raise BadRecordError(path, f"unknown key '{min(unknown)}'", "use only [[exhibit]] tables")
    entries = raw.get("exhibit", [])
    if not isinstance(entries, list):
        raise BadRecordError(path, "'exhibit' must be a list of tables", "write each one as [[exhibit]]")
    out: list[tuple[str, str | None]] = []
    seen: set[str] = set()
    for n, entry in enumerate(entries, 1):
        where = f"exhibit {n}"
        if not isinstance(entry, dict):
            raise BadRecordError(path, f"{where} is not a table", "write each one as [[exhibit]]")
        extra = set(entry) - {"file", "title"}
        if extra:
            raise BadRecordError(path, f"{where} has unknown key '{min(extra)}'", "use only file and title")
        name, title = entry.get("file"), entry.get("title")
        if not isinstance(name, str) or not name.strip():
            raise BadRecordError(path, f'{where} has no file = "..."', "name a file in records/")
        if title is not None and (not isinstance(title, str) or not title.strip()):
            raise BadRecordError(
                path, f"{where} ({name}) has an empty title", "write a title or remove the line"
            )
        if "/" in name or "\\" in name or not (records_dir / name).is_file():
            raise BadRecordError(
                path,
                f"{where} names '{name}', which is not in records/",
                "fix the file name or remove the entry",
            )
        if name in seen:
            raise BadRecordError(path, f"'{name}' is listed twice", "list each file once")
        seen.add(name)
        out.append((name, title.strip() if isinstance(title, str) else None))
    return out


def list_exhibits(records_dir: Path, denial_pdf: Path | None = None) -> list[Exhibit]:
    """The packet's exhibits in order: the denial letter (Exhibit A) when given, then the records.

    Records are labelled from "B" on whether or not ``denial_pdf`` is given, so that the labels a letter
    cites are the labels the packet prints. A missing records folder means no records.
    """
    records_dir = Path(records_dir)
    out: list[Exhibit] = []
    if denial_pdf is not None:
        out.append(Exhibit("A", DENIAL_TITLE, Path(denial_pdf), "pdf"))
    files = (
        sorted((p for p in records_dir.iterdir() if not is_junk(p)), key=lambda p: p.name)
        if (records_dir.is_dir())
        else []
    )
    if records_dir.is_dir():
        for sub in sorted(p for p in records_dir.iterdir() if p.is_dir() and not p.name.startswith(".")):
            log.warning(
                "records/%s/ is a folder: its files are not exhibits; move them into records/", sub.name
            )
    titles: dict[str, str | None] = {}
    if (records_dir / EXHIBITS_FILE).is_file():
        listed = _read_config(records_dir)
        titles = dict(listed)
        order = {name: i for i, (name, _) in enumerate(listed)}
        files.sort(key=lambda p: (order.get(p.name, len(order)), p.name))
    # Files all numbered to set their order ("01-notes.pdf", "02-mri.pdf"): the number is not the title.
    numbered = len(files) > 1 and all(_ORDER_PREFIX.match(p.stem) for p in files)
    for i, path in enumerate(files):
        kind = record_kind(path)
        name = _ORDER_PREFIX.sub("", path.stem) + path.suffix if numbered else path.name
        title = titles.get(path.name) or readable_title(name)
        out.append(Exhibit(exhibit_label(i + 1), title, path, kind))
    return out


# "01-", "2_", "010 ": a number that orders a file, followed by a name that starts with a letter.
_ORDER_PREFIX = re.compile(r"^\d{1,3}[\s_.-]+(?=[^\W\d_])")
