"""One inbox file -> one case: ``process_one`` copies the file into a temporary folder in ``.incoming/``,
extracts, writes case.json and the draft, renames the folder into ``cases/`` and only then removes the
inbox copy; a failure moves the file to ``inbox/failed/`` instead, unless the tool could not write (then
it stays in the inbox for the next run). Runs in a worker process with
``--jobs``."""

from __future__ import annotations

import errno
import logging
import os
import shutil
import stat
import time
from collections.abc import Iterable
from pathlib import Path

import packet.ingest as _package
from packet.case import (
    CASE_FILE,
    DENIAL_FILE,
    RECORDS_DIR,
    Case,
    append_history,
    load_case,
    now_iso,
    save_case,
)
from packet.exceptions import OutputError, PacketError, UnsafeInputError
from packet.fsutil import _explain, make_own_dir, make_private_dir, sha256_file
from packet.ingest.inbox import _fail, _origin, _same_origin, move_aside
from packet.ingest.results import Context, FileResult, Job
from packet.model import Denial
from packet.workspace import CASES_DIR, DUPLICATES_DIR, base_case_id, candidate_ids, printable

log = logging.getLogger("packet.ingest")

# Cases are written in folders here, next to cases/ (so that nothing listing cases/ ever sees half a
# case), then renamed into cases/. Only a run holding the workspace lock writes here, so whatever a run
# finds here at its start was left by one that was killed.
INCOMING_DIR = ".incoming"
TEMP_SUFFIX = ".part"


def process_one(ctx: Context, job: Job) -> FileResult:
    """Turn one inbox file into a complete case folder, then remove it from the inbox; on a failure move it
    to ``inbox/failed/`` with the reason. Never raises for a problem with the file."""
    name = printable(job.path.name)
    started = time.perf_counter()
    try:
        result = _make_case(ctx, job)
    except OutputError as e:
        # The letter is not at fault (a full disk, a folder the tool may not write): it stays in the inbox,
        # and the next run takes it again once the problem is fixed.
        line = f"{e}; {name} stays in the inbox and is taken again on the next run"
        log.info("%s", line)
        return FileResult(
            name,
            "failed",
            error=line,
            exit_code=int(e.exit_code),
            timings={"total": time.perf_counter() - started},
        )
    except PacketError as e:
        return _fail(ctx, job.path, str(e), int(e.exit_code), started)
    except Exception as e:  # a bug must not stop the other files; the error file says what to report
        log.debug("%s: unexpected error", name, exc_info=True)
        return _fail(
            ctx,
            job.path,
            f"{name}: unexpected error ({type(e).__name__}: {e}); please report it "
            "with this file's error line (not the letter itself)",
            1,
            started,
        )
    result.timings["total"] = time.perf_counter() - started
    return result


def _make_case(ctx: Context, job: Job) -> FileResult:
    from packet.pipeline import process_denial
    from packet.workspace import Workspace

    ws, privacy = ctx.workspace, ctx.settings.privacy
    name = printable(job.path.name)
    cases = make_private_dir(ws / CASES_DIR, privacy.dir_mode)
    timings: dict[str, float] = {}
    t = time.perf_counter()
    tmp = _temp_case_dir(make_own_dir(ws, ws / INCOMING_DIR, privacy.dir_mode), privacy.dir_mode)
    try:
        copy = tmp / job.path.name  # read under its own name, so that errors name the user's file
        _copy_input(job.path, copy, privacy.file_mode)
        if sha256_file(copy) != job.sha256:
            raise UnsafeInputError(
                job.path,
                "the file changed while it was being read",
                "drop it again once it is completely saved",
            )
        timings["copy"] = time.perf_counter() - t
        t = time.perf_counter()
        # read, extract, deadlines; drafted below once the case folder exists (_draft)
        denial = process_denial(copy, Workspace(ws, ctx.settings), today=ctx.today, draft=False).denial
        denial.source.file = name
        copy.rename(tmp / DENIAL_FILE)
        timings["extract"] = time.perf_counter() - t
        t = time.perf_counter()
        ids = candidate_ids(base_case_id(denial.reference, denial.notice_date, job.sha256))
        _refuse_same_denial(
            cases, candidate_ids(base_case_id(denial.reference, denial.notice_date, "")), denial
        )
        case = _write_case(tmp, denial, next(i for i in ids if not (cases / i).exists()), job, ctx)
        timings["case"] = time.perf_counter() - t
        t = time.perf_counter()
        warnings = list(denial.warnings)
        if ctx.draft:
            warnings += _draft(case, ctx)
        timings["draft"] = time.perf_counter() - t
        t = time.perf_counter()
        folder = _rename_into_place(tmp, case, cases, ids, privacy.file_mode)
    except SameDenialError as dup:
        shutil.rmtree(tmp, ignore_errors=True)
        note = (f"{name}: the same denial as case {dup.case_id} (reference, member ID and notice date "
                f"match); moved to inbox/{DUPLICATES_DIR}/")  # fmt: skip
        moved = move_aside(ws, job.path, DUPLICATES_DIR, ctx.settings)
        return FileResult(name, "duplicate", dup.case_id, dup.folder, job.sha256, moved_to=moved, note=note)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    # Looked up on the package, where tests replace it to stand in for a run killed at this point.
    _package._remove_input(job)
    timings["place"] = time.perf_counter() - t
    log.info("%s: case %s", name, case.id)
    return FileResult(name, "created", case.id, folder, job.sha256, warnings=warnings, timings=timings)


def _write_case(tmp: Path, denial: Denial, case_id: str, job: Job, ctx: Context) -> Case:
    """case.json, records/ and the first line of history.jsonl, in the temporary folder."""
    privacy = ctx.settings.privacy
    case = Case(case_id, tmp, denial, denial, created=now_iso(), extra={"inbox": job.origin})
    (tmp / RECORDS_DIR).mkdir(mode=privacy.dir_mode)
    save_case(case, privacy.file_mode)
    append_history(
        tmp,
        "created",
        inputs={"denial": tmp / DENIAL_FILE},
        outputs={"case": tmp / CASE_FILE},
        mode=privacy.file_mode,
        source=denial.source.file,
        case=case_id,
    )
    return case


def _temp_case_dir(incoming: Path, mode: int) -> Path:
    import tempfile

    try:
        tmp = Path(tempfile.mkdtemp(suffix=TEMP_SUFFIX, dir=incoming))
        os.chmod(tmp, mode)
    except OSError as e:
        raise OutputError(incoming, _explain(e)) from e
    return tmp


def _copy_input(src: Path, dest: Path, mode: int) -> None:
    """Copy the inbox file byte for byte, never through a link (a link that appeared since triage is
    refused by O_NOFOLLOW) and never from something that is not a regular file (a FIFO would block)."""
    try:
        fd = os.open(src, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as e:
        if e.errno == errno.ELOOP:  # a symbolic link
            raise UnsafeInputError(
                src, "a symbolic link", "links are not followed; drop the file itself"
            ) from e
        raise OutputError(src, f"cannot read ({_explain(e)})", "check the file's permissions") from e
    with os.fdopen(fd, "rb") as fin:
        if not stat.S_ISREG(os.fstat(fin.fileno()).st_mode):
            raise UnsafeInputError(src, "not a regular file", "drop the PDF file itself")
        with open(dest, "xb") as fout:
            shutil.copyfileobj(fin, fout, 1 << 20)
    os.chmod(dest, mode)


def _draft(case: Case, ctx: Context) -> list[str]:
    from packet.draft import draft_case

    result = draft_case(case, ctx.settings, workspace=ctx.workspace, today=ctx.today)
    return list(result.warnings)


def _rename_into_place(tmp: Path, case: Case, cases: Path, ids: Iterable[str], mode: int) -> Path:
    """Rename the finished folder to ``cases/<id>``; another worker may have taken the id since it was
    chosen, so a collision moves on to the next suffix (rename never replaces a folder that has files)."""
    while True:
        dest = cases / case.id
        if not dest.exists():
            try:
                os.rename(tmp, dest)
                case.folder = dest
                return dest
            except OSError as e:
                if e.errno not in (errno.EEXIST, errno.ENOTEMPTY):  # taken in the meantime
                    raise OutputError(dest, _explain(e)) from e
        _refuse_same_denial(cases, [case.id], case.denial)  # taken by a copy of the same letter
        case.id = next(i for i in ids if not (cases / i).exists())
        save_case(case, mode)  # the folder is still tmp: case.json follows the new id


class SameDenialError(Exception):
    """The letter is one a case already holds (a scan and a text copy, a re-sent fax)."""

    def __init__(self, case_id: str, folder: Path) -> None:
        super().__init__(case_id)
        self.case_id, self.folder = case_id, folder


def content_key(d: Denial) -> tuple[str, str, str] | None:
    """What makes two files the same denial: its reference, member ID and notice date (all three known)."""
    ref, member = d.reference, d.member.id
    if not (ref and member and d.notice_date):
        return None
    return _alnum(ref), _alnum(member), d.notice_date.isoformat()


def _alnum(s: str) -> str:
    return "".join(c for c in s.upper() if c.isalnum())


def _refuse_same_denial(cases: Path, ids: Iterable[str], denial: Denial) -> None:
    """``SameDenialError`` when a case under one of ``ids`` (the ids this letter's reference gives) holds
    the same denial by content; only those few case.json files are read."""
    key = content_key(denial)
    if key is None:
        return
    for case_id in ids:
        folder = cases / case_id
        if not folder.is_dir():
            return  # ids are taken in order: the first free one ends the search
        try:
            same = content_key(load_case(folder).denial) == key
        except (PacketError, OSError, ValueError, KeyError, TypeError):
            continue
        if same:
            raise SameDenialError(case_id, folder)


def _remove_input(job: Job) -> None:
    """Remove the inbox copy, only if it is still the file the case was made from."""
    try:
        st = os.lstat(job.path)
        if _same_origin(job.origin, _origin(st, job.path.name)):
            os.unlink(job.path)
    except FileNotFoundError:
        pass
    except OSError as e:
        log.warning(
            "%s: the case is complete but the inbox copy could not be removed (%s)",
            printable(job.path.name),
            _explain(e),
        )
