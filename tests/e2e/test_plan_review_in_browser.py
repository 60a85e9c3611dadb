"""The plan's reviews in headless Chromium: an analyst signs in, opens Yearly reports, records the 2025
mid-term review (preview with the frozen statuses, then write), sees it among the reviews held, and the
Overview names it as the last review held, with the next one due; the mid-term PDF then prints it."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ipmonitor.store import db
from ipmonitor.documents.pdf import build_report_pdf
from ipmonitor.documents.edition_data import load_report_data
from tests.e2e.conftest import dashboard_with_analyst, sign_in_as_analyst
from tests.e2e.test_analyst_path_in_browser import go_to
from tests.e2e.test_data_page_in_browser import wait_until_idle

PASSWORD = "mat-khau-dai-du"


@pytest.fixture(scope="module")
def review_app(initialised_template: Path, tmp_path_factory: pytest.TempPathFactory, browser):
    folder = tmp_path_factory.mktemp("e2e-plan-review")
    with dashboard_with_analyst(initialised_template, folder, browser, PASSWORD) as url:
        yield url, folder / "ipmonitor.duckdb"


def test_an_analyst_records_the_midterm_review_and_the_overview_and_pdf_show_it(review_app, page, tmp_path):
    url, db_path = review_app
    sign_in_as_analyst(page, url, PASSWORD)
    go_to(page, "Báo cáo định kỳ")
    expect(page.get_by_role("heading", name="Rà soát, sơ kết, tổng kết kế hoạch")).to_be_visible()
    expect(page.get_by_text("Chưa ghi nhận lần rà soát nào.")).to_be_visible()

    kind = page.get_by_test_id("stSelectbox").filter(has_text="Loại rà soát")
    kind.scroll_into_view_if_needed()
    wait_until_idle(page)
    kind.click()
    option = page.get_by_role("option", name="Sơ kết giữa kỳ", exact=True)
    expect(option).to_be_visible()
    option.click()
    wait_until_idle(page)
    expect(page.get_by_test_id("stSelectbox").filter(has_text="Năm rà soát").locator("input")).to_have_value("2025")
    # The date is typed in its day, month and year segments, as a person does: each one moves on when full.
    page.get_by_role("spinbutton", name="day, Ngày tổ chức").click()
    page.keyboard.type("12112025")
    page.keyboard.press("Tab")
    page.get_by_label("Số văn bản").fill("123/BC-UBND")
    page.get_by_label("Kết luận (không bắt buộc)").fill("Đẩy mạnh hỗ trợ đăng ký sáng chế.")
    wait_until_idle(page)
    page.get_by_role("button", name="Kiểm tra lần rà soát").click()
    wait_until_idle(page)
    expect(page.get_by_text("Xem trước: những gì sẽ được ghi")).to_be_visible()
    preview = page.get_by_test_id("stDataFrame").locator("[role=row]").filter(has_text="Sơ kết giữa kỳ năm 2025")
    expect(preview.filter(has_text="Số văn bản")).to_contain_text("123/BC-UBND")
    page.get_by_text("Trạng thái các chỉ tiêu sẽ được giữ cùng lần rà soát").click()
    frozen = page.get_by_test_id("stExpander").get_by_test_id("stDataFrame").locator("[role=row]")
    expect(frozen.filter(has_text="■ đã đạt").first).to_contain_text("2025")  # T1a, achieved on 2025's figures

    page.get_by_role("button", name="Ghi vào cơ sở dữ liệu").click()
    expect(page.get_by_text(re.compile(r"^Đã ghi lô số \d+\.$"))).to_be_visible()
    wait_until_idle(page)
    held = page.get_by_test_id("stDataFrame").locator("[role=row]").filter(has_text="Sơ kết giữa kỳ năm 2025")
    expect(held.first).to_contain_text("12/11/2025")

    go_to(page, "Tổng quan")
    last = "Lần rà soát gần nhất: Sơ kết giữa kỳ năm 2025: tổ chức ngày 12/11/2025, văn bản số 123/BC-UBND"
    expect(page.get_by_text(last)).to_be_visible()

    with db.open_database_when_free(db_path, read_only=True, wait_seconds=10) as con:
        data = load_report_data(con, "midterm")
    pdf = tmp_path / "midterm.pdf"
    pdf.write_bytes(build_report_pdf(data, "vi", charts=[None] * len(data.sections)))
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Ngày tổ chức: 12/11/2025" in text and "Đẩy mạnh hỗ trợ đăng ký sáng chế." in text
