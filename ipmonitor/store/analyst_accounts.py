"""Analyst and admin accounts: Argon2id password hashes, and sign-in with a back-off, never a lockout.

Viewers need no account. Every sign-in, failure and account change is written to the audit log in the
same transaction as the change it records. Failed sign-ins are counted per typed name and per client
address by ipmonitor/store/sign_in_throttle.py, the same for names that exist and names that do not.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Callable, TypeVar

import duckdb
import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from ipmonitor.store import db, sign_in_throttle
from ipmonitor.store.audit import record_event, utc_now

ROLES = ("analyst", "admin")
MIN_PASSWORD_LENGTH = 10
NAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]{1,39}")
# Concurrent sign-ins touching the same throttle row make DuckDB refuse one transaction; it is tried again.
WRITE_ATTEMPTS = 3

# argon2-cffi's defaults follow RFC 9106's second recommended option (Argon2id, 64 MiB, 3 passes).
_HASHER = PasswordHasher()
_T = TypeVar("_T")


@functools.cache
def _dummy_hash() -> str:
    """Verified when the name is unknown, so that a wrong name takes as long as a wrong password and the
    sign-in form does not reveal which names exist. Made on first need (no hashing at import), once."""
    return _HASHER.hash("not a password of anyone")


class AccountError(ValueError):
    """A request the account rules refuse; `code` is a translation key under accounts."""

    def __init__(self, code: str, **params: object):
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Account:
    """Who is signed in: the name and the role decide which pages exist for them."""

    name: str
    role: str

    @property
    def can_change_data(self) -> bool:
        return self.role in ROLES

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


@dataclass(frozen=True)
class SignInResult:
    """ok: the account; otherwise why not (wrong, throttled, disabled), and the seconds to wait before
    the next attempt is checked (0: none). A wrong name and a wrong password give equal results."""

    outcome: str
    account: Account | None = None
    retry_after: int = 0

    @property
    def ok(self) -> bool:
        return self.outcome == "ok"


def check_new_password(password: str) -> None:
    """Refuse passwords too short to resist guessing (NIST SP 800-63B asks for length, not symbols)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError("password_too_short", length=MIN_PASSWORD_LENGTH)


def hash_password(password: str) -> str:
    """An Argon2id hash with its own salt and parameters."""
    check_new_password(password)
    return _HASHER.hash(password)


def add_account(con: duckdb.DuckDBPyConnection, name: str, role: str, password: str, *, actor: str,
                channel: str = "cli") -> Account:
    """Create an account; the name is lower-case letters, digits, dot, dash or underscore."""
    name = name.strip().lower()
    if not NAME_PATTERN.fullmatch(name):
        raise AccountError("bad_name", name=name)
    if role not in ROLES:
        raise AccountError("bad_role", role=role)
    password_hash = hash_password(password)
    with db.transaction(con):
        if db.execute(con, "account_by_name", {"name": name}):
            raise AccountError("name_taken", name=name)
        db.execute(con, "insert_account", {"name": name, "role": role, "password_hash": password_hash,
                                           "now": utc_now()})
        record_event(con, actor, "user_added", channel=channel, detail={"account": name, "role": role})
    return Account(name, role)


def set_disabled(con: duckdb.DuckDBPyConnection, name: str, disabled: bool, *, actor: str,
                 channel: str = "cli") -> None:
    """Disable (or enable again) an account; a disabled account cannot sign in or change data, and its
    browser sessions end (enabling it again does not bring them back)."""
    with db.transaction(con):
        if not db.execute(con, "set_account_disabled", {"name": name, "disabled": disabled}):
            raise AccountError("no_such_account", name=name)
        if disabled:
            _end_sessions(con, name)
        record_event(con, actor, "user_disabled" if disabled else "user_enabled", channel=channel,
                     detail={"account": name})


def reset_password(con: duckdb.DuckDBPyConnection, name: str, password: str, *, actor: str,
                   channel: str = "cli") -> None:
    """Set a new password, clear the name's back-off (the admin has checked who is asking) and end the
    account's browser sessions (whoever knew the old password is signed out)."""
    password_hash = hash_password(password)
    with db.transaction(con):
        if not db.execute(con, "set_account_password", {"name": name, "password_hash": password_hash,
                                                        "now": utc_now()}):
            raise AccountError("no_such_account", name=name)
        sign_in_throttle.clear(con, sign_in_throttle.compute_keys(name, None))
        _end_sessions(con, name)
        record_event(con, actor, "password_reset", channel=channel, detail={"account": name})


def load_accounts(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every account without its hash."""
    return db.query_df(con, "account_list")


def load_active_account(con: duckdb.DuckDBPyConnection, name: str) -> Account | None:
    """The account as it is now, None if it no longer exists or is disabled: checked again before
    every change, so that disabling an account takes effect at once, even mid-session."""
    rows = db.execute(con, "account_by_name", {"name": name})
    if not rows or rows[0][3]:
        return None
    return Account(rows[0][0], rows[0][1])


def sign_in(con: duckdb.DuckDBPyConnection, name: str, password: str, *, client: str | None = None,
            now: dt.datetime | None = None, channel: str = "app") -> SignInResult:
    """Check a name and password. `client` is the client's address (None when unknown; behind a reverse
    proxy it is the proxy's unless the proxy passes X-Forwarded-For). While the name or the client is in
    back-off the attempt is refused without looking at the password; a wrong name or password counts
    against both, a success clears both. Every attempt is audited with the client's address."""
    now = now or utc_now()
    name = name.strip().lower()
    actor = name[:sign_in_throttle.MAX_KEY_LENGTH] or "?"
    keys = sign_in_throttle.compute_keys(name, client)
    where = {"client": client} if client else {}
    dummy_hash = _dummy_hash()  # before any branch: the first attempt of the process costs the same for all

    wait = sign_in_throttle.load_wait_seconds(con, keys, now)
    if wait:
        _write(con, lambda: record_event(con, actor, "sign_in_failed", channel=channel, at=now,
                                         detail={"reason": "throttled", **where}))
        return SignInResult("throttled", retry_after=wait)

    rows = db.execute(con, "account_by_name", {"name": name})
    # Checked outside the transaction: hashing takes a tenth of a second and holds no lock.
    matches = _verify(rows[0][2] if rows else dummy_hash, password)
    if not rows or not matches:
        def count_failure() -> int:
            started = sign_in_throttle.record_failure(con, keys, now)
            record_event(con, actor, "sign_in_failed", channel=channel, at=now,
                         detail={"reason": "wrong_password" if rows else "unknown_name", **where})
            if started:
                record_event(con, actor, "sign_in_throttled", channel=channel, at=now,
                             detail={"seconds": started, **where})
            return started
        return SignInResult("wrong", retry_after=_write(con, count_failure))

    _, role, password_hash, disabled, *_ = rows[0]
    if disabled:
        _write(con, lambda: record_event(con, name, "sign_in_failed", channel=channel, at=now,
                                         detail={"reason": "disabled", **where}))
        return SignInResult("disabled")

    def succeed() -> None:
        sign_in_throttle.clear(con, keys)
        record_event(con, name, "sign_in", channel=channel, at=now, detail=where or None)
        if _HASHER.check_needs_rehash(password_hash):
            db.execute(con, "set_account_password", {"name": name, "password_hash": _HASHER.hash(password),
                                                     "now": now})
    _write(con, succeed)
    return SignInResult("ok", Account(name, role))


def _write(con: duckdb.DuckDBPyConnection, write: Callable[[], _T]) -> _T:
    """Run `write` in one transaction, again when a concurrent sign-in made DuckDB refuse it."""
    for attempt in range(1, WRITE_ATTEMPTS + 1):
        try:
            with db.transaction(con):
                return write()
        except duckdb.TransactionException:
            if attempt == WRITE_ATTEMPTS:
                raise
    raise AssertionError("unreachable")


def _end_sessions(con: duckdb.DuckDBPyConnection, name: str) -> None:
    # ipmonitor/store/sessions.py owns sessions but imports Account from here; the one statement runs here.
    db.execute(con, "revoke_account_sessions", {"account_name": name, "now": utc_now()})


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def account_from_identity(email: str | None, roles: dict[str, list[str]] | None) -> Account | None:
    """For a city OpenID Connect sign-in (st.login): the role that secrets.toml gives this e-mail
    address ([ipmonitor.roles] admin = [...], analyst = [...]); None for everyone else, who views only."""
    if not email or not roles:
        return None
    address = email.strip().lower()
    for role in ("admin", "analyst"):  # someone listed twice gets the higher role
        if address in {entry.strip().lower() for entry in roles.get(role, [])}:
            return Account(address, role)
    return None
