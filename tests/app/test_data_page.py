"""The app through dashboard.py with Streamlit's AppTest: every page, both languages, real database."""
from __future__ import annotations

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from ipmonitor.paths import DB_ENV_VAR
from tests.app.conftest import DASHBOARD, open_page
from tests.database_holder import database_held


def run_in(app: AppTest, lang: str) -> AppTest:
    return open_page(app, "pages/data.py", lang)


def table(app: AppTest, index: int = 0):
    return app.dataframe[index].value


@pytest.mark.parametrize("lang, title, notice, count", [
    ("vi", "Dữ liệu", "Số liệu minh họa: 979 trong 988", "988 số liệu"),
    ("en", "Data", "Illustrative figures: 979 of the 988", "Figures: 988"),
])
def test_the_data_page_opens_in_each_language_with_the_illustrative_notice(app, lang, title, notice, count):
    run_in(app, lang)
    assert app.title[0].value == title
    assert app.warning[0].value.startswith(notice)
    assert count in [c.value for c in app.caption]
    assert len(table(app)) == 988


def test_numbers_are_shown_in_the_readers_format(app):
    run_in(app, "vi")
    values = set(table(app)["Giá trị"])
    assert "4.074" in values and "4,074" not in values
    app.sidebar.radio(key="frame_lang").set_value("en").run()
    assert app.title[0].value == "Data"
    assert "4,074" in set(table(app)["Value"])
    assert app.query_params["lang"] == ["en"] or app.query_params["lang"] == "en"


def test_the_sidebar_says_when_the_data_was_last_updated_and_from_how_many_sources(app):
    run_in(app, "vi")
    captions = [c.value for c in app.sidebar.caption]
    assert any(c.startswith("Cập nhật lần cuối:") and "lô số 1" in c for c in captions)
    assert "Nguồn: 8 nguồn số liệu, xem bảng nguồn ở trang Dữ liệu." in captions


def test_filters_narrow_the_table_to_the_chosen_territory_type_and_years(app):
    run_in(app, "vi")
    app.multiselect(key="data_territory").set_value(["hau_giang_former"]).run()
    app.multiselect(key="data_ip_type").set_value(["patent"]).run()
    app.slider(key="data_years").set_value((2020, 2024)).run()
    shown = table(app)
    assert set(shown["Địa bàn"]) == {"Tỉnh Hậu Giang (cũ)"}
    assert set(shown["Loại đối tượng"]) == {"Sáng chế"}
    assert sorted(set(shown["Năm"])) == ["2020", "2021", "2022", "2023", "2024"]
    assert len(shown) == 10  # two measures a year
    assert "10 số liệu" in [c.value for c in app.caption]


def test_the_sources_table_lists_the_sources_behind_the_figures_shown(app):
    run_in(app, "en")
    sources = table(app, 1)
    assert set(sources["Source code"]) == {"illustrative-2026", "dost-cantho-2015", "plan-151-2020",
                                             "illustrative-2026-plan-indicators", "cand-611410", "most-tag-1500",
                                             "congdoan-most-19004", "dantocmiennui-313724"}
    assert set(sources["Source kind"]) == {"illustrative", "published", "derived"}


@pytest.mark.parametrize("lang, column, words", [
    ("vi", "Loại nguồn", {"công bố", "suy ra từ văn bản công bố", "minh họa, không chính thức"}),
    ("en", "Source kind", {"published", "derived from a published text", "illustrative, not official"}),
])
def test_each_figures_kind_is_in_words_and_only_a_published_one_reads_published(app, lang, column, words):
    run_in(app, lang)
    assert set(table(app)[column]) == words


def test_a_filter_that_matches_nothing_says_so(app):
    run_in(app, "en")
    app.multiselect(key="data_territory").set_value(["can_tho"]).run()
    app.slider(key="data_years").set_value((2010, 2012)).run()
    assert [i.value for i in app.info] == ["No figures match the filters."]
    assert not app.dataframe


def test_without_a_database_the_app_says_how_to_build_one(tmp_path, monkeypatch):
    monkeypatch.setenv(DB_ENV_VAR, str(tmp_path / "missing.duckdb"))
    app = AppTest.from_file(str(DASHBOARD), default_timeout=60)
    app.run()
    assert not app.exception
    assert "python -m etl init" in app.error[0].value


def test_while_another_process_writes_the_page_says_the_database_is_busy(app, db_path):
    # DuckDB's file lock is per process: hold it from a child process, as `etl load` would.
    with database_held(db_path, seconds=120):
        run_in(app, "en")
        assert [w.value for w in app.warning] == [
            "The database is being updated; please reload the page in a few seconds."]
        assert not app.dataframe
    with duckdb.connect(str(db_path), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM current_figure").fetchone()[0] == 988
