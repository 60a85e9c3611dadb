"""Browser sessions on a real database: the one-time token, the session's life and end, the signed
cookie, its secret, and the two routes that set and clear it (called in-process as ASGI)."""
from __future__ import annotations

import asyncio
import datetime as dt
import shutil
import stat
import subprocess
from urllib.parse import urlencode

import pytest
from starlette.applications import Starlette

from ipmonitor.store import db, session_routes, sessions
from ipmonitor.store.analyst_accounts import reset_password, set_disabled

PASSWORD = "mat-khau-dai-du"
NOW = dt.datetime(2026, 10, 20, 8, 0)


@pytest.fixture
def con(db_path, template_with_accounts):
    shutil.copy(template_with_accounts(("lan", "analyst", PASSWORD, "admin")), db_path)
    # The routes open the file with the app's configuration; DuckDB wants one configuration per file.
    with db.open_database(db_path, config=db.APP_CONFIG) as connection:
        yield connection


def start(con, name="lan", now=NOW):
    return sessions.redeem_handoff(con, sessions.create_handoff(con, name, now), now)


def test_a_token_starts_a_session_once_and_only_within_a_minute(con):
    token = sessions.create_handoff(con, "lan", NOW)
    session_id = sessions.redeem_handoff(con, token, NOW + dt.timedelta(seconds=59))
    assert sessions.load_session_account(con, session_id, NOW).name == "lan"
    assert sessions.redeem_handoff(con, token, NOW + dt.timedelta(seconds=59)) is None  # used
    late = sessions.create_handoff(con, "lan", NOW)
    assert sessions.redeem_handoff(con, late, NOW + sessions.HANDOFF_LIFETIME) is None
    assert sessions.redeem_handoff(con, "made-up", NOW) is None


def test_only_hashes_of_tokens_and_session_ids_are_stored(con):
    token = sessions.create_handoff(con, "lan", NOW)
    session_id = sessions.redeem_handoff(con, token, NOW)
    stored = con.execute("SELECT token_hash FROM sign_in_handoff UNION ALL SELECT session_id_hash FROM app_session"
                         ).fetchall()
    assert len(stored) == 2 and {token, session_id}.isdisjoint({row[0] for row in stored})


def test_a_session_lasts_a_working_day(con):
    session_id = start(con)
    assert sessions.SESSION_LENGTH == dt.timedelta(hours=10)
    assert sessions.load_session_account(con, session_id, NOW + dt.timedelta(hours=9, minutes=59)) is not None
    assert sessions.load_session_account(con, session_id, NOW + sessions.SESSION_LENGTH) is None


def test_sign_out_revokes_the_session(con):
    session_id = start(con)
    assert sessions.end_session(con, session_id, NOW + dt.timedelta(hours=1)) == "lan"
    assert sessions.load_session_account(con, session_id, NOW + dt.timedelta(hours=1)) is None
    assert sessions.end_session(con, session_id, NOW + dt.timedelta(hours=2)) is None


def test_disabling_an_account_ends_its_sessions_for_good(con):
    session_id = start(con, now=dt.datetime.now(dt.timezone.utc).replace(tzinfo=None))
    later = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None) + dt.timedelta(minutes=1)
    set_disabled(con, "lan", True, actor="admin")
    assert sessions.load_session_account(con, session_id, later) is None
    set_disabled(con, "lan", False, actor="admin")
    assert sessions.load_session_account(con, session_id, later) is None


def test_a_disabled_account_is_signed_out_at_once_even_if_its_session_row_were_live(con):
    session_id = start(con)
    con.execute("UPDATE app_user SET disabled = TRUE")  # the check on every run joins the account
    assert sessions.load_session_account(con, session_id, NOW) is None


def test_a_token_for_an_account_disabled_meanwhile_starts_nothing(con):
    token = sessions.create_handoff(con, "lan", NOW)
    set_disabled(con, "lan", True, actor="admin")
    assert sessions.redeem_handoff(con, token, NOW) is None


def test_a_password_reset_ends_the_accounts_sessions(con):
    session_id = start(con, now=dt.datetime.now(dt.timezone.utc).replace(tzinfo=None))
    reset_password(con, "lan", "mat-khau-moi-2026", actor="admin")
    later = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None) + dt.timedelta(minutes=1)
    assert sessions.load_session_account(con, session_id, later) is None


def test_a_cookie_is_read_only_with_its_own_signature():
    secret = b"s" * 40
    value = sessions.sign_cookie(secret, "abc")
    assert sessions.read_cookie(secret, value) == "abc"
    assert sessions.read_cookie(b"t" * 40, value) is None
    assert sessions.read_cookie(secret, "abd" + value[3:]) is None
    assert sessions.read_cookie(secret, None) is None and sessions.read_cookie(secret, "abc") is None


def test_the_cookie_secret_comes_from_the_environment_then_secrets_toml_then_a_private_file(tmp_path):
    env_secret = "e" * 40
    assert sessions.load_cookie_secret(tmp_path, environ={sessions.SECRET_ENV_VAR: env_secret},
                                       secrets_files=[]) == env_secret.encode()
    toml = tmp_path / "secrets.toml"
    toml.write_text('[ipmonitor]\ncookie_secret = "' + "t" * 40 + '"\n')
    assert sessions.load_cookie_secret(tmp_path, environ={}, secrets_files=[toml]) == b"t" * 40
    generated = sessions.load_cookie_secret(tmp_path, environ={}, secrets_files=[])
    assert sessions.load_cookie_secret(tmp_path, environ={}, secrets_files=[]) == generated  # made once
    path = tmp_path / sessions.SECRET_FOLDER_NAME / sessions.SECRET_FILE_NAME
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and len(generated) >= 48
    with pytest.raises(ValueError):
        sessions.load_cookie_secret(tmp_path, environ={sessions.SECRET_ENV_VAR: "short"}, secrets_files=[])


def test_git_ignores_the_generated_secret(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    sessions.load_cookie_secret(tmp_path, environ={}, secrets_files=[])
    listed = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=tmp_path,
                            capture_output=True, text=True, check=True).stdout
    assert listed == ""


# The routes, called as an ASGI app in-process (the browser test drives them through the real server).

@pytest.fixture
def routes_app(db_path, con, monkeypatch):
    monkeypatch.setattr(session_routes, "_mounted", False)  # building routes marks them mounted: undo after
    monkeypatch.setattr(session_routes, "_secrets", {})
    return Starlette(routes=session_routes.build_routes(now=lambda: NOW, database=lambda: db_path))


def get(app, path, query: str, headers=(("sec-fetch-site", "same-origin"),), scheme="http"):
    scope = {"type": "http", "method": "GET", "path": path, "raw_path": path.encode(),
             "query_string": query.encode(), "root_path": "", "scheme": scheme, "http_version": "1.1",
             "server": ("testserver", 80), "client": ("203.0.113.7", 5000),
             "headers": [(name.lower().encode(), value.encode()) for name, value in headers]}
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)
    asyncio.run(app(scope, receive, send))
    head = sent[0]
    return head["status"], [(k.decode().lower(), v.decode()) for k, v in head["headers"]]


def header(headers, name):
    return [value for key, value in headers if key == name]


def test_the_session_route_exchanges_a_token_for_an_httponly_strict_cookie(routes_app, con, db_path):
    token = sessions.create_handoff(con, "lan", NOW)
    status, headers = get(routes_app, "/auth/session", urlencode({"token": token, "next": "/dang-nhap?lang=en"}))
    assert status == 303 and header(headers, "location") == ["/dang-nhap?lang=en"]
    cookie = header(headers, "set-cookie")[0]
    assert cookie.startswith(sessions.COOKIE_NAME + "=")
    for part in ("HttpOnly", "SameSite=strict", "Path=/", "Max-Age=36000"):
        assert part in cookie
    assert "Secure" not in cookie
    value = cookie.split(";")[0].split("=", 1)[1].strip('"')
    session_id = sessions.read_cookie(session_routes.cookie_secret(db_path), value)
    assert sessions.load_session_account(con, session_id, NOW).name == "lan"
    status, headers = get(routes_app, "/auth/session", f"token={token}&next=/dang-nhap")  # used: no cookie
    assert status == 303 and header(headers, "set-cookie") == []


def test_the_cookie_is_secure_over_https(routes_app, con):
    token = sessions.create_handoff(con, "lan", NOW)
    _, headers = get(routes_app, "/auth/session", f"token={token}", scheme="https")
    assert "Secure" in header(headers, "set-cookie")[0]


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil", None])
def test_the_routes_send_the_browser_back_only_to_a_page_of_this_site(routes_app, con, target):
    token = sessions.create_handoff(con, "lan", NOW)
    query = urlencode({"token": token, **({"next": target} if target else {})})
    _, headers = get(routes_app, "/auth/session", query)
    assert header(headers, "location") == ["/"]


@pytest.mark.parametrize("site", ["cross-site", "same-site", "none"])
def test_a_link_from_another_site_or_a_typed_address_is_refused(routes_app, con, site):
    token = sessions.create_handoff(con, "lan", NOW)
    status, headers = get(routes_app, "/auth/session", f"token={token}", [("sec-fetch-site", site)])
    assert status == 403 and header(headers, "set-cookie") == []
    assert sessions.redeem_handoff(con, token, NOW) is not None  # not spent by the refused request


def test_the_sign_out_route_revokes_the_session_and_clears_the_cookie(routes_app, con, db_path):
    session_id = start(con)
    value = sessions.sign_cookie(session_routes.cookie_secret(db_path), session_id)
    status, headers = get(routes_app, "/auth/sign-out", "next=/",
                          [("sec-fetch-site", "same-origin"), ("cookie", f"{sessions.COOKIE_NAME}={value}")])
    assert status == 303
    cleared = header(headers, "set-cookie")[0]
    assert cleared.startswith(sessions.COOKIE_NAME + '=""') or "Max-Age=0" in cleared
    assert sessions.load_session_account(con, session_id, NOW) is None
