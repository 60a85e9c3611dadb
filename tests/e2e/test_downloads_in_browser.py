"""The meeting's files from the browser: each download arrives and opens."""
from __future__ import annotations

import io
import re
import subprocess

from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from pptx import Presentation

from tests.e2e.test_data_page_in_browser import wait_until_idle


def download(page: Page, label: str) -> bytes:
    wait_until_idle(page)
    with page.expect_download(timeout=120_000) as arrival:
        page.get_by_role("button", name=label).click()
    return arrival.value.path().read_bytes()


def test_the_trajectory_chart_and_its_data_download_and_open(app_url, page):
    page.goto(f"{app_url}/lo-trinh?indicator=titles_stock")
    expect(page.locator(".js-plotly-plot").first).to_be_visible()
    png = download(page, "Tải ảnh PNG")
    assert png.startswith(b"\x89PNG") and int.from_bytes(png[16:20], "big") >= 1400  # twice the drawn width
    assert download(page, "Tải ảnh SVG").lstrip().startswith((b"<svg", b"<?xml"))
    rows = download(page, "Số liệu của biểu đồ (CSV)").decode("utf-8-sig").splitlines()
    assert rows[0].startswith("Năm,Đơn vị,Thực tế,") and "KH 151: mục tiêu (đến 2030, cách hiểu a)" in rows[0]
    assert any(row.startswith("2030,") and ",5500.0,5500.0," in row for row in rows)
    workbook = load_workbook(io.BytesIO(download(page, "Số liệu của biểu đồ (Excel)")))
    assert workbook.sheetnames


def test_the_deck_and_the_pdf_report_are_prepared_under_a_progress_bar_then_download_and_open(app_url, page,
                                                                                               tmp_path):
    page.goto(app_url)
    expect(page.get_by_role("heading", name="Tài liệu cho cuộc họp")).to_be_visible()
    wait_until_idle(page)
    page.get_by_role("button", name="Chuẩn bị bản trình chiếu").click()
    expect(page.get_by_text(re.compile(r"^Bản trình chiếu đã sẵn sàng"))).to_be_visible(timeout=120_000)
    deck = Presentation(io.BytesIO(download(page, "Tải bản trình chiếu (PPTX)")))
    assert len(deck.slides) > 2

    wait_until_idle(page)
    page.get_by_role("button", name="Chuẩn bị báo cáo PDF").click()
    bar = page.get_by_test_id("stProgress")
    expect(bar.get_by_text(re.compile(r"^Đang vẽ biểu đồ \d+/\d+…$"))).to_be_visible(timeout=120_000)
    expect(bar.get_by_text(re.compile(r"^Báo cáo PDF đã sẵn sàng"))).to_be_visible(timeout=120_000)
    pdf = download(page, "Tải báo cáo PDF")
    assert pdf.startswith(b"%PDF")
    (tmp_path / "report.pdf").write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(tmp_path / "report.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Báo cáo thường niên năm" in " ".join(text.split()) and "đúng lộ trình" in text.lower()


def test_the_deck_with_a_scenario_downloads_and_its_notes_link_reopens_the_scenario(app_url, page):
    page.goto(f"{app_url}/kich-ban?indicator=titles_patent&mode=growth&growth=20")
    expect(page.get_by_role("heading", name="Bản trình chiếu kèm kịch bản")).to_be_visible()
    wait_until_idle(page)
    page.get_by_role("button", name="Chuẩn bị bản trình chiếu kèm kịch bản").click()
    expect(page.get_by_text(re.compile(r"^Bản trình chiếu đã sẵn sàng"))).to_be_visible(timeout=120_000)
    deck = Presentation(io.BytesIO(download(page, "Tải bản trình chiếu kèm kịch bản (PPTX)")))
    [slide] = [slide for slide in deck.slides if slide.shapes.title.text.startswith("Kịch bản: +20%/năm từ ")]
    [link] = [line.split(": ", 1)[1] for line in slide.notes_slide.notes_text_frame.text.splitlines()
              if line.startswith("Mở lại kịch bản này trên bảng điều khiển: ")]
    # In a browser the link is the address the reader used, whole: it opens from an e-mail or a slide.
    assert link.startswith(f"{app_url}/kich-ban?") and "growth=20" in link and "indicator=titles_patent" in link
    page.goto("about:blank")
    page.goto(link)
    expect(page.get_by_text("20,00%", exact=True)).to_be_visible()  # the slider, reopened at the pace
    expect(page.locator(".js-plotly-plot").first).to_contain_text("Kịch bản: +20%/năm")
