"""The plans' other indicators in the files people take to a meeting: the deck's slides and the PDF's
pages show shares with their per cent sign and people as people, the chart data carries the unit, and
the indicators followed without a number get their own table with no status."""
import io
import shutil
import subprocess

import openpyxl
import pytest
from pptx import Presentation

from ipmonitor.documents.chart_data import build_trajectory_data, load_trajectory_sheets
from ipmonitor.documents.deck import build_deck
from ipmonitor.formats import TABLE_FORMATS
from ipmonitor.documents.pdf import build_report_pdf
from ipmonitor.documents.edition_data import load_report_data
from ipmonitor.progress.scoreboard import assess_register
from ipmonitor.register.targets import load_target_register
from ipmonitor.progress.trajectory import build_trajectory

REGISTER = load_target_register()


def export_trajectory_data(path, indicator, lang, file_format="xlsx") -> bytes:
    """The chart's figures as its download button in `file_format` writes them."""
    return TABLE_FORMATS[file_format].write(load_trajectory_sheets(path, indicator, lang))


@pytest.fixture(scope="module")
def annual_2026(database):
    return load_report_data(database, "annual", 2026)


def slide_text(slide) -> str:
    return " ".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


def test_the_patent_commercialisation_slide_shows_shares_with_their_sign_and_a_share_axis(annual_2026):
    deck = Presentation(io.BytesIO(build_deck(annual_2026, "vi")))
    position = [s.indicator for s in annual_2026.sections].index("patent_commercialisation_rate")
    slide = deck.slides[2 + position]
    text = slide_text(slide)
    assert "6,0% (2026)" in text and "mục tiêu: 8,0% (2030)" in text and "điểm %/năm" in text
    chart = next(shape.chart for shape in slide.shapes if shape.has_chart)
    assert chart.value_axis.axis_title.text_frame.text == "Tỷ lệ (%)"
    assert chart.value_axis.tick_labels.number_format == '0"%"'
    people = deck.slides[2 + [s.indicator for s in annual_2026.sections].index("people_trained_since_2026")]
    assert "1.130 lượt người (2026)" in slide_text(people) and "6.000 lượt người (2030)" in slide_text(people)


def test_after_the_targets_the_deck_lists_the_indicators_followed_in_their_units_and_no_status(annual_2026):
    deck = Presentation(io.BytesIO(build_deck(annual_2026, "en")))
    slide = next(slide for slide in deck.slides if slide.shapes.title.text == "Indicators followed, not assessed")
    assert slide.shapes.title.text == "Indicators followed, not assessed"
    table = next(shape for shape in slide.shapes if shape.has_table).table
    cells = [[cell.text for cell in row.cells] for row in table.rows]
    assert cells[0][2:] == ["2022", "2023", "2024", "2025", "2026"]
    rows = {row[0]: row for row in cells[1:]}
    assert rows["Registration support paid by the city"][-1] == "VND 1.3 billion"
    assert rows["IP infringement cases handled"][-1] == "236 cases"
    assert not any("on track" in cell or "needs" in cell for row in cells for cell in row)


@pytest.fixture(scope="module")
def poppler():
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext missing: install Debian's poppler-utils (make test does)")


def test_the_pdf_gives_people_in_people_shares_in_per_cent_and_the_followed_indicators(annual_2026, tmp_path, poppler):
    path = tmp_path / "annual-2026.pdf"
    path.write_bytes(build_report_pdf(annual_2026, "vi", charts=[None] * len(annual_2026.sections)))
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True)
    text = " ".join(out.stdout.split())
    assert "6.000 lượt người" in text and "1.130 lượt người" in text
    assert "40,0%" in text and "ít nhất 60,0% vào năm 2030" in text and "8,0%–10,0% vào năm 2030" in text
    assert "Các chỉ tiêu theo dõi, không đánh giá" in text
    assert "1,3 tỷ đồng" in text and "236 vụ" in text


def test_the_chart_data_of_a_share_carries_its_unit_and_its_yearly_change_in_points(database, db_path):
    result = next(r for r in assess_register(database) if r.target_id == "D2724_ocop_supported_share")
    entries = [(REGISTER.target(result.target_id), result.assessment, "QĐ 2724")]
    data = build_trajectory_data(build_trajectory(result.series, entries, kinds={}), "vi").set_index("Năm")
    assert set(data["Đơn vị"]) == {"%"}
    assert data.loc[2026, "Thực tế"] == pytest.approx(result.series.values[2026])
    workbook = openpyxl.load_workbook(io.BytesIO(export_trajectory_data(
        db_path, "key_products_supported_share", "vi")))
    targets = list(workbook["Mục tiêu"].values)
    header, row = targets[0], dict(zip(targets[0], targets[1]))
    assert "Đơn vị" in header and row["Đơn vị"] == "%"
    assert row["Tăng cần/năm"] == pytest.approx(result.assessment.pace.required, abs=1e-3)


def test_an_indicator_without_a_target_exports_its_figures_alone(db_path):
    csv = export_trajectory_data(db_path, "registration_support_amount", "en", file_format="csv")
    lines = csv.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Year,Unit,Actual,")
    assert any(line.startswith("2026,VND,1304200000") for line in lines)
    workbook = openpyxl.load_workbook(io.BytesIO(export_trajectory_data(
        db_path, "registration_support_amount", "en")))
    assert "Targets" not in workbook.sheetnames and "Sources" in workbook.sheetnames
