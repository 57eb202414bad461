"""The inbox side of a pass: list what is there (``scan_inbox``), tell files apart by content and identity
(``known_cases``, ``_origin``), and set a file aside in ``inbox/failed/`` or ``inbox/duplicates/``
(``move_aside``, ``_fail``)."""

from __future__ import annotations

import json
import logging
import os
import time
from pathlib import Path
from typing import Any

from packet.case import CASE_FILE, DENIAL_FILE
from packet.exceptions import PacketError
from packet.fsutil import _explain, make_own_dir, sha256_file, write_text_atomic
from packet.ingest.results import Context, FileResult, Known
from packet.settings import Settings
from packet.workspace import CASES_DIR, FAILED_DIR, INBOX_DIR, is_junk, printable

log = logging.getLogger("packet.ingest")


def inbox_dir(workspace: Path) -> Path:
    return workspace / INBOX_DIR


def scan_inbox(workspace: Path) -> list[Path]:
    """The entries of ``inbox/`` to process, by name: every non-junk entry that is not a folder (a link to
    a folder is listed: it is unsafe and goes to failed/)."""
    inbox = inbox_dir(workspace)
    if not inbox.is_dir():
        return []
    out = []
    with os.scandir(inbox) as it:
        for entry in it:
            if is_junk(entry.name) or entry.is_dir(follow_symlinks=False):
                continue
            out.append(Path(entry.path))
    return sorted(out)


def _origin(st: os.stat_result, name: str) -> dict[str, Any]:
    """The inbox file's identity, kept in case.json so an interrupted move can be told from a duplicate."""
    return {
        "file": printable(name),
        "size": st.st_size,
        "mtime_ns": st.st_mtime_ns,
        "dev": st.st_dev,
        "ino": st.st_ino,
    }


def _same_origin(a: dict[str, Any] | None, b: dict[str, Any]) -> bool:
    return bool(a) and all(a.get(k) == b[k] for k in ("size", "mtime_ns", "dev", "ino"))  # type: ignore[union-attr]


def known_cases(workspace: Path) -> dict[str, Known]:
    """SHA-256 of each case's denial.pdf -> the case (read from case.json; hashed when it cannot be)."""
    out: dict[str, Known] = {}
    root = workspace / CASES_DIR
    if not root.is_dir():
        return out
    for folder in sorted(root.iterdir()):
        if folder.name.startswith(".") or not (folder / CASE_FILE).is_file():
            continue
        try:
            data = json.loads((folder / CASE_FILE).read_text(encoding="utf-8"))
            sha, meta = data["source"]["sha256"], data.get("case") or {}
        except (OSError, ValueError, KeyError, TypeError):
            if not (folder / DENIAL_FILE).is_file():
                continue
            sha, meta = sha256_file(folder / DENIAL_FILE), {}
        out.setdefault(sha, Known(meta.get("id") or folder.name, folder, meta.get("inbox")))
    return out


def _fail(ctx: Context, path: Path, message: str, code: int, started: float) -> FileResult:
    name = printable(path.name)
    line = " ".join(message.splitlines())
    log.info("%s", line)  # the caller reports it (packet run: after the progress bar)
    moved = move_aside(ctx.workspace, path, FAILED_DIR, ctx.settings, error=line)
    return FileResult(
        name,
        "failed",
        error=line,
        exit_code=code,
        moved_to=moved,
        timings={"total": time.perf_counter() - started},
    )


ERROR_SUFFIX = ".error.txt"
NAME_MAX = 255  # bytes in one file name (Linux, macOS)


def _fit_name(name: str, room: int) -> str:
    """``name``, its stem shortened (the suffix kept) so that ``room`` more bytes still fit in a file name:
    a 250-byte name that fails still gets its ``.error.txt`` (and a ``-2`` when the name is taken)."""
    raw = os.fsencode(name)
    if len(raw) + room <= NAME_MAX:
        return name
    stem, suffix = os.path.splitext(raw)
    keep = max(1, NAME_MAX - room - len(suffix))
    return os.fsdecode(stem[:keep].decode("utf-8", "ignore").encode("utf-8") + suffix)


def move_aside(
    workspace: Path, path: Path, sub: str, settings: Settings, error: str | None = None
) -> Path | None:
    """Move an inbox entry (a link is moved, never followed) to ``inbox/<sub>/`` under a free name; with
    ``error``, write ``<name>.error.txt`` beside it first. Returns where it went; None when it is gone or
    could not be moved (then it stays in the inbox, and the reason is logged)."""
    try:
        dest_dir = make_own_dir(workspace, inbox_dir(workspace) / sub, settings.privacy.dir_mode)
        # room for "-2", and for .error.txt written atomically (".<name>.error.txt.p<pid>-XXXXXXXX.part")
        name = _fit_name(path.name, 48 if error is not None else 8)
        stem, suffix = os.path.splitext(name)
        dest = dest_dir / name
        n = 2
        while dest.exists() or dest.is_symlink():
            dest = dest_dir / f"{stem}-{n}{suffix}"
            n += 1
        if error is not None:
            mode = settings.privacy.file_mode
            write_text_atomic(dest_dir / f"{dest.name}{ERROR_SUFFIX}", error + "\n", mode)
        os.rename(path, dest)
    except FileNotFoundError:
        return None
    except (OSError, PacketError) as e:
        why = _explain(e) if isinstance(e, OSError) else str(e)
        log.warning("%s: could not be moved to inbox/%s/ (%s)", printable(path.name), sub, why)
        return None
    return dest
