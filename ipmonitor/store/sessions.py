"""Signed-in browsers: a server-side session per sign-in, carried by a signed HttpOnly cookie.

A script cannot set an HttpOnly cookie, so a successful sign-in makes a one-time token (a minute, once)
that the browser exchanges for the cookie at a small route (ipmonitor/store/session_routes.py). The cookie
holds the session id and its HMAC; the database holds only the id's SHA-256. Every page run checks the
session again: it exists, has not expired, was not revoked, and its account is still enabled.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import secrets
import tomllib
from pathlib import Path

import duckdb

from ipmonitor.store import db
from ipmonitor.store.analyst_accounts import Account
from ipmonitor.paths import PROJECT_ROOT

COOKIE_NAME = "ipmonitor_session"
# A working day: signed in in the morning, still signed in at the end of the afternoon.
SESSION_LENGTH = dt.timedelta(hours=10)
HANDOFF_LIFETIME = dt.timedelta(seconds=60)
# Expired sessions and tokens are kept this long (who was signed in when), then deleted.
KEEP_ENDED = dt.timedelta(days=30)

SECRET_ENV_VAR = "IPMONITOR_COOKIE_SECRET"
SECRET_FOLDER_NAME = ".ipmonitor-secrets"
SECRET_FILE_NAME = "cookie_secret"
MIN_SECRET_LENGTH = 32


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def create_handoff(con: duckdb.DuckDBPyConnection, account_name: str, now: dt.datetime) -> str:
    """A one-time token for `account_name`, valid for HANDOFF_LIFETIME; only its hash is stored."""
    token = secrets.token_urlsafe(32)
    with db.transaction(con):
        db.execute(con, "forget_old_sign_in_handoffs", {"before": now - KEEP_ENDED})
        db.execute(con, "insert_sign_in_handoff", {"token_hash": _digest(token), "account_name": account_name,
                                                   "now": now, "expires_at": now + HANDOFF_LIFETIME})
    return token


def redeem_handoff(con: duckdb.DuckDBPyConnection, token: str, now: dt.datetime) -> str | None:
    """Use a token once and start a session for its account; returns the new session id, None when the
    token is unknown, used or expired, or its account has been disabled meanwhile."""
    if not token or len(token) > 200:
        return None
    session_id = secrets.token_urlsafe(32)
    with db.transaction(con):
        rows = db.execute(con, "redeem_sign_in_handoff", {"token_hash": _digest(token), "now": now})
        if not rows:
            return None
        active = db.execute(con, "account_by_name", {"name": rows[0][0]})
        if not active or active[0][3]:
            return None
        db.execute(con, "forget_old_app_sessions", {"before": now - KEEP_ENDED})
        db.execute(con, "insert_app_session", {"session_id_hash": _digest(session_id), "account_name": rows[0][0],
                                               "now": now, "expires_at": now + SESSION_LENGTH})
    return session_id


def load_session_account(con: duckdb.DuckDBPyConnection, session_id: str, now: dt.datetime) -> Account | None:
    """The account a live session signs in; None when the session is unknown, expired or revoked, or the
    account is disabled."""
    rows = db.execute(con, "session_account", {"session_id_hash": _digest(session_id), "now": now})
    return Account(rows[0][0], rows[0][1]) if rows else None


def end_session(con: duckdb.DuckDBPyConnection, session_id: str, now: dt.datetime) -> str | None:
    """Revoke one session (sign-out); returns its account's name when it was live."""
    rows = db.execute(con, "revoke_app_session", {"session_id_hash": _digest(session_id), "now": now})
    return rows[0][0] if rows else None


def sign_cookie(secret: bytes, session_id: str) -> str:
    """The cookie's value: the session id and its HMAC-SHA256 under the cookie secret."""
    return f"{session_id}.{_mac(secret, session_id)}"


def read_cookie(secret: bytes, value: str | None) -> str | None:
    """The session id in a cookie value, None when the value is missing or its signature is wrong."""
    if not value or len(value) > 200 or "." not in value:
        return None
    session_id, mac = value.rsplit(".", 1)
    return session_id if session_id and hmac.compare_digest(mac, _mac(secret, session_id)) else None


def _mac(secret: bytes, session_id: str) -> str:
    return hmac.new(secret, session_id.encode("utf-8"), hashlib.sha256).hexdigest()


def load_cookie_secret(folder: Path, *, environ: dict[str, str] | None = None,
                       secrets_files: list[Path] | None = None) -> bytes:
    """The key that signs session cookies: $IPMONITOR_COOKIE_SECRET, else [ipmonitor] cookie_secret in
    .streamlit/secrets.toml (the project's, then the user's, like Streamlit), else a random key generated
    once into `folder`/.ipmonitor-secrets/cookie_secret (mode 0600, in a folder that tells git to
    ignore it). Changing the key signs everyone out."""
    environ = os.environ if environ is None else environ
    configured = environ.get(SECRET_ENV_VAR) or _secret_from_files(
        secrets_files if secrets_files is not None else
        [PROJECT_ROOT / ".streamlit" / "secrets.toml", Path.home() / ".streamlit" / "secrets.toml"])
    if configured:
        if len(configured) < MIN_SECRET_LENGTH:
            raise ValueError(f"the cookie secret must be at least {MIN_SECRET_LENGTH} characters")
        return configured.encode("utf-8")
    return _generated_secret(folder)


def _secret_from_files(paths: list[Path]) -> str | None:
    for path in paths:
        if path.is_file():
            with path.open("rb") as file:
                value = tomllib.load(file).get("ipmonitor", {}).get("cookie_secret")
            if value:
                return str(value)
    return None


def _generated_secret(folder: Path) -> bytes:
    secret_dir = folder / SECRET_FOLDER_NAME
    path = secret_dir / SECRET_FILE_NAME
    if not path.exists():
        secret_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        (secret_dir / ".gitignore").write_text("# generated secrets: never committed\n*\n", encoding="utf-8")
        # Written whole to a private file, then linked into place: when two processes start at once,
        # the first link wins and both read the same complete key.
        draft = secret_dir / f"{SECRET_FILE_NAME}.{os.getpid()}.{secrets.token_hex(4)}"
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(secrets.token_urlsafe(48))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    value = path.read_text(encoding="utf-8").strip()
    if len(value) < MIN_SECRET_LENGTH:
        raise ValueError(f"{path} holds no usable cookie secret; delete it to generate a new one")
    return value.encode("utf-8")
