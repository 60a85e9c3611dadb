"""Accounts on a real database: hashes, sign-in, the lock after five failures, and the audit trail."""
from __future__ import annotations

import datetime as dt

import pytest

from ipmonitor import db
from ipmonitor.accounts import (LOCK_DURATION, MAX_FAILED_SIGN_INS, AccountError, add_account, load_accounts,
                                load_active_account, reset_password, set_disabled, sign_in)
from ipmonitor.audit import load_audit_log, record_event

PASSWORD = "mat-khau-dai-du"


@pytest.fixture
def con(db_path):
    with db.open_database(db_path) as connection:
        add_account(connection, "lan.nguyen", "analyst", PASSWORD, actor="admin")
        yield connection


def test_a_password_is_stored_only_as_an_argon2id_hash(con):
    stored = con.execute("SELECT password_hash FROM app_user WHERE name = 'lan.nguyen'").fetchone()[0]
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert "password_hash" not in load_accounts(con).columns


def test_the_right_password_signs_in_and_the_wrong_one_does_not(con):
    assert sign_in(con, "Lan.Nguyen ", PASSWORD).account.name == "lan.nguyen"
    assert sign_in(con, "lan.nguyen", "wrong password").outcome == "wrong"
    assert sign_in(con, "nobody", PASSWORD).outcome == "wrong"  # the same answer as a wrong password


def test_the_fifth_failure_locks_the_account_for_fifteen_minutes_even_for_the_right_password(con):
    start = dt.datetime(2026, 10, 20, 8, 0)
    for attempt in range(MAX_FAILED_SIGN_INS - 1):
        assert sign_in(con, "lan.nguyen", "wrong", now=start).outcome == "wrong"
    locked = sign_in(con, "lan.nguyen", "wrong", now=start)
    assert locked.outcome == "locked" and locked.locked_until == start + LOCK_DURATION
    assert sign_in(con, "lan.nguyen", PASSWORD, now=start + dt.timedelta(minutes=14)).outcome == "locked"
    assert sign_in(con, "lan.nguyen", PASSWORD, now=start + LOCK_DURATION + dt.timedelta(seconds=1)).ok


def test_a_success_clears_the_count_of_failures(con):
    start = dt.datetime(2026, 10, 20, 8, 0)
    for _ in range(MAX_FAILED_SIGN_INS - 1):
        sign_in(con, "lan.nguyen", "wrong", now=start)
    assert sign_in(con, "lan.nguyen", PASSWORD, now=start).ok
    assert sign_in(con, "lan.nguyen", "wrong", now=start).outcome == "wrong"  # not locked: counting again


def test_a_disabled_account_cannot_sign_in_or_change_data_and_can_be_enabled_again(con):
    set_disabled(con, "lan.nguyen", True, actor="admin")
    assert sign_in(con, "lan.nguyen", PASSWORD).outcome == "disabled"
    assert load_active_account(con, "lan.nguyen") is None
    set_disabled(con, "lan.nguyen", False, actor="admin")
    assert load_active_account(con, "lan.nguyen").role == "analyst"


def test_a_reset_sets_a_new_password_and_lifts_the_lock(con):
    start = dt.datetime(2026, 10, 20, 8, 0)
    for _ in range(MAX_FAILED_SIGN_INS):
        sign_in(con, "lan.nguyen", "wrong", now=start)
    reset_password(con, "lan.nguyen", "mat-khau-moi-2026", actor="admin")
    assert sign_in(con, "lan.nguyen", "mat-khau-moi-2026", now=start).ok
    assert sign_in(con, "lan.nguyen", PASSWORD, now=start).outcome == "wrong"


@pytest.mark.parametrize("name, role, password, code", [
    ("lan.nguyen", "analyst", PASSWORD, "name_taken"),
    ("Bad Name!", "analyst", PASSWORD, "bad_name"),
    ("minh", "viewer", PASSWORD, "bad_role"),
    ("minh", "analyst", "short", "password_too_short"),
])
def test_bad_account_requests_are_refused_with_a_reason(con, name, role, password, code):
    with pytest.raises(AccountError) as refused:
        add_account(con, name, role, password, actor="admin")
    assert refused.value.code == code
    assert con.execute("SELECT count(*) FROM app_user").fetchone()[0] == 1


def test_every_sign_in_attempt_and_account_change_is_in_the_audit_log(con):
    sign_in(con, "lan.nguyen", PASSWORD)
    sign_in(con, "lan.nguyen", "wrong")
    set_disabled(con, "lan.nguyen", True, actor="admin")
    log = load_audit_log(con)
    assert list(log["action"]) == ["user_disabled", "sign_in_failed", "sign_in", "user_added"]
    assert '"wrong_password"' in log.loc[log["action"] == "sign_in_failed", "detail"].iloc[0]
    assert list(load_audit_log(con, actor="lan.nguyen")["action"]) == ["sign_in_failed", "sign_in"]
    assert list(load_audit_log(con, action="sign_in")["actor"]) == ["lan.nguyen"]


def test_the_audit_log_refuses_an_action_it_does_not_know(con):
    with pytest.raises(ValueError):
        record_event(con, "lan.nguyen", "delete_everything")
