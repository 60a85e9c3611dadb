"""Sign-in back-off: failed attempts counted per typed name and per client address, never a lockout.

A name is counted whether or not an account of that name exists, so that the answer never tells
which names exist. After a key's free failures each further failure doubles the wait before the next
attempt is checked, up to a cap; a success clears the name and the client. While a key waits, an
attempt is refused without looking at the password and does not count (it cannot lengthen the wait),
so the real analyst is kept out for at most the cap, never for a fixed lock.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import duckdb

from ipmonitor.store import db

KINDS = ("name", "client")
MAX_KEY_LENGTH = 100  # names are at most 40 characters; longer text is cut, not stored whole


@dataclass(frozen=True)
class BackOff:
    """How long one key waits: nothing for `free_failures`, then `first_wait`, doubling, at most `cap`."""

    free_failures: int
    first_wait: dt.timedelta
    cap: dt.timedelta

    def wait_after(self, failures: int) -> dt.timedelta:
        """The wait after `failures` failures in a row (compute_: pure)."""
        if failures < self.free_failures:
            return dt.timedelta(0)
        doublings = failures - self.free_failures
        if doublings >= 32:  # far past the cap; keeps the power small
            return self.cap
        return min(self.cap, self.first_wait * 2 ** doublings)


# Per name: five tries for a mistyped password, then 1 s, 2 s, 4 s ... at most 5 minutes: about 12 guesses
# an hour at the cap against one name, while the analyst waits at most 5 minutes.
NAME_BACK_OFF = BackOff(free_failures=5, first_wait=dt.timedelta(seconds=1), cap=dt.timedelta(minutes=5))
# Per client address: more free tries (an office behind one NAT address, or a proxy that does not pass
# X-Forwarded-For, shares one key), a shorter cap (one guesser must not keep a whole office out for long),
# but it slows one address that sprays many names, which the per-name count cannot see.
CLIENT_BACK_OFF = BackOff(free_failures=10, first_wait=dt.timedelta(seconds=1), cap=dt.timedelta(minutes=1))
BACK_OFFS = {"name": NAME_BACK_OFF, "client": CLIENT_BACK_OFF}
# A count with no failure for this long starts again from zero.
FORGET_AFTER = dt.timedelta(hours=24)


@dataclass(frozen=True)
class ThrottleKey:
    """What one attempt is counted against."""

    kind: str
    key: str


def compute_keys(name: str, client: str | None) -> list[ThrottleKey]:
    """The keys of one attempt: the typed name (lower case, as sign_in reads it) and, when known, the
    client address. An empty name is counted too, under a key no account can have."""
    keys = [ThrottleKey("name", (name.strip().lower() or "?")[:MAX_KEY_LENGTH])]
    if client:
        keys.append(ThrottleKey("client", client.strip()[:MAX_KEY_LENGTH]))
    return keys


def compute_after_failure(kind: str, failures: int, last_failure_at: dt.datetime | None,
                          now: dt.datetime) -> tuple[int, dt.datetime | None]:
    """A key's count and the end of its wait after one more failure at `now`."""
    if last_failure_at is None or now - last_failure_at >= FORGET_AFTER:
        failures = 0
    failures += 1
    wait = BACK_OFFS[kind].wait_after(failures)
    return failures, (now + wait if wait else None)


def compute_wait_seconds(blocked_until: dt.datetime | None, now: dt.datetime) -> int:
    """Whole seconds left to wait (rounded up, so "try again in 1 second" is never too early), 0 for none."""
    if blocked_until is None or blocked_until <= now:
        return 0
    return math.ceil((blocked_until - now).total_seconds())


def load_wait_seconds(con: duckdb.DuckDBPyConnection, keys: list[ThrottleKey], now: dt.datetime) -> int:
    """The longest wait any of the keys is in, 0 when an attempt may be checked now."""
    waits = [0]
    for key in keys:
        rows = db.execute(con, "sign_in_throttle_row", {"kind": key.kind, "key": key.key})
        if rows:
            waits.append(compute_wait_seconds(rows[0][2], now))
    return max(waits)


def record_failure(con: duckdb.DuckDBPyConnection, keys: list[ThrottleKey], now: dt.datetime) -> int:
    """Count one failure against every key (inside the caller's transaction); returns the wait it starts."""
    wait = 0
    for key in keys:
        rows = db.execute(con, "sign_in_throttle_row", {"kind": key.kind, "key": key.key})
        failures, last = (rows[0][0], rows[0][1]) if rows else (0, None)
        failures, blocked_until = compute_after_failure(key.kind, failures, last, now)
        db.execute(con, "upsert_sign_in_throttle", {"kind": key.kind, "key": key.key, "failures": failures,
                                                    "now": now, "blocked_until": blocked_until})
        wait = max(wait, compute_wait_seconds(blocked_until, now))
    db.execute(con, "forget_old_sign_in_throttle", {"forget_before": now - FORGET_AFTER, "now": now})
    return wait


def clear(con: duckdb.DuckDBPyConnection, keys: list[ThrottleKey]) -> None:
    """Start the keys' counts again (a success, or an admin's password reset for the name)."""
    for key in keys:
        db.execute(con, "clear_sign_in_throttle", {"kind": key.kind, "key": key.key})
