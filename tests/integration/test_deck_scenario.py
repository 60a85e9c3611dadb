"""A What-if scenario as a slide of the deck, on the shipped database, read back with python-pptx: the
slide right after its indicator's own, its chart's scenario line the domain's path, its table the page's,
the label that it is a scenario, its notes with the sentence and the link; without a scenario the deck
is the deck it was. Vietnamese and English."""
from __future__ import annotations

import io
import re

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from ipmonitor.store import db
from ipmonitor.documents.deck import build_deck
from ipmonitor.documents.kept_documents import (DocumentRequest, build_document, find_document,
                                                forget_documents)
from ipmonitor.i18n import t
from ipmonitor.store.queries import load_data_version
from ipmonitor.documents.edition_data import load_report_data
from ipmonitor.documents.edition import section_title
from ipmonitor.progress.scenario import ScenarioChoice, compute_scenario, compute_scenario_path
from ipmonitor.progress.scoreboard import assess_register, load_series
from ipmonitor.progress.tables import build_scenario_table
from ipmonitor.register.targets import load_target_register
from tests.integration.test_deck import charts, drawn, x_values

REGISTER = load_target_register()
LINK = "/kich-ban?indicator=titles_patent&territory=as_registered&mode=growth&growth=20&lang=vi"
GROWTH = ScenarioChoice("titles_patent", growth=0.20, link=LINK)
# Patent applications on the former city (Plan 151's territory), 40 a year: a yearly count on a flow.
COUNT = ScenarioChoice("applications_patent", on="can_tho_former", yearly_count=40.0, link="/kich-ban?mode=count")


def read_deck(content: bytes):
    return Presentation(io.BytesIO(content))


def titles(deck) -> list[str]:
    return [slide.shapes.title.text for slide in deck.slides]


def scenario_slides(deck, lang: str):
    opening = t("scenario.name_growth", lang, rate="X").split("X")[0].split(":")[0] + ":"
    return [slide for slide in deck.slides if slide.shapes.title.text.startswith(opening)]


def domain_outcomes(database, choice: ScenarioChoice, method: str = "eurostat"):
    """What the page shows for `choice`, asked of the domain directly: the series, the path, and each
    target's (target, plan, outcome), in the register's order."""
    results = [r for r in assess_register(database, method) if r.indicator == choice.indicator]
    territories = list(dict.fromkeys(r.series.territory for r in results))
    on = choice.on if choice.on in territories else territories[0]
    results = [r for r in results if r.series.territory == on]
    series = results[0].series
    adds_up = False  # both indicators here are yearly flows
    path = compute_scenario_path(series, growth=choice.growth, yearly_count=choice.yearly_count, adds_up=adds_up)
    outcomes = [compute_scenario(REGISTER.target(r.target_id), series, path, method, r.assessment.comparison_cagr)
                for r in results]
    return series, path, results, outcomes


@pytest.fixture(scope="module")
def plain(database):
    return load_report_data(database, "annual")


@pytest.fixture(scope="module")
def with_growth(database):
    return load_report_data(database, "annual", scenario=GROWTH)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_scenario_slide_comes_right_after_its_indicators_own_slide_and_names_the_scenario(with_growth, plain,
                                                                                              database, lang):
    deck = read_deck(build_deck(with_growth, lang))
    series, *_ = domain_outcomes(database, GROWTH)
    assert series.territory == "can_tho" and max(series.values) == 2025
    [slide] = scenario_slides(deck, lang)
    index = list(deck.slides).index(slide)
    own = next(s for s in plain.sections if s.indicator == "titles_patent" and s.territory == "can_tho")
    assert titles(deck)[index - 1] == section_title(own, REGISTER, lang)
    expected = {"vi": "Kịch bản: +20%/năm từ 2025 · Văn bằng sáng chế được cấp · "
                      "Thành phố Cần Thơ (sau hợp nhất)",
                "en": "What if: +20% a year from 2025 · Patents granted · Can Tho City (merged)"}[lang]
    assert slide.shapes.title.text == expected


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_slides_chart_draws_the_domains_path_apart_and_is_titled_a_scenario(with_growth, database, lang):
    [slide] = scenario_slides(read_deck(build_deck(with_growth, lang)), lang)
    [chart] = charts(slide)
    series, path, _, outcomes = domain_outcomes(database, GROWTH)
    by_name = {s.name: s for s in chart.plots[0].series}
    line = by_name[t("scenario.name_growth", lang, rate="+20%")]
    points = drawn(line)
    assert min(points) == 2025 and max(points) >= 2030
    assert points == pytest.approx({year: path[year] for year in points}, abs=0.05)
    # Drawn as no plan's line and not the actual figures': the scenario's colour, dashed, open squares.
    xml = line._element.xml
    assert 'val="BC4C00"' in xml and "prstDash" in xml and 'val="square"' in xml
    # The actual figures are the database's, every year of them (the scenario starts from the latest).
    assert drawn(chart.plots[0].series[0]) == load_series(database, REGISTER.indicators["titles_patent"],
                                                          "can_tho").values
    assert all(len(x_values(chart.plots[0].series[0])) >= len(x_values(other)) for other in chart.plots[0].series)
    assert chart.has_title and chart.chart_title.text_frame.paragraphs[0].text == \
        "⚠ " + t("chart.scenario_notice", lang)
    assert chart.category_axis.maximum_scale >= max(points)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_slide_says_it_is_a_scenario_and_its_table_is_the_pages(with_growth, database, lang):
    [slide] = scenario_slides(read_deck(build_deck(with_growth, lang)), lang)
    texts = [shape.text_frame.text for shape in slide.shapes if shape.shape_type == MSO_SHAPE_TYPE.TEXT_BOX]
    assert "⚠ " + t("scenario.deck_label", lang) in texts
    table = next(shape for shape in slide.shapes if shape.has_table).table
    _, _, results, outcomes = domain_outcomes(database, GROWTH)
    rows = [(REGISTER.target(r.target_id), REGISTER.plan_name(r.plan, lang, short=True), outcome)
            for r, outcome in zip(results, outcomes)]
    page = build_scenario_table(rows, lang)
    assert [[cell.text for cell in row.cells] for row in table.rows] == \
        [list(page.columns), *page.astype(str).values.tolist()]
    assert any(o.reached_year for o in outcomes)  # the comparison is not all "not by 2040"
    paces = [row.cells[5].text for row in list(table.rows)[1:]]
    # Numbers the reader's way: 16,00% in Vietnamese, 16.00% in English.
    assert all(re.fullmatch(r"\d+,\d\d%" if lang == "vi" else r"\d+\.\d\d%", pace) for pace in paces), paces


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_speaker_notes_give_the_scenarios_sentence_and_the_link_that_reopens_it(with_growth, lang):
    [slide] = scenario_slides(read_deck(build_deck(with_growth, lang)), lang)
    notes = slide.notes_slide.notes_text_frame.text
    assert notes.startswith(t("scenario.name_growth", lang, rate="+20%") + ". ")
    assert t("scenario.not_a_forecast", lang) in notes
    assert t("scenario.deck_link", lang, link=LINK) in notes.splitlines()


def test_a_yearly_count_on_another_territory_follows_that_territorys_slide(database, plain):
    data = load_report_data(database, "annual", scenario=COUNT)
    deck = read_deck(build_deck(data, "vi"))
    [slide] = scenario_slides(deck, "vi")
    index = list(deck.slides).index(slide)
    assert slide.shapes.title.text.startswith("Kịch bản: 40 mỗi năm từ ")
    assert titles(deck)[index - 1] == "Đơn đăng ký sáng chế · Thành phố Cần Thơ (cũ)"
    _, path, _, _ = domain_outcomes(database, COUNT)
    line = {s.name: s for s in charts(slide)[0].plots[0].series}["Kịch bản: 40 mỗi năm"]
    assert drawn(line) == pytest.approx({year: path[year] for year in drawn(line)})
    assert list(drawn(line).values())[1:] == [40.0] * (len(drawn(line)) - 1)


def test_without_a_scenario_the_deck_is_unchanged(with_growth, plain):
    assert plain.scenario is None
    before, after = read_deck(build_deck(plain, "vi")), read_deck(build_deck(with_growth, "vi"))
    assert not scenario_slides(before, "vi")
    kept = [slide for slide in after.slides if slide not in scenario_slides(after, "vi")]
    assert len(kept) == len(before.slides) == len(after.slides) - 1
    for old, new in zip(before.slides, kept):
        assert old.shapes.title.text == new.shapes.title.text
        assert old.notes_slide.notes_text_frame.text == new.notes_slide.notes_text_frame.text
        assert [s.shape_type for s in old.shapes] == [s.shape_type for s in new.shapes]
        for old_chart, new_chart in zip(charts(old), charts(new)):
            assert [(s.name, drawn(s)) for s in old_chart.plots[0].series] == \
                [(s.name, drawn(s)) for s in new_chart.plots[0].series]
            assert old_chart.has_title == new_chart.has_title


@pytest.fixture
def no_documents_kept():
    forget_documents()
    yield
    forget_documents()


def test_a_document_with_a_scenario_is_cached_under_that_scenario(db_path, no_documents_kept):
    plain_request = DocumentRequest("pptx", "annual", 2026, "en", "eurostat")
    growth = DocumentRequest("pptx", "annual", 2026, "en", "eurostat", GROWTH)
    steps = []
    content = build_document(db_path, growth, progress=lambda fraction, text: steps.append(text))
    assert steps[-1].endswith("press “Download the deck with this scenario (PPTX)”.")
    assert growth.file_name == "ipmonitor-annual-2026-en-scenario-titles_patent.pptx"
    with db.open_database(db_path, read_only=True) as con:
        version = load_data_version(con)
    assert find_document(db_path, version, growth) is content
    assert find_document(db_path, version, plain_request) is None  # the plain deck is another document
    # Another pace is another document, built afresh.
    faster = DocumentRequest("pptx", "annual", 2026, "en", "eurostat",
                             ScenarioChoice("titles_patent", growth=0.25, link=LINK))
    other = build_document(db_path, faster)
    assert other != content and scenario_slides(read_deck(other), "en")[0].shapes.title.text.startswith(
        "What if: +25% a year from 2025")
    with pytest.raises(ValueError):
        DocumentRequest("pdf", "annual", 2026, "en", "eurostat", GROWTH)
