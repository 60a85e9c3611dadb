"""Assessing targets: level targets by the growth they need, growth bands against both edges."""
import pytest

from ipmonitor.assessment import compute_assessment
from ipmonitor.targets import load_target_register

TARGETS = {target.id: target for target in load_target_register()[1]}


def test_a_stock_growing_as_fast_as_the_path_needs_is_on_track():
    series = {2020: 4074, 2025: 4734}
    result = compute_assessment(TARGETS["T1a"], series)
    assert result.status == "on_track"
    assert result.required_cagr == pytest.approx(0.0305, abs=1e-4)
    assert result.ratio == pytest.approx(1.0, abs=0.01)
    assert result.target_value == 5500
    assert result.projected_value == pytest.approx(5500, rel=0.01)


def test_a_stock_that_already_passed_the_level_is_achieved():
    assert compute_assessment(TARGETS["T1a"], {2020: 4074, 2024: 5600}).status == "achieved"


def test_a_falling_stock_is_moving_away():
    assert compute_assessment(TARGETS["T1a"], {2020: 4074, 2024: 4000}).status == "moving_away"


def test_applications_growing_4_percent_meet_the_low_edge_but_not_the_ambition():
    series = {2020: 1000, 2024: round(1000 * 1.04 ** 4)}
    result = compute_assessment(TARGETS["T2"], series)
    assert result.status == "on_track"
    assert result.status_high_edge == "needs_acceleration"
    assert result.actual_cagr == pytest.approx(0.04, abs=5e-4)


@pytest.mark.parametrize("series, reason", [({2020: 1000}, "fewer_than_two_points"),
                                            ({2021: 5, 2022: 6}, "no_baseline_value"),
                                            ({2020: 0, 2023: 6}, "zero_or_negative_base")])
def test_a_target_without_a_fair_comparison_is_not_assessable_with_its_reason(series, reason):
    result = compute_assessment(TARGETS["T2"], series)
    assert (result.status, result.reason) == ("not_assessable", reason)


def test_strong_growth_is_judged_against_the_5_percent_edge():
    series = {2020: 9, 2024: 15}
    result = compute_assessment(TARGETS["T3_patent"], series)
    assert result.required_cagr == 0.05
    assert result.status == "on_track"  # 9 -> 15 in four years is about 13.6% a year


def test_titles_granted_over_2021_2030_are_judged_against_135_percent_of_2011_2020():
    series = {year: 100 for year in range(2011, 2021)} | {2021: 130, 2022: 140}
    result = compute_assessment(TARGETS["T1b"], series)
    assert (result.base_value, result.target_value, result.latest_value) == (1000, pytest.approx(1350), 270)
    assert result.ratio == pytest.approx(135 / 135)
    assert result.status == "on_track"
    assert result.projected_value == pytest.approx(270 + 135 * 8)


def test_titles_granted_without_the_whole_baseline_period_are_not_assessable():
    result = compute_assessment(TARGETS["T1b"], {2015: 100, 2021: 130})
    assert (result.status, result.reason) == ("not_assessable", "no_baseline_value")
