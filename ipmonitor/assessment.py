"""Assessing one target against its indicator's series: growth, ratio, status, projection.

Pure: a target from the register and a year -> value series in, an Assessment out. Level targets
(T1a) are judged on the growth needed to reach the level; growth bands (T2) against both edges, the
low edge being the minimum and the high edge the ambition.
"""
from __future__ import annotations

from dataclasses import dataclass

from ipmonitor.progress import classify_by_ratio, compute_cagr, compute_growth_ratio
from ipmonitor.targets import Target


@dataclass(frozen=True)
class Assessment:
    """Where one target stands; `reason` says why when the status is not_assessable."""

    target_id: str
    status: str
    base_year: int | None = None
    base_value: float | None = None
    latest_year: int | None = None
    latest_value: float | None = None
    target_year: int | None = None
    target_value: float | None = None
    actual_cagr: float | None = None
    required_cagr: float | None = None
    ratio: float | None = None
    projected_value: float | None = None
    status_high_edge: str | None = None
    reason: str | None = None


def _not_assessable(target: Target, reason: str, **known) -> Assessment:
    return Assessment(target.id, "not_assessable", reason=reason, **known)


def compute_period_assessment(target: Target, series: dict[int, float]) -> Assessment:
    """A target on a period total (T1b: titles granted in 2021-2030 against 2011-2020, +35%).

    The ratio compares the yearly average so far with the yearly average the target needs; the
    projection adds that average for the years left.
    """
    (base_from, base_to), (from_year, to_year) = target.baseline["period"], target.target["period"]
    base_years = range(base_from, base_to + 1)
    if any(year not in series for year in base_years):
        return _not_assessable(target, "no_baseline_value", base_year=base_to, target_year=to_year)
    base_total = sum(series[year] for year in base_years)
    so_far = [year for year in range(from_year, to_year + 1) if year in series]
    if not so_far:
        return _not_assessable(target, "fewer_than_two_points", base_year=base_to, base_value=base_total,
                               target_year=to_year)
    if base_total <= 0:
        return _not_assessable(target, "zero_or_negative_base", base_year=base_to, base_value=base_total,
                               target_year=to_year)
    needed = base_total * (1 + target.target["min_growth_on_baseline"])
    total = sum(series[year] for year in so_far)
    average, needed_average = total / len(so_far), needed / (to_year - from_year + 1)
    ratio = average / needed_average
    status = classify_by_ratio(ratio, achieved=total >= needed)
    return Assessment(target.id, status, base_year=base_to, base_value=base_total, latest_year=max(so_far),
                      latest_value=total, target_year=to_year, target_value=needed, ratio=ratio,
                      projected_value=total + average * (to_year - max(so_far)))


def compute_assessment(target: Target, series: dict[int, float]) -> Assessment:
    """The assessment of a target from its indicator's yearly values."""
    if "period" in target.baseline:
        return compute_period_assessment(target, series)
    base_year, target_year = target.baseline["year"], target.target["year"]
    base_value = series.get(base_year) if target.baseline["value"] == "from_data" else target.baseline["value"]
    later = [year for year in series if year > base_year]
    if base_value is None:
        return _not_assessable(target, "no_baseline_value", base_year=base_year, target_year=target_year)
    if not later:
        return _not_assessable(target, "fewer_than_two_points", base_year=base_year, base_value=base_value,
                               target_year=target_year)
    if base_value <= 0:
        return _not_assessable(target, "zero_or_negative_base", base_year=base_year, base_value=base_value,
                               target_year=target_year)
    latest_year = max(later)
    latest_value = series[latest_year]
    actual = compute_cagr(base_value, latest_value, latest_year - base_year)
    projected = latest_value * (1 + actual) ** (target_year - latest_year) if actual is not None else None
    known = dict(base_year=base_year, base_value=base_value, latest_year=latest_year,
                 latest_value=latest_value, target_year=target_year, actual_cagr=actual,
                 projected_value=projected)
    if target.kind == "level":
        level = max(target.target.get("value", 0),
                    base_value * (1 + target.target.get("min_growth_on_baseline", 0)))
        required = compute_cagr(base_value, level, target_year - base_year)
        ratio = compute_growth_ratio(actual, required)
        return Assessment(target.id, classify_by_ratio(ratio, achieved=latest_value >= level),
                          target_value=level, required_cagr=required, ratio=ratio, **known)
    # A band is judged on its low edge (the minimum) and reported on its high edge (the ambition);
    # "strong growth" (T3) has only the high edge.
    high = target.target["growth_high"]
    low = target.target.get("growth_low", high)
    done = latest_year >= target_year
    ratio = compute_growth_ratio(actual, low)
    return Assessment(
        target.id, classify_by_ratio(ratio, achieved=done and actual >= low),
        required_cagr=low, ratio=ratio,
        status_high_edge=classify_by_ratio(compute_growth_ratio(actual, high), achieved=done and actual >= high),
        **known)
