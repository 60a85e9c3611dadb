"""Growth arithmetic: worked examples checked by hand, and properties that must always hold."""
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipmonitor.progress.growth import (classify_by_ratio, compute_cagr, compute_growth_ratio,
                                       compute_required_path)

positive = st.floats(min_value=1, max_value=1e7, allow_nan=False, allow_infinity=False)


def test_plus_35_percent_over_ten_years_needs_about_3_05_percent_a_year():
    assert compute_cagr(4074, 5500, 10) == pytest.approx(0.03046, abs=1e-5)
    assert compute_cagr(1, 1.35, 10) == pytest.approx(1.35 ** 0.1 - 1)


def test_the_2025_checkpoint_on_the_path_from_4074_to_5500_is_about_4734():
    path = compute_required_path(2020, 4074, 2030, 5500)
    assert path[2025] == pytest.approx(4734, abs=1)


@given(positive, positive, st.integers(min_value=1, max_value=40), st.integers(min_value=1981, max_value=2060))
def test_the_required_path_starts_on_the_baseline_and_ends_on_the_target(base, target, span, start):
    path = compute_required_path(start, base, start + span, target)
    assert path[start] == pytest.approx(base)
    assert path[start + span] == pytest.approx(target, rel=1e-9)
    assert len(path) == span + 1


@given(positive, positive, st.integers(min_value=1, max_value=40), st.floats(min_value=1e-3, max_value=1e3))
def test_scaling_every_value_leaves_the_growth_rate_unchanged(start, end, years, scale):
    assert compute_cagr(start * scale, end * scale, years) == pytest.approx(compute_cagr(start, end, years),
                                                                          abs=1e-9)


@given(st.floats(min_value=-5, max_value=5, allow_nan=False))
def test_a_reached_target_is_achieved_whatever_the_trend(ratio):
    assert classify_by_ratio(ratio, achieved=True) == "achieved"


@pytest.mark.parametrize("ratio, status", [(1.2, "on_track"), (0.95, "on_track"), (0.94, "needs_acceleration"),
                                           (0.60, "needs_acceleration"), (0.59, "limited_progress"),
                                           (0.0, "limited_progress"), (-0.01, "moving_away"),
                                           (None, "not_assessable")])
def test_the_eurostat_thresholds_sort_ratios_into_statuses(ratio, status):
    assert classify_by_ratio(ratio, achieved=False) == status


def test_growth_is_not_assessable_from_a_zero_or_negative_base_or_no_time():
    assert compute_cagr(0, 10, 5) is None
    assert compute_cagr(-1, 10, 5) is None
    assert compute_cagr(10, 20, 0) is None
    assert compute_growth_ratio(0.02, 0.0) is None
    assert math.isclose(compute_growth_ratio(0.015, 0.03), 0.5)
