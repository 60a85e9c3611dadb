"""The chart pages' controls and everything they drive (issue 18 puts them in a fragment of their own): a
changed control changes the heading, the lines under it, the chart's data and the link, in Vietnamese
and, after the sidebar's language switch, in English. (AppTest reruns the whole script on a change; the
fragment's own rerun is seen in the browser: tests/e2e/test_control_change_in_browser.py.)"""
from __future__ import annotations

import duckdb
import pytest

from ipmonitor.formats import IMAGE_FORMATS, TABLE_FORMATS
from ipmonitor.i18n import t
from ipmonitor.register.targets import load_target_register
from ipmonitor.register.target_words import target_tag
from ui.controls import territory_label
from tests.app.conftest import open_page
from tests.app.test_progress_pages import actual_values, chart_traces, download_labels


def chart_download_labels(lang: str) -> list[str]:
    """A chart's download buttons: each picture, then the chart's figures in each table format."""
    return [t(image.label, lang) for image in IMAGE_FORMATS.values()] + [
        t("downloads.data", lang, format=t(table.label, lang)) for table in TABLE_FORMATS.values()]


def open_in(app, page: str, lang: str, **params: str):
    """The page in Vietnamese, then in `lang` through the sidebar's switch, as a reader changes it."""
    open_page(app, page, "vi", **params)
    if lang != "vi":
        app.sidebar.radio(key="frame_lang").set_value(lang).run()
        assert not app.exception, app.exception
    return app


def figures(db_path, territory: str, ip_type: str, measure: str) -> dict[int, float]:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return dict(con.execute("SELECT year, value FROM current_figure WHERE territory = ? AND ip_type = ? "
                                "AND measure = ? ORDER BY year", [territory, ip_type, measure]).fetchall())


def texts(elements) -> list[str]:
    return [element.value for element in elements]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_new_indicator_changes_the_heading_the_statuses_the_chart_and_the_link(app, db_path, lang):
    register = load_target_register()
    open_in(app, "pages/trajectories.py", lang, indicator="titles_stock")
    assert texts(app.subheader) == [register.indicators["titles_stock"].name(lang)]

    app.selectbox(key="trajectories_indicator").set_value("applications_patent").run()
    assert not app.exception, app.exception
    assert app.title[0].value == t("trajectories.title", lang)  # the page's own title stays
    assert texts(app.subheader) == [register.indicators["applications_patent"].name(lang)]
    shown_on = t("trajectories.territory_shown", lang, territory=territory_label("can_tho_former", lang))
    assert any(caption.startswith(shown_on) for caption in texts(app.caption)), texts(app.caption)
    # One status line per target judged on the former city's patent applications (Plan 151's), and no
    # line left from the titles held.
    judged = [target for target in register.targets_of("applications_patent")
              if target.territory_basis == "can_tho_former"]
    statuses = [text for text in texts(app.markdown) if " · **" in text]
    assert [line.split(" · ", 1)[1].split(":")[0] for line in statuses] == \
        [f"**{register.plan_name(target.plan, lang)}** ({target_tag(target, lang)})" for target in judged], statuses
    patents = figures(db_path, "can_tho_former", "patent", "applications_filed")
    assert actual_values(chart_traces(app), lang) == {year: value for year, value in patents.items() if year >= 2015}
    assert app.query_params["indicator"] in ("applications_patent", ["applications_patent"])
    assert download_labels(app) == chart_download_labels(lang)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_table_view_replaces_the_chart_and_its_help_line(app, lang):
    open_in(app, "pages/trajectories.py", lang, indicator="titles_stock")
    assert len(app.get("plotly_chart")) == 1 and t("trajectories.chart_help", lang) in texts(app.caption)
    app.radio(key="trajectories_view").set_value("table").run()
    assert not app.get("plotly_chart") and t("trajectories.chart_help", lang) not in texts(app.caption)
    assert t("chart.actual", lang) in app.dataframe[0].value.columns
    assert app.query_params["view"] in ("table", ["table"])


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_new_measure_and_base_year_change_the_index_heading_and_lines(app, db_path, lang):
    open_in(app, "pages/by_type.py", lang, chart="index")
    assert texts(app.subheader) == [t("by_type.index_title", lang, base=2020)]

    app.radio(key="by_type_measure").set_value("titles_granted").run()
    app.slider(key="by_type_base").set_value(2021).run()
    assert not app.exception, app.exception
    assert app.title[0].value == t("by_type.title", lang)
    assert texts(app.subheader) == [t("by_type.index_title", lang, base=2021)]
    titles = figures(db_path, "can_tho_former", "patent", "titles_granted")
    patent = next(trace for name, trace in chart_traces(app).items() if name in ("Sáng chế", "Patent"))
    assert patent["x"][0] == 2021 and patent["y"][-1] == pytest.approx(100 * titles[patent["x"][-1]] / titles[2021])
    assert app.query_params["measure"] in ("titles_granted", ["titles_granted"])
    assert app.query_params["base"] in ("2021", ["2021"])
    assert download_labels(app) == chart_download_labels(lang)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_new_chart_brings_its_own_heading_and_note_and_drops_the_last_ones(app, lang):
    open_in(app, "pages/by_type.py", lang)
    assert t("by_type.growth_help", lang) in texts(app.caption)
    app.radio(key="by_type_chart").set_value("flows").run()
    assert texts(app.subheader) == [t("by_type.flows_title", lang)]
    assert t("by_type.growth_help", lang) not in texts(app.caption)
    assert app.selectbox(key="by_type_type").value == "patent"
    traces = chart_traces(app)
    assert t("by_type.total", lang) not in traces  # the flows chart sets one type's applications against grants
    assert app.query_params["chart"] in ("flows", ["flows"])
