"""The frame's part of sign-in: who is signed in, the check before every change, and the connection
that changes go through. Accounts themselves live in ipmonitor/store/analyst_accounts.py, sessions in
ipmonitor/store/sessions.py.

Local accounts by default: a sign-in holds for the page's session (AUTH_KEY) and, when the server was
started through app.py, for SESSION_LENGTH in this browser through the HttpOnly session cookie, checked
in the database on every run. When .streamlit/secrets.toml has an [auth] section and
[ipmonitor] sign_in = "oidc", Streamlit's st.login (the city's OpenID Connect provider) is used
instead (it keeps its own cookie) and [ipmonitor.roles] says who is an analyst or an admin.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator
from urllib.parse import urlencode

import duckdb
import streamlit as st
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from ipmonitor.store import db, sessions
from ipmonitor.store.analyst_accounts import Account, account_from_identity, load_active_account
from ipmonitor.store.audit import record_event, utc_now
from ipmonitor.i18n import t
from ipmonitor.paths import database_path
from ipmonitor.store.session_routes import SESSION_PATH, SIGN_OUT_PATH, cookie_secret, routes_mounted
from ui.cached_reads import LOCK_WAIT_SECONDS, forget_cached_reads, stop_for_database_error
from ui.language import current_language
from ui.page_registry import SIGN_IN

AUTH_KEY = "auth_account"
# Set at sign-out; the next run asks the browser to drop the (already revoked) cookie.
CLEAR_COOKIE_KEY = "auth_clear_cookie"


def oidc_settings() -> dict | None:
    """The [ipmonitor] secrets when OpenID Connect sign-in is switched on, else None."""
    try:
        settings = st.secrets.get("ipmonitor", {})
        if "auth" in st.secrets and settings.get("sign_in") == "oidc":
            return dict(settings)
    except Exception:  # no secrets file at all: local accounts
        return None
    return None


def current_account() -> Account | None:
    """The signed-in analyst or admin, None for a viewer: the sign-in made on this page's session, else
    the browser's session cookie, whose session must be live and its account enabled now."""
    settings = oidc_settings()
    if settings is not None:
        if not st.user.is_logged_in:
            return None
        return account_from_identity(st.user.get("email"), settings.get("roles"))
    account = st.session_state.get(AUTH_KEY)
    if account is not None:
        return account
    session_id = _cookie_session_id()
    if session_id is None or not database_path().exists():
        return None
    with write_connection(current_language(), changes=False) as con:
        try:
            return sessions.load_session_account(con, session_id, utc_now())
        except duckdb.CatalogException:  # a database from before migration 009: the frame upgrades it
            return None


def client_address() -> str | None:
    """The reader's address for the sign-in back-off, None when unknown (or local). Behind a reverse
    proxy this is the proxy's address unless the proxy passes X-Forwarded-For and is trusted by uvicorn
    (FORWARDED_ALLOW_IPS, by default only a proxy on this machine)."""
    address = st.context.ip_address
    return address if isinstance(address, str) else None  # AppTest has no connection (a stand-in object)


def start_browser_session(account: Account, lang: str, back_to: str) -> bool:
    """After a successful sign-in, have the browser exchange a one-time token for the HttpOnly session
    cookie and come back to the page at `back_to` (its url_path), signed in; False when this server has
    no cookie routes (app.py not used)."""
    if not routes_mounted():
        return False
    with write_connection(lang, changes=False) as con:
        token = sessions.create_handoff(con, account.name, utc_now())
    _send_browser_to(SESSION_PATH, {"token": token, "next": _page_path(back_to)})
    return True


def _cookie_session_id() -> str | None:
    if not routes_mounted():
        return None
    return sessions.read_cookie(cookie_secret(), st.context.cookies.get(sessions.COOKIE_NAME))


def _send_browser_to(path: str, params: dict[str, str]) -> None:
    """Send the browser to one of the cookie routes, which redirects back (a top-level request: only its
    response can set or clear an HttpOnly cookie). Done the way st.login does it: a redirect message that
    Streamlit's own script carries out, so no inline script is needed (nginx's Content-Security-Policy
    allows none). ForwardMsg.auth_redirect is Streamlit's internal message (pinned 1.67); the browser
    test fails if an upgrade changes it."""
    context = get_script_run_ctx()
    if context is None:  # not in a script run: nothing to redirect
        return
    message = ForwardMsg()
    message.auth_redirect.url = _base_path() + path + "?" + urlencode(params)
    context.enqueue(message)


def _base_path() -> str:
    """Streamlit's server.baseUrlPath as "" or "/path" (the routes are mounted under it)."""
    base = st.get_option("server.baseUrlPath").strip("/")
    return f"/{base}" if base else ""


def _home_path() -> str:
    return _base_path() + "/"


def _page_path(url_path: str) -> str:
    """A page's address on the site, with this run's query parameters (the language) kept."""
    query = urlencode(st.query_params.to_dict())
    return _base_path() + "/" + url_path + (f"?{query}" if query else "")


@contextmanager
def write_connection(lang: str, *, changes: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection for a change (or a check that must not come from the cache); when another program
    (a command-line load) holds the database, the page says so and stops, and nothing is written."""
    try:
        con = db.connect_when_free(database_path(), config=db.APP_CONFIG, wait_seconds=LOCK_WAIT_SECONDS)
    except duckdb.Error as error:  # busy, or the file damaged: the page says which and stops
        stop_for_database_error(error, lang)
        raise
    try:
        yield con
    finally:
        con.close()
        if changes:
            forget_cached_reads()


def require_account(lang: str, *, admin: bool = False) -> Account:
    """The page's guard: the account must still exist and be enabled now (checked in the database on
    every run, so that disabling an account takes effect at once), and be an admin where asked."""
    account = current_account()
    if account is not None and oidc_settings() is None:
        with write_connection(lang, changes=False) as con:
            if load_active_account(con, account.name) is None:
                st.session_state.pop(AUTH_KEY, None)
                account = None
    if account is None:
        st.error(t("sign_in.required", lang))
        st.page_link(SIGN_IN.file, label=t(SIGN_IN.title_key, lang), icon=SIGN_IN.icon)
        st.stop()
    if admin and not account.is_admin:
        st.error(t("sign_in.required_admin", lang))
        st.stop()
    return account


def sign_out(account: Account, lang: str) -> None:
    """End the sign-in, audited: the page's, and the browser's session in the database (so the cookie
    signs nobody in even before the browser drops it)."""
    session_id = _cookie_session_id() if oidc_settings() is None else None
    with write_connection(lang) as con, db.transaction(con):
        if session_id is not None:
            sessions.end_session(con, session_id, utc_now())
        record_event(con, account.name, "sign_out")
    st.session_state.pop(AUTH_KEY, None)
    if session_id is not None:
        st.session_state[CLEAR_COOKIE_KEY] = True
    if oidc_settings() is not None:
        st.logout()


def render_account_box(account: Account | None, lang: str) -> None:
    """The sidebar line that says who is signed in, with the sign-out button."""
    if st.session_state.pop(CLEAR_COOKIE_KEY, False):
        _send_browser_to(SIGN_OUT_PATH, {"next": _home_path()})
    if account is None:
        return
    st.sidebar.caption(t("sign_in.signed_in_as", lang, name=account.name, role=t(f"sign_in.role_{account.role}", lang)))
    if st.sidebar.button(t("sign_in.sign_out", lang), key="frame_sign_out", icon=":material/logout:"):
        sign_out(account, lang)
        st.rerun()
