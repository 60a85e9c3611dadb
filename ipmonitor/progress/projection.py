"""Projections "if the current trend continues": compound growth, a log-linear trend with prediction
intervals (a straight-line one for shares and running totals), the Destatis average-change rule, and
the growth each remaining year now needs.

Pure functions on year -> value mappings.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

# The trend is fitted on the last ten years of data: long enough for an interval, short enough to be
# "the current trend".
TREND_WINDOW_YEARS = 10
INTERVAL_LEVELS = (0.80, 0.95)
# Destatis: the average of the last five yearly changes (six points), at least three changes (four).
DESTATIS_CHANGES, DESTATIS_MIN_CHANGES = 5, 3
# A share is in percentage points: no projection of it goes above this.
PERCENT_CEILING = 100.0


@dataclass(frozen=True)
class Trend:
    """ln(value) = intercept + slope * (year - centre), fitted by least squares; with scale "linear",
    value = intercept + slope * (year - centre)."""

    intercept: float
    slope: float
    centre: float
    residual_sd: float
    points: int
    sum_squares_years: float
    first_year: int
    last_year: int
    scale: str = "log"

    @property
    def yearly_growth(self) -> float:
        return math.exp(self.slope) - 1


@dataclass(frozen=True)
class TrendProjection:
    """The trend's value in one year and its prediction intervals by level (0.80 -> (low, high))."""

    year: int
    value: float
    intervals: dict[float, tuple[float, float]]


def fit_log_linear(series: dict[int, float], last_year: int | None = None,
                   window: int = TREND_WINDOW_YEARS) -> Trend | None:
    """The log-linear trend over the `window` years up to `last_year`; None with fewer than three
    points or any value that is zero or negative (a log cannot take it)."""
    last_year = max(series) if last_year is None else last_year
    years = sorted(year for year in series if last_year - window < year <= last_year)
    if len(years) < 3 or any(series[year] <= 0 for year in years):
        return None
    logs = [math.log(series[year]) for year in years]
    centre = sum(years) / len(years)
    sxx = sum((year - centre) ** 2 for year in years)
    mean_log = sum(logs) / len(logs)
    slope = sum((year - centre) * (value - mean_log) for year, value in zip(years, logs)) / sxx
    residuals = [value - (mean_log + slope * (year - centre)) for year, value in zip(years, logs)]
    residual_sd = math.sqrt(sum(r * r for r in residuals) / (len(years) - 2)) if len(years) > 2 else 0.0
    return Trend(mean_log, slope, centre, residual_sd, len(years), sxx, years[0], years[-1])


def fit_linear(series: dict[int, float], last_year: int | None = None,
               window: int = TREND_WINDOW_YEARS) -> Trend | None:
    """The straight-line trend over the `window` years up to `last_year` (for a share in percentage
    points, or a running total); None with fewer than three points. Zeros are fine here."""
    last_year = max(series) if last_year is None else last_year
    years = sorted(year for year in series if last_year - window < year <= last_year)
    if len(years) < 3:
        return None
    values = [series[year] for year in years]
    centre = sum(years) / len(years)
    sxx = sum((year - centre) ** 2 for year in years)
    mean = sum(values) / len(values)
    slope = sum((year - centre) * (value - mean) for year, value in zip(years, values)) / sxx
    residuals = [value - (mean + slope * (year - centre)) for year, value in zip(years, values)]
    residual_sd = math.sqrt(sum(r * r for r in residuals) / (len(years) - 2))
    return Trend(mean, slope, centre, residual_sd, len(years), sxx, years[0], years[-1], scale="linear")


def _exp(value: float) -> float:
    # A wild three-point trend can overflow; the projection then reads as infinite, not as an error.
    return math.exp(min(value, 700.0))


def _student_t_central(value: float, freedom: int) -> float:
    """P(|T| <= value) for Student's t with a whole number of degrees of freedom: the finite sums of
    Abramowitz and Stegun 26.7.3 (odd) and 26.7.4 (even), in theta = atan(value / sqrt(freedom))."""
    theta = math.atan(value / math.sqrt(freedom))
    cos2 = math.cos(theta) ** 2
    if freedom % 2:
        term, total = 1.0, 1.0 if freedom > 1 else 0.0
        for k in range(3, freedom - 1, 2):   # 1 + 2/3 cos² + 2·4/(3·5) cos⁴ + … up to cos^(ν−3)
            term *= (k - 1) / k * cos2
            total += term
        return 2 / math.pi * (theta + math.sin(theta) * math.cos(theta) * total)
    term, total = 1.0, 1.0
    for k in range(2, freedom - 1, 2):       # 1 + 1/2 cos² + 1·3/(2·4) cos⁴ + … up to cos^(ν−2)
        term *= (k - 1) / k * cos2
        total += term
    return math.sin(theta) * total


def student_t_quantile(level: float, freedom: int) -> float:
    """The t value that leaves a central share `level` (0.80 for an 80% interval) of Student's t with
    `freedom` degrees of freedom, found by bisection on the closed-form distribution: the projection's
    one use of it needs no statistics package (scipy took 0.7 s to import in every process)."""
    if freedom < 1 or freedom != int(freedom):
        raise ValueError(f"degrees of freedom must be a whole number from 1: {freedom}")
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1: {level}")
    low, high = 0.0, 1.0
    while _student_t_central(high, int(freedom)) < level:
        high *= 2
    for _ in range(200):
        middle = (low + high) / 2
        if _student_t_central(middle, int(freedom)) < level:
            low = middle
        else:
            high = middle
        if high - low < 1e-13 * high:
            break
    return (low + high) / 2


def project_trend(trend: Trend, year: int, levels: tuple[float, ...] = INTERVAL_LEVELS,
                  ceiling: float | None = None) -> TrendProjection:
    """The trend's value in `year` with prediction intervals (OLS in logs, Student t, back-transformed);
    a straight line is capped at `ceiling` when given (100 for a share)."""
    centred = year - trend.centre
    log_value = trend.intercept + trend.slope * centred
    spread = trend.residual_sd * math.sqrt(1 + 1 / trend.points + centred ** 2 / trend.sum_squares_years)
    # A straight line is read as it is, floored at zero (no count or share goes below it) and, for a
    # share, capped at 100%: without the cap a share falling toward 0 and its mirror rising toward 100
    # would be projected differently.
    top = math.inf if ceiling is None else ceiling
    back = _exp if trend.scale == "log" else (lambda value: min(max(value, 0.0), top))
    intervals = {}
    for level in levels:
        quantile = student_t_quantile(level, trend.points - 2)
        intervals[level] = (back(log_value - quantile * spread), back(log_value + quantile * spread))
    return TrendProjection(year, back(log_value), intervals)


def fit_trend(series: dict[int, float], last_year: int | None = None, shape: str = "compound") -> Trend | None:
    """The trend a series of this shape is projected with: log-linear (compound), or a straight line."""
    return fit_linear(series, last_year) if shape == "linear" else fit_log_linear(series, last_year)


def project_years(series: dict[int, float], last_year: int, shape: str = "compound") -> dict[int, TrendProjection]:
    """The trend's projection for every year after the latest one up to `last_year` (the latest
    year included, as the fan's start); empty when no trend can be fitted. A share or a running total
    (shape "linear") is projected on a straight line."""
    trend = fit_trend(series, shape=shape) if series else None
    if trend is None:
        return {}
    return {year: project_trend(trend, year) for year in range(max(series), last_year + 1)}


def project_compound(latest_value: float, rate: float, years: int) -> float:
    """The latest value grown at `rate` a year for `years` more years."""
    return latest_value * (1 + rate) ** years


def _last_consecutive_years(series: dict[int, float], changes: int) -> list[int]:
    """The longest run of consecutive years ending at the latest one, at most `changes` + 1 long."""
    years = sorted(series)
    run = [years[-1]]
    for year in reversed(years[:-1]):
        if year != run[-1] - 1 or len(run) > changes:
            break
        run.append(year)
    return sorted(run)[-(changes + 1):]


def compute_average_change(series: dict[int, float], changes: int = DESTATIS_CHANGES,
                           minimum: int = DESTATIS_MIN_CHANGES) -> float | None:
    """Destatis: the mean of the last `changes` yearly changes over consecutive years; None when
    fewer than `minimum` consecutive changes end at the latest year."""
    run = _last_consecutive_years(series, changes)
    if len(run) - 1 < minimum:
        return None
    return (series[run[-1]] - series[run[0]]) / (len(run) - 1)


def compute_average_rate(series: dict[int, float], changes: int = DESTATIS_CHANGES,
                         minimum: int = DESTATIS_MIN_CHANGES) -> float | None:
    """The same window as compute_average_change, as a compound yearly rate (for growth targets)."""
    run = _last_consecutive_years(series, changes)
    if len(run) - 1 < minimum or series[run[0]] <= 0 or series[run[-1]] < 0:
        return None
    return (series[run[-1]] / series[run[0]]) ** (1 / (len(run) - 1)) - 1


def compute_growth_needed(latest_value: float, latest_year: int, target_value: float,
                          target_year: int) -> float | None:
    """The yearly growth that each remaining year now needs to reach the target; None when no year
    is left or the latest value is zero."""
    years_left = target_year - latest_year
    if years_left <= 0 or latest_value <= 0 or target_value <= 0:
        return None
    return (target_value / latest_value) ** (1 / years_left) - 1
