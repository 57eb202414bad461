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
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from packet.exceptions import OutputError, WorkspaceLockedError, escape_controls
from packet.fsutil import _explain, make_private_dir, write_text_atomic
from packet.settings import SETTINGS_FILE, load_settings
from packet.track import CASES_DIR

INBOX_DIR = "inbox"
FAILED_DIR = "failed"
DUPLICATES_DIR = "duplicates"
TEMPLATES_DIR = "templates"
LOCK_FILE = ".packet.lock"
MAX_ID_LENGTH = 64
JUNK_NAMES = {"thumbs.db", "desktop.ini", "ehthumbs.db"}
JUNK_SUFFIXES = (".part", ".partial", ".crdownload", ".download", ".tmp")
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
    """Files the inbox ignores: dotfiles (.DS_Store), Thumbs.db, Office lock files (~$...), and partial
    downloads or copies (*.part, *.crdownload, *.tmp)."""
    low = name.lower()
    return name.startswith((".", "~$")) or low in JUNK_NAMES or low.endswith(JUNK_SUFFIXES)


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
