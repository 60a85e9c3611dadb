"""Projections: the log-linear trend and its intervals, Destatis' average change, growth still needed."""
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipmonitor.progress.projection import (
    compute_average_change, compute_average_rate, compute_growth_needed, fit_log_linear, project_compound,
    project_trend, student_t_quantile,
)


def test_an_exact_exponential_series_is_projected_exactly_with_a_zero_width_interval():
    series = {year: 100 * 1.05 ** (year - 2015) for year in range(2015, 2026)}
    trend = fit_log_linear(series)
    assert trend.yearly_growth == pytest.approx(0.05)
    projection = project_trend(trend, 2030)
    assert projection.value == pytest.approx(100 * 1.05 ** 15)
    assert projection.intervals[0.95] == pytest.approx((projection.value, projection.value))


def test_prediction_intervals_nest_and_widen_with_distance():
    series = {2016: 90, 2017: 104, 2018: 99, 2019: 115, 2020: 111, 2021: 126, 2022: 121, 2023: 140, 2024: 133, 2025: 150}
    trend = fit_log_linear(series)
    near, far = project_trend(trend, 2026), project_trend(trend, 2030)
    for projection in (near, far):
        (low80, high80), (low95, high95) = projection.intervals[0.80], projection.intervals[0.95]
        assert low95 < low80 < projection.value < high80 < high95
    assert math.log(far.intervals[0.95][1] / far.intervals[0.95][0]) > \
        math.log(near.intervals[0.95][1] / near.intervals[0.95][0])


def test_the_interval_matches_the_textbook_formula_for_a_hand_checked_case():
    # ln y = 0, 0.1, 0.3 at x = 0, 1, 2: slope 0.15, intercept (at mean x = 1) 0.1333, s = 0.0408.
    series = {2000: 1.0, 2001: math.exp(0.1), 2002: math.exp(0.3)}
    trend = fit_log_linear(series)
    assert trend.slope == pytest.approx(0.15)
    assert trend.residual_sd == pytest.approx(math.sqrt(1 / 600))
    projection = project_trend(trend, 2003, levels=(0.95,))
    spread = math.sqrt(1 / 600) * math.sqrt(1 + 1 / 3 + 4 / 2)
    centre = 0.4 / 3 + 0.15 * 2
    assert projection.value == pytest.approx(math.exp(centre))
    assert projection.intervals[0.95][1] == pytest.approx(math.exp(centre + 12.7062047 * spread), rel=1e-6)


def test_no_trend_from_too_few_points_or_a_zero():
    assert fit_log_linear({2024: 5, 2025: 6}) is None
    assert fit_log_linear({2023: 5, 2024: 0, 2025: 6}) is None


def test_the_trend_uses_only_the_last_ten_years():
    series = {year: 1.0 for year in range(2000, 2016)} | {year: 2.0 ** (year - 2015) for year in range(2016, 2026)}
    assert fit_log_linear(series).yearly_growth == pytest.approx(1.0)


def test_destatis_averages_the_last_five_yearly_changes():
    series = {2019: 0, 2020: 100, 2021: 110, 2022: 130, 2023: 120, 2024: 140, 2025: 150}
    assert compute_average_change(series) == pytest.approx((150 - 100) / 5)
    assert compute_average_rate(series) == pytest.approx(1.5 ** (1 / 5) - 1)


def test_destatis_needs_at_least_three_consecutive_changes_ending_at_the_latest_year():
    assert compute_average_change({2020: 1, 2021: 2, 2022: 3, 2023: 4}) == 1
    assert compute_average_change({2020: 1, 2022: 3, 2023: 4, 2024: 6}) is None


def test_the_growth_each_remaining_year_needs():
    assert compute_growth_needed(5000, 2025, 5500, 2030) == pytest.approx(1.1 ** 0.2 - 1)
    assert compute_growth_needed(5000, 2030, 5500, 2030) is None
    assert project_compound(100, 0.1, 2) == pytest.approx(121)


@given(st.floats(min_value=1e-3, max_value=1e3), st.lists(st.floats(min_value=100, max_value=1000), min_size=3, max_size=12))
def test_scaling_a_series_scales_its_projection_and_intervals(scale, values):
    series = {2020 + i: v for i, v in enumerate(values)}
    scaled = {year: v * scale for year, v in series.items()}
    plain, bigger = project_trend(fit_log_linear(series), 2030), project_trend(fit_log_linear(scaled), 2030)
    assert bigger.value == pytest.approx(plain.value * scale, rel=1e-6)
    assert bigger.intervals[0.80][1] == pytest.approx(plain.intervals[0.80][1] * scale, rel=1e-6)


def test_the_student_t_quantile_matches_scipys_for_every_window_and_level():
    """The closed form replaces scipy.stats.t.ppf (0.7 s of import in every process); scipy stays a test
    dependency only to check it."""
    from scipy.stats import t as student_t
    for freedom in range(1, 41):
        for level in (0.5, 0.8, 0.9, 0.95, 0.99):
            assert student_t_quantile(level, freedom) == pytest.approx(student_t.ppf(0.5 + level / 2, freedom),
                                                                       rel=1e-10)
    with pytest.raises(ValueError):
        student_t_quantile(0.8, 0)
    with pytest.raises(ValueError):
        student_t_quantile(1.0, 5)
