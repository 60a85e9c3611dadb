"""The plans' other indicators on the pages, through dashboard.py: Trajectories charts an indicator
without a target in its unit with its note and no status, and a share with a per cent axis and its
straight-line path; Presentation has a screen for each new Decision 2724 target."""
from __future__ import annotations

import json

import duckdb

from ipmonitor.progress.scoreboard import load_indicator_series
from tests.app.conftest import open_page
from tests.app.test_progress_pages import actual_values, chart_traces


def test_trajectories_offers_people_trained_and_charts_it_in_people_with_no_status(app, db_path):
    open_page(app, "pages/trajectories.py", "vi")
    picker = next(box for box in app.selectbox if box.key == "trajectories_indicator")
    assert "Lượt người được đào tạo, tập huấn về SHTT trong năm" in picker.options
    picker.set_value("people_trained").run()
    assert not app.exception, app.exception
    assert app.subheader[0].value == "Lượt người được đào tạo, tập huấn về SHTT trong năm"
    assert any("không đặt con số mục tiêu" in info.value for info in app.info)
    spec = json.loads(app.get("plotly_chart")[0].proto.spec)
    assert spec["layout"]["yaxis"]["title"]["text"] == "Số lượt người"
    with duckdb.connect(str(db_path), read_only=True) as con:
        expected = load_indicator_series(con, "people_trained").values
    traces = chart_traces(app)
    assert actual_values(traces, "vi") == expected
    assert not any("lộ trình" in (name or "") for name in traces)  # no target, no path


def test_a_share_is_charted_in_per_cent_with_its_straight_line_path(app):
    open_page(app, "pages/trajectories.py", "en", indicator="patent_commercialisation_rate")
    spec = json.loads(app.get("plotly_chart")[0].proto.spec)
    assert spec["layout"]["yaxis"]["ticksuffix"] == "%"
    traces = chart_traces(app)
    path = next(trace for name, trace in traces.items() if name and name.endswith(
        "Decision 2724: required path (by 2030)"))
    steps = [b - a for a, b in zip(path["y"], path["y"][1:])]
    assert max(steps) - min(steps) < 1e-9  # a straight line in percentage points, not compound growth
    assert path["y"][-1] == 8
    assert any("points a year" in m.value for m in app.markdown)


def test_the_table_view_writes_the_running_total_in_people(app):
    open_page(app, "pages/trajectories.py", "vi", indicator="people_trained_since_2026", view="table")
    table = app.dataframe[0].value
    assert "1.130 lượt người" in table["Thực tế"].tolist()


def test_presentation_has_a_screen_for_each_new_target(app):
    open_page(app, "pages/presentation.py", "vi", screens="key_products_supported_share,people_trained_since_2026")
    assert app.title[0].value == "Tỷ lệ sản phẩm chủ lực, OCOP được hỗ trợ xác lập quyền SHTT"
    assert any("điểm %/năm" in m.value for m in app.markdown)
