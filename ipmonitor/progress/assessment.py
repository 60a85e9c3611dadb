"""Assessing one target against its indicator's series: growth, status, projection, checkpoint.

Pure: a target from the register and an IndicatorSeries in, an Assessment out. The Eurostat status
follows Open SDG's published method (docs/progress-methodology.md, sdg-build ProgressMeasure.py) in
both directions: the target-achieved test first (at or above the level for an increase, at or below it
for a decrease), then R = d * actual / |required| growth on the 0.95 / 0.60 / 0 thresholds.

A level target keeps each of its conditions (T1a: at least 5,500 and at least +35% on 2020) and is
judged on the binding one, the stricter for its direction; a condition the plan does not set is absent,
never replaced by the baseline. Growth bands (T2, Decision 2724) are judged on their low edge (the
minimum) and reported on their high edge (the ambition); "strong growth" (T3) on the 5% edge and beside
the all-types rate. Every target carries its required path's value in the target year, so the
projection-based methods (UN, Destatis) judge all kinds the same way.

A missing baseline figure: for a target with an absolute level, the first later year with a figure
stands in, as Open SDG does (measure_indicator_progress), and the assessment says so; a target set
against its baseline (a growth rate, "+35% on 2020") is not assessable without it.

Shares (percent) and running totals have straight-line paths (shape "linear"): a growth rate of a
percentage means nothing, so the path runs linearly in percentage points from the baseline to the
target, the Eurostat ratio compares the average yearly change with the one required, and the UN and
Destatis methods project on a straight line. A level band (Decision 2724's 8-10%) is judged on its
less demanding edge and reported on its more demanding one, like a growth band.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, replace

from ipmonitor.progress.growth import (
    METHODS, classify_by_gap_closed, classify_by_shortfall, classify_growth, compute_gap_closed,
    compute_growth_ratio, compute_linear_path, compute_rate_from_zero, compute_yearly_change, meets,
)
from ipmonitor.progress.projection import (
    PERCENT_CEILING, compute_average_change, compute_average_rate, compute_growth_needed, fit_trend,
    project_compound, project_trend,
)
from ipmonitor.progress.series import IndicatorSeries
from ipmonitor.register.targets import Target

MIDTERM_YEAR = 2025


@dataclass(frozen=True)
class Condition:
    """One condition a target sets, as the level it asks by the target year (or over the period):
    `name` is the register's key ("value", "min_growth_on_baseline", "value_low", "growth_low", ...)."""

    name: str
    given: float                           # the number as the register gives it (5500, 0.35, 0.03)
    level: float | None                    # None while the baseline it is set against is unknown
    met: bool | None = None                # None until a figure after the baseline is in


@dataclass(frozen=True)
class Pace:
    """How fast the indicator moves and how fast its target asks it to, a year: compound growth rates
    (0.05 is 5% a year) for a target of shape "compound"; changes in the indicator's own unit (percentage
    points, people) for a share or a running total (shape "linear"), whose growth rate means nothing."""

    actual: float | None = None          # from the baseline to the latest figure
    required: float | None = None        # the path to the judged edge (a growth band's low rate)
    required_high: float | None = None   # the path to a band's more demanding edge
    needed: float | None = None          # each remaining year, from the latest figure to the judged edge


@dataclass(frozen=True)
class Assessment:
    """Where one target stands; `reason` says why when the status is not_assessable."""

    target_id: str
    status: str
    method: str = "eurostat"
    territory: str | None = None
    direction: str = "increase"                # increase, or decrease for a lower-is-better target
    base_year: int | None = None               # the year the baseline figure is from
    base_value: float | None = None
    base_year_registered: int | None = None    # the register's baseline year
    base_fallback: bool = False                # no figure for it: the first later year with one stands in
    latest_year: int | None = None
    latest_value: float | None = None
    target_year: int | None = None
    target_value: float | None = None          # the binding condition's level (a band's judged edge)
    target_value_high: float | None = None     # a band's more demanding edge
    conditions: tuple[Condition, ...] = ()     # every condition the target sets
    binding: str | None = None                 # the condition it is judged on, the stricter for the direction
    target_recomputed: bool = False            # the plan's absolute level does not apply to this territory
    period: tuple[int, int] | None = None      # a total over a period: its first and last years
    base_period: tuple[int, int] | None = None # and its baseline period
    pace: Pace = Pace()                        # actual, required and needed yearly growth (or change)
    ratio: float | None = None                 # Eurostat: d * actual / |required| growth
    score: float | None = None                 # the chosen method's number (ratio, gap closed, shortfall)
    zero_replaced: bool = False                # a zero baseline or level taken as 0.001 for a growth rate
    projected_value: float | None = None       # compound growth at the actual rate
    trend_value: float | None = None           # log-linear trend
    trend_pi80: tuple[float, float] | None = None
    trend_pi95: tuple[float, float] | None = None
    share_reached: float | None = None         # latest / level, for a higher-is-better target
    years_left: int | None = None
    checkpoint_year: int | None = None
    checkpoint_value: float | None = None      # the required path's value at the mid-term review
    checkpoint_actual: float | None = None
    comparison_cagr: float | None = None       # T3: the all-types rate it is set against
    status_high_edge: str | None = None
    basis_rebuilt: bool = False                # some years rebuilt from the former provinces
    basis_derived: bool = False                # some years carried forward from flows
    reason: str | None = None
    unit: str = "count"                        # the indicator's unit (ipmonitor.units.UNITS)
    shape: str = "compound"                    # compound, or linear for a share or a running total (pace)

    @property
    def sign(self) -> int:
        return 1 if self.direction == "increase" else -1


# The pace's fields under the flat names `etl status --json` has always written, by shape: a rate for a
# compound path, a change in the unit for a straight line, the other shape's names left empty.
FLAT_PACE_NAMES = {
    "compound": {"growth_low": "required", "growth_high": "required_high", "actual_cagr": "actual",
                 "required_cagr": "required", "growth_needed": "needed"},
    "linear": {"actual_change": "actual", "required_change": "required", "required_change_high": "required_high",
               "change_needed": "needed"},
}


def flat_record(assessment: Assessment) -> dict:
    """The assessment as one flat mapping of plain values, its pace under the names of both shapes."""
    record = asdict(assessment)
    pace = record.pop("pace")
    for shape, names in FLAT_PACE_NAMES.items():
        record.update({name: pace[field] if assessment.shape == shape else None for name, field in names.items()})
    return record


@dataclass(frozen=True)
class RequiredPath:
    """What a target asks of each year: the constant-growth path from its baseline to its level (and,
    for a band, to its high edge); for a period total, the yearly average the period needs."""

    kind: str                               # "growth", "linear" (a share or running total) or "average"
    values: dict[int, float]
    high: dict[int, float] | None = None    # a band's more demanding edge


def build_required_path(target: Target, assessment: Assessment) -> RequiredPath | None:
    """The one required path every chart, table and document draws; None when there is none to draw:
    no baseline or level; no growth can take the baseline there (a baseline of zero); or the baseline
    already meets the level, so nothing is asked and a path away from it would ask for a fall (a flat
    line at the baseline would claim a path that does not exist)."""
    a = assessment
    if a.target_value is None:
        return None
    if target.is_period_total:
        first, last = target.target["period"]
        average = a.target_value / (last - first + 1)
        return RequiredPath("average", {year: average for year in range(first, last + 1)})
    if a.base_value is None or a.base_year is None or a.target_year is None:
        return None
    if a.sign * (a.base_value - a.target_value) > 0:
        return None
    if a.shape == "linear":
        if a.pace.required is None:
            return None
        high = None if a.target_value_high is None else \
            compute_linear_path(a.base_year, a.base_value, a.target_year, a.target_value_high)
        return RequiredPath("linear", compute_linear_path(a.base_year, a.base_value, a.target_year, a.target_value),
                            high)
    rate, rate_high = a.pace.required, a.pace.required_high
    if rate is None or a.base_value <= 0:
        return None
    years = range(a.base_year, a.target_year + 1)
    high = None
    if a.target_value_high is not None and rate_high not in (None, rate):
        high = {year: a.base_value * (1 + rate_high) ** (year - a.base_year) for year in years}
    return RequiredPath("growth", {year: a.base_value * (1 + rate) ** (year - a.base_year) for year in years}, high)


def _as_series(series: IndicatorSeries | dict[int, float]) -> IndicatorSeries:
    return series if isinstance(series, IndicatorSeries) else IndicatorSeries.reported(series)


def _binding(conditions: list[Condition], sign: int) -> Condition:
    """The stricter condition for the direction: the higher level for an increase, the lower for a
    decrease; on a tie the first (the plan's absolute figure before its relative one)."""
    return max(conditions, key=lambda condition: sign * condition.level)


def _status_by_method(method: str, *, achieved: bool, actual: float | None, required: float | None,
                      sign: int, values: dict[int, float], latest_value: float, level: float,
                      projection: float | None, target_year: int, latest_year: int,
                      growth_target: bool = False) -> tuple[str, float | None, str | None]:
    """(status, score, reason) of one level by one method, in the target's direction."""
    if method == "eurostat":
        status, ratio = classify_growth(actual, required, sign, achieved)
        return status, ratio, "no_growth_rate" if status == "not_assessable" else None
    if method == "un":
        if projection is None:
            return ("achieved", None, None) if achieved else ("not_assessable", None, "no_projection")
        if meets(latest_value, level, sign):
            # The level is already passed before the target year: on track while the trend holds it.
            share = 1.0 if meets(projection, level, sign) else -1.0
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
    gap = sign * (level - latest_value)
    shortfall = None if gap <= 0 else max(0.0, sign * (level - projected) / gap)
    if shortfall is None and not achieved:
        shortfall = 0.0  # a level passed before the target year leaves no shortfall
    return classify_by_shortfall(shortfall, right_direction=sign * change > 0, achieved=achieved), shortfall, None


def compute_period_assessment(target: Target, series: IndicatorSeries | dict[int, float],
                              method: str = "eurostat") -> Assessment:
    """A target on a period total (T1b: titles granted in 2021-2030, at least 5,500 and at least +35% on
    those granted in 2011-2020).

    Each condition is kept: the absolute `value` (on the plan's own territory) needs no baseline; the
    growth on the baseline needs the whole baseline period. The binding one is the larger. The Eurostat
    ratio compares the yearly average so far with the yearly average the binding total needs; the
    projection adds that average for the years left.
    """
    series = _as_series(series)
    values = series.values
    (base_from, base_to), (from_year, to_year) = target.baseline["period"], target.target["period"]
    own_territory = series.territory in ("", target.territory_basis)
    absolute = target.target.get("value") if own_territory else None
    growth = target.target.get("min_growth_on_baseline")
    known = dict(method=method, territory=series.territory, direction=target.direction, base_year=base_to,
                 base_year_registered=base_to, target_year=to_year, period=(from_year, to_year),
                 base_period=(base_from, base_to), unit=target.unit,
                 target_recomputed=not own_territory and "value" in target.target)
    if absolute is None and growth is None:
        return Assessment(target.id, "not_assessable", reason="no_level_for_territory", **known)
    base_years = range(base_from, base_to + 1)
    base_total = sum(values[year] for year in base_years) if all(year in values for year in base_years) else None
    conditions = ([Condition("value", absolute, absolute)] if absolute is not None else []) + \
        ([Condition("min_growth_on_baseline", growth, None if base_total is None else base_total * (1 + growth))]
         if growth is not None else [])
    known.update(base_value=base_total, conditions=tuple(conditions))
    if growth is not None and base_total is None:
        return Assessment(target.id, "not_assessable", reason="no_baseline_value", **known)
    if growth is not None and base_total <= 0:
        return Assessment(target.id, "not_assessable", reason="zero_or_negative_base", **known)
    binding = _binding(conditions, 1)
    needed = binding.level
    known.update(target_value=needed, binding=binding.name)
    so_far = [year for year in range(from_year, to_year + 1) if year in values]
    if not so_far:
        return Assessment(target.id, "not_assessable", reason="fewer_than_two_points", **known)
    compared = (*(base_years if growth is not None else ()), *so_far)
    if any(year in series.partial_years for year in compared):
        return Assessment(target.id, "not_assessable", reason="series_break", **known)
    total = sum(values[year] for year in so_far)
    known.update(conditions=tuple(Condition(c.name, c.given, c.level, total >= c.level) for c in conditions))
    latest_year = max(so_far)
    average, needed_average = total / len(so_far), needed / (to_year - from_year + 1)
    projected = total + average * (to_year - latest_year)
    running = {year: sum(values[y] for y in so_far if y <= year) for year in so_far}
    status, score, reason = _status_by_method(
        method, achieved=total >= needed, actual=average, required=needed_average, sign=1, values=running,
        latest_value=total, level=needed, projection=projected, target_year=to_year, latest_year=latest_year)
    years_left = to_year - latest_year
    return Assessment(
        target.id, status, ratio=average / needed_average if needed_average > 0 else None, score=score,
        reason=reason, latest_year=latest_year, latest_value=total, projected_value=projected,
        share_reached=total / needed if needed > 0 else None, years_left=years_left,
        pace=Pace(needed=(needed - total) / years_left / average - 1 if years_left and average else None),
        basis_rebuilt="rebuilt" in series.basis.values(), **known)


def _conditions(target: Target, own_territory: bool, base_value: float | None, years: int) -> list[Condition]:
    """Every condition the target sets, as its level in the target year: the absolute value (on the plan's
    own territory) and the growth on the baseline of a level; a band's less demanding edge for the
    direction; a growth target's low edge. A level set against an unknown baseline is None."""
    spec = target.target

    def on_base(rate: float, power: int = 1) -> float | None:
        return None if base_value is None else base_value * (1 + rate) ** power

    if target.kind == "level_band":
        judged = "value_low" if target.sign > 0 else "value_high"
        return [Condition(judged, spec[judged], spec[judged])] if own_territory else []
    if target.kind == "level":
        conditions = [Condition("value", spec["value"], spec["value"])] if own_territory and "value" in spec else []
        if "min_growth_on_baseline" in spec:
            growth = spec["min_growth_on_baseline"]
            conditions.append(Condition("min_growth_on_baseline", growth, on_base(growth)))
        return conditions
    edge = "growth_low" if "growth_low" in spec else "growth_high"
    return [Condition(edge, spec[edge], on_base(spec[edge], years))]


def _ambition(target: Target, base_value: float, years: int) -> float | None:
    """A band's more demanding edge, reported beside the judged one: the other end of a level band, the
    level a growth band's high rate reaches; None for a level."""
    if target.kind == "level_band":
        return target.target["value_high" if target.sign > 0 else "value_low"]
    if target.kind in ("growth", "strong_growth"):
        return base_value * (1 + target.target["growth_high"]) ** years
    return None


def _find_base(target: Target, values: dict[int, float], relative: bool) -> tuple[int | None, float | None, bool]:
    """(year, value, fallback) of the baseline. A figure missing in the register's year is replaced by
    the first later year's for a target with an absolute level (sdg-build
    ProgressMeasure.measure_indicator_progress: "assign it to be the minimum existing year past the base
    year given"); a target set against the baseline year (`relative`) has none (year and value None)."""
    registered = target.baseline["year"]
    if target.baseline["value"] != "from_data":
        return registered, target.baseline["value"], False
    if registered in values:
        return registered, values[registered], False
    later = sorted(year for year in values if year > registered)
    if relative or not later:
        return None, None, False
    return later[0], values[later[0]], True


@dataclass(frozen=True)
class _Baseline:
    """Where a target's path starts on one series: the year and figure found (None when none stands for
    it), whether a later year stood in, and how the plan's figures apply on the series' territory."""

    year: int | None
    value: float | None
    fallback: bool
    registered: int          # the register's baseline year
    years: int               # from the baseline (the register's year when none) to the target year
    own_territory: bool      # the plan's absolute figures hold on this territory
    relative: bool           # the target is set against its baseline (a rate, or a level off its territory)


def compute_assessment(target: Target, series: IndicatorSeries | dict[int, float], method: str = "eurostat",
                       comparison_cagr: float | None = None) -> Assessment:
    """The assessment of a target from its indicator's yearly values, by one of the three methods.

    Four steps, each adding its fields: the baseline found, what the target asks of it, where the latest
    figure stands, then the judgement. A step that finds the target cannot be judged says why, and the
    assessment keeps every field known by then."""
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}")
    if target.is_period_total:
        return compute_period_assessment(target, series, method)
    series = _as_series(series)
    values = series.values
    base = _locate_baseline(target, series)
    known = _described(target, series, base, method, comparison_cagr)
    conditions = _conditions(target, base.own_territory, base.value, base.years)
    known.update(conditions=tuple(conditions))
    reason = _baseline_problem(target, base, conditions)
    if reason is not None:
        return Assessment(target.id, "not_assessable", reason=reason, **known)
    known.update(_what_is_asked(target, base, conditions))
    known.update(_checkpoint(target, series, base, known))
    if not values:
        return Assessment(target.id, "not_assessable", reason="fewer_than_two_points", **known)
    latest_year = max(values)
    known.update(_trend_projection(target, values, latest_year))
    if not any(year > base.year for year in values):
        return Assessment(target.id, "not_assessable", reason="fewer_than_two_points", latest_year=latest_year,
                          latest_value=values[latest_year], years_left=target.target["year"] - latest_year, **known)
    known.update(_latest_standing(target, values, latest_year, known))
    if _series_breaks(series, base.year, latest_year):
        return Assessment(target.id, "not_assessable", reason="series_break", **known)
    return _judged(target, series, method, base, known)


def _locate_baseline(target: Target, series: IndicatorSeries) -> _Baseline:
    """The baseline on this series, and whether the plan's absolute figures hold on its territory."""
    # The plan's absolute figure is about its own territory; elsewhere only the relative part applies.
    # A share is scale-free: its level holds on any territory.
    own_territory = series.territory in ("", target.territory_basis) or target.unit == "percent"
    # Off its own territory a level keeps only its growth on the baseline: relative, like a growth rate.
    relative = target.is_relative or not own_territory
    year, value, fallback = _find_base(target, series.values, relative)
    registered = target.baseline["year"]
    return _Baseline(year, value, fallback, registered, target.target["year"] - (year or registered),
                     own_territory, relative)


def _described(target: Target, series: IndicatorSeries, base: _Baseline, method: str,
               comparison_cagr: float | None) -> dict:
    """The fields every assessment of the target on this series carries, judged or not."""
    level_kind = target.kind in ("level", "level_band")
    return dict(method=method, territory=series.territory, direction=target.direction,
                base_year=base.year or base.registered, base_value=base.value, base_year_registered=base.registered,
                base_fallback=base.fallback, target_year=target.target["year"], comparison_cagr=comparison_cagr,
                unit=target.unit, shape=target.shape, basis_rebuilt="rebuilt" in series.basis.values(),
                basis_derived="derived" in series.basis.values(),
                target_recomputed=not base.own_territory and level_kind and "value" in target.target)


def _baseline_problem(target: Target, base: _Baseline, conditions: list[Condition]) -> str | None:
    """Why no path can start from this baseline (a not_assessable reason), or None."""
    if not conditions:
        return "no_level_for_territory"
    if base.value is None:
        return "no_baseline_value"
    # A straight line starts from anything; a growth rate on a baseline of zero means nothing. An
    # absolute level from zero is Open SDG's case: the baseline is taken as 0.001 for the growth rates.
    if base.value < 0 or (base.value == 0 and target.shape != "linear" and base.relative):
        return "zero_or_negative_base"
    return None


def _what_is_asked(target: Target, base: _Baseline, conditions: list[Condition]) -> dict:
    """The binding level, a band's other edge, and the pace the path asks to each: a growth target states
    its rates; a compound level's are the rates from the baseline to each edge; a level on a straight
    line asks yearly changes instead."""
    linear = target.shape == "linear"
    binding = _binding(conditions, target.sign)
    level, level_high = binding.level, _ambition(target, base.value, base.years)
    if target.kind not in ("level", "level_band"):
        required, required_high = binding.given, target.target["growth_high"]
    else:
        step = compute_yearly_change if linear else compute_rate_from_zero
        required = step(base.value, level, base.years)
        required_high = None if level_high is None else step(base.value, level_high, base.years)
    return dict(target_value=level, target_value_high=level_high, binding=binding.name,
                zero_replaced=not linear and 0 in (base.value, level, level_high),
                pace=Pace(required=required, required_high=required_high))


def _checkpoint(target: Target, series: IndicatorSeries, base: _Baseline, known: dict) -> dict:
    """The required path's value at the mid-term review and the figure then; only where
    build_required_path draws a path (the checkpoint sits on it)."""
    linear, required = target.shape == "linear", known["pace"].required
    has_path = target.sign * (base.value - known["target_value"]) <= 0 and (linear or base.value > 0)
    if not (base.year < MIDTERM_YEAR < target.target["year"] and has_path):
        return {}
    years = MIDTERM_YEAR - base.year
    value = base.value + required * years if linear else base.value * (1 + required) ** years
    return dict(checkpoint_year=MIDTERM_YEAR, checkpoint_value=value, checkpoint_actual=series.values.get(MIDTERM_YEAR))


def _trend_projection(target: Target, values: dict[int, float], latest_year: int) -> dict:
    """The trend's value in the target year with its 80% and 95% intervals; none without a trend."""
    trend = fit_trend(values, latest_year, target.shape)
    if trend is None:
        return {}
    ceiling = PERCENT_CEILING if target.unit == "percent" else None
    projection = project_trend(trend, target.target["year"], ceiling=ceiling)
    return dict(trend_value=projection.value, trend_pi80=projection.intervals[0.80],
                trend_pi95=projection.intervals[0.95])


def _latest_standing(target: Target, values: dict[int, float], latest_year: int, known: dict) -> dict:
    """The latest figure, the years left, the share of the level reached and the pace each remaining
    year now needs."""
    level, target_year = known["target_value"], target.target["year"]
    latest_value = values[latest_year]
    years_left = max(target_year - latest_year, 0)
    if target.shape == "linear":
        needed = (level - latest_value) / years_left if years_left else None
    else:
        needed = compute_growth_needed(latest_value, latest_year, level, target_year)
    return dict(latest_year=latest_year, latest_value=latest_value, years_left=years_left,
                share_reached=latest_value / level if level and target.sign > 0 else None,
                pace=replace(known["pace"], needed=needed))


def _series_breaks(series: IndicatorSeries, base_year: int, latest_year: int) -> bool:
    """Whether the baseline and the latest year are not like for like (a partial merged year, fewer IP
    types covered)."""
    return base_year in series.partial_years or latest_year in series.partial_years or \
        series.coverage.get(latest_year, 0) < series.coverage.get(base_year, 0)


def _judged(target: Target, series: IndicatorSeries, method: str, base: _Baseline, known: dict) -> Assessment:
    """The actual pace and the projection at it, each condition met or not, and the status by `method` on
    the judged edge and on a band's more demanding one."""
    sign, linear, level_kind = target.sign, target.shape == "linear", target.kind in ("level", "level_band")
    latest_year, latest_value, target_year = known["latest_year"], known["latest_value"], target.target["year"]
    pace = known["pace"]
    if linear:
        actual = compute_yearly_change(base.value, latest_value, latest_year - base.year)
        projected = latest_value + actual * known["years_left"]
    else:
        # The actual rate from a zero baseline takes it as 0.001, like the required one (Open SDG).
        actual = compute_rate_from_zero(base.value, latest_value, latest_year - base.year)
        projected = project_compound(latest_value, actual, target_year - latest_year)
    # The trend when there is one (a trend of exactly 0 is a projection, not a missing one).
    projection_for_un = known["trend_value"] if known.get("trend_value") is not None else projected
    done = latest_year >= target_year

    def achieved_at(edge_level: float, edge_rate: float | None) -> bool:
        # A level is achieved once reached; a growth band only when the target year's figure is in.
        return meets(latest_value, edge_level, sign) if level_kind else done and meets(actual, edge_rate, sign)

    def judge(edge_level: float, edge_pace: float | None) -> tuple[str, float | None, str | None]:
        return _status_by_method(
            method, achieved=achieved_at(edge_level, edge_pace), actual=actual, required=edge_pace, sign=sign,
            values=series.up_to(latest_year), latest_value=latest_value, level=edge_level,
            projection=projection_for_un, target_year=target_year, latest_year=latest_year,
            growth_target=not level_kind)

    # Each condition met or not (a growth target has one, judged on its rate).
    known.update(conditions=tuple(Condition(c.name, c.given, c.level, achieved_at(c.level, pace.required))
                                  for c in known["conditions"]),
                 pace=replace(pace, actual=actual), projected_value=projected)
    status, score, reason = judge(known["target_value"], pace.required)
    high_status = judge(known["target_value_high"], pace.required_high)[0] \
        if known["target_value_high"] is not None else None
    return Assessment(target.id, status, ratio=compute_growth_ratio(actual, pace.required, sign), score=score,
                      status_high_edge=high_status, reason=reason, **known)
