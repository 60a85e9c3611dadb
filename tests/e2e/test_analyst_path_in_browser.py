"""The analyst's path in headless Chromium, with a real upload: sign in, upload a workbook with
mistakes, read the errors, upload the fixed one, preview, commit, see the trajectory chart change,
revert, see it change back. And a viewer who types the upload page's address gets no upload control."""
from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from playwright.sync_api import Page, expect

from tests.e2e.conftest import dashboard_with_analyst, sign_in_as_analyst
from tests.e2e.test_data_page_in_browser import wait_until_idle

PASSWORD = "mat-khau-dai-du"
HEADERS = ["Năm", "Loại đối tượng", "Chỉ tiêu", "Địa bàn", "Giá trị", "Nguồn"]
# 2020 trademark applications of the former city of Can Tho: 505 in the shipped data.
CHART = "/lo-trinh?indicator=applications_trademark&territory=can_tho_former"


@pytest.fixture(scope="module")
def analyst_app(initialised_template: Path, tmp_path_factory: pytest.TempPathFactory, browser):
    with dashboard_with_analyst(initialised_template, tmp_path_factory.mktemp("e2e-analyst"), browser, PASSWORD) as url:
        yield url


def workbook(path: Path, rows: list[list]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Số liệu"
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def actual_2020(browser, url: str) -> int:
    """The 2020 point of the chart's actual series, read from Plotly's own data by a fresh visitor."""
    page = browser.new_context().new_page()
    try:
        page.goto(url + CHART)
        chart = page.locator(".js-plotly-plot").first
        expect(chart).to_be_visible()
        # A published value is on the "Thực tế" trace, an illustrative one on its dotted twin.
        return chart.evaluate("""node => {
            for (const trace of node.data.filter(t => t.name === 'Thực tế' || t.name === 'Thực tế – số liệu minh họa')) {
                const at = Array.from(trace.x).indexOf(2020);
                if (at >= 0 && trace.y[at] !== null) return trace.y[at];
            }
            return null;
        }""")
    finally:
        page.context.close()


def go_to(page: Page, name: str) -> None:
    """Follow a sidebar link, as a person does (a typed address would start a new, signed-out session)."""
    wait_until_idle(page)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=name).click()
    wait_until_idle(page)


def test_a_viewer_who_types_the_upload_address_gets_no_upload_control(analyst_app, page):
    page.goto(analyst_app + "/cap-nhat")
    wait_until_idle(page)
    # The page's guard, in Vietnamese (not Streamlit's English "Page not found"), and no upload box.
    expect(page.get_by_text("Trang này dành cho cán bộ phân tích đã đăng nhập.")).to_be_visible()
    expect(page.get_by_test_id("stFileUploader")).to_have_count(0)
    page.goto(analyst_app)
    wait_until_idle(page)
    expect(page.get_by_test_id("stSidebarNav").get_by_role("link", name="Cập nhật số liệu")).to_have_count(0)


def test_an_analyst_uploads_fixes_commits_and_reverts_and_the_chart_follows(analyst_app, page, browser, tmp_path):
    assert actual_2020(browser, analyst_app) == 505
    sign_in_as_analyst(page, analyst_app, PASSWORD)

    go_to(page, "Cập nhật số liệu")
    with_mistakes = workbook(tmp_path / "so-lieu-2020.xlsx", [
        [2020, "Nhãn hiệu", "Số đơn đăng ký", "Thành phố Cần Thơ (cũ)", "chín trăm", "illustrative-2026"],
        [2020, "Bí mật kinh doanh", "Số đơn đăng ký", "Thành phố Cần Thơ (cũ)", 12, "illustrative-2026"],
    ])
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(with_mistakes)
    expect(page.get_by_text("Tệp «so-lieu-2020.xlsx» có 2 lỗi nên chưa được ghi gì.", exact=False)).to_be_visible()
    problems = page.get_by_test_id("stDataFrame").first
    expect(problems).to_be_visible()
    assert actual_2020(browser, analyst_app) == 505  # nothing written

    fixed = workbook(tmp_path / "so-lieu-2020-da-sua.xlsx", [
        [2020, "Nhãn hiệu", "Số đơn đăng ký", "Thành phố Cần Thơ (cũ)", 900, "illustrative-2026"],
    ])
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(fixed)
    expect(page.get_by_text("1 số liệu thay đổi hơn 50% so với năm trước", exact=False)).to_be_visible()
    commit = page.get_by_role("button", name="Ghi 1 số liệu vào cơ sở dữ liệu")
    expect(commit).to_be_disabled()
    page.get_by_text("Tôi đã kiểm tra 1 số liệu thay đổi lớn", exact=False).click()
    wait_until_idle(page)
    expect(commit).to_be_enabled()
    commit.click()
    expect(page.get_by_text("Đã ghi lô cập nhật số", exact=False)).to_be_visible()
    assert actual_2020(browser, analyst_app) == 900

    go_to(page, "Lịch sử")
    expect(page.get_by_role("heading", name="Lịch sử cập nhật")).to_be_visible()
    page.get_by_test_id("stExpander").get_by_text("Hoàn tác lô số", exact=False).first.click()
    page.get_by_text("Tôi muốn hoàn tác lô số", exact=False).click()
    wait_until_idle(page)
    page.get_by_role("button", name="Hoàn tác lô số", exact=False).click()
    expect(page.get_by_text("Đã hoàn tác lô số", exact=False)).to_be_visible()
    assert actual_2020(browser, analyst_app) == 505
