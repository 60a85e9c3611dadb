"""Analyst and admin accounts: Argon2id password hashes, sign-in with a lock after repeated failures.

Viewers need no account. Every sign-in, failure, lock and account change is written to the audit log
in the same transaction as the change it records.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import duckdb
import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from ipmonitor import db
from ipmonitor.audit import record_event, utc_now

ROLES = ("analyst", "admin")
MAX_FAILED_SIGN_INS = 5
LOCK_DURATION = dt.timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 10
NAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]{1,39}")

# argon2-cffi's defaults follow RFC 9106's second recommended option (Argon2id, 64 MiB, 3 passes).
_HASHER = PasswordHasher()
# Verified when the name is unknown, so that a wrong name takes as long as a wrong password and the
# sign-in form does not reveal which names exist.
_DUMMY_HASH = _HASHER.hash("not a password of anyone")


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
    """ok: the account; otherwise why not (wrong, locked, disabled) and until when a lock lasts."""

    outcome: str
    account: Account | None = None
    locked_until: dt.datetime | None = None

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
    """Disable (or enable again) an account; a disabled account cannot sign in or change data."""
    with db.transaction(con):
        if not db.execute(con, "set_account_disabled", {"name": name, "disabled": disabled}):
            raise AccountError("no_such_account", name=name)
        record_event(con, actor, "user_disabled" if disabled else "user_enabled", channel=channel,
                     detail={"account": name})


def reset_password(con: duckdb.DuckDBPyConnection, name: str, password: str, *, actor: str,
                   channel: str = "cli") -> None:
    """Set a new password and lift any lock."""
    password_hash = hash_password(password)
    with db.transaction(con):
        if not db.execute(con, "set_account_password", {"name": name, "password_hash": password_hash,
                                                        "now": utc_now()}):
            raise AccountError("no_such_account", name=name)
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


def sign_in(con: duckdb.DuckDBPyConnection, name: str, password: str, *, now: dt.datetime | None = None,
            channel: str = "app") -> SignInResult:
    """Check a name and password. The fifth failure in a row locks the account for 15 minutes; a
    locked account is refused without looking at the password. Every attempt is audited."""
    now = now or utc_now()
    name = name.strip().lower()
    with db.transaction(con):
        rows = db.execute(con, "account_by_name", {"name": name})
        if not rows:
            _verify(_DUMMY_HASH, password)
            record_event(con, name or "?", "sign_in_failed", channel=channel, detail={"reason": "unknown_name"},
                         at=now)
            return SignInResult("wrong")
        _, role, password_hash, disabled, _, locked_until = rows[0]
        if locked_until is not None and locked_until > now:
            record_event(con, name, "sign_in_failed", channel=channel, detail={"reason": "locked"}, at=now)
            return SignInResult("locked", locked_until=locked_until)
        if not _verify(password_hash, password):
            lock = db.execute(con, "record_sign_in_failure", {
                "name": name, "max_failures": MAX_FAILED_SIGN_INS, "lock_until": now + LOCK_DURATION})[0][0]
            record_event(con, name, "sign_in_failed", channel=channel, detail={"reason": "wrong_password"}, at=now)
            if lock is not None and lock > now:
                record_event(con, name, "account_locked", channel=channel, detail={"until": lock}, at=now)
                return SignInResult("locked", locked_until=lock)
            return SignInResult("wrong")
        if disabled:
            record_event(con, name, "sign_in_failed", channel=channel, detail={"reason": "disabled"}, at=now)
            return SignInResult("disabled")
        db.execute(con, "record_sign_in_success", {"name": name})
        record_event(con, name, "sign_in", channel=channel, at=now)
        if _HASHER.check_needs_rehash(password_hash):
            db.execute(con, "set_account_password", {"name": name, "password_hash": _HASHER.hash(password),
                                                     "now": now})
    return SignInResult("ok", Account(name, role))


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
