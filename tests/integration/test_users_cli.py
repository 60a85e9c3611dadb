"""`etl users` on a real database: the password never on the command line. The commands run in-process
through etl.cli.main (stdin a StringIO, as a pipe: not a terminal); one runs as `python -m etl` in a real
subprocess, reading the password from a real pipe, to prove the entry point itself."""
from __future__ import annotations

import datetime as dt
import subprocess
import sys

import duckdb
import pytest

from ipmonitor.store import db
from ipmonitor.store.analyst_accounts import sign_in
from ipmonitor.store.audit import utc_now
from ipmonitor.paths import PROJECT_ROOT


@pytest.fixture
def etl(db_path, etl_in_process):
    """`python -m etl ARGS --db DB` with `stdin` on standard input, run in this process."""
    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
        return etl_in_process(*args, "--db", str(db_path), stdin=stdin)
    return run


def test_an_account_is_added_by_python_m_etl_with_the_password_read_from_standard_input(db_path):
    done = subprocess.run([sys.executable, "-m", "etl", "users", "add", "Lan", "--role", "analyst", "--db",
                           str(db_path)], input="mat-khau-dai-du\n", text=True, capture_output=True,
                          cwd=PROJECT_ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Đã thêm tài khoản lan."
    with db.open_database(db_path) as con:
        assert sign_in(con, "lan", "mat-khau-dai-du").ok
        assert con.execute("SELECT actor, channel, action FROM audit_event ORDER BY event_id").fetchone()[1:] == \
            ("cli", "user_added")


def test_the_list_shows_roles_and_states_and_disable_enable_and_reset_work(etl, db_path):
    etl("users", "add", "lan", "--role", "analyst", stdin="mat-khau-dai-du\n")
    etl("users", "add", "minh", "--role", "admin", stdin="mat-khau-dai-du\n")
    assert etl("users", "disable", "lan").returncode == 0
    listing = etl("users", "list", "--lang", "en").stdout.splitlines()
    assert listing == ["lan · analyst · disabled", "minh · admin · active"]
    assert etl("users", "enable", "lan").returncode == 0
    assert etl("users", "reset", "lan", stdin="mat-khau-moi-2026\n").returncode == 0
    with db.open_database(db_path) as con:
        assert sign_in(con, "lan", "mat-khau-moi-2026").ok


def test_a_refused_request_says_why_and_changes_nothing(etl, db_path):
    short = etl("users", "add", "lan", "--role", "analyst", stdin="ngan\n")
    assert short.returncode == 1 and "ít nhất 10 ký tự" in short.stderr
    unknown = etl("users", "disable", "nobody", "--lang", "en")
    assert unknown.returncode == 1 and unknown.stderr.strip() == "There is no account «nobody»."
    with duckdb.connect(str(db_path), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM app_user").fetchone()[0] == 0


def test_there_is_no_password_option_on_the_command_line(etl):
    done = etl("users", "add", "lan", "--role", "analyst", "--password", "x")
    assert done.returncode == 2 and "unrecognized arguments: --password" in done.stderr


def test_the_list_shows_a_sign_in_wait_in_force_and_a_reset_lifts_it(etl, db_path):
    etl("users", "add", "lan", "--role", "analyst", stdin="mat-khau-dai-du\n")
    with db.open_database(db_path) as con:  # eleven failures, each after the last one's wait: 32 s now
        for minutes_ago in range(100, -1, -10):
            sign_in(con, "lan", "sai-mat-khau", now=utc_now() - dt.timedelta(minutes=minutes_ago))
    listing = etl("users", "list", "--lang", "en").stdout.strip()
    assert listing.startswith("lan · analyst · active · Sign-in paused until "), listing
    reset = etl("users", "reset", "lan", "--lang", "en", stdin="mat-khau-moi-dai\n")
    assert "any sign-in wait is lifted" in reset.stdout, reset.stdout + reset.stderr
    assert etl("users", "list", "--lang", "en").stdout.strip() == "lan · analyst · active"
