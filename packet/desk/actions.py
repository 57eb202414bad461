"""What the desk does to a workspace, as thin wrappers over the library (no logic of their own beyond
putting an uploaded file in place safely).

    put_in_inbox(ws, uploads)         -> each PDF written into inbox/, then packet run's own ingest
    add_records(case, uploads)        -> records/, each file checked as the build checks records
    replace_letter(case, data)        -> letter.docx, checked as every DOCX is (packet.convert.check_docx)
    save_exhibit_order(case, rows)    -> records/exhibits.toml, validated by packet.exhibits itself

Every file is first written under a dot-name (which the inbox, the watcher and records/ all ignore) and
renamed into place only once complete and checked; a refused file leaves nothing behind.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from packet.case import Case, append_history
from packet.desk.security import safe_filename
from packet.exceptions import BadRecordError, PacketError, WorkspaceLockedError
from packet.exhibits import EXHIBITS_FILE, KINDS, list_exhibits, record_kind
from packet.fsutil import make_private_dir, write_bytes_atomic
from packet.ingest import FileResult, run_inbox
from packet.settings import Settings
from packet.workspace import INBOX_DIR, workspace_lock

log = logging.getLogger("packet.desk")

PDF_SUFFIXES = (".pdf",)
RECORD_SUFFIXES = tuple(KINDS)
DOCX_SUFFIXES = (".docx",)


class UploadRefused(PacketError):
    """An upload the desk does not take (wrong type, a name with nothing usable left)."""


@dataclass
class Upload:
    name: str  # as the browser sent it
    data: bytes


@dataclass
class DropOutcome:
    results: list[FileResult]
    refused: list[str]  # one line per upload not written (wrong type)
    waiting: bool = False  # the workspace was locked: files wait in inbox/ for run or watch


def _free_name(folder: Path, name: str) -> Path:
    stem, suffix = os.path.splitext(name)
    dest, n = folder / name, 2
    while dest.exists() or dest.is_symlink():
        dest, n = folder / f"{stem}-{n}{suffix}", n + 1
    return dest


def _place(folder: Path, name: str, data: bytes, mode: int) -> tuple[Path, Path]:
    """Write ``data`` under a dot-name in ``folder``; returns (that temporary path, the free final path)."""
    final = _free_name(folder, name)
    tmp = folder / f".{final.name}.desk.part"
    write_bytes_atomic(tmp, data, mode)
    return tmp, final


def _refuse_type(upload: Upload, allowed: tuple[str, ...], what: str) -> str | None:
    """The refusal line for an upload of the wrong type, or None."""
    shown = repr(upload.name[-80:])
    if safe_filename(upload.name, allowed) is None:
        return f"{shown}: not a {what} file by its name; give a file ending in {', '.join(allowed)}"
    if allowed == PDF_SUFFIXES and b"%PDF-" not in upload.data[:1024]:
        return f"{shown}: the name says PDF but the content is not; save or export it again as PDF"
    return None


def put_in_inbox(workspace: Path, uploads: list[Upload], settings: Settings) -> DropOutcome:
    """Write each denial PDF into inbox/ and run the same pass as ``packet run`` (holding the workspace
    lock). When ``packet run`` or ``packet watch`` holds the lock, the files wait in inbox/ for it."""
    inbox = make_private_dir(workspace / INBOX_DIR, settings.privacy.dir_mode)
    refused: list[str] = []
    placed: list[tuple[Path, Path]] = []
    for up in uploads:
        why = _refuse_type(up, PDF_SUFFIXES, "PDF")
        if why:
            refused.append(why)
            continue
        name = safe_filename(up.name, PDF_SUFFIXES)
        assert name is not None
        placed.append(_place(inbox, name, up.data, settings.privacy.file_mode))
    for tmp, final in placed:
        os.rename(tmp, final)
        log.info("desk: %s put in inbox/", final.name)
    if not placed:
        return DropOutcome([], refused)
    from packet.desk.pages import PDFIUM

    try:
        with PDFIUM:  # extraction reads the letters with PDFium
            summary = run_inbox(workspace, jobs=1)
    except WorkspaceLockedError:
        return DropOutcome([], refused, waiting=True)
    return DropOutcome(summary.results, refused)


def add_records(case: Case, uploads: list[Upload], settings: Settings) -> tuple[list[str], list[str]]:
    """Put each upload in the case's records/ after the checks the build makes of every record (its
    suffix and content, ``packet.exhibits.record_kind``; a DOCX also ``packet.convert.check_docx``).
    Returns (the names added, one line per refused file)."""
    from packet.convert import check_docx

    folder = make_private_dir(case.records_dir, settings.privacy.dir_mode)
    added, refused = [], []
    for up in uploads:
        why = _refuse_type(up, RECORD_SUFFIXES, "record (PDF, PNG, JPEG, TIFF or DOCX)")
        if why:
            refused.append(why)
            continue
        name = safe_filename(up.name, RECORD_SUFFIXES)
        assert name is not None
        tmp, final = _place(folder, name, up.data, settings.privacy.file_mode)
        try:
            probe = tmp.with_name(f".{final.name}.desk.check{final.suffix}")  # the suffix decides the kind
            os.rename(tmp, probe)
            tmp = probe
            if record_kind(probe) == "docx":
                check_docx(probe)
        except PacketError as e:
            tmp.unlink(missing_ok=True)
            refused.append(str(e).replace(str(probe), final.name).replace(probe.name, final.name))
            continue
        os.rename(tmp, final)
        added.append(final.name)
    if added:
        append_history(case.folder, "records added", mode=settings.privacy.file_mode, files=added)
        log.info("desk: %s: %d record(s) added", case.id, len(added))
    return added, refused


def replace_letter(case: Case, upload: Upload, settings: Settings) -> Path:
    """The user's edited letter becomes letter.docx once it passes the checks every DOCX gets."""
    from packet.convert import check_docx

    why = _refuse_type(upload, DOCX_SUFFIXES, "Word (.docx)")
    if why:
        raise UploadRefused(why)
    tmp = case.folder / ".letter.desk.part.docx"
    write_bytes_atomic(tmp, upload.data, settings.privacy.file_mode)
    try:
        check_docx(tmp)
    except PacketError as e:
        tmp.unlink(missing_ok=True)
        raise UploadRefused(str(e).replace(str(tmp), "the uploaded letter")) from e
    os.replace(tmp, case.letter_docx)
    append_history(
        case.folder, "letter uploaded", outputs={"letter": case.letter_docx}, mode=settings.privacy.file_mode
    )
    log.info("desk: %s: letter.docx replaced by an upload", case.id)
    return case.letter_docx


def save_exhibit_order(case: Case, rows: list[tuple[str, str]], settings: Settings) -> None:
    """records/exhibits.toml listing ``rows`` (file name, title) in order; the result must list_exhibits
    cleanly (packet.exhibits validates it), else the old file is put back and the error raised."""
    import tomli_w

    path = case.records_dir / EXHIBITS_FILE
    known = {p.name for p in case.records_dir.iterdir()} if case.records_dir.is_dir() else set()
    for name, _ in rows:
        if name not in known:
            raise BadRecordError(path, f"'{name}' is not in records/", "reload the page")
    entries = [{"file": n, **({"title": t.strip()} if t.strip() else {})} for n, t in rows]
    old = path.read_bytes() if path.is_file() else None
    write_bytes_atomic(path, tomli_w.dumps({"exhibit": entries}).encode(), settings.privacy.file_mode)
    try:
        list_exhibits(case.records_dir, case.denial_pdf)
    except PacketError:
        if old is None:
            path.unlink(missing_ok=True)
        else:
            write_bytes_atomic(path, old, settings.privacy.file_mode)
        raise
    append_history(case.folder, "exhibits ordered", mode=settings.privacy.file_mode)


def lock_held(workspace: Path) -> bool:
    """Whether ``packet run`` or ``packet watch`` works on the workspace right now."""
    try:
        with workspace_lock(workspace):
            return False
    except WorkspaceLockedError:
        return True
