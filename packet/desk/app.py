"""The review desk's application: one Starlette app over one workspace.

    app = create_app(Path("~/appeals").expanduser())      # app.state.keys.token is the secret
    serve(workspace, port=0, open_browser=True)          # uvicorn on 127.0.0.1, prints the address

Starlette (small, typed, a test client that needs no server) with Jinja2 templates; uvicorn serves it.
Pages are plain HTML forms; one small script of the app's own (static/desk.js) adds drag and drop.
Every route is a few lines that call the library (packet.track, packet.corrections, packet.ingest,
packet.build, packet.draft) through ``packet.desk.actions`` and ``packet.desk.views``.
"""

from __future__ import annotations

import logging
import secrets
import socket
import sys
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from packet.case import Case, load_case
from packet.desk.actions import Upload
from packet.desk.security import CASE_ID, CSRF_FIELD, GuardMiddleware, Secrets, inside
from packet.exceptions import CaseNotFoundError
from packet.settings import Settings, load_settings
from packet.track import CASES_DIR, find_workspace

log = logging.getLogger("packet.desk")

HERE = Path(__file__).parent
MAX_REQUEST_BYTES = 128 * 1024 * 1024  # one request: a drop of letters or records
MAX_FILE_BYTES = 64 * 1024 * 1024  # one uploaded file
MAX_FILES = 20  # files in one drop
NOTES_KEPT = 200


class HttpError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class Desk:
    """What every route needs: the workspace, its settings, the secrets, the notes shown after a POST."""

    workspace: Path
    keys: Secrets
    templates: Jinja2Templates
    today: date | None = None  # tests pin the day
    notes: OrderedDict[str, list[dict[str, Any]]] = field(default_factory=OrderedDict)

    @property
    def settings(self) -> Settings:
        return load_settings(self.workspace)

    def day(self) -> date:
        return self.today or date.today()

    def note(self, items: list[dict[str, Any]]) -> str:
        key = secrets.token_urlsafe(8)
        self.notes[key] = items
        while len(self.notes) > NOTES_KEPT:
            self.notes.popitem(last=False)
        return key

    def case_folder(self, case_id: str) -> Path:
        """The folder of ``case_id``, or 404: the id must look like one the workspace makes, and the
        folder must be a real folder inside cases/ (not a link out of the workspace)."""
        if not CASE_ID.fullmatch(case_id) or case_id.startswith("."):
            raise HttpError(404, "No such case.")
        folder = self.workspace / CASES_DIR / case_id
        if folder.is_symlink() or not folder.is_dir() or not inside(self.workspace / CASES_DIR, folder):
            raise HttpError(404, "No such case.")
        return folder

    def case(self, case_id: str) -> Case:
        try:
            return load_case(self.case_folder(case_id))
        except CaseNotFoundError as e:
            raise HttpError(404, "No such case.") from e

    def render(self, request: Request, name: str, status: int = 200, **context: Any) -> Response:
        notes = self.notes.get(request.query_params.get("note", ""), [])
        base = {"csrf": self.keys.csrf, "csrf_field": CSRF_FIELD, "workspace": self.workspace.name}
        return self.templates.TemplateResponse(
            request, name, {**base, "notes": notes, **context}, status_code=status
        )

    def back(self, url: str, items: list[dict[str, Any]]) -> RedirectResponse:
        path, hash_, anchor = url.partition("#")
        if items:
            path += f"{'&' if '?' in path else '?'}note={self.note(items)}"
        return RedirectResponse(path + hash_ + anchor, status_code=303)


def desk_of(request: Request) -> Desk:
    desk: Desk = request.app.state.desk
    return desk


async def read_form(request: Request, limit: int = MAX_REQUEST_BYTES) -> tuple[dict[str, Any], list[Upload]]:
    """The POST's fields and uploaded files, after the CSRF check and the size bounds (413 past them)."""
    length = request.headers.get("content-length")
    if length is None or not length.isdigit():
        raise HttpError(411, "Send the form with a Content-Length.")
    if int(length) > limit:
        raise HttpError(413, f"Too large: at most {limit // (1024 * 1024)} MB at a time.")
    form = await request.form(max_files=MAX_FILES, max_fields=200)
    if not desk_of(request).keys.csrf_ok(form.get(CSRF_FIELD)):
        raise HttpError(403, "The form is out of date (its CSRF token does not match); reload the page.")
    fields: dict[str, Any] = {}
    uploads: list[Upload] = []
    for key, value in form.multi_items():
        if isinstance(value, UploadFile):
            if not value.filename:
                continue
            data = await value.read(MAX_FILE_BYTES + 1)
            if len(data) > MAX_FILE_BYTES:
                raise HttpError(413, f"A file is too large: at most {MAX_FILE_BYTES // (1024 * 1024)} MB.")
            uploads.append(Upload(value.filename, data))
        else:
            fields.setdefault(key, value)
            fields.setdefault(f"{key}[]", []).append(value)
    return fields, uploads


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HttpError)
    return PlainTextResponse(exc.message, status_code=exc.status)


async def server_error(request: Request, exc: Exception) -> Response:
    log.error("desk: %s %s failed (%s)", request.method, request.url.path, type(exc).__name__)
    return PlainTextResponse("Something went wrong; the terminal running 'packet serve' says what.", 500)


def make_templates() -> Jinja2Templates:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]), auto_reload=False
    )
    env.filters["words"] = lambda s: str(s or "").replace("_", " ")
    return Jinja2Templates(env=env)


def create_app(
    workspace: str | Path | None, *, keys: Secrets | None = None, today: date | None = None
) -> Starlette:
    from packet.desk import routes_case, routes_desk

    ws = find_workspace(workspace).resolve()
    load_settings(ws)  # a broken packet.toml is reported now, not at the first page
    desk = Desk(ws, keys or Secrets(), make_templates(), today)
    routes = [
        *routes_desk.ROUTES,
        *routes_case.ROUTES,
        Mount("/static", app=StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(GuardMiddleware, keys=desk.keys)],
        exception_handlers={HttpError: http_error, Exception: server_error},
        max_body_size=MAX_REQUEST_BYTES,
    )
    app.state.desk = desk
    return app


def bind(port: int) -> socket.socket:
    """A listening socket on 127.0.0.1 (never another address); port 0 picks a free one."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(64)
    sock.set_inheritable(True)
    return sock


def _has_display() -> bool:
    """A graphical browser can open: not on a Linux console or over ssh without X (where Python's
    webbrowser would start a text browser inside this terminal)."""
    import os

    return sys.platform in ("darwin", "win32") or bool(
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )


def serve(workspace: str | Path | None, port: int = 0, open_browser: bool = True) -> None:
    """Serve the desk until Ctrl-C or SIGTERM; prints its address (with the token) on stdout."""
    import threading
    import webbrowser

    import uvicorn

    app = create_app(workspace)
    desk: Desk = app.state.desk
    sock = bind(port)
    url = f"http://127.0.0.1:{sock.getsockname()[1]}/?token={desk.keys.token}"
    print(url, flush=True)
    print(f"Review desk for {desk.workspace} (Ctrl-C to stop).", file=sys.stderr, flush=True)
    config = uvicorn.Config(app, access_log=False, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    from packet.desk.cache import desk_rows

    # read every case once while the browser opens, so the first desk page is as quick as the next
    threading.Thread(target=desk_rows, args=(desk.workspace, desk.day()), daemon=True).start()
    if open_browser and _has_display():
        threading.Timer(0.5, webbrowser.open, args=(url,)).start()
    elif open_browser:
        print("No graphical session here: open the address above in a browser.", file=sys.stderr, flush=True)
    server.run(sockets=[sock])


__all__ = ["MAX_FILES", "MAX_FILE_BYTES", "MAX_REQUEST_BYTES", "Desk", "HttpError", "create_app", "serve"]
