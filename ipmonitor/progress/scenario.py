"""What-if scenarios: an indicator's path from its latest figure at a chosen yearly growth or count, and
where every target on it would stand on that path.

Pure: a series and a choice in, a path and outcomes out. Nothing here judges a target: each outcome is
asked of ipmonitor.progress.assessment.compute_assessment, the engine behind every status, on the series with
the scenario's years added. So "reached" means what "achieved" means to the engine, kind by kind:
- a level (a count, a running total, a share, a band's judged edge; T1a with both its conditions): the
  first year whose value meets the binding level in the target's direction;
- a total over a period (T1b): the first year in which the period's figures so far add up to it; after
  the period ends nothing more counts, so a total not reached by then never is;
- a growth rate (T2, Decision 2724, "strong growth"): only from its target year, once the average
  yearly growth from the baseline to that year meets the rate's judged edge.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from ipmonitor.progress.assessment import Assessment, compute_assessment
from ipmonitor.progress.scoreboard import AS_REGISTERED, TargetResult, group_by_series_territory
from ipmonitor.progress.series import IndicatorSeries
from ipmonitor.register.targets import Indicator, Register, Target

# How far a scenario is followed when asking the year a target is reached: ten years past the plans'
# horizon. A target not reached by then is "not by 2040", never a guessed later year.
SCENARIO_HORIZON = 2040
SCENARIO_BASIS = "scenario"
MODES = ("growth", "count")
PERCENT_CEILING = 100.0


@dataclass(frozen=True)
class ScenarioOutcome:
    """One target under a scenario: the year it is reached (None: not by `horizon`), the assessment it
    would have in its target year, and the one made on the figures alone (its pace needed, its status)."""

    target_id: str
    reached_year: int | None
    horizon: int
    at_target_year: Assessment
    as_reported: Assessment

    @property
    def already_achieved(self) -> bool:
        return self.as_reported.status == "achieved"

    @property
    def status(self) -> str:
        return self.at_target_year.status

    @property
    def reason(self) -> str | None:
        return self.at_target_year.reason

    @property
    def pace_is_change(self) -> bool:
        """Whether the pace needed is a change in the unit a year (a share, a running total, a period
        total's figures a year) rather than a growth rate."""
        return self.as_reported.shape == "linear" or self.as_reported.period is not None

    @property
    def pace_needed(self) -> float | None:
        """The yearly pace the target needs from the latest figure, as the engine gives it: a growth
        rate on a compound path, a change in the unit on a straight line. Where the latest figure is
        the baseline's (the engine then has no pace "now"), the required path's own pace is that pace.
        A period total needs, each year left, what the total still lacks shared among those years."""
        a = self.as_reported
        if a.period is not None:
            if not a.years_left or a.target_value is None or a.latest_value is None:
                return None
            return (a.target_value - a.latest_value) / a.years_left
        if a.pace.needed is not None or a.latest_year not in (None, a.base_year):
            return a.pace.needed
        return a.pace.required


def count_adds_up(indicator: Indicator) -> bool:
    """Whether a yearly count is added to the figure (a stock carried by its flow, a running total, a
    share moved by points) rather than being the figure itself (a yearly flow such as applications)."""
    return indicator.derive_from is not None or indicator.cumulative_from is not None or indicator.is_ratio


def compute_scenario_path(series: IndicatorSeries, growth: float | None = None, yearly_count: float | None = None,
                          adds_up: bool = False, last_year: int = SCENARIO_HORIZON) -> dict[int, float]:
    """Year -> value from the latest year with a figure (its value first) to `last_year`: compound at
    `growth` a year, or `yearly_count` each year (added to the figure when `adds_up`). A share stays
    within 0-100%, a count above zero. Empty when the series has no figure."""
    if (growth is None) == (yearly_count is None):
        raise ValueError("a scenario sets either a yearly growth or a yearly count")
    if not series.values:
        return {}
    latest_year = max(series.values)
    path = {latest_year: series.values[latest_year]}
    for year in range(latest_year + 1, last_year + 1):
        before = path[year - 1]
        value = before * (1 + growth) if growth is not None else before + yearly_count if adds_up else yearly_count
        path[year] = min(max(value, 0.0), PERCENT_CEILING) if series.unit == "percent" else max(value, 0.0)
    return path


def extend_series(series: IndicatorSeries, path: dict[int, float], up_to: int) -> IndicatorSeries:
    """The series with the scenario's years after its latest figure, to `up_to`, marked as the
    scenario's; they cover the IP types the latest figure covers, so the engine sees no break."""
    latest_year = max(series.values)
    added = {year: value for year, value in path.items() if latest_year < year <= up_to}
    coverage = series.coverage.get(latest_year)
    return replace(series, values={**series.values, **added},
                   basis={**series.basis, **{year: SCENARIO_BASIS for year in added}},
                   coverage={**series.coverage, **({} if coverage is None else {year: coverage for year in added})})


def compute_scenario(target: Target, series: IndicatorSeries, path: dict[int, float], method: str = "eurostat",
                     comparison_cagr: float | None = None, horizon: int = SCENARIO_HORIZON) -> ScenarioOutcome:
    """Where `target` stands on `series` followed by `path`: the engine asked year by year from the
    latest figure to `horizon` for the first year it is achieved, and once at the target year."""
    def assess(up_to: int) -> Assessment:
        return compute_assessment(target, extend_series(series, path, up_to) if series.values else series,
                                  method, comparison_cagr=comparison_cagr)

    as_reported = compute_assessment(target, series, method, comparison_cagr=comparison_cagr)
    if not series.values:
        return ScenarioOutcome(target.id, None, horizon, as_reported, as_reported)
    latest_year = max(series.values)
    reached = next((year for year in range(latest_year, horizon + 1)
                    if (as_reported if year == latest_year else assess(year)).status == "achieved"), None)
    at_target_year = as_reported if target.target_year <= latest_year else assess(target.target_year)
    return ScenarioOutcome(target.id, reached, horizon, at_target_year, as_reported)


def compute_chart_end(outcomes: list[ScenarioOutcome], latest_year: int) -> int:
    """The last year a scenario's chart draws: its targets' years and the years they are reached, 2030 at
    least; a target not reached by the horizon leaves the chart at that (the table says "not by 2040")."""
    years = [2030, latest_year + 1] + [o.at_target_year.target_year or 0 for o in outcomes] + \
        [o.reached_year for o in outcomes if o.reached_year is not None]
    return min(max(years), SCENARIO_HORIZON)


def default_yearly_count(series: IndicatorSeries, adds_up: bool) -> float:
    """A yearly count to start from: the latest year's own change for a figure a count is added to, the
    latest figure for a flow; 0 without figures."""
    years = sorted(series.values)
    if not years:
        return 0.0
    if adds_up:
        return series.values[years[-1]] - series.values[years[-2]] if len(years) > 1 else 0.0
    return series.values[years[-1]]


@dataclass(frozen=True)
class ScenarioChoice:
    """A scenario as the What-if page's reader set it, in plain values: what the deck's slide is built
    from, and part of a cached document's key. `on` is the territory of the series when the plans on
    the indicator judge several (the page's switch); `link` is the page's address with its query, which
    reopens the scenario."""

    indicator: str
    territory: str = AS_REGISTERED
    on: str | None = None
    growth: float | None = None
    yearly_count: float | None = None
    link: str = ""

    def __post_init__(self) -> None:
        if (self.growth is None) == (self.yearly_count is None):
            raise ValueError("a scenario sets either a yearly growth or a yearly count")


@dataclass(frozen=True)
class ScenarioView:
    """A scenario worked out: the targets' results on the series it starts from, its path to the
    horizon, each target's outcome on it, and the last year a chart of it draws."""

    series: IndicatorSeries
    results: tuple[TargetResult, ...]
    path: dict[int, float]
    outcomes: tuple[ScenarioOutcome, ...]
    end: int

    @property
    def drawn(self) -> dict[int, float]:
        """The path as a chart draws it: from the latest figure to `end`."""
        return {year: value for year, value in self.path.items() if year <= self.end}


def compute_scenario_view(register: Register, results: list[TargetResult], series: IndicatorSeries,
                          method: str, growth: float | None = None, yearly_count: float | None = None,
                          adds_up: bool = False) -> ScenarioView:
    """The path and every target's outcome on it, for the page and the deck alike. `results` are the
    targets judged on `series` (one territory's)."""
    path = compute_scenario_path(series, growth=growth, yearly_count=yearly_count, adds_up=adds_up)
    outcomes = tuple(compute_scenario(register.target(r.target_id), series, path, method, r.assessment.comparison_cagr)
                     for r in results)
    end = compute_chart_end(list(outcomes), max(series.values)) if series.values else SCENARIO_HORIZON
    return ScenarioView(series, tuple(results), path, outcomes, end)


def choose_series_group(results: list[TargetResult], on: str | None) -> tuple[str | None, list[TargetResult]]:
    """Of an indicator's results, the group judged on one territory's series: `on`'s when the plans
    judge several and it is one of them, else the first (the page's switch and its default)."""
    groups = group_by_series_territory(results)
    if not groups:
        return None, []
    chosen = on if on in groups else next(iter(groups))
    return chosen, groups[chosen]
