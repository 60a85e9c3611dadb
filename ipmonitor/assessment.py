"""Assessing one target against its indicator's series: growth, status, projection, checkpoint.

Pure: a target from the register and an IndicatorSeries in, an Assessment out. Level targets (T1a)
are judged on the growth needed to reach the level; growth bands (T2, Decision 2724) on their low edge
(the minimum) and reported on their high edge (the ambition); "strong growth" (T3) on the 5% edge and
beside the all-types rate. Every target carries its required path's value in the target year, so
the projection-based methods (UN, Destatis) judge all kinds the same way.

Shares (percent) and running totals have straight-line paths (shape "linear"): a growth rate of a
percentage means nothing, so the path runs linearly in percentage points from the baseline to the
target, the Eurostat ratio compares the average yearly change with the one required, and the UN and
Destatis methods project on a straight line. A level band (Decision 2724's 8-10%) is judged on its low
edge and reported on its high edge, like a growth band.
"""
from __future__ import annotations

from dataclasses import dataclass

from ipmonitor.progress import (
    METHODS, classify_by_gap_closed, classify_by_ratio, classify_by_shortfall, compute_cagr,
    compute_gap_closed, compute_growth_ratio, compute_linear_path, compute_yearly_change,
)
from ipmonitor.projection import (
    compute_average_change, compute_average_rate, compute_growth_needed, fit_trend, project_compound, project_trend,
)
from ipmonitor.series import IndicatorSeries
from ipmonitor.targets import Target

MIDTERM_YEAR = 2025


@dataclass(frozen=True)
class Assessment:
    """Where one target stands; `reason` says why when the status is not_assessable."""

    target_id: str
    status: str
    method: str = "eurostat"
    territory: str | None = None
    base_year: int | None = None
    base_value: float | None = None
    latest_year: int | None = None
    latest_value: float | None = None
    target_year: int | None = None
    target_value: float | None = None          # the level, or the low edge's level for a band
    target_value_high: float | None = None     # the high edge's level for a band
    target_recomputed: bool = False            # the plan's absolute level does not apply to this territory
    growth_low: float | None = None
    growth_high: float | None = None
    actual_cagr: float | None = None
    required_cagr: float | None = None
    ratio: float | None = None                 # Eurostat: actual / required growth
    score: float | None = None                 # the chosen method's number (ratio, gap closed, shortfall)
    projected_value: float | None = None       # compound growth at the actual rate
    trend_value: float | None = None           # log-linear trend
    trend_pi80: tuple[float, float] | None = None
    trend_pi95: tuple[float, float] | None = None
    growth_needed: float | None = None         # each remaining year, from the latest value
    share_reached: float | None = None
    years_left: int | None = None
    checkpoint_year: int | None = None
    checkpoint_value: float | None = None      # the required path's value at the mid-term review
    checkpoint_actual: float | None = None
    comparison_cagr: float | None = None       # T3: the all-types rate it is set against
    status_high_edge: str | None = None
    basis_rebuilt: bool = False                # some years rebuilt from the former provinces
    basis_derived: bool = False                # some years carried forward from flows
    reason: str | None = None
    unit: str = "count"                        # the indicator's unit (ipmonitor.numbers.UNITS)
    shape: str = "compound"                    # compound, or linear for a share or a running total
    actual_change: float | None = None         # linear: average yearly change, base to latest
    required_change: float | None = None       # linear: the yearly change the path asks (to the low edge)
    required_change_high: float | None = None  # linear: the same to a band's high edge
    change_needed: float | None = None         # linear: each remaining year, from the latest value


@dataclass(frozen=True)
class RequiredPath:
    """What a target asks of each year: the constant-growth path from its baseline to its level (and,
    for a band, to its high edge); for a period total, the yearly average the period needs."""

    kind: str                               # "growth", "linear" (a share or running total) or "average"
    values: dict[int, float]
    high: dict[int, float] | None = None    # a band's high edge


def build_required_path(target: Target, assessment: Assessment) -> RequiredPath | None:
    """The one required path every chart, table and document draws; None when there is none to draw
    (no baseline or level, or no growth can take the baseline there, such as a baseline of zero):
    a flat line at the baseline would claim a path that does not exist."""
    a = assessment
    if a.base_value is None or a.target_value is None:
        return None
    if target.is_period_total:
        first, last = target.target["period"]
        average = a.target_value / (last - first + 1)
        return RequiredPath("average", {year: average for year in range(first, last + 1)})
    if a.shape == "linear":
        if a.required_change is None or a.base_year is None or a.target_year is None:
            return None
        high = None if a.target_value_high is None else \
            compute_linear_path(a.base_year, a.base_value, a.target_year, a.target_value_high)
        return RequiredPath("linear", compute_linear_path(a.base_year, a.base_value, a.target_year, a.target_value),
                            high)
    if a.required_cagr is None or a.base_year is None or a.target_year is None:
        return None
    years = range(a.base_year, a.target_year + 1)
    high = None
    if a.target_value_high is not None and a.growth_high not in (None, a.growth_low):
        high = {year: a.base_value * (1 + a.growth_high) ** (year - a.base_year) for year in years}
    return RequiredPath("growth", {year: a.base_value * (1 + a.required_cagr) ** (year - a.base_year)
                                   for year in years}, high)


def _as_series(series: IndicatorSeries | dict[int, float]) -> IndicatorSeries:
    return series if isinstance(series, IndicatorSeries) else IndicatorSeries.reported(series)


def _status_by_method(method: str, *, achieved: bool, ratio: float | None, values: dict[int, float],
                      latest_value: float, level: float, projection: float | None,
                      target_year: int, latest_year: int,
                      growth_target: bool = False) -> tuple[str, float | None, str | None]:
    """(status, score, reason) of one level by one method."""
    if method == "eurostat":
        return classify_by_ratio(ratio, achieved), ratio, None
    if method == "un":
        if projection is None:
            return ("achieved", None, None) if achieved else ("not_assessable", None, "no_projection")
        if latest_value >= level:
            # The level is already passed before the target year: on track while the trend holds it.
            share = 1.0 if projection >= level else -1.0
        else:
            share = compute_gap_closed(latest_value, projection, level)
        return classify_by_gap_closed(share, achieved), share, None
    # Destatis projects a level target by the average yearly change, a growth target by the average
    # yearly rate, both over the last five changes.
    change = compute_average_change(values)
    if change is None:
        return ("achieved", None, None) if achieved else ("not_assessable", None, "too_few_points_for_method")
    rate = compute_average_rate(values) if growth_target else None
    projected = project_compound(latest_value, rate, target_year - latest_year) if rate is not None \
        else latest_value + change * (target_year - latest_year)
    gap = level - latest_value
    shortfall = None if gap <= 0 else max(0.0, (level - projected) / gap)
    if shortfall is None and not achieved:
        shortfall = 0.0  # a level passed before the target year leaves no shortfall
    return classify_by_shortfall(shortfall, right_direction=change > 0, achieved=achieved), shortfall, None


def compute_period_assessment(target: Target, series: IndicatorSeries | dict[int, float],
                              method: str = "eurostat") -> Assessment:
    """A target on a period total (T1b: titles granted in 2021-2030 against 2011-2020, +35%).

    The Eurostat ratio compares the yearly average so far with the yearly average the target needs;
    the projection adds that average for the years left.
    """
    series = _as_series(series)
    values = series.values
    (base_from, base_to), (from_year, to_year) = target.baseline["period"], target.target["period"]
    known = dict(method=method, territory=series.territory, base_year=base_to, target_year=to_year)
    base_years = range(base_from, base_to + 1)
    if any(year not in values for year in base_years):
        return Assessment(target.id, "not_assessable", reason="no_baseline_value", **known)
    base_total = sum(values[year] for year in base_years)
    so_far = [year for year in range(from_year, to_year + 1) if year in values]
    needed = base_total * (1 + target.target["min_growth_on_baseline"])
    known.update(base_value=base_total, target_value=needed)
    if not so_far:
        return Assessment(target.id, "not_assessable", reason="fewer_than_two_points", **known)
    if base_total <= 0:
        return Assessment(target.id, "not_assessable", reason="zero_or_negative_base", **known)
    if any(year in series.partial_years for year in (*base_years, *so_far)):
        return Assessment(target.id, "not_assessable", reason="series_break", **known)
    total = sum(values[year] for year in so_far)
    latest_year = max(so_far)
    average, needed_average = total / len(so_far), needed / (to_year - from_year + 1)
    ratio = average / needed_average
    projected = total + average * (to_year - latest_year)
    running = {year: sum(values[y] for y in so_far if y <= year) for year in so_far}
    status, score, reason = _status_by_method(
        method, achieved=total >= needed, ratio=ratio, values=running, latest_value=total, level=needed,
        projection=projected, target_year=to_year, latest_year=latest_year)
    years_left = to_year - latest_year
    return Assessment(
        target.id, status, ratio=ratio, score=score, reason=reason, latest_year=latest_year,
        latest_value=total, projected_value=projected, share_reached=total / needed, years_left=years_left,
        growth_needed=(needed - total) / years_left / average - 1 if years_left and average else None,
        basis_rebuilt="rebuilt" in series.basis.values(), **known)


def compute_assessment(target: Target, series: IndicatorSeries | dict[int, float], method: str = "eurostat",
                       comparison_cagr: float | None = None) -> Assessment:
    """The assessment of a target from its indicator's yearly values, by one of the three methods."""
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}")
    if target.is_period_total:
        return compute_period_assessment(target, series, method)
    series = _as_series(series)
    values = series.values
    linear = target.shape == "linear"
    base_year, target_year = target.baseline["year"], target.target["year"]
    base_value = values.get(base_year) if target.baseline["value"] == "from_data" else target.baseline["value"]
    known = dict(method=method, territory=series.territory, base_year=base_year, base_value=base_value,
                 target_year=target_year, comparison_cagr=comparison_cagr, unit=target.unit, shape=target.shape,
                 basis_rebuilt="rebuilt" in series.basis.values(),
                 basis_derived="derived" in series.basis.values())
    if base_value is None:
        return Assessment(target.id, "not_assessable", reason="no_baseline_value", **known)
    # A straight line starts from anything; compound growth cannot start from zero.
    if base_value < 0 or (base_value == 0 and not linear):
        return Assessment(target.id, "not_assessable", reason="zero_or_negative_base", **known)

    # The level each edge implies in the target year.
    years = target_year - base_year
    if target.kind in ("level", "level_band"):
        # The plan's absolute figure is about its own territory; elsewhere only the relative part applies.
        # A share is scale-free: its level holds on any territory.
        own_territory = series.territory in ("", target.territory_basis) or target.unit == "percent"
        if target.kind == "level_band":
            level, level_high = target.target["value_low"], target.target["value_high"]
            if not own_territory:
                return Assessment(target.id, "not_assessable", reason="no_level_for_territory", **known)
        else:
            growth = target.target.get("min_growth_on_baseline")
            absolute = target.target.get("value") if own_territory else None
            if absolute is None and growth is None:
                return Assessment(target.id, "not_assessable", reason="no_level_for_territory", **known)
            # A count's level is never below its base (the relative part is at least +0%); a share's is
            # the plan's figure, so a fall below it after the base reads as a fall.
            level = absolute if linear else max(absolute or 0, base_value * (1 + (growth or 0)))
            level_high = None
        known.update(target_recomputed=not own_territory and "value" in target.target)
        if linear:
            low = high = None
        else:
            low = compute_cagr(base_value, level, years)
            high = None if level_high is None else compute_cagr(base_value, level_high, years)
    else:
        high = target.target["growth_high"]
        low = target.target.get("growth_low", high)
        level, level_high = base_value * (1 + low) ** years, base_value * (1 + high) ** years
    known.update(target_value=level, target_value_high=level_high, growth_low=low, growth_high=high,
                 required_cagr=low)
    required_change = required_change_high = None
    if linear:
        required_change = compute_yearly_change(base_value, level, years)
        required_change_high = None if level_high is None else compute_yearly_change(base_value, level_high, years)
        known.update(required_change=required_change, required_change_high=required_change_high)
    if base_year < MIDTERM_YEAR < target_year:
        checkpoint = base_value + required_change * (MIDTERM_YEAR - base_year) if linear \
            else base_value * (1 + low) ** (MIDTERM_YEAR - base_year)
        known.update(checkpoint_year=MIDTERM_YEAR, checkpoint_value=checkpoint,
                     checkpoint_actual=values.get(MIDTERM_YEAR))

    if not values:
        return Assessment(target.id, "not_assessable", reason="fewer_than_two_points", **known)
    latest_year = max(values)
    trend = fit_trend(values, latest_year, target.shape)
    if trend is not None:
        projection = project_trend(trend, target_year)
        known.update(trend_value=projection.value, trend_pi80=projection.intervals[0.80],
                     trend_pi95=projection.intervals[0.95])
    later = [year for year in values if year > base_year]
    if not later:
        return Assessment(target.id, "not_assessable", reason="fewer_than_two_points", latest_year=latest_year,
                          latest_value=values[latest_year], years_left=target_year - latest_year, **known)
    latest_value = values[latest_year]
    years_left = max(target_year - latest_year, 0)
    known.update(latest_year=latest_year, latest_value=latest_value, years_left=years_left,
                 share_reached=latest_value / level if level else None)
    if linear:
        known.update(change_needed=(level - latest_value) / years_left if years_left else None)
    else:
        known.update(growth_needed=compute_growth_needed(latest_value, latest_year, level, target_year))
    if base_year in series.partial_years or latest_year in series.partial_years or \
            series.coverage.get(latest_year, 0) < series.coverage.get(base_year, 0):
        return Assessment(target.id, "not_assessable", reason="series_break", **known)

    done = latest_year >= target_year
    if linear:
        actual = None
        actual_change = compute_yearly_change(base_value, latest_value, latest_year - base_year)
        known.update(actual_change=actual_change, projected_value=latest_value + actual_change * years_left)
    else:
        actual = compute_cagr(base_value, latest_value, latest_year - base_year)
        known.update(actual_cagr=actual,
                     projected_value=project_compound(latest_value, actual, target_year - latest_year))
    projection_for_un = known.get("trend_value") or known["projected_value"]
    level_kind = target.kind in ("level", "level_band")

    def judge(edge_level: float, edge_rate: float | None, edge_change: float | None
              ) -> tuple[str, float | None, str | None]:
        # A level is achieved once reached; a growth band only when the target year's figure is in.
        achieved = latest_value >= edge_level if level_kind else done and actual >= edge_rate
        if linear:
            # No change is asked of a share already at its level: falling below it is moving away.
            ratio = compute_growth_ratio(actual_change, edge_change) if edge_change and edge_change > 0 else None
            if ratio is None and not achieved and method == "eurostat":
                return "moving_away", None, None
        else:
            ratio = compute_growth_ratio(actual, edge_rate)
        return _status_by_method(
            method, achieved=achieved, ratio=ratio, values=series.up_to(latest_year),
            latest_value=latest_value, level=edge_level, projection=projection_for_un,
            target_year=target_year, latest_year=latest_year, growth_target=not level_kind)

    status, score, reason = judge(level, low, required_change)
    high_status = judge(level_high, high, required_change_high)[0] if level_high is not None else None
    ratio = compute_growth_ratio(actual_change, required_change) if linear and required_change and required_change > 0 \
        else None if linear else compute_growth_ratio(actual, low)
    return Assessment(target.id, status, ratio=ratio, score=score, status_high_edge=high_status, reason=reason,
                      **known)
