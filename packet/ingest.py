"""``packet run``: one pass over a workspace's inbox; each denial PDF becomes a case folder.

    summary = run_inbox(workspace, jobs=2)     # holds the workspace lock for the pass
    summary.counts()                           # {"created": 28, "duplicate": 1, "failed": 1, ...}

Built from small parts (the paperless-ngx consumer model): ``scan_inbox`` lists what is there and skips
junk; ``Ingest.triage`` hashes each file and sets aside duplicates and unsafe entries; ``process_one``
turns one file into a case completely (in a worker process with ``--jobs``), and a failure moves only
that file to ``inbox/failed/`` with ``<name>.error.txt``.

Nothing is lost, whatever happens: a case is written in a temporary folder in ``.incoming/`` (next to
``cases/``, so nothing that lists cases ever sees half a case) and renamed into ``cases/`` complete; only
then is the inbox copy removed. A run killed at any moment leaves each input either in the inbox or in a
complete case. The one state in between, a case renamed into place whose inbox copy was not yet removed,
is recognised by the next run (the case records the inbox file's identity) and finished there, not taken
for a duplicate.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import shutil
import signal
import stat
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from packet.case import CASE_FILE, DENIAL_FILE, RECORDS_DIR, Case, append_history, now_iso, save_case
from packet.exceptions import OutputError, PacketError, UnsafeInputError
from packet.fsutil import _explain, make_private_dir, sha256_file, write_text_atomic
from packet.records import Denial
from packet.settings import Settings, load_settings
from packet.track import CASES_DIR, find_workspace
from packet.workspace import (
    DUPLICATES_DIR,
    FAILED_DIR,
    INBOX_DIR,
    base_case_id,
    candidate_ids,
    is_junk,
    printable,
    workspace_lock,
)

log = logging.getLogger("packet.ingest")

# Cases are written in folders here, next to cases/ (so that nothing listing cases/ ever sees half a
# case), then renamed into cases/. Only a run holding the workspace lock writes here, so whatever a run
# finds here at its start was left by one that was killed.
INCOMING_DIR = ".incoming"
TEMP_SUFFIX = ".part"


class StopFlag(Protocol):
    def is_set(self) -> bool: ...


@dataclass
class FileResult:
    """What became of one inbox file."""

    file: str  # its name in the inbox (printable)
    status: str  # "created" | "duplicate" | "failed" | "recovered"
    case_id: str | None = None
    folder: Path | None = None
    sha256: str | None = None
    error: str | None = None
    exit_code: int | None = None
    moved_to: Path | None = None  # inbox/failed/... or inbox/duplicates/...
    note: str | None = None  # for a duplicate: which case (or file in this run) it repeats
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"file": self.file, "status": self.status, "case": self.case_id}
        out["folder"] = str(self.folder) if self.folder else None
        if self.error:
            out["error"] = self.error
            out["exit_code"] = self.exit_code
        if self.moved_to:
            out["moved_to"] = str(self.moved_to)
        if self.note:
            out["note"] = self.note
        out["warnings"] = self.warnings
        return out


@dataclass
class RunSummary:
    workspace: Path
    results: list[FileResult] = field(default_factory=list)
    left: int = 0  # files not processed because the run was asked to stop
    seconds: float = 0.0

    def counts(self) -> dict[str, int]:
        out = {"created": 0, "duplicate": 0, "failed": 0, "recovered": 0}
        for r in self.results:
            out[r.status] += 1
        return out

    @property
    def failed(self) -> list[FileResult]:
        return [r for r in self.results if r.status == "failed"]

    def line(self) -> str:
        c = self.counts()
        bits = [
            f"{_n(len(self.results), 'file')}: {_n(c['created'], 'new case')}",
            _n(c["duplicate"], "duplicate"),
            f"{c['failed']} failed",
        ]
        if c["recovered"]:
            bits.append(f"{c['recovered']} finished from an interrupted run")
        if self.left:
            bits.append(f"{self.left} left in the inbox (stopped)")
        return ", ".join(bits) + f" ({self.seconds:.1f} s)"

    def to_dict(self) -> dict[str, Any]:
        return {
            "workspace": str(self.workspace),
            **self.counts(),
            "left": self.left,
            "seconds": round(self.seconds, 3),
            "files": [r.to_dict() for r in self.results],
        }


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


# ---------------------------------------------------------------------------------------------------
# Scanning and triage


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


@dataclass
class Job:
    """One inbox file to turn into a case (picklable: it crosses to a worker process)."""

    path: Path
    sha256: str
    origin: dict[str, Any]


@dataclass
class Known:
    case_id: str
    folder: Path
    origin: dict[str, Any] | None


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


# ---------------------------------------------------------------------------------------------------
# One file


@dataclass
class Context:
    """What a worker needs to process files (picklable)."""

    workspace: Path
    settings: Settings
    today: date | None = None
    draft: bool = True


def process_one(ctx: Context, job: Job) -> FileResult:
    """Turn one inbox file into a complete case folder, then remove it from the inbox; on a failure move it
    to ``inbox/failed/`` with the reason. Never raises for a problem with the file."""
    name = printable(job.path.name)
    started = time.perf_counter()
    try:
        result = _make_case(ctx, job)
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
    from packet.extract import extract_file

    ws, privacy = ctx.workspace, ctx.settings.privacy
    name = printable(job.path.name)
    cases = make_private_dir(ws / CASES_DIR, privacy.dir_mode)
    timings: dict[str, float] = {}
    t = time.perf_counter()
    tmp = _temp_case_dir(make_private_dir(ws / INCOMING_DIR, privacy.dir_mode), privacy.dir_mode)
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
        denial = extract_file(copy, today=ctx.today, default_plan_type=ctx.settings.defaults.plan_type)
        denial.source.file = name
        copy.rename(tmp / DENIAL_FILE)
        timings["extract"] = time.perf_counter() - t
        t = time.perf_counter()
        ids = candidate_ids(base_case_id(denial.reference, denial.notice_date, job.sha256))
        case = _write_case(tmp, denial, next(i for i in ids if not (cases / i).exists()), job, ctx)
        timings["case"] = time.perf_counter() - t
        t = time.perf_counter()
        warnings = list(denial.warnings)
        if ctx.draft:
            warnings += _draft(case, ctx)
        timings["draft"] = time.perf_counter() - t
        t = time.perf_counter()
        folder = _rename_into_place(tmp, case, cases, ids, privacy.file_mode)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _remove_input(job)
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
        case.id = next(i for i in ids if not (cases / i).exists())
        save_case(case, mode)  # the folder is still tmp: case.json follows the new id


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


def move_aside(
    workspace: Path, path: Path, sub: str, settings: Settings, error: str | None = None
) -> Path | None:
    """Move an inbox entry (a link is moved, never followed) to ``inbox/<sub>/`` under a free name; with
    ``error``, write ``<name>.error.txt`` beside it first. Returns where it went; None when it is gone or
    could not be moved (then it stays in the inbox, and the reason is logged)."""
    try:
        dest_dir = make_private_dir(inbox_dir(workspace) / sub, settings.privacy.dir_mode)
        stem, suffix = os.path.splitext(path.name)
        dest = dest_dir / path.name
        n = 2
        while dest.exists() or dest.is_symlink():
            dest = dest_dir / f"{stem}-{n}{suffix}"
            n += 1
        if error is not None:
            write_text_atomic(dest_dir / f"{dest.name}.error.txt", error + "\n", settings.privacy.file_mode)
        os.rename(path, dest)
    except FileNotFoundError:
        return None
    except (OSError, PacketError) as e:
        why = _explain(e) if isinstance(e, OSError) else str(e)
        log.warning("%s: could not be moved to inbox/%s/ (%s)", printable(path.name), sub, why)
        return None
    return dest


# ---------------------------------------------------------------------------------------------------
# A pass over many files


def _worker_init() -> None:
    # Ctrl-C reaches the whole process group: a worker finishes its file and the parent decides to stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class Ingest:
    """Processes inbox files for one workspace; the caller holds the workspace lock."""

    def __init__(
        self,
        workspace: Path,
        settings: Settings | None = None,
        *,
        today: date | None = None,
        draft: bool = True,
    ) -> None:
        self.workspace = workspace
        self.ctx = Context(workspace, settings or load_settings(workspace), today, draft)
        self.known = known_cases(workspace)

    def cleanup(self) -> None:
        """Remove the temporary folders of a run that was killed (only while holding the lock)."""
        incoming = self.workspace / INCOMING_DIR
        if incoming.is_dir():
            for p in incoming.iterdir():
                log.info("removing %s/%s, left by an interrupted run", INCOMING_DIR, p.name)
                shutil.rmtree(p, ignore_errors=True)
        for sub in (FAILED_DIR, DUPLICATES_DIR):
            d = inbox_dir(self.workspace) / sub
            if d.is_dir():
                for p in d.iterdir():
                    if p.name.startswith(".") and p.name.endswith(TEMP_SUFFIX):
                        p.unlink(missing_ok=True)

    def triage(self, path: Path, batch: dict[str, Path]) -> FileResult | Job | None:
        """A ``Job`` for a file to process, or the result for one set aside now (link, duplicate, the
        leftover of an interrupted move); None when the file is gone."""
        name = printable(path.name)
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            return None
        if stat.S_ISLNK(st.st_mode) or not stat.S_ISREG(st.st_mode):
            what = "a symbolic link" if stat.S_ISLNK(st.st_mode) else "not a regular file"
            err = UnsafeInputError(
                path, what, "links and special files are not followed; drop the PDF file itself"
            )
            return _fail(self.ctx, path, str(err), int(err.exit_code), time.perf_counter())
        try:
            sha = sha256_file(path)
        except OSError as e:
            err2 = OutputError(path, f"cannot read ({_explain(e)})", "check the file's permissions")
            return _fail(self.ctx, path, str(err2), int(err2.exit_code), time.perf_counter())
        origin = _origin(st, path.name)
        known = self.known.get(sha)
        if known is not None and _same_origin(known.origin, origin):
            path.unlink(missing_ok=True)  # its case was complete; only the inbox copy was left
            log.info("%s: finished moving it into case %s", name, known.case_id)
            return FileResult(name, "recovered", known.case_id, known.folder)
        if known is not None or sha in batch:
            case_id = known.case_id if known else None
            where = f"case {case_id}" if case_id else f"{printable(batch[sha].name)} in this run"
            note = f"{name}: the same file as {where}; moved to inbox/{DUPLICATES_DIR}/"
            log.info("%s", note)
            moved = move_aside(self.workspace, path, DUPLICATES_DIR, self.ctx.settings)
            folder = known.folder if known else None
            return FileResult(name, "duplicate", case_id, folder, moved_to=moved, note=note)
        batch[sha] = path
        return Job(path, sha, origin)

    def process(
        self,
        paths: list[Path],
        *,
        jobs: int = 1,
        stop: StopFlag | None = None,
        on_result: Callable[[FileResult], None] | None = None,
    ) -> tuple[list[FileResult], int]:
        """Process ``paths``; returns the results (in the order they finished) and how many were left
        because ``stop`` was set (the file being processed is always finished)."""
        results: list[FileResult] = []

        def done(r: FileResult) -> None:
            if r.status == "created" and r.folder is not None and r.sha256:
                self.known[r.sha256] = Known(r.case_id or r.folder.name, r.folder, None)
            results.append(r)
            if on_result:
                on_result(r)

        todo: list[Job] = []
        batch: dict[str, Path] = {}
        for p in paths:
            t = self.triage(p, batch)
            if isinstance(t, Job):
                todo.append(t)
            elif t is not None:
                done(t)
        if jobs <= 1 or len(todo) <= 1:
            for i, job in enumerate(todo):
                if stop is not None and stop.is_set():
                    return results, len(todo) - i
                done(process_one(self.ctx, job))
            return results, 0
        return results, self._parallel(todo, jobs, stop, done)

    def _parallel(
        self, todo: list[Job], jobs: int, stop: StopFlag | None, done: Callable[[FileResult], None]
    ) -> int:
        from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

        left = 0
        with ProcessPoolExecutor(max_workers=min(jobs, len(todo)), initializer=_worker_init) as pool:
            pending = {pool.submit(process_one, self.ctx, job) for job in todo}
            while pending:
                finished, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
                for f in finished:
                    if not f.cancelled():
                        done(f.result())
                if stop is not None and stop.is_set():
                    left = sum(f.cancel() for f in pending)
                    pending = {f for f in pending if not f.cancelled()}
        return left


def run_inbox(
    workspace: str | Path | None = None,
    *,
    jobs: int | None = None,
    today: date | None = None,
    draft: bool = True,
    stop: StopFlag | None = None,
    on_start: Callable[[int], None] | None = None,
    on_result: Callable[[FileResult], None] | None = None,
) -> RunSummary:
    """One pass over the inbox: each file becomes a case, a duplicate or a failure (see the module text).

    ``jobs``: worker processes (default: the number of CPUs). Holds the workspace lock for the pass.
    """
    ws = find_workspace(workspace)
    settings = load_settings(ws)
    started = time.perf_counter()
    with workspace_lock(ws):
        ingest = Ingest(ws, settings, today=today, draft=draft)
        ingest.cleanup()
        paths = scan_inbox(ws)
        if on_start:
            on_start(len(paths))
        results, left = ingest.process(
            paths, jobs=jobs or os.cpu_count() or 1, stop=stop, on_result=on_result
        )
    return RunSummary(ws, results, left, time.perf_counter() - started)
