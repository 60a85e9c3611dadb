"""Two HTTP routes beside Streamlit's own (app.py mounts them): one exchanges a sign-in's one-time token
for the HttpOnly session cookie, the other clears it. A Streamlit script cannot set an HttpOnly cookie;
only an HTTP response can. The page sends the browser to them the way st.login does (a redirect that
Streamlit's own script performs), so no inline script is needed and a strict Content-Security-Policy
holds; they answer GET, with the token in the address: it is good for one use within a minute, and
is used at once.

The cookie is HttpOnly (no script reads it), SameSite=Strict (no other site's page or link sends it;
Streamlit reads cookies from its own WebSocket, a same-site request, so a reader arriving by a link from
an e-mail is still signed in), and Secure when the request came over https (behind a reverse proxy on
the same machine uvicorn takes the scheme from X-Forwarded-Proto).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from ipmonitor.store import db, sessions
from ipmonitor.store.audit import utc_now
from ipmonitor.paths import database_path

SESSION_PATH = "/auth/session"
SIGN_OUT_PATH = "/auth/sign-out"
# A route waits this long for a command-line load that holds the database, like the pages do.
LOCK_WAIT_SECONDS = 2.0

_mounted = False


def build_routes(base_url_path: str = "", *, now: Callable[[], dt.datetime] = utc_now,
                 database: Callable[[], Path] = database_path) -> list[Route]:
    """The two routes under Streamlit's server.baseUrlPath; building them tells the pages that the
    cookie can be set (`routes_mounted`)."""
    global _mounted
    _mounted = True
    base = "/" + base_url_path.strip("/") if base_url_path.strip("/") else ""

    async def start_session(request: Request) -> Response:
        if not _same_origin(request):
            return Response(status_code=403)
        token = request.query_params.get("token", "")
        session_id = await run_in_threadpool(_redeem, database(), token, now())
        answer = RedirectResponse(_same_site_path(request.query_params.get("next"), base), status_code=303)
        if session_id is not None:
            answer.set_cookie(sessions.COOKIE_NAME, sessions.sign_cookie(_secret(database()), session_id),
                              max_age=int(sessions.SESSION_LENGTH.total_seconds()), path=base or "/",
                              httponly=True, samesite="strict", secure=request.url.scheme == "https")
        return answer

    async def end_session(request: Request) -> Response:
        if not _same_origin(request):
            return Response(status_code=403)
        session_id = sessions.read_cookie(_secret(database()), request.cookies.get(sessions.COOKIE_NAME))
        if session_id is not None:  # the page has revoked it already; this covers a sign-out by this route alone
            await run_in_threadpool(_revoke, database(), session_id, now())
        answer = RedirectResponse(_same_site_path(request.query_params.get("next"), base), status_code=303)
        answer.delete_cookie(sessions.COOKIE_NAME, path=base or "/", httponly=True, samesite="strict",
                             secure=request.url.scheme == "https")
        return answer

    return [Route(base + SESSION_PATH, start_session, methods=["GET"]),
            Route(base + SIGN_OUT_PATH, end_session, methods=["GET"])]


def routes_mounted() -> bool:
    """True when this process serves the cookie routes (started through app.py); under a bare
    `streamlit run dashboard.py` or AppTest a sign-in lasts as long as the page, as before."""
    return _mounted


def cookie_secret(database: Path | None = None) -> bytes:
    """The cookie key for the database in use (see sessions.load_cookie_secret), read once per process."""
    return _secret(database or database_path())


_secrets: dict[Path, bytes] = {}


def _secret(database: Path) -> bytes:
    folder = database.resolve().parent
    if folder not in _secrets:
        _secrets[folder] = sessions.load_cookie_secret(folder)
    return _secrets[folder]


# DuckDB blocks (and may wait for a command-line load), so the routes run these in a worker thread.
def _redeem(path: Path, token: str, at: dt.datetime) -> str | None:
    if not path.exists():
        return None
    with db.open_database_when_free(path, config=db.APP_CONFIG, wait_seconds=LOCK_WAIT_SECONDS) as con:
        return sessions.redeem_handoff(con, token, at)


def _revoke(path: Path, session_id: str, at: dt.datetime) -> None:
    if not path.exists():
        return
    with db.open_database_when_free(path, config=db.APP_CONFIG, wait_seconds=LOCK_WAIT_SECONDS) as con:
        sessions.end_session(con, session_id, at)


def _same_origin(request: Request) -> bool:
    """Only the app's own pages send the browser here: browsers say where a navigation comes from in
    Sec-Fetch-Site, and a link or form on another site (or a typed address) is refused, so nobody can
    sign a reader in to an account of theirs, or out, from elsewhere."""
    return request.headers.get("sec-fetch-site", "same-origin") == "same-origin"


def _same_site_path(target: str | None, base: str) -> str:
    """Where to send the browser back: a path on this site only (never //host or a full address)."""
    home = (base or "") + "/"
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return home
    if any(ord(character) < 0x20 for character in target):
        return home
    return target
