"""A signed-in analyst in headless Chromium: a full page reload keeps the sign-in (the session cookie,
HttpOnly and SameSite=Strict, set by the server started as `make run` starts it), and sign-out ends it,
even for a copy of the old cookie."""
from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from ipmonitor.store.sessions import COOKIE_NAME, SESSION_LENGTH
from tests.e2e.conftest import dashboard_with_analyst, sign_in_as_analyst
from tests.e2e.test_data_page_in_browser import wait_until_idle

PASSWORD = "mat-khau-dai-du"
UPLOAD_TITLE = "Cập nhật số liệu"


@pytest.fixture(scope="module")
def analyst_app(initialised_template: Path, tmp_path_factory: pytest.TempPathFactory, browser):
    with dashboard_with_analyst(initialised_template, tmp_path_factory.mktemp("e2e-session"), browser,
                                PASSWORD) as url:
        yield url


def session_cookies(page: Page) -> list[dict]:
    return [cookie for cookie in page.context.cookies() if cookie["name"] == COOKIE_NAME]


def expect_upload_page(page: Page) -> None:
    wait_until_idle(page)
    expect(page.get_by_role("heading", name=UPLOAD_TITLE)).to_be_visible()
    expect(page.get_by_test_id("stFileUploader")).to_have_count(1)


def expect_signed_out(page: Page, *, on_upload_address: bool = False) -> None:
    """No upload control; on the front page no link to it either, and on its typed address the page's
    guard asking for a sign-in."""
    wait_until_idle(page)
    expect(page.get_by_test_id("stFileUploader")).to_have_count(0)
    if on_upload_address:
        expect(page.get_by_text("Trang này dành cho cán bộ phân tích đã đăng nhập.")).to_be_visible()
    else:
        expect(page.get_by_role("heading", name="Tổng quan: tiến độ đến năm 2030")).to_be_visible()
        expect(page.get_by_test_id("stSidebarNav").get_by_role("link", name=UPLOAD_TITLE)).to_have_count(0)


def test_a_reload_keeps_the_analyst_signed_in_and_sign_out_ends_it(analyst_app, page):
    sign_in_as_analyst(page, analyst_app, PASSWORD)

    [cookie] = session_cookies(page)
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["path"] == "/"
    assert not cookie["secure"]  # plain http here; over https (or behind the proxy) it is Secure
    assert abs(cookie["expires"] - (time.time() + SESSION_LENGTH.total_seconds())) < 120
    assert COOKIE_NAME not in page.evaluate("document.cookie")  # no script on the page can read it

    page.goto(analyst_app + "/cap-nhat")  # a typed address: a new Streamlit session, restored from the cookie
    expect_upload_page(page)
    page.reload()
    expect_upload_page(page)

    page.get_by_test_id("stSidebar").get_by_role("button", name="Đăng xuất").click()
    # The front page; the app may already have written its choices into the query (?lang=…).
    expect(page).to_have_url(re.compile(re.escape(analyst_app) + r"/(\?.*)?$"))
    expect_signed_out(page)
    assert session_cookies(page) == []
    page.goto(analyst_app + "/cap-nhat")
    expect_signed_out(page, on_upload_address=True)

    # A copy of the old cookie signs nobody in: sign-out revoked the session on the server.
    page.context.add_cookies([cookie])
    page.goto(analyst_app + "/cap-nhat")
    expect_signed_out(page, on_upload_address=True)
