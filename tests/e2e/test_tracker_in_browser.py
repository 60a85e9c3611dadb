"""The plan tracker in headless Chromium: an analyst signs in, opens Yearly reports, marks the city
police's report received, previews, writes, and the board's row changes from "not recorded as
received" to late (the page opens on the latest year whose deadline has passed, and the date received
defaults to today, so a report marked today is always late)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from ipmonitor.numbers import format_date
from ipmonitor.vietnam_time import vietnam_today
from tests.e2e.conftest import dashboard_with_analyst, sign_in_as_analyst
from tests.e2e.test_analyst_path_in_browser import go_to
from tests.e2e.test_data_page_in_browser import wait_until_idle

PASSWORD = "mat-khau-dai-du"
POLICE = "Công an thành phố Cần Thơ"


@pytest.fixture(scope="module")
def tracker_app(initialised_template: Path, tmp_path_factory: pytest.TempPathFactory, browser):
    with dashboard_with_analyst(initialised_template, tmp_path_factory.mktemp("e2e-tracker"), browser, PASSWORD) as url:
        yield url


def board_row(page: Page, agency: str):
    """The board's row of one agency, read from the grid's accessible rows (the cells are drawn on a canvas)."""
    board = page.get_by_test_id("stDataFrame").first
    return board.locator("[role=row]").filter(has_text=agency)


def test_a_viewer_sees_the_board_but_no_form(tracker_app, page):
    page.goto(tracker_app + "/bao-cao-dinh-ky")
    wait_until_idle(page)
    expect(page.get_by_role("heading", name="Báo cáo định kỳ")).to_be_visible()
    expect(board_row(page, POLICE)).to_contain_text("chưa có ngày nhận (đã quá hạn)")
    expect(page.get_by_role("button", name="Xem trước")).to_have_count(0)


def test_an_analyst_marks_a_report_received_and_the_board_row_changes(tracker_app, page):
    sign_in_as_analyst(page, tracker_app, PASSWORD)

    go_to(page, "Báo cáo định kỳ")
    expect(page.get_by_role("heading", name="Báo cáo định kỳ")).to_be_visible()
    row = board_row(page, POLICE)
    expect(row).to_have_count(1)
    before = row.inner_text()
    assert "chưa có ngày nhận (đã quá hạn)" in before and "trễ hạn" not in before

    # The agency list is longer than its drop-down shows: type to narrow it, as a person does.
    agency = page.get_by_test_id("stSelectbox").filter(has_text="Cơ quan")
    agency.click()
    agency.locator("input").fill("Công an")
    page.get_by_role("option", name=POLICE, exact=True).click()
    wait_until_idle(page)
    wait_until_idle(page)
    page.get_by_label("Số hiệu văn bản").fill("215/BC-CAT")
    page.get_by_role("button", name="Xem trước").click()
    wait_until_idle(page)
    expect(page.get_by_text("Xem trước: những gì sẽ được ghi")).to_be_visible()
    expect(page.get_by_text("Cơ sở dữ liệu chưa thay đổi cho đến khi bạn bấm ghi.")).to_be_visible()
    preview = page.get_by_test_id("stDataFrame").locator("[role=row]").filter(has_text=f"Báo cáo của {POLICE}")
    expect(preview).to_have_count(2)  # the date received and the reference
    expect(preview.filter(has_text="số hiệu văn bản")).to_contain_text("215/BC-CAT")
    expect(board_row(page, POLICE)).to_contain_text("chưa có ngày nhận")  # nothing written yet

    page.get_by_role("button", name="Ghi vào cơ sở dữ liệu").click()
    expect(page.get_by_text(re.compile(r"^Đã ghi lô số \d+\.$"))).to_be_visible()
    wait_until_idle(page)
    row = board_row(page, POLICE)
    expect(row).to_contain_text("trễ hạn")
    after = row.inner_text()
    assert "chưa ghi nhận" not in after
    assert format_date(vietnam_today(), "vi") in after and "215/BC-CAT" in after
