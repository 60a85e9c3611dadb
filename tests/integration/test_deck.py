"""The PowerPoint deck of an edition, opened again with python-pptx: its slides and titles, native
charts whose numbers are the database's, speaker notes, and Vietnamese text as written."""
import io
import unicodedata

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Inches

from ipmonitor.documents.deck import build_deck
from ipmonitor.documents.edition import STATUS_COLOURS
from ipmonitor.documents.edition import section_title
from ipmonitor.progress.scoreboard import load_series
from ipmonitor.status_style import status_text
from ipmonitor.register.targets import load_target_register

REGISTER = load_target_register()


@pytest.fixture(scope="module")
def deck(midterm):
    return Presentation(io.BytesIO(build_deck(midterm, "vi")))


def x_values(series) -> list[float]:
    return [float(v.text) for v in series._element.xpath("./c:xVal/c:numRef/c:numCache/c:pt/c:v")]


def drawn(series) -> dict[float, float]:
    """x -> y of the points a series draws (the empty points it runs on with left out)."""
    return {x: y for x, y in zip(x_values(series), series.values) if y is not None}


def charts(slide):
    return [shape.chart for shape in slide.shapes if shape.has_chart]


def test_the_deck_is_16_9_with_a_title_slide_a_summary_and_a_slide_per_indicator_and_territory(deck, midterm):
    assert (deck.slide_width, deck.slide_height) == (Inches(13.333), Inches(7.5))
    # Title, summary, one slide per indicator and territory with a target, the indicators followed, then
    # the plan's tasks and its yearly reports, and the mid-term review (held or not).
    assert len(deck.slides) == 2 + len(midterm.sections) + 1 + 2 + 1 == 25
    titles = [slide.shapes.title.text for slide in deck.slides]
    assert titles[0] == "Theo dõi Chiến lược sở hữu trí tuệ thành phố Cần Thơ đến năm 2030"
    assert titles[1] == "Tóm tắt: trạng thái các chỉ tiêu (số liệu đến năm 2025)"
    assert titles[2:-4] == [section_title(section, REGISTER, "vi") for section in midterm.sections]
    assert titles[-4:] == ["Các chỉ tiêu theo dõi, không đánh giá",
                           "Nhiệm vụ của Kế hoạch 151 năm 2025, theo lĩnh vực và trạng thái",
                           "Báo cáo định kỳ năm 2025", "Sơ kết giữa kỳ năm 2025"]
    assert titles[2] == "Văn bằng bảo hộ lũy kế (cuối năm) · Thành phố Cần Thơ (cũ)"
    assert "Báo cáo sơ kết giữa kỳ năm 2025" in deck.slides[0].placeholders[1].text_frame.text


def test_the_title_slide_says_how_many_figures_are_illustrative(deck, midterm):
    text = deck.slides[0].placeholders[1].text_frame.text
    assert f"{midterm.illustrative_count} trong {midterm.figure_count} số liệu" in text and "minh họa" in text


def test_the_summary_table_gives_every_targets_status_shape_and_word_in_its_colour(deck, midterm):
    table = next(shape for shape in deck.slides[1].shapes if shape.has_table).table
    assert len(table.rows) == len(REGISTER.targets) + 1
    assert [cell.text for cell in table.rows[0].cells] == ["Kế hoạch", "Chỉ tiêu", "Mục tiêu", "Mới nhất", "Trạng thái"]
    for row, result in enumerate(midterm.results, start=1):
        target = REGISTER.target(result.target_id)
        assert table.cell(row, 1).text == REGISTER.indicators[target.indicator].name("vi")
        status = table.cell(row, 4).text_frame.paragraphs[0].runs[0]
        assert status.text == status_text("progress", result.assessment.status, "vi")
        assert str(status.font.color.rgb) == STATUS_COLOURS[result.assessment.status]


def test_every_indicator_slide_has_one_native_chart_and_no_picture(deck, midterm):
    for slide in list(deck.slides)[2:2 + len(midterm.sections)]:
        assert len(charts(slide)) == 1
        assert not [shape for shape in slide.shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]


def test_each_charts_actual_values_are_the_databases_up_to_the_as_of_year(deck, midterm, database):
    for slide, section in zip(list(deck.slides)[2:], midterm.sections):
        actual = charts(slide)[0].plots[0].series[0]
        expected = load_series(database, REGISTER.indicators[section.indicator], section.territory).values
        expected = {year: value for year, value in expected.items() if year <= midterm.as_of}
        assert actual.name == "Thực tế"
        assert drawn(actual) == expected
        # As many points as any other series of the chart, or LibreOffice Impress leaves it out.
        assert all(len(x_values(actual)) >= len(x_values(other)) for other in charts(slide)[0].plots[0].series)


def test_each_required_path_runs_from_the_base_value_to_the_target_and_ends_on_the_target_point(deck, midterm):
    slide = list(deck.slides)[2 + [s.indicator for s in midterm.sections].index("applications_all")]
    actual, illustrative, path, point = charts(slide)[0].plots[0].series
    assert illustrative.name == "Số liệu minh họa (điểm hình thoi nhạt)"
    t2 = next(r.assessment for r in midterm.results if r.target_id == "T2b")
    assert path.name == "KH 151: lộ trình cần đi (đến 2030)"
    assert x_values(path) == list(range(2020, 2031))
    assert path.values[0] == pytest.approx(t2.base_value)
    assert path.values[-1] == pytest.approx(t2.target_value, abs=0.05)
    assert x_values(point) == [2030] and point.values[0] == pytest.approx(t2.target_value, abs=0.05)
    assert path.values[0] == actual.values[x_values(actual).index(2020)]


def point_formats(series) -> dict[int, dict]:
    """Point index -> its own marker and segment format, as the chart's XML writes them."""
    out = {}
    for point in series._element.xpath("./c:dPt"):
        out[int(point.xpath("./c:idx/@val")[0])] = {
            "symbol": (point.xpath("./c:marker/c:symbol/@val") or [None])[0],
            "hollow": bool(point.xpath("./c:marker/c:spPr/a:noFill")),
            "dash": (point.xpath("./c:spPr/a:ln/a:prstDash/@val") or [None])[0]}
    return out


def test_illustrative_values_are_open_pale_diamonds_on_dotted_segments_named_in_the_legend(deck, midterm):
    for slide, section in zip(list(deck.slides)[2:], midterm.sections):
        if not section.series.values:
            continue
        chart = charts(slide)[0]
        actual, *others = chart.plots[0].series
        years = list(section.series.values)
        illustrative = [year for year in years if section.year_kinds[year] == "illustrative"]
        # The series may run, empty, over years before and after its values: a point's index is its
        # place among every x of the series.
        formats = {int(x): point_formats(actual).get(index, {}) for index, x in enumerate(x_values(actual))}
        for index, year in enumerate(years):
            drawn_apart = year in illustrative
            assert formats[year].get("hollow", False) == drawn_apart, (section.indicator, year)
            assert (formats[year].get("symbol") == "diamond") == drawn_apart
            into = drawn_apart or (index > 0 and years[index - 1] in illustrative)
            assert (formats[year].get("dash") == "sysDot") == into
        key = next((series for series in others if series.name == "Số liệu minh họa (điểm hình thoi nhạt)"), None)
        if illustrative:
            assert list(drawn(key)) == illustrative and len(x_values(key)) == len(x_values(actual))
            assert chart.has_title and chart.chart_title.text_frame.text == \
                "⚠ Số liệu minh họa, không phải số liệu chính thức"
        else:
            assert key is None and not chart.has_title
    stock = midterm.sections[0]
    assert stock.indicator == "titles_stock" and stock.year_kinds[2020] == "derived"  # 5,500 / 1.35: drawn plain


def test_the_summary_slide_says_its_statuses_rest_on_illustrative_figures(deck):
    boxes = [shape.text_frame.text for shape in deck.slides[1].shapes
             if shape.shape_type == MSO_SHAPE_TYPE.TEXT_BOX]
    assert "⚠ Số liệu minh họa, không phải số liệu chính thức" in boxes


def test_the_speaker_notes_give_the_sources_and_the_method(deck, midterm):
    for slide, section in zip(list(deck.slides)[2:], midterm.sections):
        notes = slide.notes_slide.notes_text_frame.text
        # People trained are counted from 2026: as of 2025 that section has no figure yet, so no source.
        assert notes.startswith("Nguồn: ") and ("illustrative-2026" in notes or not section.series.values)
        assert "Phương pháp: Eurostat (tỷ số tăng trưởng)." in notes and "R ≥ 0,95" in notes
        assert "Trích văn bản" in notes


def test_vietnamese_text_is_kept_composed_and_set_in_a_font_that_carries_it(deck):
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                for paragraph in shape.text_frame.paragraphs:
                    for run in paragraph.runs:
                        assert run.font.name == "Arial"
                        assert unicodedata.is_normalized("NFC", run.text)
    panel = next(shape for shape in deck.slides[2].shapes if shape.shape_type == MSO_SHAPE_TYPE.TEXT_BOX)
    assert "ĐÃ ĐẠT" in panel.text_frame.text  # T1a, achieved on the shipped figures


def test_an_english_deck_speaks_english(midterm):
    deck = Presentation(io.BytesIO(build_deck(midterm, "en")))
    assert deck.slides[0].shapes.title.text == "Following Can Tho City's intellectual-property strategy to 2030"
    assert deck.slides[2].shapes.title.text == "Titles held (cumulative, end of year) · Former Can Tho City"
    chart = charts(deck.slides[2])[0]
    assert chart.plots[0].series[0].name == "Actual"
    assert chart.chart_title.text_frame.text == "⚠ Illustrative figures, not official"
    assert chart.plots[0].series[1].name == "Illustrative (pale diamonds)"


def test_each_charts_year_axis_holds_every_point_of_every_series_and_has_a_length(deck, midterm):
    # An indicator without figures yet (people trained since 2026) had an axis from 2030 to 2030, which
    # LibreOffice Impress drew as 2030 to 4050, and its required path from 2025 fell off the chart.
    for slide, section in zip(list(deck.slides)[2:], midterm.sections):
        chart = charts(slide)[0]
        axis = chart.category_axis
        xs = [x for series in chart.plots[0].series for x in x_values(series)]
        assert axis.minimum_scale < axis.maximum_scale, section.indicator
        assert all(axis.minimum_scale <= x <= axis.maximum_scale for x in xs), (section.indicator, xs)
