"""The desk's guard: a secret token on every request, a CSRF token on every POST, strict headers, and
names checked before they become paths.

The server listens on 127.0.0.1 only. ``packet serve`` prints ``http://127.0.0.1:PORT/?token=SECRET``; the
first request with the token gets it back as a cookie (HttpOnly, SameSite=Strict) and is redirected to the
same page without it, so the token leaves the address bar and the history. A request with neither the
token nor the cookie gets 403. The Host header must name 127.0.0.1 or localhost (a page elsewhere that
rebinds its own name to 127.0.0.1 is refused). Every POST carries a CSRF token in a hidden field.
"""

from __future__ import annotations

import hmac
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

COOKIE = "packet_desk"
CSRF_FIELD = "csrf"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
LOCAL_HOSTS = ("127.0.0.1", "localhost")
# A case id as the workspace makes them (packet.workspace.safe_id): letters, digits, '.', '_', '-'.
CASE_ID = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]{0,79}")
# A record's file name as the desk writes it (see ``safe_filename``).
FILE_NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._ -]{0,119}")


@dataclass
class Secrets:
    """This server's secrets: made fresh at every start, never written to disk."""

    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))

    def token_ok(self, value: str | None) -> bool:
        return bool(value) and hmac.compare_digest(str(value), self.token)

    def csrf_ok(self, value: object) -> bool:
        return isinstance(value, str) and hmac.compare_digest(value, self.csrf)


def _host_ok(request: Request) -> bool:
    host = request.headers.get("host", "")
    name = host.rsplit(":", 1)[0] if not host.startswith("[") else host
    return name in LOCAL_HOSTS


class GuardMiddleware(BaseHTTPMiddleware):
    """Token (query or cookie), Host, and the headers every response carries."""

    def __init__(self, app: object, keys: Secrets) -> None:
        super().__init__(app)  # type: ignore[arg-type]
        self.keys = keys

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        if not _host_ok(request):
            return _secure(PlainTextResponse("This desk answers only at 127.0.0.1.", status_code=403))
        given = request.query_params.get("token")
        if given is not None and self.keys.token_ok(given) and request.method == "GET":
            rest = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
            url = request.url.path + (f"?{urlencode(rest)}" if rest else "")
            response: Response = RedirectResponse(url, status_code=303)
            response.set_cookie(COOKIE, self.keys.token, httponly=True, samesite="strict", path="/")
            return _secure(response)
        if not self.keys.token_ok(request.cookies.get(COOKIE)):
            return _secure(
                PlainTextResponse(
                    "Open the desk with the address 'packet serve' printed (it holds the token).",
                    status_code=403,
                )
            )
        response = await call_next(request)
        return _secure(response)


def _secure(response: Response) -> Response:
    for k, v in HEADERS.items():
        response.headers.setdefault(k, v)
    if response.media_type != "application/pdf":  # the browser's own PDF viewer needs its scripts
        response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("Cache-Control", "no-store")
    return response


def safe_filename(name: str, allowed: tuple[str, ...]) -> str | None:
    """An uploaded file's name made safe to write in a folder: its last path part only, letters, digits
    and ``._ -`` (other characters become '-'), an allowed suffix in lower case, no leading dot; None when
    nothing usable is left or the suffix is not allowed."""
    base = re.split(r"[\\/]", name or "")[-1]
    stem, dot, suffix = base.rpartition(".")
    if not dot or f".{suffix.lower()}" not in allowed:
        return None
    from packet.workspace import safe_id

    clean = safe_id(stem)[:100]
    return f"{clean}.{suffix.lower()}" if clean else None


def inside(root: Path, path: Path) -> bool:
    """``path`` lies inside ``root`` once links are resolved (a link out of the workspace is outside)."""
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError):
        return False
    return True
