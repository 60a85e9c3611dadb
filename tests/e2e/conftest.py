"""The running app (a real `streamlit run` on a free port) and Debian's headless Chromium."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest
from playwright.sync_api import expect, sync_playwright

from ipmonitor.paths import DB_ENV_VAR, PROJECT_ROOT

# Every wait is on a condition, so a long limit costs a passing test nothing; it has to cover a cold
# run (imports, empty caches) on a machine three times slower than usual and busy with other tests,
# where 20 s failed a chart that appeared a little later.
expect.set_options(timeout=60_000)

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_dashboard(db_path: Path, folder: Path, browser, *, first_visit: bool = True) -> Iterator[str]:
    """`streamlit run app.py` (the dashboard with its session-cookie routes, as `make run` starts it) on
    `db_path` and a free port; yields its address, stops it after.

    `first_visit`: open the front page once before yielding, so that tests do not depend on being the
    server's first visitor; test_first_visit_in_browser.py turns it off to be that visitor."""
    port = free_port()
    log = (folder / "streamlit.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.headless", "true", "--server.address", "127.0.0.1"],
        cwd=PROJECT_ROOT, env={**os.environ, DB_ENV_VAR: str(db_path)}, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.read() == b"ok":
                    break
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            log.close()
            pytest.fail("the app did not start:\n" + (folder / "streamlit.log").read_text())
        time.sleep(0.3)
    try:
        if first_visit:
            _open_front_page_once(browser, url)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


@contextmanager
def dashboard_with_analyst(template: Path, folder: Path, browser, password: str) -> Iterator[str]:
    """A copy of the shipped database with the analyst account "lan", served by running_dashboard."""
    from ipmonitor.store import db
    from ipmonitor.store.analyst_accounts import add_account

    db_path = folder / "ipmonitor.duckdb"
    shutil.copy(template, db_path)
    with db.open_database(db_path) as con:
        add_account(con, "lan", "analyst", password, actor="test")
    with running_dashboard(db_path, folder, browser) as url:
        yield url


def sign_in_as_analyst(page, url: str, password: str) -> None:
    """Sign in as "lan" (dashboard_with_analyst's account) on the sign-in page, in Vietnamese."""
    page.goto(url + "/dang-nhap")
    page.get_by_label("Tên đăng nhập").fill("lan")
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_text("Đã đăng nhập: lan (cán bộ phân tích)").first).to_be_visible()


@pytest.fixture(scope="session")
def shared_dashboard(initialised_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One dashboard per test process on a private copy of the shipped database, for the files whose
    tests only read (app_url): a start and a cold first run (imports, caches: 10-20 s on a busy machine)
    paid once, not per file. No test writes to it; each test has its own browser context, so its own
    session. A test that needs a cold server or a database of its own starts one (running_dashboard)."""
    folder = tmp_path_factory.mktemp("e2e")
    db_path = folder / "ipmonitor.duckdb"
    shutil.copy(initialised_template, db_path)
    with running_dashboard(db_path, folder, None, first_visit=False) as url:
        yield url


_VISITED: set[str] = set()  # shared dashboards whose front page has been opened once


@pytest.fixture(scope="module")
def app_url(shared_dashboard: str, browser) -> str:
    """The shared dashboard; the first module to use it opens its front page once first, as
    running_dashboard does, so that no test depends on being the server's first visitor."""
    if shared_dashboard not in _VISITED:
        _open_front_page_once(browser, shared_dashboard)
        _VISITED.add(shared_dashboard)
    return shared_dashboard


def _open_front_page_once(browser, url: str) -> None:
    """Warm the server as its first visitor would (app.py keeps that visitor from the old-style page
    list and a "Page not found" box on a deep link: test_first_visit_in_browser.py)."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(url)
        # A cold server's first run imports and fills its caches: on a loaded machine, well over 20 s.
        expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning",
                                                               timeout=90_000)
    finally:
        context.close()


def chromium_executable() -> str:
    """Debian's chromium (or $CHROMIUM_PATH); the test fails, saying how to install it, when missing.
    Playwright's own browser download is never used."""
    executable = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(executable).exists():
        pytest.fail("Debian's chromium is missing: run `make test` (it installs it) or `apt-get install chromium`")
    return executable


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium driven by Playwright."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()
