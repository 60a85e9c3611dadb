"""The progress pages through dashboard.py: Overview, Trajectories, By IP type, Method, both languages,
with the figures shown checked against the engine and the database."""
from __future__ import annotations

import base64
import json

import duckdb
import numpy
import pytest

from etl.cli import main
from ipmonitor.i18n import t
from ipmonitor.numbers import format_number
from ipmonitor.progress.scoreboard import assess_register
from tests.app.conftest import open_page


def _values(array) -> list:
    # Plotly sends numeric arrays as base64 typed arrays ({"dtype": "f8", "bdata": "..."}).
    if isinstance(array, dict) and "bdata" in array:
        return numpy.frombuffer(base64.b64decode(array["bdata"]), dtype=numpy.dtype(array["dtype"])).tolist()
    return list(array)


def chart_traces(app, index: int = 0) -> dict[str, dict]:
    """The Plotly figure a page sent, trace name -> {"x": [...], "y": [...]}: the points drawn, gaps left
    out, traces of one name (a series' solid, dotted and joining parts) taken together."""
    spec = json.loads(app.get("plotly_chart")[index].proto.spec)
    traces: dict[str, dict] = {}
    for trace in spec["data"]:
        points = [(x, y) for x, y in zip(_values(trace["x"]), _values(trace["y"])) if x is not None and y is not None]
        shown = traces.setdefault(trace.get("name"), {"x": [], "y": []})
        for x, y in points:
            if x not in shown["x"] or shown["y"][shown["x"].index(x)] != y:
                shown["x"].append(x)
                shown["y"].append(y)
    return traces


def actual_values(traces: dict[str, dict], lang: str) -> dict:
    """Year -> actual value, published or illustrative: the two traces the chart draws them in."""
    values = {}
    for key in ("chart.actual", "chart.actual_illustrative"):
        values.update(zip(traces.get(t(key, lang), {"x": []})["x"], traces.get(t(key, lang), {"y": []})["y"]))
    return values


def engine(db_path, method="eurostat", territory="as_registered"):
    with duckdb.connect(str(db_path), read_only=True) as con:
        return {r.target_id: r.assessment for r in assess_register(con, method, territory)}


@pytest.mark.parametrize("lang, title, verdict", [
    ("vi", "Tổng quan: tiến độ đến năm 2030", "Kế hoạch 151/KH-UBND (24/11/2020): 6 trên 6 chỉ tiêu đã đạt hoặc đúng lộ trình."),
    ("en", "Overview: progress toward 2030", "Plan 151/KH-UBND (24 Nov 2020): 6 of 6 targets achieved or on track."),
])
def test_the_overview_is_the_front_page_with_a_verdict_per_plan(app, lang, title, verdict):
    open_page(app, None, lang)
    assert app.title[0].value == title
    assert f"**{verdict}**" in [m.value for m in app.markdown]


def test_each_card_shows_the_latest_value_the_share_reached_and_the_growth(app, db_path):
    open_page(app, None, "vi")
    t1a = engine(db_path)["T1a"]
    assert "6.115" in [m.value for m in app.metric if m.label == "Mới nhất (2025)"]
    captions = [c.value for c in app.caption]
    assert any("Đã đạt 111% mức 5.500 của năm 2030" in c and "cần 3,0%/năm" in c and "Còn 5 năm" in c
               for c in captions), captions
    assert round(t1a.share_reached * 100) == 111


def test_a_share_and_a_running_total_are_shown_in_their_units_on_their_cards(app, db_path):
    open_page(app, None, "vi")
    results = engine(db_path)
    share, people = results["D2724_ocop_supported_share"], results["D2724_people_trained"]
    metrics = [m.value for m in app.metric]
    assert f"{format_number(share.latest_value, 'vi', 1)}%" in metrics
    assert f"{format_number(people.latest_value, 'vi')} lượt người" in metrics
    captions = " ".join(c.value for c in app.caption)
    # A share moves in percentage points a year, a running total in people a year: never a growth rate.
    assert "điểm %/năm" in captions and "người/năm" in captions


def test_the_reading_switch_swaps_target_1s_card_and_says_which_is_in_use(app):
    open_page(app, None, "en", reading="b")
    assert any("Target 1 in reading (b): titles granted in the period" in c.value for c in app.caption)
    names = [m.value for m in app.markdown]
    assert any(v.startswith("**Titles granted in the year**") for v in names)
    assert not any(v.startswith("**Titles held (cumulative, end of year)**") for v in names)


def test_decision_2724_says_it_waits_for_the_2026_figures(app):
    open_page(app, None, "en")
    # Its applications and titles wait for 2026; its people, OCOP and patent-use targets have 2026 figures.
    verdict = next(m.value for m in app.markdown if m.value.startswith("**Decision 2724/QĐ-UBND (1 Dec 2025): "))
    assert verdict == ("**Decision 2724/QĐ-UBND (1 Dec 2025): 2 of 7 targets achieved or on track. Behind: IP "
                       "training attendances, running total since 2026. 4 not assessable yet.**"), verdict
    assert "Not assessable yet: only the baseline year 2025 is in; the 2026 figures are needed." in \
        [m.value for m in app.markdown]


def test_the_method_and_territory_come_from_the_url_and_change_the_statuses(app, db_path):
    open_page(app, None, "en", method="destatis", territory="can_tho")
    assert app.selectbox[0].value == "destatis" and app.selectbox[1].value == "can_tho"
    expected = engine(db_path, "destatis", "can_tho")["T1a"]
    assert app.query_params["method"] == "destatis"
    assert any("The 5,000" not in c.value and "only \"+35% on 2020\" applies" in c.value for c in app.caption)
    assert expected.target_recomputed


@pytest.mark.parametrize("lang, actual, path, target", [
    ("vi", "Thực tế", "KH 151: lộ trình cần đi (đến 2030, cách hiểu a)", "KH 151: mục tiêu (đến 2030, cách hiểu a)"),
    ("en", "Actual", "Plan 151: required path (by 2030, reading a)", "Plan 151: target (by 2030, reading a)"),
])
def test_the_trajectory_chart_carries_the_databases_values_the_path_and_the_target(app, db_path, lang, actual, path,
                                                                                    target):
    open_page(app, "pages/trajectories.py", lang, indicator="titles_stock")
    traces = chart_traces(app)
    with duckdb.connect(str(db_path), read_only=True) as con:
        stock = dict(con.execute("SELECT year, value FROM current_figure WHERE territory = 'can_tho_former' "
                                 "AND measure = 'titles_cumulative'").fetchall())
    shown = dict(sorted(actual_values(traces, lang).items()))
    assert shown == {year: stock[year] for year in stock if year >= 2015}
    assert traces[path]["x"][0] == 2020 and traces[path]["y"][0] == stock[2020]
    assert traces[path]["y"][-1] == pytest.approx(5500)
    assert traces[target]["x"] == [2030] and traces[target]["y"] == [5500]
    assert [name for name in traces if "80%" in name] and [name for name in traces if "95%" in name]


def test_a_chart_kept_between_reruns_follows_a_load_made_by_another_program(app, db_path, tmp_path):
    # The page keeps each chart per version of the database (ui.cached_reads.keep_chart): a rerun reuses
    # it, and a load from the command line (a new version) draws the new value.
    open_page(app, "pages/trajectories.py", "en", indicator="titles_stock")
    assert actual_values(chart_traces(app), "en")[2025] == 6115
    app.run()
    assert actual_values(chart_traces(app), "en")[2025] == 6115
    upload = tmp_path / "stock.csv"
    upload.write_text("Năm,Địa bàn,Loại đối tượng,Chỉ tiêu,Giá trị,Nguồn\n"
                      "2025,can_tho_former,all_types,titles_cumulative,6200,Test source\n", encoding="utf-8")
    assert main(["load", str(upload), "--db", str(db_path), "--user", "test"]) == 0
    app.run()
    assert actual_values(chart_traces(app), "en")[2025] == 6200


@pytest.mark.parametrize("lang, former, merged", [
    ("vi", "KH 151: TP Cần Thơ (cũ)", "QĐ 2724, QĐ 1068 (quốc gia): TP Cần Thơ (sau hợp nhất, gốc dựng lại từ 3 tỉnh)"),
    ("en", "Plan 151: Former Can Tho City",
     "Decision 2724, Decision 1068 (national): Can Tho City (merged, baseline rebuilt from the 3 provinces)"),
])
def test_as_registered_each_plans_path_is_drawn_on_its_own_territorys_figures(app, db_path, lang, former, merged):
    open_page(app, "pages/trajectories.py", lang, indicator="applications_patent")
    choice = next(radio for radio in app.radio if radio.key == "trajectories_on")
    assert list(choice.options) == [former, merged]
    assert not [name for name in chart_traces(app) if "2724" in name or "1068" in name]
    choice.set_value("can_tho").run()
    traces = chart_traces(app)
    assert [name for name in traces if "2724" in name] and not [name for name in traces if "151" in name]
    with duckdb.connect(str(db_path), read_only=True) as con:
        merged_2025 = con.execute("SELECT sum(value) FROM current_figure WHERE year = 2025 AND territory = 'can_tho' "
                                  "AND measure = 'applications_filed' AND ip_type = 'patent'").fetchone()[0]
    assert actual_values(traces, lang)[2025] == merged_2025
    assert app.query_params["on"] in ("can_tho", ["can_tho"])


def test_the_trajectory_table_shows_the_target_beside_the_data(app):
    open_page(app, "pages/trajectories.py", "en", indicator="applications_patent", view="table", territory="can_tho")
    table = app.dataframe[0].value
    assert {"Year", "Actual", "How obtained", "Plan 151: path (by 2030)", "Decision 2724: path (by 2030)",
            "Projection", "80% interval"} <= set(table.columns)
    row_2020 = table[table["Year"] == "2020"].iloc[0]
    assert row_2020["How obtained"] == "sum of the 3 former provinces"
    # A sum with an illustrative province in it is illustrative; no value is called "reported".
    assert row_2020["Kind of figure"] == "illustrative, not official"
    assert not table.apply(lambda column: column.astype(str).str.contains("reported")).any().any()
    row_2030 = table[table["Year"] == "2030"].iloc[0]
    assert row_2030["Actual"] == "–" and row_2030["Projection"] != "–"


def chart_spec(app, index: int = 0) -> dict:
    return json.loads(app.get("plotly_chart")[index].proto.spec)


def hover_words(spec: dict) -> list[str]:
    """Each hovered point's kind in words, as the page's chart carries them."""
    return [label for trace in spec["data"] for label in trace.get("customdata") or [] if isinstance(label, str)]


@pytest.mark.parametrize("lang, notice, reported", [
    ("vi", "⚠ Số liệu minh họa, không phải số liệu chính thức", "báo cáo"),
    ("en", "⚠ Illustrative figures, not official", "reported"),
])
def test_the_trajectory_chart_and_the_image_made_from_it_say_the_values_are_illustrative(app, lang, notice, reported):
    open_page(app, "pages/trajectories.py", lang, indicator="applications_patent")
    spec = chart_spec(app)  # the same figure goes to the PNG and SVG buttons
    assert spec["layout"]["title"]["text"] == notice  # the figure's title: at the top of every image made from it
    words = hover_words(spec)
    assert words and not [word for word in words if reported in word]
    assert t("value_kind.illustrative", lang) in words and t("value_kind.published", lang) in words  # 2015's count
    assert t("chart.actual_illustrative", lang) in {trace.get("name") for trace in spec["data"]}


@pytest.mark.parametrize("chart", ["growth", "index", "composition", "flows"])
def test_each_by_type_chart_marks_its_illustrative_values_and_carries_the_notice(app, chart):
    open_page(app, "pages/by_type.py", "en", chart=chart)
    spec = chart_spec(app)
    assert spec["layout"]["title"]["text"] == "⚠ Illustrative figures, not official"
    assert "illustrative, not official" in hover_words(spec) and "reported" not in " ".join(hover_words(spec))
    assert [trace for trace in spec["data"] if "illustrative" in (trace.get("name") or "").lower()]


def test_the_by_type_page_sets_the_three_types_against_the_total_and_the_5_percent_edge(app, db_path):
    open_page(app, "pages/by_type.py", "vi")
    assert app.title[0].value == "Theo loại đối tượng"
    bars = next(iter(chart_traces(app, 0).values()))
    assert bars["x"] == ["Sáng chế", "Giải pháp hữu ích", "Giống cây trồng", "Tổng các loại"]
    t2 = engine(db_path)["T2b"]
    assert bars["y"][-1] == pytest.approx(t2.pace.actual)  # the total is T2's indicator
    assert len(app.get("plotly_chart")) == 1  # one chart at a time, picked with the chart switch


def download_labels(app) -> list[str]:
    """The labels of the page's download buttons (AppTest has no typed accessor for them)."""
    return [element.proto.label for element in app.get("download_button")]


@pytest.mark.parametrize("chart", ["growth", "index", "composition", "flows"])
def test_each_by_type_chart_offers_its_image_and_its_figures(app, chart):
    open_page(app, "pages/by_type.py", "en", chart=chart)
    assert download_labels(app) == ["Download PNG", "Download SVG", "Chart data (CSV)", "Chart data (Excel)"]


def _patent_figures(db_path, measure: str) -> dict[int, int]:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return dict(con.execute("SELECT year, value FROM current_figure WHERE territory = 'can_tho_former' AND "
                                "ip_type = 'patent' AND measure = ? ORDER BY year", [measure]).fetchall())


@pytest.mark.parametrize("lang, heading, edge, total", [("vi", "Chỉ số phát triển (năm 2020 = 100)", "Mức 5%/năm",
                                                         "Tổng các loại"),
                                                        ("en", "Index (base year 2020 = 100)", "5% a year", "All types")])
def test_the_index_chart_starts_every_line_at_100_in_the_base_year(app, db_path, lang, heading, edge, total):
    open_page(app, "pages/by_type.py", lang, chart="index")
    assert app.subheader[0].value == heading
    traces = chart_traces(app)
    assert total in traces and any(edge in name for name in traces)
    for trace in (trace for trace in traces.values() if trace["x"]):  # the legend's key draws no point
        assert trace["x"][0] == 2020 and trace["y"][0] == pytest.approx(100)
    patents = _patent_figures(db_path, "applications_filed")
    patent = next(trace for name, trace in traces.items() if name in ("Sáng chế", "Patent"))
    assert patent["y"][-1] == pytest.approx(100 * patents[patent["x"][-1]] / patents[2020])


def test_the_composition_chart_writes_each_types_share_in_the_base_and_latest_years_adding_up_to_the_whole(app):
    open_page(app, "pages/by_type.py", "en", chart="composition", base="2021")
    assert app.subheader[0].value == "Composition by IP type"
    bars = chart_spec(app)["data"]  # horizontal: the types on y, their shares on x
    assert {trace["name"].split(" ")[0] for trace in bars} == {"2021", "2025"}  # the page's base year and the latest
    for year in ("2021", "2025"):
        shares = {category: share for trace in bars if trace["name"].startswith(year)
                  for category, share in zip(_values(trace["y"]), _values(trace["x"]))}
        assert {"Patent", "Plant variety", "Utility solution", "Trademark"} <= set(shares)
        assert sum(shares.values()) == pytest.approx(1)


def test_the_flows_chart_sets_the_chosen_types_applications_against_its_grants(app, db_path):
    open_page(app, "pages/by_type.py", "vi", chart="flows", type="patent")
    assert app.selectbox(key="by_type_type").value == "patent"
    traces = chart_traces(app)
    def bars(name):  # published bars and hatched illustrative ones, taken together
        return {x: y for label in (name, t("chart.illustrative_bars", "vi", name=name)) if label in traces
                for x, y in zip(traces[label]["x"], traces[label]["y"])}
    assert bars("Số đơn đăng ký") == _patent_figures(db_path, "applications_filed")
    assert bars("Số văn bằng được cấp") == _patent_figures(db_path, "titles_granted")
    app.radio(key="by_type_chart").set_value("growth").run()
    assert app.query_params["chart"] == "growth" and len(app.get("plotly_chart")) == 1


@pytest.mark.parametrize("lang, title, heading", [("vi", "Phương pháp đánh giá", "Xếp loại tiến độ: ba phương pháp"),
                                                  ("en", "Method", "Progress statuses: three methods")])
def test_the_method_page_gives_the_thresholds_and_the_register_with_its_sentences(app, lang, title, heading):
    open_page(app, "pages/method.py", lang)
    assert app.title[0].value == title
    assert heading in [h.value for h in app.subheader]
    # Shares and running totals are judged on straight lines, and the page says how.
    assert t("method_page.linear_title", lang) in [h.value for h in app.subheader]
    assert any("x^{*}_{y} = x_{0}" in formula.value for formula in app.latex)
    thresholds, plans, register = (frame.value for frame in app.dataframe[:3])
    assert len(thresholds) == 6 and thresholds.shape[1] == 4
    # The plans with their number, day and issuer, as the register gives them.
    assert len(plans) == 6 and "151/KH-UBND" in plans.iloc[:, 1].tolist()
    assert ("24/11/2020" if lang == "vi" else "24 Nov 2020") in plans.iloc[:, 2].tolist()
    assert len(register) == 24
    quotes = register[t("register.quote", lang)].tolist()
    assert any("5.500 văn bằng" in q for q in quotes)
