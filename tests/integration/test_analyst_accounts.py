"""Accounts on a real database: hashes, sign-in, the back-off after repeated failures (the same for
names that exist and names that do not, never a lockout), and the audit trail."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import time

import pytest

from ipmonitor.store import analyst_accounts as accounts, db
from ipmonitor.store.analyst_accounts import (AccountError, add_account, load_accounts, load_active_account,
                                              reset_password, set_disabled, sign_in)
from ipmonitor.store.audit import load_audit_log, record_event
from ipmonitor.store.sign_in_throttle import CLIENT_BACK_OFF, NAME_BACK_OFF

PASSWORD = "mat-khau-dai-du"
START = dt.datetime(2026, 10, 20, 8, 0)
SECOND = dt.timedelta(seconds=1)
FREE = NAME_BACK_OFF.free_failures


REAL_HASHER = accounts._HASHER


@pytest.fixture(autouse=True)
def quick_hashes(monkeypatch):
    """Argon2id with small parameters, so that the dozens of attempts these tests make stay quick; the
    timing test puts the real parameters back."""
    monkeypatch.setattr(accounts, "_HASHER", accounts.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    accounts._dummy_hash.cache_clear()
    yield
    accounts._dummy_hash.cache_clear()


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


def fail(con, name, times, now=START, client=None):
    return [sign_in(con, name, "wrong", now=now, client=client) for _ in range(times)]


def test_the_fifth_failure_starts_a_one_second_wait_in_which_even_the_right_password_is_not_checked(con):
    assert [r.outcome for r in fail(con, "lan.nguyen", FREE - 1)] == ["wrong"] * (FREE - 1)
    fifth = sign_in(con, "lan.nguyen", "wrong", now=START)
    assert (fifth.outcome, fifth.retry_after) == ("wrong", 1)
    refused = sign_in(con, "lan.nguyen", PASSWORD, now=START + SECOND / 2)
    assert (refused.outcome, refused.account, refused.retry_after) == ("throttled", None, 1)
    assert sign_in(con, "lan.nguyen", PASSWORD, now=START + SECOND).ok  # from any browser, right after the wait


def test_each_further_failure_doubles_the_wait_up_to_five_minutes(con):
    now, waits = START, []
    for _ in range(FREE + 12):
        result = sign_in(con, "lan.nguyen", "wrong", now=now)
        assert result.outcome == "wrong"  # never refused: each try comes when the last wait is over
        waits.append(result.retry_after)
        now += dt.timedelta(seconds=max(result.retry_after, 1))
    assert waits[:FREE - 1] == [0] * (FREE - 1)
    assert waits[FREE - 1:FREE + 9] == [1, 2, 4, 8, 16, 32, 64, 128, 256, 300]
    assert set(waits[FREE + 9:]) == {300}  # the cap: the analyst never waits longer than five minutes
    assert sign_in(con, "lan.nguyen", PASSWORD, now=now).ok


def test_attempts_refused_during_a_wait_do_not_lengthen_it(con):
    fail(con, "lan.nguyen", FREE)
    for offset in (0.1, 0.5, 0.9):
        assert sign_in(con, "lan.nguyen", "wrong", now=START + offset * SECOND).outcome == "throttled"
    assert sign_in(con, "lan.nguyen", PASSWORD, now=START + SECOND).ok


def test_a_success_starts_the_count_again(con):
    fail(con, "lan.nguyen", FREE - 1)
    assert sign_in(con, "lan.nguyen", PASSWORD, now=START).ok
    assert [r.retry_after for r in fail(con, "lan.nguyen", FREE - 1)] == [0] * (FREE - 1)


def test_failures_a_day_old_are_forgotten(con):
    fail(con, "lan.nguyen", FREE - 1)
    assert sign_in(con, "lan.nguyen", "wrong", now=START + dt.timedelta(hours=25)).retry_after == 0


def visible(result):
    """What the page can show: everything but the account."""
    return dataclasses.replace(result, account=None)


def test_an_existing_name_and_an_unknown_name_get_the_same_answers_all_the_way(con):
    existing = fail(con, "lan.nguyen", FREE + 3) + [sign_in(con, "lan.nguyen", "wrong", now=START + SECOND)]
    unknown = fail(con, "khong.co.ai", FREE + 3) + [sign_in(con, "khong.co.ai", "wrong", now=START + SECOND)]
    assert [visible(r) for r in existing] == [visible(r) for r in unknown]
    assert {r.outcome for r in existing} == {"wrong", "throttled"}
    assert sign_in(con, "khong.co.ai", PASSWORD, now=START + dt.timedelta(hours=1)).outcome == "wrong"


def test_an_unknown_name_verifies_a_hash_like_an_existing_one(con, monkeypatch):
    checked = []
    real_verify = accounts._verify
    monkeypatch.setattr(accounts, "_verify", lambda h, p: checked.append(h) or real_verify(h, p))
    sign_in(con, "lan.nguyen", "wrong", now=START)
    sign_in(con, "khong.co.ai", "wrong", now=START)
    assert len(checked) == 2 and all(h.startswith("$argon2id$") for h in checked)
    assert checked[1] == accounts._dummy_hash()  # made once, on first need, with the same parameters


def test_an_unknown_name_takes_about_as_long_as_a_wrong_password(con, monkeypatch):
    monkeypatch.setattr(accounts, "_HASHER", REAL_HASHER)
    accounts._dummy_hash.cache_clear()
    add_account(con, "minh.tran", "analyst", PASSWORD, actor="admin")

    def timed(name):
        began = time.perf_counter()
        sign_in(con, name, "wrong", now=START)
        return time.perf_counter() - began
    timed("khong.co.ai")  # the first attempt of the process makes the dummy hash, whatever the name
    existing, unknown = [], []
    for i in range(4):  # interleaved, and the quickest of each kept: other programs only ever add time
        existing.append(timed("minh.tran"))
        unknown.append(timed(f"khong.co.ai.{i}"))
    ratio = min(unknown) / min(existing)
    assert 0.5 < ratio < 2, (existing, unknown)


def test_no_hash_is_made_when_the_module_is_imported():
    import subprocess
    import sys
    code = ("import argon2\ncalls = []\nreal = argon2.PasswordHasher.hash\n"
            "argon2.PasswordHasher.hash = lambda self, *a, **k: calls.append(1) or real(self, *a, **k)\n"
            "import ipmonitor.store.analyst_accounts\nprint(len(calls))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0"


def test_one_client_address_is_slowed_down_across_many_names(con):
    client = "203.0.113.7"
    results = [sign_in(con, f"ten.{i}", "wrong", now=START, client=client)
               for i in range(CLIENT_BACK_OFF.free_failures)]
    assert [r.retry_after for r in results] == [0] * (CLIENT_BACK_OFF.free_failures - 1) + [1]
    assert sign_in(con, "lan.nguyen", PASSWORD, now=START, client=client).outcome == "throttled"
    assert sign_in(con, "lan.nguyen", PASSWORD, now=START, client="198.51.100.2").ok  # another address is not
    assert sign_in(con, "lan.nguyen", PASSWORD, now=START + SECOND, client=client).ok


def test_another_address_still_waits_when_the_name_is_in_its_back_off(con):
    fail(con, "lan.nguyen", FREE, client="203.0.113.7")
    assert sign_in(con, "lan.nguyen", PASSWORD, now=START, client="198.51.100.2").outcome == "throttled"


def test_a_success_clears_the_name_and_the_client(con):
    client = "203.0.113.7"
    fail(con, "ai.do", CLIENT_BACK_OFF.free_failures - 1, client=client)
    fail(con, "lan.nguyen", FREE - 1, client=client)
    assert sign_in(con, "lan.nguyen", PASSWORD, now=START, client=client).ok
    assert con.execute("SELECT count(*) FROM sign_in_throttle WHERE kind = 'client' OR key = 'lan.nguyen'"
                       ).fetchone()[0] == 0


def test_the_old_lockout_columns_are_no_longer_written(con):
    fail(con, "lan.nguyen", FREE + 2)
    assert con.execute("SELECT failed_sign_ins, locked_until FROM app_user").fetchall() == [(0, None)]


def test_a_disabled_account_cannot_sign_in_or_change_data_and_can_be_enabled_again(con):
    set_disabled(con, "lan.nguyen", True, actor="admin")
    assert sign_in(con, "lan.nguyen", PASSWORD).outcome == "disabled"
    assert load_active_account(con, "lan.nguyen") is None
    set_disabled(con, "lan.nguyen", False, actor="admin")
    assert load_active_account(con, "lan.nguyen").role == "analyst"


def test_a_reset_sets_a_new_password_and_clears_the_names_back_off(con):
    fail(con, "lan.nguyen", FREE + 3)
    reset_password(con, "lan.nguyen", "mat-khau-moi-2026", actor="admin")
    assert sign_in(con, "lan.nguyen", "mat-khau-moi-2026", now=START).ok
    assert sign_in(con, "lan.nguyen", PASSWORD, now=START).outcome == "wrong"


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


def test_every_failure_is_audited_with_its_reason_and_the_client_address(con):
    client = "203.0.113.7"
    fail(con, "lan.nguyen", FREE, client=client)
    sign_in(con, "lan.nguyen", PASSWORD, now=START, client=client)
    sign_in(con, "khong.co.ai", "wrong", now=START + SECOND, client="198.51.100.2")
    failures = load_audit_log(con, action="sign_in_failed")
    details = [json.loads(d) for d in failures["detail"]]
    assert [d["reason"] for d in details] == ["unknown_name", "throttled"] + ["wrong_password"] * FREE
    assert [d["client"] for d in details] == ["198.51.100.2"] + [client] * (FREE + 1)
    started = load_audit_log(con, action="sign_in_throttled")
    assert list(started["actor"]) == ["lan.nguyen"] and json.loads(started["detail"][0])["seconds"] == 1


def test_the_audit_log_refuses_an_action_it_does_not_know(con):
    with pytest.raises(ValueError):
        record_event(con, "lan.nguyen", "delete_everything")
