"""A workspace: the folder a practice (or a patient) keeps its appeals in.

packet.toml    who sends the appeals, defaults, privacy (commented; see ``packet.settings``)
inbox/         drop denial letters here; ``packet run`` or ``packet watch`` turns each into a case
inbox/failed/      letters that could not be read, each with ``<name>.error.txt`` (the reason and the fix)
inbox/duplicates/  letters already in a case (same SHA-256)
cases/         one folder per denial (see ``packet.case``)
templates/     the practice's own letter templates

ws = init_workspace(Path("~/appeals").expanduser())
with workspace_lock(ws):          # one 'packet run' or 'packet watch' at a time
    ...

``Workspace`` owns the layout, the settings (packet.toml, read once) and the one rule for finding a
workspace: the folder given, else the case's own, else the current folder or its nearest parent with
packet.toml::

    ws = Workspace.find()                       # or Workspace.find(path), Workspace.find(case=folder)
    ws.settings.defaults.plan_type; ws.inbox; ws.cases; ws.case_folders(); ws.resolve_case("GSH-0117")
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from packet.exceptions import (
    CaseNotFoundError,
    NotAWorkspaceError,
    OutputError,
    WorkspaceLockedError,
    escape_controls,
)
from packet.fsutil import _explain, is_junk_name, make_private_dir, write_text_atomic
from packet.settings import SETTINGS_FILE, Settings, load_settings

CASES_DIR = "cases"
CASE_FILE = "case.json"  # a folder holding one is a case (packet.case writes it)
INBOX_DIR = "inbox"
FAILED_DIR = "failed"
DUPLICATES_DIR = "duplicates"
TEMPLATES_DIR = "templates"
LOCK_FILE = ".packet.lock"
MAX_ID_LENGTH = 64
WINDOWS_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(10)),
    *(f"lpt{i}" for i in range(10)),
}


PACKET_TOML = """\
# Appeal Packet workspace settings. Lines starting with '#' are comments: remove the '#' and fill in a
# value to use it. An empty or missing value shows as a visible [placeholder] in the letter.

[sender]
# Who signs and sends the appeals (the practice, or the patient writing for themselves).
{sender}

[defaults]
# The plan type to assume when a letter does not say (it decides which regulation fills in a deadline
# the letter leaves out): commercial, erisa, medicare_advantage, medicare_part_d, medicaid, tricare, fehb.
# plan_type = "commercial"
# Whose voice the letter is written in: "provider" (the practice appeals) or "patient".
voice = "provider"

[privacy]
# Modes of everything the tool creates: owner-only by default. Letters hold health information.
file_mode = 0o600
dir_mode = 0o700
"""

SENDER_KEYS = (
    ("name", "Dr. Jane Doe"),
    ("organization", "Example Family Practice"),
    ("npi", "1234567893"),
    ("address", "1 Main Street, Springfield, ST 00000"),
    ("phone", "555-555-0100"),
    ("fax", "555-555-0101"),
    ("email", "appeals@example.org"),
    ("signature", "Jane Doe, MD"),
)


@dataclasses.dataclass(frozen=True)
class Workspace:
    """A workspace folder, its settings (packet.toml, read once) and its layout."""

    root: Path
    settings: Settings

    @classmethod
    def at(cls, root: str | Path) -> Workspace:
        """The workspace at ``root`` (packet.toml read now: a broken one is reported here)."""
        return cls(Path(root), load_settings(root))

    @classmethod
    def find(cls, path: str | Path | None = None, *, case: str | Path | None = None) -> Workspace:
        """The one rule: ``path`` when given (it must hold packet.toml); else the workspace ``case`` (a
        case folder) belongs to; else the current folder or its nearest parent with packet.toml. Raises
        ``NotAWorkspaceError`` when there is none."""
        found = cls.find_or_none(path, case=case)
        if found is None:
            raise NotAWorkspaceError(Path(path) if path is not None else Path.cwd())
        return found

    @classmethod
    def find_or_none(
        cls, path: str | Path | None = None, *, case: str | Path | None = None
    ) -> Workspace | None:
        """``find``, or None where there is no workspace (a letter drafted on its own)."""
        if path is not None:
            if not (Path(path) / SETTINGS_FILE).is_file():
                raise NotAWorkspaceError(Path(path))
            return cls.at(path)
        if case is not None and (ws := cls.of_case(case)) is not None:
            return ws
        here = Path.cwd()
        for folder in (here, *here.parents):
            if (folder / SETTINGS_FILE).is_file():
                return cls.at(folder)
        return None

    @classmethod
    def of_case(cls, folder: str | Path) -> Workspace | None:
        """The workspace of WORKSPACE/cases/<id> (a relative path too), when it has packet.toml."""
        resolved = Path(folder).resolve()
        root = resolved.parent.parent
        if resolved.parent.name == CASES_DIR and (root / SETTINGS_FILE).is_file():
            return cls.at(root)
        return None

    @property
    def inbox(self) -> Path:
        return self.root / INBOX_DIR

    @property
    def failed(self) -> Path:
        return self.root / INBOX_DIR / FAILED_DIR

    @property
    def duplicates(self) -> Path:
        return self.root / INBOX_DIR / DUPLICATES_DIR

    @property
    def cases(self) -> Path:
        return self.root / CASES_DIR

    @property
    def templates(self) -> Path:
        return self.root / TEMPLATES_DIR

    def case_folders(self) -> list[Path]:
        """Every case folder (one holding case.json) in cases/, by name."""
        return case_folders(self.root)

    def resolve_case(self, case: str | Path) -> Path:
        """A case folder from a path (``cases/2026-01-12-ab12``) or a case id in this workspace."""
        as_path = Path(case)
        if (as_path / CASE_FILE).is_file():
            return as_path
        if len(as_path.parts) == 1 and (self.cases / as_path.name / CASE_FILE).is_file():
            return self.cases / as_path.name
        raise CaseNotFoundError(str(case))


def case_folders(root: Path) -> list[Path]:
    """Every case folder (one holding case.json) in ROOT/cases/, by name (without reading packet.toml)."""
    cases = Path(root) / CASES_DIR
    if not cases.is_dir():
        return []
    return sorted(p for p in cases.iterdir() if (p / CASE_FILE).is_file())


def packet_toml(sender: dict[str, str] | None = None) -> str:
    """The text of a new ``packet.toml``: every sender line commented out, unless ``sender`` fills it in."""
    import json

    lines = []
    for key, example in SENDER_KEYS:
        if sender and sender.get(key):
            lines.append(f"{key} = {json.dumps(sender[key], ensure_ascii=False)}")
        else:
            lines.append(f"# {key} = {json.dumps(example)}")
    return PACKET_TOML.format(sender="\n".join(lines))


def init_workspace(path: str | Path, sender: dict[str, str] | None = None) -> Path:
    """Make ``path`` a workspace: packet.toml (kept when it is already there), inbox/, cases/, templates/.

    Running it again on a workspace changes nothing that is there; it only adds what is missing.
    """
    ws = Path(path)
    make_private_dir(ws)
    toml = ws / SETTINGS_FILE
    if not toml.exists():
        write_text_atomic(toml, packet_toml(sender))
    privacy = load_settings(ws).privacy  # a broken packet.toml is reported here, not at the first run
    for sub in (INBOX_DIR, CASES_DIR, TEMPLATES_DIR):
        make_private_dir(ws / sub, privacy.dir_mode)
    return ws


@contextlib.contextmanager
def workspace_lock(workspace: Path) -> Iterator[None]:
    """Hold the workspace's lock (``fcntl.flock`` on ``.packet.lock``) or raise ``WorkspaceLockedError``.

    The lock belongs to the open file, so it goes away with the process, however it ends (even SIGKILL):
    there is never a stale lock to remove by hand.
    """
    path = workspace / LOCK_FILE
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, load_settings(workspace).privacy.file_mode)
    except OSError as e:
        raise OutputError(path, _explain(e)) from e
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as e:
            raise WorkspaceLockedError(workspace) from e
        yield
    finally:
        os.close(fd)  # closing the last descriptor releases the lock


# ---------------------------------------------------------------------------------------------------
# Names: what the inbox ignores, case ids, file names fit to print


def printable(name: str) -> str:
    """A file name fit for a log line, an error file or JSON: undecodable bytes and control characters
    (a newline in a name) are shown escaped."""
    return escape_controls(name.encode("utf-8", "surrogateescape").decode("utf-8", "replace"))


def is_junk(name: str) -> bool:
    """Files the inbox ignores: the one junk filter (``fsutil.is_junk_name``), which records/ uses too."""
    return is_junk_name(name)


def safe_id(text: str | None) -> str:
    """``text`` made safe as a folder name on every file system (ASCII letters, digits, '.', '_', '-'; no
    Windows device names; at most 64 characters); empty when nothing usable is left."""
    if not text:
        return ""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    out = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_text)
    out = re.sub(r"-{2,}", "-", out)[:MAX_ID_LENGTH].strip(".-_ ")
    if out.split(".")[0].lower() in WINDOWS_RESERVED:
        out = f"{out}-case"
    return out


def base_case_id(reference: str | None, notice_date: date | None, sha256: str) -> str:
    """The plan's reference made safe; without one, the notice date and the first 8 hex digits of the
    file's SHA-256 (``2026-01-12-1a2b3c4d``)."""
    return safe_id(reference) or f"{notice_date.isoformat() if notice_date else 'undated'}-{sha256[:8]}"


def candidate_ids(base: str) -> Iterable[str]:
    yield base
    n = 2
    while True:
        yield f"{base}-{n}"
        n += 1
