"""The What-if page (Kịch bản) through dashboard.py: its reach years are the domain's on the shipped
figures, a link reopens a scenario, both languages, every indicator."""
from __future__ import annotations

import io

import duckdb
import pytest
from pptx import Presentation

from ipmonitor.documents.kept_documents import forget_documents
from ipmonitor.i18n import t
from ipmonitor.progress.scenario import compute_scenario, compute_scenario_path
from ipmonitor.progress.scoreboard import assess_register
from ipmonitor.register.targets import load_target_register
from tests.app.conftest import open_page
from tests.app.test_progress_pages import chart_traces

PAGE = "pages/what_if.py"


def scenario_table(app) -> dict[str, list]:
    return app.table[0].value.reset_index().to_dict(orient="list")


def domain_series(db_path, indicator: str, territory_of_series: str):
    with duckdb.connect(str(db_path), read_only=True) as con:
        return next(r.series for r in assess_register(con) if r.indicator == indicator
                    and r.series.territory == territory_of_series)


def domain_reach_years(db_path, indicator: str, growth: float, territory_of_series: str) -> dict[str, int | None]:
    """Plan's name -> the domain's outcome, on the series the page shows."""
    register = load_target_register()
    with duckdb.connect(str(db_path), read_only=True) as con:
        results = [r for r in assess_register(con) if r.indicator == indicator
                   and r.series.territory == territory_of_series]
    years = {}
    for result in results:
        path = compute_scenario_path(result.series, growth=growth)
        outcome = compute_scenario(register.target(result.target_id), result.series, path, "eurostat",
                                   result.assessment.comparison_cagr)
        years[register.plan_name(result.plan, "en", short=True)] = outcome
    return years


@pytest.mark.parametrize("indicator, on", [("applications_patent", "can_tho"),
                                           ("applications_patent", "can_tho_former"),
                                           # Patent titles fell after 2020: at 20% Decision 1068's rate is met in 2034.
                                           ("titles_patent", "can_tho")])
def test_patents_growing_20_percent_a_year_are_reached_when_the_domain_says(app, db_path, indicator, on):
    open_page(app, PAGE, "en", indicator=indicator, mode="growth", growth="20", on=on)
    table = scenario_table(app)
    outcomes = domain_reach_years(db_path, indicator, 0.20, on)
    assert sorted(table[t("scenario.column_plan", "en")]) == sorted(outcomes)
    for plan, reached in zip(table[t("scenario.column_plan", "en")], table[t("scenario.column_reached", "en")]):
        outcome = outcomes[plan]
        expected = (t("scenario.reached_already", "en", year=outcome.as_reported.latest_year)
                    if outcome.already_achieved else str(outcome.reached_year) if outcome.reached_year
                    else t("scenario.reached_never", "en", year=2040))
        assert reached == expected
    assert any(outcome.reached_year for outcome in outcomes.values())  # the comparison is not all "never"
    # The line drawn is the domain's path, from the latest figure.
    series = next(iter(outcomes.values())).as_reported
    line = chart_traces(app)["What if: +20% a year"]
    path = compute_scenario_path(domain_series(db_path, indicator, on), growth=0.20)
    assert line["x"][0] == series.latest_year
    assert line["y"] == pytest.approx([path[year] for year in line["x"]])


def test_a_link_reopens_the_scenario_with_its_values(app):
    open_page(app, PAGE, "vi", indicator="titles_stock", mode="growth", growth="3.05", method="un")
    assert app.selectbox(key="scenario_indicator").value == "titles_stock"
    assert app.selectbox(key="scenario_method").value == "un"
    growth = app.select_slider(key="scenario_growth")
    assert growth.value == 305  # hundredths of a percent
    # The slider writes its values the Vietnamese way: a number box would show "3.05", a thousands sign.
    assert "3,05%" in growth.options and not any("." in option for option in growth.options)
    # The chart's scenario line is named for the pace chosen, the way a reader wrote it.
    assert "Kịch bản: +3,05%/năm" in chart_traces(app)
    # A changed pace goes into the URL, so that the link the reader copies reopens it.
    growth.set_value(2000).run()
    assert app.query_params["growth"] in ("20", ["20"])
    assert "Kịch bản: +20%/năm" in chart_traces(app)


def test_a_yearly_count_from_the_url_draws_that_count(app):
    open_page(app, PAGE, "en", indicator="applications_patent", mode="count", count="40", on="can_tho")
    assert app.number_input(key="scenario_count").value == 40
    line = chart_traces(app)["What if: 40 each year"]
    assert line["y"][1:] == [40.0] * (len(line["y"]) - 1)  # after the latest figure, 40 a year


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_page_says_it_is_a_scenario_in_either_language(app, lang):
    open_page(app, PAGE, lang, indicator="titles_stock")
    assert app.title[0].value == t("scenario.title", lang)
    assert t("scenario.not_a_forecast", lang) in [w.value for w in app.warning]
    assert list(scenario_table(app)) == [t(f"scenario.column_{c}", lang) for c in
                                         ("plan", "aim", "level", "reached", "status", "pace")]


@pytest.mark.parametrize("indicator", list(load_target_register().indicators))
@pytest.mark.parametrize("mode", ["growth", "count"])
def test_every_indicator_opens_without_an_error(app, indicator, mode):
    open_page(app, PAGE, "vi", indicator=indicator, mode=mode)
    assert not app.exception


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_page_offers_the_deck_with_this_scenario_and_its_download_holds_the_slide(app, lang):
    forget_documents()
    open_page(app, PAGE, lang, indicator="titles_patent", mode="growth", growth="20")
    # One button, the deck: a scenario goes into the deck only.
    prepare = app.button(key="scenario_prepare_pptx")
    assert prepare.label == t("scenario.prepare_deck", lang)
    assert not [button for button in app.button if button.key == "scenario_prepare_pdf"]
    prepare.click().run()
    assert not app.exception, app.exception
    assert [element.proto.label for element in app.get("download_button")] == [t("scenario.download_deck", lang)]
    content = app.session_state["scenario_pptx_document"][1]
    deck = Presentation(io.BytesIO(content))
    name = t("scenario.name_growth", lang, rate="+20%")
    [slide] = [slide for slide in deck.slides if slide.shapes.title.text.startswith(name + " ")]
    notes = slide.notes_slide.notes_text_frame.text
    # The link reopens the scenario: the page's own address (relative here: AppTest has no browser) and query.
    [link] = [line.split(": ", 1)[1] for line in notes.splitlines()
              if line.startswith(t("scenario.deck_link", lang, link=""))]
    assert link.startswith("/kich-ban?")
    assert {"indicator=titles_patent", "mode=growth", "growth=20", f"lang={lang}"} <= set(link.split("?")[1].split("&"))
    forget_documents()
