"""Assessing targets: level targets by the growth they need, growth bands against both edges."""
import pytest

from ipmonitor.progress.assessment import (Assessment, Pace, build_required_path, compute_assessment,
                                           flat_record)
from tests.unit.pinned_targets import PINNED

TARGETS = PINNED


def test_a_stock_growing_as_fast_as_the_path_needs_is_on_track():
    series = {2020: 4074, 2025: 4734}
    result = compute_assessment(TARGETS["T1a"], series)
    assert result.status == "on_track"
    assert result.pace.required == pytest.approx(0.0305, abs=1e-4)
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
    assert result.pace.actual == pytest.approx(0.04, abs=5e-4)


@pytest.mark.parametrize("series, reason", [({2020: 1000}, "fewer_than_two_points"),
                                            ({2021: 5, 2022: 6}, "no_baseline_value"),
                                            ({2020: 0, 2023: 6}, "zero_or_negative_base")])
def test_a_target_without_a_fair_comparison_is_not_assessable_with_its_reason(series, reason):
    result = compute_assessment(TARGETS["T2"], series)
    assert (result.status, result.reason) == ("not_assessable", reason)


def test_strong_growth_is_judged_against_the_5_percent_edge():
    series = {2020: 9, 2024: 15}
    result = compute_assessment(TARGETS["T3_patent"], series)
    assert result.pace.required == 0.05
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


# --- the three methods, the merger and the checkpoint -------------------------------------------
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from ipmonitor.progress.growth import METHODS  # noqa: E402
from ipmonitor.progress.series import IndicatorSeries  # noqa: E402


def steady(base, rate, first=2020, last=2025):
    return {year: base * (1 + rate) ** (year - first) for year in range(first, last + 1)}


def test_the_un_method_judges_the_share_of_the_remaining_gap_the_trend_closes():
    # From 4,074 growing 1% a year the trend reaches about 4,499 in 2030; the gap from 2025 (4,282)
    # to 5,500 is 1,218, of which about 18% is closed: fair progress, acceleration needed.
    result = compute_assessment(TARGETS["T1a"], steady(4074, 0.01), "un")
    assert result.score == pytest.approx((4074 * 1.01 ** 10 - 4074 * 1.01 ** 5) / (5500 - 4074 * 1.01 ** 5))
    assert result.status == "needs_acceleration"
    assert compute_assessment(TARGETS["T1a"], steady(4074, 0.001), "un").status == "limited_progress"


def test_destatis_judges_the_projected_shortfall_against_the_remaining_gap():
    # +100 a year from 4,074: 4,574 in 2025, 5,074 projected in 2030; shortfall 426 of a 926 gap = 46%.
    series = {year: 4074 + 100 * (year - 2020) for year in range(2020, 2026)}
    result = compute_assessment(TARGETS["T1a"], series, "destatis")
    assert result.score == pytest.approx(426 / 926)
    assert result.status == "limited_progress"
    series = {year: 4074 + 180 * (year - 2020) for year in range(2020, 2026)}  # 5,874 projected: sun
    assert compute_assessment(TARGETS["T1a"], series, "destatis").status == "on_track"
    falling = {year: 4074 - 10 * (year - 2020) for year in range(2020, 2026)}
    assert compute_assessment(TARGETS["T1a"], falling, "destatis").status == "moving_away"


@pytest.mark.parametrize("method", METHODS)
def test_each_method_sees_a_steady_3_5_percent_as_on_track_for_t2_and_a_fall_as_moving_away(method):
    assert compute_assessment(TARGETS["T2"], steady(800, 0.035), method).status == "on_track"
    assert compute_assessment(TARGETS["T2"], steady(800, -0.02), method).status == "moving_away"


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["T1a", "T2", "T3_patent", "D1068_trademark"]), st.sampled_from(METHODS),
       st.floats(min_value=-0.05, max_value=0.2), st.floats(min_value=1e-2, max_value=1e2),
       st.lists(st.floats(min_value=0.9, max_value=1.1), min_size=6, max_size=6))
def test_scaling_every_value_leaves_every_growth_rate_and_status_unchanged(target_id, method, rate, scale, noise):
    target = TARGETS[target_id]
    if target.kind == "level":
        return  # the plan's absolute 5,500 does not scale; its relative reading is tested below
    series = {year: 500 * (1 + rate) ** (year - 2020) * wobble for year, wobble in zip(range(2020, 2026), noise)}
    scaled = {year: value * scale for year, value in series.items()}
    plain, bigger = compute_assessment(target, series, method), compute_assessment(target, scaled, method)
    assert bigger.status == plain.status
    assert bigger.pace.actual == pytest.approx(plain.pace.actual, abs=1e-9)
    assert bigger.pace.required == plain.pace.required


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(METHODS), st.floats(min_value=1e-2, max_value=1e2), st.floats(min_value=-0.05, max_value=0.2))
def test_scaling_leaves_the_relative_reading_of_t1_unchanged_on_another_territory(method, scale, rate):
    series = IndicatorSeries.reported(steady(4000, rate), territory="can_tho")
    scaled = IndicatorSeries.reported({y: v * scale for y, v in series.values.items()}, territory="can_tho")
    assert compute_assessment(TARGETS["T1a"], scaled, method).status == \
        compute_assessment(TARGETS["T1a"], series, method).status


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(METHODS), st.lists(st.floats(min_value=5500, max_value=9000), min_size=1, max_size=5))
def test_a_series_that_reaches_the_level_is_achieved_whatever_its_trend(method, after):
    series = {2020: 4074} | {2021 + i: value for i, value in enumerate(after)}
    series[max(series)] = max(series[max(series)], 5500)
    assert compute_assessment(TARGETS["T1a"], series, method).status == "achieved"


def test_on_another_territory_the_absolute_level_gives_way_to_the_relative_one():
    result = compute_assessment(TARGETS["T1a"], IndicatorSeries.reported({2020: 6000, 2025: 7000}, "can_tho"))
    assert result.target_recomputed and result.target_value == pytest.approx(8100)


def test_the_mid_term_checkpoint_sits_on_the_required_path():
    result = compute_assessment(TARGETS["T1a"], {2020: 4074, 2024: 4600, 2025: 4700})
    assert (result.checkpoint_year, result.checkpoint_actual) == (2025, 4700)
    assert result.checkpoint_value == pytest.approx(4734, abs=1)
    assert result.pace.needed == pytest.approx((5500 / 4700) ** (1 / 5) - 1)
    assert result.share_reached == pytest.approx(4700 / 5500)


def test_a_series_that_loses_ip_types_after_its_baseline_is_a_break():
    series = IndicatorSeries({2020: 800, 2025: 700}.get and "", {2020: 800, 2025: 700},
                             {2020: "reported", 2025: "reported"}, {2020: 8, 2025: 3})
    result = compute_assessment(TARGETS["T2"], series)
    assert (result.status, result.reason) == ("not_assessable", "series_break")


def test_a_band_is_judged_on_its_low_edge_and_reported_on_its_high_edge():
    result = compute_assessment(TARGETS["D2724_patent_applications"], {2025: 100, 2026: 117})
    assert result.status == "on_track" and result.status_high_edge == "needs_acceleration"
    assert result.target_value == pytest.approx(100 * 1.16 ** 5)
    assert result.target_value_high == pytest.approx(100 * 1.18 ** 5)


# --- the required path every chart, table and document draws ----------------------------------
def test_the_required_path_runs_from_the_baseline_to_the_level_at_the_required_growth():
    result = compute_assessment(TARGETS["T1a"], {2020: 4074, 2025: 4734})
    path = build_required_path(TARGETS["T1a"], result)
    assert path.kind == "growth" and path.high is None
    assert list(path.values) == list(range(2020, 2031))
    assert (path.values[2020], path.values[2030]) == (4074, pytest.approx(5500))


def test_a_band_has_a_path_to_each_edge():
    result = compute_assessment(TARGETS["D2724_patent_applications"], {2025: 100, 2026: 117})
    path = build_required_path(TARGETS["D2724_patent_applications"], result)
    assert path.values[2030] == pytest.approx(100 * 1.16 ** 5)
    assert path.high[2030] == pytest.approx(100 * 1.18 ** 5)


def test_a_period_total_needs_the_same_average_each_year_of_its_period():
    series = {year: 100 for year in range(2011, 2021)} | {2021: 130}
    path = build_required_path(TARGETS["T1b"], compute_assessment(TARGETS["T1b"], series))
    assert path.kind == "average"
    assert path.values == {year: pytest.approx(135) for year in range(2021, 2031)}


@pytest.mark.parametrize("known", [dict(base_value=None, target_value=5500),
                                   dict(base_value=4074, target_value=None),
                                   dict(base_value=4074, target_value=5500, pace=Pace(required=None))])
def test_without_a_growth_that_reaches_the_level_there_is_no_path_rather_than_a_flat_line(known):
    assessment = Assessment("T1a", "not_assessable", base_year=2020, target_year=2030, **known)
    assert build_required_path(TARGETS["T1a"], assessment) is None


def test_the_flat_record_writes_the_pace_under_the_names_of_its_shape_and_leaves_the_others_empty():
    result = compute_assessment(TARGETS["T1a"], {2020: 4074, 2025: 4734})
    record = flat_record(result)
    assert "pace" not in record
    assert record["required_cagr"] == record["growth_low"] == result.pace.required
    assert record["actual_cagr"] == result.pace.actual and record["growth_needed"] == result.pace.needed
    assert record["actual_change"] is record["required_change"] is record["change_needed"] is None
