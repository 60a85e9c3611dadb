"""A person's path through the Data page in headless Chromium: languages, a filter, a CSV download."""
from __future__ import annotations

import csv
import io

from playwright.sync_api import Page, expect


def wait_until_idle(page: Page) -> None:
    """Wait until the script run has finished: a click made while it runs can be lost."""
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning")


def choose_language(page: Page, name: str) -> None:
    """Click the language switch's label, as a person does (the radio input itself is hidden)."""
    wait_until_idle(page)
    page.locator("label").filter(has_text=name).click()


def test_the_app_opens_in_vietnamese_and_switches_to_english_and_back(app_url, page):
    page.goto(f"{app_url}/du-lieu")
    expect(page.get_by_role("heading", name="Dữ liệu")).to_be_visible()
    expect(page.get_by_text("Số liệu minh họa: 979 trong 988")).to_be_visible()
    choose_language(page, "English")
    expect(page.get_by_role("heading", name="Data")).to_be_visible()
    expect(page.get_by_text("Figures: 988", exact=True)).to_be_visible()
    page.wait_for_url("**lang=en**")
    choose_language(page, "Tiếng Việt")
    expect(page.get_by_role("heading", name="Dữ liệu")).to_be_visible()
    page.wait_for_url("**lang=vi**")


def test_a_link_with_lang_en_opens_in_english(app_url, page):
    page.goto(f"{app_url}/du-lieu?lang=en")
    expect(page.get_by_role("heading", name="Data")).to_be_visible()
    expect(page.get_by_text("Illustrative figures: 979 of the 988")).to_be_visible()


def test_a_filtered_csv_download_holds_exactly_the_filtered_figures(app_url, page):
    page.goto(f"{app_url}/du-lieu")
    expect(page.get_by_text("988 số liệu", exact=True)).to_be_visible()
    wait_until_idle(page)
    page.get_by_role("combobox").first.click()
    page.keyboard.type("Hậu Giang")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    expect(page.get_by_text("316 số liệu", exact=True)).to_be_visible()
    wait_until_idle(page)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Tải CSV").click()
    data = download_info.value.path().read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:6] == ["Năm", "Loại đối tượng", "Chỉ tiêu", "Địa bàn", "Giá trị", "Nguồn"]
    assert len(rows) == 1 + 316
    assert {row[3] for row in rows[1:]} == {"Tỉnh Hậu Giang (cũ)"}
