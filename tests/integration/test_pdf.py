"""The PDF report of an edition, read back with poppler: statuses and figures in the reader's format,
the method, sources and illustrative figures, one chart per indicator, and pages that render."""
import dataclasses
import datetime as dt
import shutil
import struct
import subprocess

import numpy
import pytest
from PIL import Image

from ipmonitor.documents import pdf as report
from ipmonitor.progress.charts import notice_text
from ipmonitor.numbers import format_date, format_number
from ipmonitor.documents.kept_documents import DocumentRequest, build_document
from ipmonitor.documents.pdf import build_report_pdf
from ipmonitor.documents.edition import EditionError
from ipmonitor.documents.edition_data import load_report_data
from ipmonitor.documents.edition import describe_latest, section_title, target_heading, year_spans
from ipmonitor.status_style import status_text
from ipmonitor.register.targets import load_target_register
from tests.dashboard_template import dashboards_plotly_template

REGISTER = load_target_register()


@pytest.fixture(scope="module", autouse=True)
def poppler():
    missing = [tool for tool in ("pdftotext", "pdftoppm", "pdfimages") if not shutil.which(tool)]
    assert not missing, f"{missing}: install Debian's poppler-utils (make test does)"


@pytest.fixture(scope="module")
def pdf_file(midterm, tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "midterm-vi.pdf"
    path.write_bytes(build_report_pdf(midterm, "vi"))  # charts drawn by the kaleido server
    return path


def pdf_text(path) -> str:
    """The PDF's text with every run of white space made one space (table cells wrap)."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


def test_the_report_gives_every_targets_status_and_figures_in_vietnamese_format(pdf_file, midterm):
    text = pdf_text(pdf_file)
    for result in midterm.results:
        assert f"{target_heading(result, REGISTER, 'vi')} · {status_text('progress', result.assessment.status, 'vi')}" \
            in text
        assert describe_latest(result, REGISTER, "vi", with_target=True) in text
    t1a = next(r.assessment for r in midterm.results if r.target_id == "T1a")
    assert f"{format_number(t1a.latest_value, 'vi')} (2025)" in text and "5.500 (2030)" in text
    assert "." in format_number(t1a.latest_value, "vi")  # a thousands dot, never a comma, in Vietnamese


def test_the_report_has_its_cover_summary_sections_method_sources_and_illustrative_list(pdf_file, midterm):
    text = pdf_text(pdf_file)
    for part in ("Báo cáo sơ kết giữa kỳ năm 2025", "Tóm tắt: trạng thái các chỉ tiêu (số liệu đến năm 2025)",
                 "Mốc sơ kết 2025", "Phương pháp", "Báo cáo này xếp loại theo phương pháp Eurostat",
                 "0,60 ≤ R < 0,95", "Tỷ lệ và tổng cộng dồn: lộ trình đường thẳng", "Nguồn số liệu", "dost-cantho-2015", "Danh mục số liệu minh họa còn dùng"):
        assert part in text, part
    for section in midterm.sections:
        assert section_title(section, REGISTER, "vi") in text
    assert f"SỐ LIỆU MINH HỌA: {midterm.illustrative_count} trong {midterm.figure_count} số liệu" in text


def test_each_indicator_page_lists_the_databases_figures_year_by_year(pdf_file, midterm):
    text = pdf_text(pdf_file)
    stock = midterm.sections[0]
    assert stock.indicator == "titles_stock"
    for year, value in stock.series.values.items():
        assert f"{year} {format_number(value, 'vi')} " in text


def test_every_indicator_has_its_chart_drawn_at_print_resolution(pdf_file, midterm):
    listing = subprocess.run(["pdfimages", "-list", str(pdf_file)], capture_output=True, text=True, check=True)
    rows = [line.split() for line in listing.stdout.splitlines()[2:]]
    images = [row for row in rows if row[2] == "image"]
    assert len(images) == len(midterm.sections)
    assert all(int(row[3]) >= 2000 for row in images)  # 1000 px wide figures at 2x
    assert all(int(row[12]) >= 280 for row in images)  # x-ppi: 2000 px over 180 mm


# Charts of each kind of scale: five-digit counts, two plans' targets in one year, attendances with a
# 2025 checkpoint, a percentage. Four are enough to show the layout; every chart is drawn the same way.
CHARTED = {("titles_stock", "can_tho_former"), ("applications_patent", "can_tho"),
           ("people_trained_since_2021", "can_tho_former"), ("patent_commercialisation_rate", "can_tho")}
INK = 120        # darker than this (0-255, grey) is text or a line; the grid and the pale fan are lighter
EDGE = 3         # pixels along each side of an image where nothing dark may be: a cut label


def chart_images(pdf: bytes, folder) -> list:
    """The PDF's chart images as pdfimages extracts them, greyscale."""
    (folder / "report.pdf").write_bytes(pdf)
    subprocess.run(["pdfimages", "-png", str(folder / "report.pdf"), str(folder / "chart")], check=True)
    return [Image.open(path).convert("L") for path in sorted(folder.glob("chart-*.png"))]


# Both editions and both languages, in the two pairs the charts were found cut in.
@pytest.mark.parametrize("edition, lang", [("midterm", "vi"), ("annual", "en")])
def test_every_charts_tick_labels_are_inside_its_image_in_the_pdf(database, edition, lang, tmp_path):
    # Built as the Overview's download button builds it, in the dashboard's process: there Plotly's
    # default template is Streamlit's, without automargin, and the y tick labels were cut at the left edge.
    with dashboards_plotly_template():
        data = load_report_data(database, edition)
        data = dataclasses.replace(data, sections=tuple(section for section in data.sections
                                                        if (section.indicator, section.series.territory) in CHARTED))
        images = chart_images(build_report_pdf(data, lang), tmp_path)
    assert len(images) == len(CHARTED)
    for number, image in enumerate(images):
        pixels = numpy.asarray(image)
        height, width = pixels.shape
        dark = pixels < INK
        edges = {"left": dark[:, :EDGE], "right": dark[:, -EDGE:], "top": dark[:EDGE], "bottom": dark[-EDGE:]}
        assert not [side for side, strip in edges.items() if strip.any()], f"chart {number}: ink at the edge"
        # The y tick labels: ink in the left strip, level with the plot (its middle half), clear of the edge.
        strip = dark[height // 4: 3 * height // 4, EDGE: width // 10]
        assert strip.sum() > 200, f"chart {number}: no tick labels left of the plot"


def test_beside_each_chart_the_page_says_which_years_are_illustrative_and_no_value_is_called_reported(
        pdf_file, midterm):
    text = pdf_text(pdf_file)
    assert "số liệu báo cáo" not in text
    for section in midterm.sections:
        if not section.illustrative_years:
            continue
        title = section_title(section, REGISTER, "vi")
        notice = (f"⚠ Số liệu minh họa, không phải số liệu chính thức: {year_spans(section.illustrative_years)} "
                  "(trên biểu đồ: điểm rỗng, nét chấm).")
        # Under the section's chart, before its table of figures.
        start = text.index(title)
        assert start < text.index(notice, start) < text.index("Năm Thực tế Loại số liệu Nguồn", start)
    stock = midterm.sections[0]
    assert f"2019 {format_number(stock.series.values[2019], 'vi')} minh họa, không chính thức illustrative-2026" in text
    assert f"2020 {format_number(stock.series.values[2020], 'vi')} suy ra từ văn bản công bố plan-151-2020" in text


def test_every_chart_handed_to_the_image_builder_carries_the_notice_when_it_shows_an_illustrative_value(
        midterm, monkeypatch):
    handed = []
    monkeypatch.setattr(report, "start_pngs",
                        lambda figures, scale, keep_in: handed.extend(figures) or [None] * len(handed))
    build_report_pdf(midterm, "en")
    assert len(handed) == len(midterm.sections)
    for figure, section in zip(handed, midterm.sections):
        expected = "⚠ Illustrative figures, not official" if section.illustrative_years else None
        assert notice_text(figure) == expected, section.indicator
    assert any(section.illustrative_years for section in midterm.sections)


def test_the_pages_render_to_images(pdf_file, tmp_path):
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "3", str(pdf_file), str(tmp_path / "page")],
                   check=True, capture_output=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == 3
    for page in pages:
        data = page.read_bytes()
        assert data.startswith(b"\x89PNG") and struct.unpack(">II", data[16:24]) == (331, 468)  # A4 at 40 dpi
        assert len(data) > 2000


def test_an_annual_report_in_english_without_charts_speaks_english_as_of_its_year(database, tmp_path):
    data = load_report_data(database, "annual", 2023)
    path = tmp_path / "annual-2023-en.pdf"
    path.write_bytes(build_report_pdf(data, "en", charts=[None] * len(data.sections)))
    text = pdf_text(path)
    assert "Annual report 2023" in text and "Summary: the status of every target (figures up to 2023)" in text
    t2 = next(r for r in data.results if r.target_id == "T2b")
    assert f"Plan 151 · by 2030 · {status_text('progress', t2.assessment.status, 'en')}" in text
    assert f"{format_number(t2.assessment.latest_value, 'en')} (2023)" in text
    # No figure of 2025 (a target year of 2025, Decision 3032's checkpoints, is not a figure).
    assert "(2025)" not in text.replace("(2025).", "")


def test_a_page_gets_the_deck_of_an_edition_straight_from_the_database_file(db_path):
    deck = build_document(db_path, DocumentRequest("pptx", "final", None, "en", "eurostat"))
    assert deck.startswith(b"PK") and b"ppt/charts/chart" in deck
    with pytest.raises(EditionError) as refused:
        build_document(db_path, DocumentRequest("pdf", "midterm", 2024, "vi", "eurostat"))
    assert refused.value.code == "edition_year"


@pytest.mark.parametrize("lang, written, foreign", [("vi", r"\d{2}/\d{2}/\d{4}", r"\d{4}-\d{2}-\d{2}"),
                                                    ("en", r"\d{1,2} [A-Z][a-z]{2} \d{4}", r"\d{4}-\d{2}-\d{2}|\d{2}/\d{2}/\d{4}")])
def test_the_cover_writes_its_dates_one_way_per_language(midterm, tmp_path, lang, written, foreign):
    import re

    path = tmp_path / f"cover-{lang}.pdf"
    path.write_bytes(build_report_pdf(midterm, lang, charts=[None] * len(midterm.sections)))
    cover = subprocess.run(["pdftotext", "-enc", "UTF-8", "-f", "1", "-l", "1", str(path), "-"],
                           capture_output=True, text=True, check=True).stdout
    assert len(re.findall(written, cover)) >= 2, cover  # the day it was made and the last batch's day
    assert not re.findall(foreign, cover), cover
    # Nor anywhere else (the sources' publication days once came out as 2020-11-24): the sources' own
    # Vietnamese titles may quote a day as 24/11/2020, so only the machine's ISO form is looked for here.
    whole = pdf_text(path)
    assert not re.findall(r"\b\d{4}-\d{2}-\d{2}\b", whole)
    assert format_date(dt.date(2020, 11, 24), lang) in whole  # Plan 151's day, in the sources table
