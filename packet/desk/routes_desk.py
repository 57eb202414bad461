"""The desk: every case, the next deadline first; a drop zone for denial letters."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from packet.case import STATES
from packet.desk.actions import lock_held, put_in_inbox
from packet.desk.app import MAX_FILES, HttpError, desk_of, read_form
from packet.desk.cache import desk_rows
from packet.exceptions import PacketError

FILTERS = ("open", *STATES)


async def desk_page(request: Request) -> Response:
    desk = desk_of(request)
    state = request.query_params.get("state", "")
    if state and state not in FILTERS:
        raise HttpError(400, f"Filter by one of: {', '.join(FILTERS)}.")
    rows = desk_rows(desk.workspace, desk.day())
    counts = {
        "overdue": sum(r.urgency == "overdue" for r in rows),
        "soon": sum(r.urgency == "soon" for r in rows),
    }
    if state == "open":
        rows = [r for r in rows if r.urgency != "closed"]
    elif state:
        rows = [r for r in rows if r.state == state]
    return desk.render(
        request, "desk.html", rows=rows, state=state, filters=FILTERS, counts=counts,
        locked=lock_held(desk.workspace), max_files=MAX_FILES,
    )  # fmt: skip


def _outcome_notes(outcome: Any) -> list[dict[str, Any]]:
    notes: list[dict[str, Any]] = [{"kind": "failed", "text": line} for line in outcome.refused]
    if outcome.waiting:
        notes.append({
            "kind": "waiting",
            "text": "Another 'packet run' or 'packet watch' is working on this workspace: the letters wait "
            "in inbox/ and it (or the next run) takes them.",
        })  # fmt: skip
    for r in outcome.results:
        if r.status in ("created", "recovered"):
            notes.append({"kind": "created", "text": f"{r.file}: case {r.case_id} made", "case": r.case_id})
        elif r.status == "duplicate":
            notes.append({"kind": "duplicate", "text": r.note or f"{r.file}: a duplicate", "case": r.case_id})
        else:
            notes.append({"kind": "failed", "text": r.error or f"{r.file}: failed"})
    return notes


async def drop(request: Request) -> Response:
    from starlette.concurrency import run_in_threadpool

    desk = desk_of(request)
    _, uploads = await read_form(request)
    if not uploads:
        raise HttpError(400, "No file came with the form; choose or drop denial PDFs.")
    try:
        outcome = await run_in_threadpool(put_in_inbox, desk.workspace, uploads, desk.settings)
    except PacketError as e:  # the inbox cannot be written (a full disk, permissions), packet.toml broken
        return desk.back("/", [{"kind": "failed", "text": str(e)}])
    return desk.back("/", _outcome_notes(outcome))


ROUTES = [
    Route("/", desk_page, methods=["GET"]),
    Route("/drop", drop, methods=["POST"]),
]
