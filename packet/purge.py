"""``purge``: remove a case and every trace of it the tool keeps, once its appeal is over.

    plan = plan_purge("PA-2026-00417", workspace)    # what would go, for the confirmation prompt
    purge_case(plan)                                 # remove it

What goes: the case folder (the denial, case.json, corrections, letter, records, packet, history), the
copies of the same denial set aside in ``inbox/duplicates/`` (same SHA-256), and the case's events in the
workspace's calendar files (``*.ics`` in the workspace folder, written again without them). Nothing is
written about the case afterwards (its history went with it); the log names the case id only.

The folder is first renamed out of ``cases/`` (one atomic step: the case is gone for every other command),
its case.json removed, then the rest deleted. The workspace lock is held throughout, so a ``packet run``
or ``packet watch`` never writes into a case being removed.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from packet.case import CASE_FILE, DENIAL_FILE
from packet.exceptions import OutputError, UnsafeInputError
from packet.fsutil import _explain, sha256_file
from packet.track import _workspace_of, find_workspace, resolve_case

log = logging.getLogger("packet.purge")


@dataclass
class PurgePlan:
    case_id: str
    folder: Path
    workspace: Path | None
    files: int  # files in the case folder
    duplicates: list[Path] = field(default_factory=list)  # copies of its denial (COPY_PLACES)
    calendars: list[Path] = field(default_factory=list)  # workspace *.ics files listing its events

    def summary(self) -> str:
        """What the confirmation prompt lists: counts and paths, no health information."""
        parts = [f"case {self.case_id}: the folder {self.folder} ({self.files} files)"]
        if self.duplicates:
            parts.append(f"{len(self.duplicates)} copies of its denial (inbox/duplicates/, inbox/failed/)")
        if self.calendars:
            parts.append(f"its events in {', '.join(p.name for p in self.calendars)}")
        return "; ".join(parts)


def plan_purge(case: str | Path, workspace: str | Path | None = None) -> PurgePlan:
    """What ``purge_case`` would remove for ``case`` (an id in the workspace, or a case folder)."""
    folder = resolve_case(case, workspace)
    if folder.is_symlink():
        raise UnsafeInputError(folder, "the case folder is a symbolic link", "remove the link by hand")
    folder = folder.absolute()
    ws = _workspace_of(folder)
    if ws is None and workspace is not None:
        ws = find_workspace(workspace)
    files = sum(1 for p in folder.rglob("*") if p.is_file() or p.is_symlink())
    plan = PurgePlan(folder.name, folder, ws, files)
    if ws is None:
        return plan
    denial = folder / DENIAL_FILE
    digest = sha256_file(denial) if denial.is_file() and not denial.is_symlink() else None
    if digest:
        plan.duplicates = copies_of(ws, digest)
    marker = f"{plan.case_id}.".encode()
    for ics in sorted(ws.glob("*.ics")):
        with contextlib.suppress(OSError):
            if ics.is_file() and not ics.is_symlink() and b"UID:" + marker in ics.read_bytes():
                plan.calendars.append(ics)
    return plan


# Where else a copy of a case's denial can be: set aside by ingest, or left by a killed run.
COPY_PLACES = (("inbox", "duplicates"), ("inbox", "failed"), (".incoming",), (".tmp",))


def copies_of(ws: Path, digest: str) -> list[Path]:
    """Every file with SHA-256 ``digest`` in the places a copy of a denial can be (``COPY_PLACES``),
    links not followed."""
    found: list[Path] = []
    for place in COPY_PLACES:
        root = ws.joinpath(*place)
        if not root.is_dir() or root.is_symlink():
            continue
        for p in sorted(root.rglob("*")):
            if p.is_file() and not p.is_symlink() and not p.name.endswith(".error.txt"):
                with contextlib.suppress(OSError):
                    if sha256_file(p) == digest:
                        found.append(p)
    return found


@contextlib.contextmanager
def _locked(ws: Path | None) -> Iterator[None]:
    if ws is None:
        yield
        return
    from packet.workspace import workspace_lock

    with workspace_lock(ws):
        yield


def purge_case(plan: PurgePlan) -> None:
    """Remove what ``plan`` lists. ``OutputError`` (naming what is left to delete by hand) if the disk says
    no; the case is out of ``cases/`` before anything is deleted."""
    with _locked(plan.workspace):
        gone = plan.folder.with_name(f".purge-{plan.case_id}")
        try:
            os.rename(plan.folder, gone)
        except OSError as e:
            raise OutputError(
                plan.folder, _explain(e), "check the folder's permissions, then run purge again"
            ) from e
        try:
            (gone / CASE_FILE).unlink(missing_ok=True)
            shutil.rmtree(gone)
            for p in plan.duplicates:
                p.unlink(missing_ok=True)
                Path(f"{p}.error.txt").unlink(missing_ok=True)
        except OSError as e:
            raise OutputError(gone, _explain(e), "delete it by hand (it holds health information)") from e
        if plan.workspace is not None:
            from packet.track import write_calendar

            for ics in plan.calendars:
                write_calendar(plan.workspace, ics)
    log.info("%s: purged", plan.case_id)
