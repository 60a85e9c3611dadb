"""The frame's part of sign-in: who is signed in, the check before every change, and the connection
that changes go through. Accounts themselves live in ipmonitor/accounts.py.

Local accounts by default; when .streamlit/secrets.toml has an [auth] section and
[ipmonitor] sign_in = "oidc", Streamlit's st.login (the city's OpenID Connect provider) is used
instead and [ipmonitor.roles] says who is an analyst or an admin.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

import duckdb
import streamlit as st

from ipmonitor import db
from ipmonitor.accounts import Account, account_from_identity, load_active_account
from ipmonitor.audit import record_event
from ipmonitor.i18n import t
from ipmonitor.paths import database_path
from pages.common import LOCK_WAIT_SECONDS, forget_cached_reads

AUTH_KEY = "auth_account"


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
    """The signed-in analyst or admin, None for a viewer."""
    settings = oidc_settings()
    if settings is not None:
        if not st.user.is_logged_in:
            return None
        return account_from_identity(st.user.get("email"), settings.get("roles"))
    return st.session_state.get(AUTH_KEY)


@contextmanager
def write_connection(lang: str, *, changes: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection for a change (or a check that must not come from the cache); when another program
    (a command-line load) holds the database, the page says so and stops, and nothing is written."""
    try:
        con = db.connect_when_free(database_path(), config=db.APP_CONFIG, wait_seconds=LOCK_WAIT_SECONDS)
    except duckdb.IOException:
        st.warning(t("app.database_busy", lang))
        st.stop()
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
    if account is None or (admin and not account.is_admin):
        st.error(t("sign_in.required", lang))
        st.stop()
    return account


def sign_out(account: Account, lang: str) -> None:
    """End the session's sign-in, audited."""
    with write_connection(lang) as con:
        record_event(con, account.name, "sign_out")
    st.session_state.pop(AUTH_KEY, None)
    if oidc_settings() is not None:
        st.logout()


def render_account_box(account: Account | None, lang: str) -> None:
    """The sidebar line that says who is signed in, with the sign-out button."""
    if account is None:
        return
    st.sidebar.caption(t("sign_in.signed_in_as", lang, name=account.name, role=t(f"sign_in.role_{account.role}", lang)))
    if st.sidebar.button(t("sign_in.sign_out", lang), key="frame_sign_out", icon=":material/logout:"):
        sign_out(account, lang)
        st.rerun()
