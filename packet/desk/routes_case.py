"""A case: its letter's pages with the evidence highlighted, the fields to correct, deadlines, checklist,
letter, records, build, submission and history."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from packet.case import CHANNELS, OUTCOMES
from packet.desk import actions, views
from packet.desk.app import Desk, HttpError, desk_of, read_form
from packet.desk.pages import PDFIUM, page_image, page_views
from packet.desk.security import FILE_NAME
from packet.exceptions import PacketError

log = logging.getLogger("packet.desk")

DOWNLOADS = {"letter.docx", "letter.new.docx", "packet.pdf"}


def _url(case_id: str, anchor: str = "") -> str:
    return f"/case/{case_id}" + (f"#{anchor}" if anchor else "")


async def case_page(request: Request) -> Response:
    desk = desk_of(request)
    case = desk.case(request.path_params["case_id"])
    mode = desk.settings.privacy.file_mode
    pages = await run_in_threadpool(_pages, case, mode)
    today = desk.day()
    return desk.render(
        request, "case.html", case=case, row=views.row_for(case, today), pages=pages,
        fields=views.field_rows(case), steps=views.deadline_rows(case, today),
        checklist=views.checklist(case, today), records=views.records_view(case), history=views.history(case),
        letters=views.letter_files(case), packets=views.packet_files(case), channels=CHANNELS,
        outcomes=OUTCOMES, today=today.isoformat(),
    )  # fmt: skip


def _pages(case: Any, mode: int) -> list[Any]:
    """The page views, or none when the denial cannot be shown (gone, or pdfium cannot open it)."""
    if not case.denial_pdf.is_file():
        return []
    try:
        return page_views(case, mode)
    except Exception as e:  # pdfium's own errors: the rest of the page still helps
        log.warning("%s: the denial's pages cannot be shown (%s)", case.id, type(e).__name__)
        return []


async def page_png(request: Request) -> Response:
    desk = desk_of(request)
    case = desk.case(request.path_params["case_id"])
    path = await run_in_threadpool(
        page_image, case, request.path_params["n"], desk.settings.privacy.file_mode
    )
    if path is None:
        raise HttpError(404, "No such page.")
    return FileResponse(path, media_type="image/png")


async def download(request: Request) -> Response:
    desk = desk_of(request)
    name = request.path_params["name"]
    folder = desk.case_folder(request.path_params["case_id"])
    is_part = name.startswith("packet-part") and name.endswith(".pdf") and FILE_NAME.fullmatch(name)
    if name not in DOWNLOADS and not is_part:
        raise HttpError(404, "No such file.")
    path = folder / name
    if path.is_symlink() or not path.is_file():
        raise HttpError(404, "No such file.")
    inline = request.query_params.get("view") == "1" and name.endswith(".pdf")
    media = "application/pdf" if name.endswith(".pdf") else None
    return FileResponse(
        path, media_type=media, filename=name, content_disposition_type="inline" if inline else "attachment"
    )


async def _do(request: Request, work: Any, anchor: str) -> Response:
    """Read the form, run ``work(desk, case_id, fields, uploads)`` in a thread, show its notes (or the
    library's one-line error) back on the case page."""
    desk = desk_of(request)
    case_id = request.path_params["case_id"]
    desk.case_folder(case_id)
    fields, uploads = await read_form(request)
    try:
        notes = await run_in_threadpool(_locked, work, desk, case_id, fields, uploads)
    except PacketError as e:
        notes = [{"kind": "failed", "text": str(e)}]
    return desk.back(_url(case_id, anchor), notes)


def _locked(work: Any, *args: Any) -> Any:
    """``work(*args)`` holding the desk's PDFium lock (extraction, drafting, building all use PDFium)."""
    with PDFIUM:
        return work(*args)


def _ok(text: str) -> dict[str, Any]:
    return {"kind": "done", "text": text}


def _warn(lines: list[str]) -> list[dict[str, Any]]:
    return [{"kind": "warning", "text": w} for w in lines]


def set_field(desk: Desk, case_id: str, f: dict[str, Any], _: Any) -> list[dict[str, Any]]:
    from packet.corrections import redraft, set_correction

    path = str(f.get("field", ""))
    raw = None if f.get("unset") else str(f.get("value", "")).strip()
    case = set_correction(desk.case_folder(case_id), path, raw)
    notes = [_ok(f"{path}: correction removed" if raw is None else f"{path} set in corrections.toml")]
    drafted = redraft(case, today=desk.today)
    if drafted is not None:
        notes += [_ok(f"letter drafted again: {drafted.path.name}"), *_warn(drafted.warnings)]
    return notes


def draft_again(desk: Desk, case_id: str, f: dict[str, Any], _: Any) -> list[dict[str, Any]]:
    from packet.draft import draft_case

    case = desk.case(case_id)
    r = draft_case(case, desk.settings, workspace=desk.workspace, today=desk.today,
                   expedited=bool(f.get("expedited")))  # fmt: skip
    return [_ok(f"letter drafted: {r.path.name}"), *_warn(r.warnings)]


def upload_letter(desk: Desk, case_id: str, _: Any, uploads: list[actions.Upload]) -> list[dict[str, Any]]:
    if len(uploads) != 1:
        raise actions.UploadRefused("choose one edited letter (.docx)")
    actions.replace_letter(desk.case(case_id), uploads[0], desk.settings)
    return [_ok("letter.docx replaced by your edited letter")]


def upload_records(desk: Desk, case_id: str, _: Any, uploads: list[actions.Upload]) -> list[dict[str, Any]]:
    if not uploads:
        raise actions.UploadRefused("choose or drop records (PDF, PNG, JPEG, TIFF or DOCX)")
    added, refused = actions.add_records(desk.case(case_id), uploads, desk.settings)
    return [
        *(_ok(f"{n} added to records/") for n in added),
        *({"kind": "failed", "text": r} for r in refused),
    ]


def order_records(desk: Desk, case_id: str, f: dict[str, Any], _: Any) -> list[dict[str, Any]]:
    names, titles, positions = f.get("file[]", []), f.get("title[]", []), f.get("position[]", [])
    if not (len(names) == len(titles) == len(positions)):
        raise actions.UploadRefused("the records form is incomplete; reload the page")

    def pos(i: int) -> tuple[float, int]:
        try:
            return float(positions[i]), i
        except ValueError:
            return float(i + 1), i

    order = sorted(range(len(names)), key=pos)
    actions.save_exhibit_order(desk.case(case_id), [(names[i], titles[i]) for i in order], desk.settings)
    return [_ok("order and titles saved in records/exhibits.toml")]


def build(desk: Desk, case_id: str, f: dict[str, Any], _: Any) -> list[dict[str, Any]]:
    from packet.build import BuildOptions, build_packet

    opts = BuildOptions(expedited=bool(f.get("expedited")))
    r = build_packet(desk.case_folder(case_id), opts, workspace=desk.workspace)
    return [_ok(f"packet built: {', '.join(p.name for p in r.outputs)}, {r.pages} pages"), *_warn(r.warnings)]


def _date(f: dict[str, Any], key: str) -> date | None:
    raw = str(f.get(key) or "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError as e:
        raise actions.UploadRefused(f"{raw!r}: not a date; write it YYYY-MM-DD") from e


def submitted(desk: Desk, case_id: str, f: dict[str, Any], _: Any) -> list[dict[str, Any]]:
    from packet.track import record_submitted

    on = _date(f, "on") or desk.day()
    # refused (the pre-send check's problems) unless the coordinator ticked 'send anyway'
    record_submitted(
        desk.case_folder(case_id),
        on=on,
        via=str(f.get("via", "")),
        today=desk.today,
        force=bool(f.get("force")),
    )
    return [_ok(f"marked submitted on {on.isoformat()} by {f.get('via')}")]


def decided(desk: Desk, case_id: str, f: dict[str, Any], _: Any) -> list[dict[str, Any]]:
    from packet.track import record_decided

    outcome = str(f.get("outcome", ""))
    record_decided(desk.case_folder(case_id), outcome=outcome, on=_date(f, "on"), today=desk.today)
    return [_ok(f"marked decided: {outcome.replace('_', ' ')}")]


def _post(path: str, work: Any, anchor: str) -> Route:
    async def endpoint(request: Request) -> Response:
        return await _do(request, work, anchor)

    return Route(f"/case/{{case_id}}/{path}", endpoint, methods=["POST"])


ROUTES = [
    Route("/case/{case_id}", case_page, methods=["GET"]),
    Route("/case/{case_id}/page/{n:int}.png", page_png, methods=["GET"]),
    Route("/case/{case_id}/file/{name}", download, methods=["GET"]),
    _post("set", set_field, "fields"),
    _post("draft", draft_again, "letter"),
    _post("letter", upload_letter, "letter"),
    _post("records", upload_records, "records"),
    _post("exhibits", order_records, "records"),
    _post("build", build, "build"),
    _post("submitted", submitted, "status"),
    _post("decided", decided, "status"),
]
