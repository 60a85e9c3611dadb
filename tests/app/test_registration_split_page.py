"""Registrations supported at home and abroad on Trajectories, through dashboard.py: the indicator shows
its parts stacked and the enterprises supported beside them, in Vietnamese and English, each value the
database's; a part chosen on its own shows the same split."""
from __future__ import annotations

import json

import duckdb
import pytest

from ipmonitor.progress.scoreboard import load_indicator_series
from tests.app.conftest import open_page


def split_chart(app) -> dict:
    chart = next(c for c in app.get("plotly_chart") if c.proto.id and "split_chart" in c.proto.id)
    return json.loads(chart.proto.spec)


def values_by_name(spec: dict) -> dict[str, dict[int, float]]:
    found: dict[str, dict[int, float]] = {}
    for trace in spec["data"]:
        for x, y in zip(trace.get("x") or [], trace.get("y") or []):
            if x is not None and y is not None:
                found.setdefault(trace["name"].split(" – ")[0], {})[int(x)] = y
    return found


@pytest.mark.parametrize("lang, home, abroad, enterprises, title", [
    ("vi", "Hồ sơ trong nước", "Hồ sơ nước ngoài", "Doanh nghiệp",
     "Trong nước và nước ngoài; doanh nghiệp được hỗ trợ"),
    ("en", "Dossiers at home", "Dossiers abroad", "Enterprises", "At home and abroad; enterprises supported"),
])
def test_registrations_supported_shows_at_home_and_abroad_stacked_and_the_enterprises(
        app, db_path, lang, home, abroad, enterprises, title):
    open_page(app, "pages/trajectories.py", lang, indicator="registrations_supported")
    assert not app.exception, app.exception
    assert title in [header.value for header in app.subheader]
    spec = split_chart(app)
    assert spec["layout"]["barmode"] == "stack"
    shown = values_by_name(spec)
    with duckdb.connect(str(db_path), read_only=True) as con:
        expected = {name: load_indicator_series(con, key, "can_tho").values for name, key in (
            (home, "registrations_supported_domestic"), (abroad, "registrations_supported_abroad"),
            (enterprises, "enterprises_supported"))}
        total = load_indicator_series(con, "registrations_supported", "can_tho").values
    for name, values in expected.items():
        assert shown[name] == {year: value for year, value in values.items()}, name
    for year, value in total.items():  # the stacked parts make the total
        assert shown[home][year] + shown[abroad][year] == value
    bars = {trace["name"].split(" – ")[0]: trace["type"] for trace in spec["data"] if trace["name"]}
    assert bars[home] == bars[abroad] == "bar" and bars[enterprises] == "scatter"
    assert spec["layout"]["title"]["text"].startswith("⚠")  # the shipped figures are illustrative


def test_a_part_chosen_alone_shows_the_same_split_and_a_table_view(app):
    open_page(app, "pages/trajectories.py", "en", indicator="registrations_supported_abroad", view="table")
    assert not app.exception, app.exception
    assert "At home and abroad; enterprises supported" in [header.value for header in app.subheader]
    table = app.dataframe[-1].value
    assert {"Dossiers at home", "Dossiers abroad", "Enterprises"} <= set(table["Series"])
    assert set(table["Kind of figure"]) == {"illustrative, not official"}


def test_an_indicator_without_parts_has_no_split(app):
    open_page(app, "pages/trajectories.py", "en", indicator="enforcement_cases")
    assert not app.exception, app.exception
    assert "At home and abroad; enterprises supported" not in [header.value for header in app.subheader]
