"""What-if scenarios: the path from the latest figure, and each target's reach year and status asked of
the assessment engine year by year."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipmonitor.progress.assessment import compute_assessment
from ipmonitor.progress.scenario import compute_scenario, compute_scenario_path, extend_series
from ipmonitor.progress.series import IndicatorSeries
from tests.unit.pinned_targets import FROM_2020, make_target

# Plan 151's T1a as registered: more than 5,500 titles by 2030 and +35% on 2020.
TITLES_2030 = make_target("T1a", "level", FROM_2020, {"year": 2030, "value": 5500, "min_growth_on_baseline": 0.35},
                          indicator="titles_stock", reading="a")
# T1b as registered: titles granted in 2021-2030, at least 5,500 and +35% on 2011-2020.
TITLES_GRANTED_2021_2030 = make_target(
    "T1b", "level", {"period": [2011, 2020], "value": "from_data"},
    {"period": [2021, 2030], "value": 5500, "min_growth_on_baseline": 0.35}, indicator="titles_granted_all",
    reading="b")
APPLICATIONS_3_TO_5 = make_target("T2", "growth", FROM_2020, {"year": 2030, "growth_low": 0.03, "growth_high": 0.05})
CASES_AT_MOST_150 = make_target("cases", "level", FROM_2020, {"year": 2030, "value": 150},
                                indicator="enforcement_cases", direction="decrease", unit="cases")


def reported(values: dict[int, float], unit: str = "count") -> IndicatorSeries:
    return IndicatorSeries("can_tho_former", values, {year: "reported" for year in values},
                           {year: 9 for year in values}, unit=unit)


def test_the_plans_worked_example_reaches_5500_in_2030_not_2029():
    # 4,074 x 1.0305^9 is about 5,339 and x 1.0305^10 about 5,502: the tenth year is the one.
    series = reported({2020: 4074})
    path = compute_scenario_path(series, growth=0.0305)
    assert path[2029] == pytest.approx(5339, abs=1)
    assert path[2030] == pytest.approx(5502, abs=1)
    outcome = compute_scenario(TITLES_2030, series, path)
    assert outcome.reached_year == 2030
    assert outcome.status == "achieved"
    assert outcome.pace_needed == pytest.approx(0.0305, abs=5e-5)  # (5,500 / 4,074)^(1/10) - 1


def test_a_scenario_a_hair_short_of_the_worked_example_misses_2030():
    series = reported({2020: 4074})
    outcome = compute_scenario(TITLES_2030, series, compute_scenario_path(series, growth=0.030))
    assert outcome.reached_year == 2031
    assert outcome.status != "achieved"


def test_the_status_at_the_target_year_is_the_engines_on_the_extended_series():
    series = reported({2020: 4074, 2021: 4150, 2022: 4300})
    path = compute_scenario_path(series, growth=0.02)
    outcome = compute_scenario(TITLES_2030, series, path, method="un")
    engine = compute_assessment(TITLES_2030, extend_series(series, path, 2030), "un")
    assert outcome.at_target_year == engine
    assert outcome.at_target_year.latest_year == 2030
    assert outcome.status != "achieved"  # 4,300 x 1.02^8 is about 5,038


def test_a_lower_is_better_target_is_reached_when_the_figure_falls_to_its_level():
    series = reported({2020: 200, 2024: 190}, unit="cases")
    outcome = compute_scenario(CASES_AT_MOST_150, series, compute_scenario_path(series, growth=-0.05))
    # 190 x 0.95^5 is about 147: 2029. A rise never gets there.
    assert outcome.reached_year == 2029
    assert outcome.status == "achieved"
    rising = compute_scenario(CASES_AT_MOST_150, series, compute_scenario_path(series, growth=0.05))
    assert rising.reached_year is None
    assert rising.status == "moving_away"


def test_a_period_total_is_reached_when_the_periods_grants_add_up_and_never_after_it():
    flows = reported({year: 400.0 for year in range(2011, 2021)} | {2021: 500.0})
    # Needed: the larger of 5,500 and 1.35 x 4,000 = 5,400. 500 + 9 x 560 = 5,540 by 2030.
    at_560 = compute_scenario(TITLES_GRANTED_2021_2030, flows, compute_scenario_path(flows, yearly_count=560))
    assert at_560.at_target_year.target_value == 5500
    assert (at_560.reached_year, at_560.status) == (2030, "achieved")
    at_550 = compute_scenario(TITLES_GRANTED_2021_2030, flows, compute_scenario_path(flows, yearly_count=550))
    assert at_550.reached_year is None  # 5,450 by 2030; later years are outside the period
    assert at_550.at_target_year.latest_value == pytest.approx(5450)
    # What the period still lacks (5,000) over its nine years left: titles a year, not a growth rate.
    assert at_550.pace_is_change and at_550.pace_needed == pytest.approx(5000 / 9)


def test_a_yearly_count_is_the_figure_for_a_flow_and_is_added_for_a_stock():
    series = reported({2020: 4074, 2023: 4300})
    assert compute_scenario_path(series, yearly_count=300, last_year=2026) == {
        2023: 4300, 2024: 300, 2025: 300, 2026: 300}
    added = compute_scenario_path(series, yearly_count=300, adds_up=True, last_year=2026)
    assert added == {2023: 4300, 2024: 4600, 2025: 4900, 2026: 5200}
    # 4,300 + 300 a year passes 5,500 in 2027 (5,500 exactly: "at least" is met).
    assert compute_scenario(TITLES_2030, series, compute_scenario_path(series, yearly_count=300, adds_up=True)
                            ).reached_year == 2027


def test_a_share_moved_by_points_stays_within_100_percent():
    share = reported({2025: 90.0}, unit="percent")
    assert compute_scenario_path(share, yearly_count=4, adds_up=True, last_year=2029)[2029] == 100.0


def test_a_target_already_achieved_is_reached_in_the_latest_year_and_says_so():
    series = reported({2020: 4074, 2024: 5600})
    outcome = compute_scenario(TITLES_2030, series, compute_scenario_path(series, growth=-0.01))
    assert outcome.already_achieved
    assert outcome.reached_year == 2024
    # Falling 1% a year from 5,600 leaves 5,600 x 0.99^6 (about 5,271) in 2030: no longer achieved there.
    assert outcome.status != "achieved"


def test_a_target_not_reached_by_the_horizon_has_no_year():
    series = reported({2020: 4074, 2024: 4100})
    outcome = compute_scenario(TITLES_2030, series, compute_scenario_path(series, growth=0.001))
    assert outcome.reached_year is None
    assert outcome.horizon == 2040


def test_a_growth_target_counts_only_from_its_target_year_on_the_average_since_its_baseline():
    series = reported({2020: 1000, 2024: 1000})
    # Flat to 2024, then 10% a year: 1000 x 1.1^6 = 1,772 in 2030 is 5.9% a year since 2020.
    outcome = compute_scenario(APPLICATIONS_3_TO_5, series, compute_scenario_path(series, growth=0.10))
    assert outcome.reached_year == 2030
    assert outcome.status == "achieved"
    slow = compute_scenario(APPLICATIONS_3_TO_5, series, compute_scenario_path(series, growth=0.04))
    # 1.04^6 = 1.265 in 2030 (2.4% a year since 2020); 1.04^k >= 1.03^(k + 4) from k = 13: in 2037.
    assert slow.reached_year == 2037
    assert slow.status != "achieved"


def test_a_target_that_cannot_be_assessed_keeps_the_engines_reason():
    series = reported({2021: 1000, 2024: 1100})  # no 2020 figure: a growth rate has no baseline
    outcome = compute_scenario(APPLICATIONS_3_TO_5, series, compute_scenario_path(series, growth=0.2))
    assert (outcome.status, outcome.reason, outcome.reached_year) == ("not_assessable", "no_baseline_value", None)


def test_a_series_without_figures_has_no_path_and_its_target_says_why():
    empty = reported({})
    assert compute_scenario_path(empty, growth=0.1) == {}
    outcome = compute_scenario(TITLES_2030, empty, {})
    assert outcome.status == "not_assessable" and outcome.reason is not None


def test_a_scenario_sets_a_growth_or_a_count_not_both():
    with pytest.raises(ValueError):
        compute_scenario_path(reported({2020: 1.0}), growth=0.1, yearly_count=5)


@settings(max_examples=60, deadline=None)
@given(latest=st.floats(1, 1e5), growth=st.floats(-0.5, 1.0), latest_year=st.integers(2020, 2030))
def test_a_path_starts_at_the_latest_figure(latest, growth, latest_year):
    series = reported({2015: 1.0, latest_year: latest})
    path = compute_scenario_path(series, growth=growth)
    assert min(path) == latest_year and path[latest_year] == latest
    assert max(path) == 2040


@settings(max_examples=60, deadline=None)
@given(start=st.floats(1000, 5000), slower=st.floats(-0.2, 0.4), faster_by=st.floats(0.0, 0.3),
       target=st.sampled_from([TITLES_2030, APPLICATIONS_3_TO_5]))
def test_a_higher_growth_never_reaches_a_target_later(start, slower, faster_by, target):
    series = reported({2020: 4074, 2023: start})
    years = [compute_scenario(target, series, compute_scenario_path(series, growth=rate)).reached_year
             for rate in (slower, slower + faster_by)]
    never = 10_000
    assert (years[1] or never) <= (years[0] or never)
