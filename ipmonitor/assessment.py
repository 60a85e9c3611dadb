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


def compute_assessment(target: Target, series: dict[int, float]) -> Assessment:
    """The assessment of a level or growth-band target from a series of yearly values."""
    if target.kind not in ("level", "growth") or "year" not in target.baseline:
        return _not_assessable(target, "method_not_for_kind")
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
    low, high = target.target["growth_low"], target.target["growth_high"]
    done = latest_year >= target_year
    ratio = compute_growth_ratio(actual, low)
    return Assessment(
        target.id, classify_by_ratio(ratio, achieved=done and actual >= low),
        required_cagr=low, ratio=ratio,
        status_high_edge=classify_by_ratio(compute_growth_ratio(actual, high), achieved=done and actual >= high),
        **known)
