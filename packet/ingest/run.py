"""A pass over many inbox files: ``Ingest`` (clean up after a killed run, triage each file into a job or a
result, process the jobs in order or in worker processes) and ``run_inbox``, the pass behind
``packet run``."""

from __future__ import annotations

import logging
import os
import shutil
import stat
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from packet import guard
from packet.exceptions import OutputError, UnsafeInputError
from packet.fsutil import _explain, fork_server_dir, private_temp, sha256_file
from packet.ingest.inbox import _fail, _origin, _same_origin, inbox_dir, known_cases, move_aside, scan_inbox
from packet.ingest.make import INCOMING_DIR, TEMP_SUFFIX, process_one
from packet.ingest.results import Context, FileResult, Job, Known, RunSummary, StopFlag
from packet.settings import Settings, load_settings
from packet.workspace import DUPLICATES_DIR, FAILED_DIR, Workspace, printable, workspace_lock

log = logging.getLogger("packet.ingest")


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
        if stat.S_ISDIR(st.st_mode):  # failed/, duplicates/ or the user's own folder: never moved
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
            try:
                path.unlink(missing_ok=True)  # its case was complete; only the inbox copy was left
            except OSError as e:  # immutable, or a folder we may not write: one line, the others go on
                note = f"{name}: already in case {known.case_id}, but cannot be removed ({_explain(e)})"
                log.warning("%s; remove it by hand", note)
                return FileResult(name, "recovered", known.case_id, known.folder, note=note)
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
        import multiprocessing
        from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

        # Forking a process that runs other threads (packet watch: the file-system watcher's native one)
        # can copy a lock another thread holds and hang the worker; then the workers start from a server.
        context = multiprocessing.get_context("forkserver" if _threads() > 1 else None)
        if context.get_start_method() == "forkserver":
            fork_server_dir()
        left = 0
        with ProcessPoolExecutor(
            max_workers=min(jobs, len(todo)),
            initializer=guard.worker_init,
            initargs=(os.getpid(),),
            mp_context=context,
        ) as pool:
            pending = {pool.submit(process_one, self.ctx, job) for job in todo}
            while pending:
                finished, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
                for f in finished:
                    if not f.cancelled():
                        done(f.result())
                if stop is not None and stop.is_set():
                    left += sum(f.cancel() for f in pending)
                    pending = {f for f in pending if not f.cancelled()}
        return left


def _threads() -> int:
    """Threads in this process, native ones included (Linux: /proc/self/task), else Python's own."""
    import threading

    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return threading.active_count()


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
    found = Workspace.find(workspace)  # the one rule; packet.toml read once
    ws, settings = found.root, found.settings
    started = time.perf_counter()
    with workspace_lock(ws), private_temp(ws, settings.privacy.dir_mode):
        ingest = Ingest(ws, settings, today=today, draft=draft)
        ingest.cleanup()
        paths = scan_inbox(ws)
        if on_start:
            on_start(len(paths))
        results, left = ingest.process(
            paths, jobs=jobs or os.cpu_count() or 1, stop=stop, on_result=on_result
        )
    return RunSummary(ws, results, left, time.perf_counter() - started)
