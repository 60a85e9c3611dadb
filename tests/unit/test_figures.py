"""Figure builders: plain data in, a Plotly figure out, labelled in the reader's language."""
import pandas as pd
import pytest

from ipmonitor.assessment import Assessment, compute_assessment
from ipmonitor.figures import (
    build_applications_grants_figure, build_composition_figure, build_index_figure, build_trajectory_figure,
    build_type_growth_figure,
)
from ipmonitor.series import IndicatorSeries
from ipmonitor.targets import load_target_register

REGISTER = load_target_register()


def stock_figure(lang="vi", projection=True):
    series = IndicatorSeries.reported({year: 3000 + 200 * (year - 2010) for year in range(2010, 2026)}, "can_tho_former")
    target = REGISTER.target("T1a")
    assessment = compute_assessment(target, series)
    return build_trajectory_figure(series, [(target, assessment, "KH 151")], lang, projection), assessment


def test_the_trajectory_has_the_actual_series_the_dashed_path_the_target_and_the_fan():
    figure, assessment = stock_figure()
    by_name = {trace.name: trace for trace in figure.data}
    assert list(by_name["Thực tế"].y)[-1] == 6000
    path = by_name["KH 151: lộ trình cần đi (T1a)"]
    assert path.line.dash == "dash" and path.x[0] == 2020 and path.y[-1] == pytest.approx(assessment.target_value)
    assert list(by_name["KH 151: mục tiêu (T1a)"].y) == [pytest.approx(5000 * 1.35)]  # +35% beats 5,500 here
    fan = by_name["Khoảng dự báo 80%"]
    assert fan.fill == "toself" and max(fan.x) == 2030
    assert figure.layout.separators == ",."


def test_a_target_with_no_growth_to_its_level_gets_no_path_rather_than_a_flat_line():
    series = IndicatorSeries.reported({2020: 4074, 2025: 4734}, "can_tho_former")
    no_growth = Assessment("T1a", "not_assessable", base_year=2020, base_value=4074, target_year=2030,
                           target_value=5500, required_cagr=None)
    figure = build_trajectory_figure(series, [(REGISTER.target("T1a"), no_growth, "KH 151")], "vi", False)
    assert "KH 151: lộ trình cần đi (T1a)" not in {trace.name for trace in figure.data}


def test_a_period_total_is_drawn_as_the_yearly_average_over_its_period():
    series = IndicatorSeries.reported({year: 100 for year in range(2011, 2023)}, "can_tho_former")
    target = REGISTER.target("T1b")
    figure = build_trajectory_figure(series, [(target, compute_assessment(target, series), "KH 151")], "vi", False)
    average = next(trace for trace in figure.data if trace.line.dash == "dash")
    assert (min(average.x), max(average.x)) == (2021, 2030) and list(average.y) == pytest.approx([135] * 10)


def test_the_mid_term_review_and_the_merger_are_marked():
    figure, _ = stock_figure("en")
    lines = [shape.x0 for shape in figure.layout.shapes]
    assert 2025 in lines and 2025.5 in lines
    assert {a.text for a in figure.layout.annotations} >= {"Mid-term review 2025", "Merger 1 Jul 2025"}
    assert figure.layout.separators == ".,"


def test_without_the_projection_no_fan_is_drawn():
    figure, _ = stock_figure(projection=False)
    assert not [trace for trace in figure.data if "%" in (trace.name or "")]


def test_rebuilt_years_are_drawn_as_open_markers():
    series = IndicatorSeries("can_tho", {2024: 10, 2025: 12}, {2024: "rebuilt", 2025: "reported"})
    figure = build_trajectory_figure(series, [], "en", show_projection=False)
    assert list(figure.data[-1].marker.symbol) == ["circle-open", "circle"]


def test_the_breakdown_figures_draw_what_they_are_given():
    growth = pd.DataFrame({"name": ["Patent", "All types"], "cagr": [0.12, 0.04], "is_total": [False, True]})
    bars = build_type_growth_figure(growth, "en")
    assert list(bars.data[0].y) == [0.12, 0.04] and bars.layout.shapes[0].y0 == 0.05
    index = build_index_figure(pd.DataFrame({"year": [2020, 2021], "name": ["Patent"] * 2, "index": [100, 110]}),
                               "en", 2020)
    assert [trace.name for trace in index.data] == ["Patent", "5% a year"]
    shares = build_composition_figure(pd.DataFrame({"year": [2020, 2020], "name": ["A", "B"], "share": [0.4, 0.6]}), "en")
    assert {trace.stackgroup for trace in shares.data} == {"share"}
    flows = build_applications_grants_figure(
        pd.DataFrame({"year": [2020, 2020], "measure_name": ["Applications", "Grants"], "value": [10, 4]}), "en")
    assert [trace.name for trace in flows.data] == ["Applications", "Grants"]
