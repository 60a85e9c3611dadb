"""The Eurostat status as Open SDG publishes it, in both directions: the worked cases of its method
(open-sdg docs/progress-methodology.md; sdg-build ProgressMeasure.py), targets with several
conditions, the baseline fallback, and properties that must hold whatever the figures."""
from __future__ import annotations

import math
import textwrap

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ipmonitor.progress.assessment import build_required_path, compute_assessment
from ipmonitor.i18n import load_catalogue
from ipmonitor.progress.growth import (
    METHODS, ZERO_REPLACEMENT, classify_growth, compute_cagr, compute_growth_ratio, meets,
)
from ipmonitor.progress.scoreboard import TargetResult
from ipmonitor.progress.series import IndicatorSeries
from ipmonitor.register.targets import Register, load_target_register
from ipmonitor.progress.verdicts import describe_status_line, describe_target
from tests.unit.pinned_targets import make_target, pinned_register

FROM_2015 = {"year": 2015, "value": "from_data"}
FROM_2020 = {"year": 2020, "value": "from_data"}


def level(value: float, *, direction: str = "increase", baseline=FROM_2020, year: int = 2030, **more):
    """A level target on a count, on its own territory (the series below carry no territory)."""
    return make_target("X", "level", baseline, {"year": year, "value": value, **more}, direction=direction)


def share(value: float, *, direction: str = "increase", baseline=FROM_2020):
    """A level target on a share: a straight-line path in percentage points."""
    return make_target("S", "level", baseline, {"year": 2030, "value": value}, direction=direction,
                       unit="percent", indicator="key_products_supported_share")


# --- Open SDG's worked cases -----------------------------------------------------------------------

def test_the_ratio_is_the_direction_times_actual_over_the_size_of_the_required_growth():
    # docs/progress-methodology.md: R = d * CAGR_i / |CAGR_T|, d = +1 or -1.
    assert compute_growth_ratio(0.02, 0.04, 1) == pytest.approx(0.5)
    assert compute_growth_ratio(-0.02, -0.04, -1) == pytest.approx(0.5)
    # The base already meets the target and the series has crossed it: both rates point down, and a
    # plain quotient (sdg-build's older methodology_2) would read the fall as progress.
    assert compute_growth_ratio(-0.02, -0.04, 1) == pytest.approx(-0.5)


@pytest.mark.parametrize("ratio, status", [(1.0, "on_track"), (0.95, "on_track"), (0.9499, "needs_acceleration"),
                                           (0.60, "needs_acceleration"), (0.5999, "limited_progress"),
                                           (0.0, "limited_progress"), (-0.0001, "moving_away")])
def test_the_published_thresholds_sort_the_ratio_into_statuses(ratio, status):
    # get_progress_status: R >= 0.95 on track; 0.60 <= R < 0.95; 0 <= R < 0.60; R < 0 deterioration.
    assert classify_growth(ratio * 0.04, 0.04, 1, achieved=False)[0] == status


@pytest.mark.parametrize("latest, status, ratio", [
    (68, "achieved", None),                     # at or below the 70 aimed for: achieved first
    (85, "on_track", 1.3610),                   # -3.20% a year against the -2.35% needed
    (95, "limited_progress", 0.4343),           # -1.02% a year
    (110, "moving_away", -0.8190),              # +1.92% a year, the wrong way
])
def test_a_lower_is_better_target_like_open_sdgs_3_1_1_maternal_mortality_at_most_70(latest, status, ratio):
    # Open SDG's configuration example: direction negative, target 70, base 2015, target year 2030.
    result = compute_assessment(level(70, direction="decrease", baseline=FROM_2015), {2015: 100, 2020: latest})
    assert result.status == status
    assert result.pace.required == pytest.approx((70 / 100) ** (1 / 15) - 1)
    if ratio is not None:
        assert result.ratio == pytest.approx(ratio, abs=1e-4)
        assert result.ratio == pytest.approx(-((latest / 100) ** (1 / 5) - 1) / abs((0.7) ** (1 / 15) - 1))


def test_infringement_cases_to_fall_below_80_are_moving_away_when_they_rise_and_on_track_when_they_fall():
    # The case: rising from 100 to 110 was "achieved", falling to 90 "not assessable".
    target = level(80, direction="decrease")
    assert compute_assessment(target, {2020: 100, 2022: 110}).status == "moving_away"
    falling = compute_assessment(target, {2020: 100, 2022: 90})
    # -5.13% a year against -2.21% needed: R = 2.33.
    assert (falling.status, falling.ratio) == ("on_track", pytest.approx(2.3255, abs=1e-4))
    assert compute_assessment(target, {2020: 100, 2022: 80}).status == "achieved"


def test_a_target_below_the_base_is_achieved_while_met_and_moving_away_once_crossed():
    # Increase, base 100, target 80: 90 already meets 80 (it read "not assessable", the JSON printed 100).
    target = level(80)
    met = compute_assessment(target, {2020: 100, 2023: 90})
    assert (met.status, met.target_value, met.reason) == ("achieved", 80, None)
    crossed = compute_assessment(target, {2020: 100, 2023: 70})
    assert crossed.status == "moving_away" and crossed.ratio < 0
    # The same for a decrease whose target lies above the base.
    above = level(120, direction="decrease")
    assert compute_assessment(above, {2020: 100, 2023: 110}).status == "achieved"
    assert compute_assessment(above, {2020: 100, 2023: 130}).status == "moving_away"


def test_a_target_equal_to_the_base_is_achieved_while_held_and_moving_away_once_left():
    assert compute_assessment(level(100), {2020: 100, 2023: 110}).status == "achieved"
    left = compute_assessment(level(100), {2020: 100, 2023: 90})
    assert (left.status, left.reason) == ("moving_away", None)
    assert compute_assessment(level(100, direction="decrease"), {2020: 100, 2023: 110}).status == "moving_away"


def test_a_zero_base_is_taken_as_0_001_for_the_growth_rates_and_a_met_target_is_achieved():
    # "If the base value is zero, it is replaced by 0.001"; the target-achieved test comes first.
    assert compute_assessment(level(5), {2020: 0, 2023: 6}).status == "achieved"
    result = compute_assessment(level(50), {2020: 0, 2023: 6})
    assert result.zero_replaced
    assert result.pace.actual == pytest.approx((6 / ZERO_REPLACEMENT) ** (1 / 3) - 1)
    assert result.pace.required == pytest.approx((50 / ZERO_REPLACEMENT) ** (1 / 10) - 1)
    assert result.status == "on_track"
    # No growth carries a zero anywhere: no required path, rather than a flat line at zero.
    assert build_required_path(level(50), result) is None


def test_a_target_of_zero_is_taken_as_0_001_for_the_required_growth():
    # sdg-build ProgressMeasure.config_defaults: "if target is 0, set to 0.001".
    result = compute_assessment(level(0, direction="decrease"), {2020: 100, 2025: 50})
    assert result.pace.required == pytest.approx((ZERO_REPLACEMENT / 100) ** (1 / 10) - 1)
    assert result.ratio == pytest.approx(-(0.5 ** (1 / 5) - 1) / abs(result.pace.required))
    assert (result.status, result.zero_replaced, result.target_value) == ("limited_progress", True, 0)


def test_a_missing_base_year_takes_the_first_later_year_for_an_absolute_target():
    # measure_indicator_progress: "assign it to be the minimum existing year past the base year given".
    result = compute_assessment(level(70, direction="decrease", baseline=FROM_2015), {2017: 100, 2020: 85})
    assert (result.base_year, result.base_value, result.base_fallback, result.base_year_registered) == \
        (2017, 100, True, 2015)
    assert result.pace.required == pytest.approx(0.7 ** (1 / 13) - 1)
    assert result.status == "on_track"


def test_a_missing_base_year_refuses_a_target_set_against_it():
    # "+35% on 2020" and a growth band mean nothing on another year: refusing stays right.
    relative = make_target("R", "level", FROM_2020, {"year": 2030, "min_growth_on_baseline": 0.35})
    growth = make_target("G", "growth", FROM_2020, {"year": 2030, "growth_low": 0.03, "growth_high": 0.05})
    for target in (relative, growth):
        result = compute_assessment(target, {2021: 100, 2024: 120})
        assert (result.status, result.reason, result.base_fallback) == \
            ("not_assessable", "no_baseline_value", False)
    # Refused, it still states what it asks: the 5,500, and a +35% whose level waits for the 2020 figure.
    t1a = compute_assessment(T1A, {2021: 4100, 2024: 4500})
    assert [(c.name, c.given, c.level) for c in t1a.conditions] == \
        [("value", 5500, 5500), ("min_growth_on_baseline", 0.35, None)]
    assert (t1a.reason, t1a.target_value) == ("no_baseline_value", None)


@pytest.mark.parametrize("series, reason", [({2016: 5}, "fewer_than_two_points"),    # one point after 2015
                                            ({2012: 5, 2013: 6}, "no_baseline_value")])  # nothing from 2015 on
def test_the_fallback_still_needs_two_years_of_data(series, reason):
    # "At least two years of data is required"; a base year after the latest data gives nothing.
    result = compute_assessment(level(70, direction="decrease", baseline=FROM_2015), series)
    assert (result.status, result.reason) == ("not_assessable", reason)


def test_the_un_and_destatis_methods_take_the_direction_too():
    target = level(100, direction="decrease")
    falling = {year: 200 - 10 * (year - 2020) for year in range(2020, 2026)}  # 150 in 2025, 100 by 2030
    rising = {year: 200 + 10 * (year - 2020) for year in range(2020, 2026)}
    # Destatis: -10 a year projects 100 in 2030, no shortfall (sun); a rise is a thunderstorm.
    destatis = compute_assessment(target, falling, "destatis")
    assert (destatis.status, destatis.score) == ("on_track", pytest.approx(0.0, abs=1e-9))
    assert compute_assessment(target, rising, "destatis").status == "moving_away"
    # UN: the log-linear trend of 200 -> 150 reaches about 113 in 2030, closing 74% of the gap from 150.
    un = compute_assessment(target, falling, "un")
    assert un.score == pytest.approx((un.trend_value - 150) / (100 - 150))
    assert (un.status, round(un.trend_value), round(un.score, 2)) == ("needs_acceleration", 113, 0.74)
    assert compute_assessment(target, rising, "un").status == "moving_away"


# --- several conditions --------------------------------------------------------------------------

T1A = make_target("T1a", "level", FROM_2020, {"year": 2030, "value": 5500, "min_growth_on_baseline": 0.35},
                  indicator="titles_stock")


def test_t1a_keeps_both_conditions_and_is_judged_on_the_stricter():
    low_base = compute_assessment(T1A, {2020: 4000, 2025: 4700})
    assert [(c.name, c.given, c.level, c.met) for c in low_base.conditions] == \
        [("value", 5500, 5500, False), ("min_growth_on_baseline", 0.35, pytest.approx(5400), False)]
    assert (low_base.binding, low_base.target_value) == ("value", 5500)
    high_base = compute_assessment(T1A, {2020: 4200, 2025: 5600})
    assert (high_base.binding, high_base.target_value) == ("min_growth_on_baseline", pytest.approx(5670))
    # 5,600 meets the 5,500 but not the +35%: not achieved.
    assert [c.met for c in high_base.conditions] == [True, False] and high_base.status != "achieved"


def test_an_absent_condition_is_absent_never_the_base():
    result = compute_assessment(level(5500), {2020: 6000, 2025: 5800})
    assert [c.name for c in result.conditions] == ["value"]
    assert (result.target_value, result.status) == (5500, "achieved")


T1B = make_target("T1b", "level", {"period": [2011, 2020], "value": "from_data"},
                  {"period": [2021, 2030], "value": 5500, "min_growth_on_baseline": 0.35},
                  indicator="titles_granted_all")


def test_t1b_keeps_its_absolute_5500_and_its_35_percent_on_2011_2020():
    small_base = {year: 300 for year in range(2011, 2021)} | {2021: 500, 2022: 600}
    result = compute_assessment(T1B, small_base)
    assert (result.binding, result.target_value, result.base_value) == ("value", 5500, 3000)
    assert [c.level for c in result.conditions] == [5500, pytest.approx(4050)]
    assert result.ratio == pytest.approx(550 / 550)
    large_base = {year: 500 for year in range(2011, 2021)} | {2021: 700}
    assert compute_assessment(T1B, large_base).binding == "min_growth_on_baseline"
    assert compute_assessment(T1B, large_base).target_value == pytest.approx(6750)


def test_a_period_total_with_only_an_absolute_value_needs_no_baseline_period():
    absolute = make_target("P", "level", {"period": [2011, 2020], "value": "from_data"},
                           {"period": [2021, 2030], "value": 5500}, indicator="titles_granted_all")
    result = compute_assessment(absolute, {2021: 600, 2022: 500})
    assert (result.status, result.target_value, result.base_value) == ("on_track", 5500, None)
    path = build_required_path(absolute, result)
    assert path.kind == "average" and path.values[2030] == pytest.approx(550)
    relative = compute_assessment(T1B, {2021: 600, 2022: 500})
    assert (relative.status, relative.reason) == ("not_assessable", "no_baseline_value")


def test_on_another_territory_t1b_keeps_only_its_growth_on_the_baseline():
    values = {year: 500 for year in range(2011, 2021)} | {2021: 700}
    series = IndicatorSeries.reported(values, territory="can_tho")
    result = compute_assessment(T1B, series)
    assert [c.name for c in result.conditions] == ["min_growth_on_baseline"] and result.target_recomputed


# --- the sentence and the status line say which condition binds, and which baseline -------------

def result_of(target, values, territory="can_tho_former") -> TargetResult:
    series = IndicatorSeries.reported(values, territory)
    return TargetResult(target.id, target.plan, target.indicator, target.reference,
                        compute_assessment(target, series), series)


def test_the_sentence_names_the_binding_condition_and_the_other():
    sentence = describe_target(result_of(T1A, {2020: 4000, 2025: 4700}), "vi")
    assert sentence.endswith("Xét theo điều kiện chặt hơn: đạt ít nhất 5.500; "
                             "điều kiện còn lại: tăng 35% so với 2020 (tức 5.400).")
    period = describe_target(result_of(T1B, {year: 300 for year in range(2011, 2021)} | {2021: 500}), "en")
    assert period.endswith("Judged on the stricter condition, at least 5,500; "
                           "the other: +35% on 2011–2020 (4,050).")


def test_a_lower_is_better_target_is_told_as_a_fall():
    target = level(80, direction="decrease")
    assert describe_target(result_of(target, {2020: 100, 2022: 110}), "vi") == (
        "Tăng 4,9%/năm trong khi cần giảm 2,2%/năm; từ nay mỗi năm cần giảm 3,9% để đạt mục tiêu năm 2030.")
    assert describe_target(result_of(target, {2020: 100, 2022: 90}), "vi").startswith(
        "Giảm 5,1%/năm, mức cần là giảm 2,2%/năm: nếu giữ nhịp này sẽ đạt mục tiêu năm 2030.")
    assert describe_target(result_of(target, {2020: 100, 2022: 79}), "en") == \
        "Achieved: 79 in 2022, at or below the 80 aimed for."


def test_a_band_to_fall_is_judged_on_its_high_edge_and_tells_its_low_edge_as_the_ambition():
    band = make_target("B", "level_band", FROM_2020, {"year": 2030, "value_low": 3, "value_high": 5},
                       direction="decrease", unit="percent", indicator="patent_commercialisation_rate")
    result = result_of(band, {2020: 10, 2021: 9.4})
    assert (result.assessment.binding, result.assessment.target_value, result.assessment.target_value_high) == \
        ("value_high", 5, 3)
    assert result.assessment.status == "on_track"  # -0.6 points a year against the -0.5 needed
    assert describe_target(result, "vi") == (
        "Giảm 0,6 điểm %/năm, mức cần là giảm 0,5 điểm %/năm: nếu giữ nhịp này sẽ đạt mục tiêu năm 2030. "
        "Cận dưới 3,0%: cần giảm 0,7 điểm %/năm (cần tăng tốc).")


def test_a_crossed_target_below_or_at_the_base_says_the_figure_slipped():
    assert describe_target(result_of(level(80), {2020: 100, 2023: 70}), "vi") == (
        "Năm gốc 2020 đã đạt mức 80, nhưng số liệu năm 2023 (70) không còn đạt.")
    assert describe_target(result_of(level(100, direction="decrease"), {2020: 100, 2023: 110}), "en") == (
        "The 2020 baseline already met the 100 aimed for, but the 2023 figure (110) no longer does.")


def test_the_sentence_and_the_status_line_say_when_a_later_year_stands_in_for_the_baseline():
    target = level(70, direction="decrease", baseline=FROM_2015)
    result = result_of(target, {2017: 100, 2020: 85})
    assert describe_target(result, "vi").endswith(
        "Năm gốc 2015 chưa có số liệu nên lấy năm 2017, năm đầu tiên có số liệu sau đó, làm gốc "
        "(như phương pháp Open SDG).")
    shipped = pinned_register()
    line = describe_status_line(result, Register(shipped.plans, shipped.indicators, (target,)), "en")
    assert "actual change -5.3% a year, required -2.7%" in line and "baseline 2017 (2015 has no figure)" in line


def test_a_refused_target_with_two_conditions_still_gets_its_line_and_sentence():
    result = result_of(T1A, {2021: 4100, 2024: 4500})
    shipped = pinned_register()
    line = describe_status_line(result, Register(shipped.plans, shipped.indicators, (T1A,)), "vi")
    assert line.endswith("chưa đánh giá được (thiếu số liệu năm gốc)")
    assert describe_target(result, "vi") == "Chưa đánh giá được: thiếu số liệu năm gốc 2020."


# --- properties ----------------------------------------------------------------------------------

def _assessable_edges(result) -> bool:
    """False when the method's number sits within a rounding error of a threshold, where a mirrored or
    scaled copy may legitimately land on the other side."""
    score = result.score
    return score is None or all(abs(score - edge) > 1e-9 for edge in (0.0, 0.05, 0.10, 0.20, 0.60, 0.95, 1.0))


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(METHODS), st.integers(0, 100), st.integers(0, 100),
       st.lists(st.integers(0, 100), min_size=1, max_size=6))
def test_mirroring_a_share_and_its_target_turns_an_increase_into_the_matching_decrease(method, base, aim, later):
    # x -> 2c - x with c = 50 keeps a share within 0-100; straight-line paths mirror exactly.
    values = {2020: base} | {2021 + i: value for i, value in enumerate(later)}
    mirrored = {year: 100 - value for year, value in values.items()}
    up = compute_assessment(share(aim), values, method)
    down = compute_assessment(share(100 - aim, direction="decrease"), mirrored, method)
    assume(_assessable_edges(up) and _assessable_edges(down))
    assert (down.status, down.reason) == (up.status, up.reason)


@settings(max_examples=80, deadline=None)
@given(st.floats(-0.5, 0.5), st.floats(-0.5, 0.5))
def test_mirroring_the_rates_and_the_direction_leaves_the_ratio_and_the_status_unchanged(actual, required):
    assume(abs(required) > 1e-6)
    assert compute_growth_ratio(actual, required, 1) == pytest.approx(compute_growth_ratio(-actual, -required, -1))
    assert classify_growth(actual, required, 1, False) == classify_growth(-actual, -required, -1, False)


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 1000), st.integers(1, 1000), st.lists(st.integers(1, 1000), min_size=1, max_size=6))
def test_mirroring_a_count_by_its_reciprocal_keeps_achieved_and_moving_away(base, aim, later):
    # A compound path mirrors in logarithms (x -> c^2 / x), not by x -> 2c - x. R itself is not symmetric
    # there (1 / (1 + g) - 1 is not -g), so only the statuses the sign decides are kept exactly.
    values = {2020: base} | {2021 + i: value for i, value in enumerate(later)}
    mirrored = {year: 1e6 / value for year, value in values.items()}
    up = compute_assessment(level(aim), values)
    down = compute_assessment(level(1e6 / aim, direction="decrease"), mirrored)
    assume(_assessable_edges(up))
    for status in ("achieved", "moving_away"):
        assert (up.status == status) == (down.status == status), (up, down)


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(METHODS), st.sampled_from(["increase", "decrease"]), st.floats(1e-2, 1e2),
       st.integers(1, 1000), st.integers(1, 1000), st.lists(st.integers(1, 1000), min_size=1, max_size=6))
def test_scaling_a_series_and_its_target_leaves_the_status_unchanged(method, direction, scale, base, aim, later):
    values = {2020: base} | {2021 + i: value for i, value in enumerate(later)}
    plain = compute_assessment(level(aim, direction=direction), values, method)
    scaled = compute_assessment(level(aim * scale, direction=direction),
                                {year: value * scale for year, value in values.items()}, method)
    assume(_assessable_edges(plain) and _assessable_edges(scaled))
    assert (scaled.status, scaled.reason) == (plain.status, plain.reason)


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(METHODS), st.sampled_from(["increase", "decrease"]), st.booleans(),
       st.integers(0, 1000), st.integers(0, 1000), st.lists(st.integers(0, 1000), min_size=1, max_size=6))
def test_a_target_already_met_is_achieved_whatever_the_method(method, direction, on_share, base, aim, later):
    values = {2020: base} | {2021 + i: value for i, value in enumerate(later)}
    latest = max(values)
    sign = 1 if direction == "increase" else -1
    values[latest] = aim if sign * (values[latest] - aim) < 0 else values[latest]  # met at the latest year
    target = share(aim % 101, direction=direction) if on_share else level(aim, direction=direction)
    if on_share:
        values = {year: value % 101 for year, value in values.items()}
        values[latest] = aim % 101
    assert meets(values[latest], target.target["value"], sign)
    assert compute_assessment(target, values, method).status == "achieved"


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(METHODS), st.sampled_from(["increase", "decrease"]),
       st.sampled_from(["level", "share", "T1a"]),
       st.dictionaries(st.integers(2014, 2030), st.integers(0, 500), max_size=8), st.integers(0, 600))
def test_every_not_assessable_carries_a_reason_said_in_both_languages(method, direction, kind, values, aim):
    target = T1A if kind == "T1a" else share(aim % 101, direction=direction) if kind == "share" \
        else level(aim, direction=direction)
    result = compute_assessment(target, values, method)
    if result.status == "not_assessable":
        assert result.reason is not None
        for lang in ("vi", "en"):
            assert f"status.reason_{result.reason}" in load_catalogue(lang)
            assert f"verdict.not_assessable_{result.reason}" in load_catalogue(lang)
    # Whatever the status, the card's sentence and the command line's line can be said.
    shipped = pinned_register()
    register = Register(shipped.plans, shipped.indicators, (target,))
    series = IndicatorSeries.reported(values, target.territory_basis)
    told = TargetResult(target.id, target.plan, target.indicator, False, result, series)
    for lang in ("vi", "en"):
        assert describe_target(told, lang) and describe_status_line(told, register, lang)


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(["increase", "decrease"]), st.integers(1, 10_000), st.integers(1, 10_000),
       st.floats(0, 1))
def test_the_binding_condition_is_the_stricter_for_the_direction(direction, base, value, growth):
    sign = 1 if direction == "increase" else -1
    target = level(value, direction=direction, min_growth_on_baseline=sign * growth)
    result = compute_assessment(target, {2020: base, 2021: base})
    levels = [c.level for c in result.conditions]
    assert result.target_value == (max(levels) if sign > 0 else min(levels))
    assert result.binding == next(c.name for c in result.conditions if c.level == result.target_value)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["increase", "decrease"]), st.integers(2, 10_000), st.floats(0.01, 0.99))
def test_a_required_path_runs_from_the_baseline_to_the_target_in_either_direction(direction, base, step):
    sign = 1 if direction == "increase" else -1
    aim = base * (1 + sign * step)  # the target lies the desired way from the baseline
    target = level(aim, direction=direction)
    path = build_required_path(target, compute_assessment(target, {2020: base, 2022: base}))
    assert path.values[2020] == pytest.approx(base) and path.values[2030] == pytest.approx(aim)
    assert all(sign * (path.values[year + 1] - path.values[year]) > 0 for year in range(2020, 2030))
    assert math.isclose(compute_cagr(base, aim, 10), (path.values[2030] / path.values[2020]) ** 0.1 - 1,
                        rel_tol=1e-9, abs_tol=1e-12)


# --- the register checks the direction -----------------------------------------------------------

REGISTER = textwrap.dedent("""
    plans:
      plan_151: {{name_vi: KH 151, name_en: Plan 151, short_vi: KH 151, short_en: Plan 151}}
    indicators:
      enforcement_cases:
        measure: enforcement_cases
        ip_types: [not_applicable]
        unit: cases
        name_vi: Vụ xâm phạm
        name_en: Infringement cases
    targets:
      - id: X
        plan: plan_151
        indicator: enforcement_cases
        kind: {kind}
        baseline: {{year: 2025, value: from_data}}
        target: {target}
        direction: {direction}
        territory_basis: can_tho
        quote: "..."
""")


def write(tmp_path, name: str, kind: str, target: str, direction: str):
    path = tmp_path / name
    path.write_text(REGISTER.format(kind=kind, target=target, direction=direction), encoding="utf-8")
    return path


def test_a_lower_is_better_level_is_read_with_its_direction(tmp_path):
    register = load_target_register(write(tmp_path, "ok.yaml", "level", "{year: 2030, value: 150}", "decrease"))
    assert (register.targets[0].direction, register.targets[0].sign) == ("decrease", -1)


@pytest.mark.parametrize("kind, target, direction, message", [
    ("level", "{year: 2030, value: 150}", "down", "direction is one of increase, decrease"),
    ("level", "{year: 2030}", "increase", "needs a value, a min_growth_on_baseline, or both"),
    ("growth", "{year: 2030, growth_low: 0.03, growth_high: 0.05}", "decrease", "points against the direction"),
    ("level", "{year: 2030, value: 150, min_growth_on_baseline: -0.2}", "increase", "points against the direction"),
    ("strong_growth", "{year: 2030, growth_high: 0.05}", "decrease", "can only increase"),
])
def test_a_direction_the_conditions_contradict_is_refused(tmp_path, kind, target, direction, message):
    with pytest.raises(ValueError, match=message):
        load_target_register(write(tmp_path, f"{kind}-{direction}.yaml", kind, target, direction))
