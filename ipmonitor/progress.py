"""Growth arithmetic for progress toward targets: compound rates, the required path, status by ratio.

Pure functions on plain numbers; the target register and the queries feed them. The default status
method follows Eurostat / Open SDG: ratio R = actual CAGR / required CAGR.
"""
from __future__ import annotations

import math

# Eurostat's thresholds on R = actual / required growth.
ON_TRACK, NEEDS_ACCELERATION = 0.95, 0.60


def compute_cagr(start_value: float, end_value: float, years: float) -> float | None:
    """Compound annual growth from start to end over `years`; None when it is undefined."""
    if years <= 0 or start_value <= 0 or end_value < 0:
        return None
    return (end_value / start_value) ** (1 / years) - 1


def compute_required_path(base_year: int, base_value: float, target_year: int,
                          target_value: float) -> dict[int, float]:
    """Value each year on the constant-growth path from the baseline to the target."""
    rate = compute_cagr(base_value, target_value, target_year - base_year)
    if rate is None:
        raise ValueError("a required path needs a positive baseline and a later target year")
    return {year: base_value * (1 + rate) ** (year - base_year) for year in range(base_year, target_year + 1)}


def compute_growth_ratio(actual_rate: float, required_rate: float) -> float | None:
    """R = actual / required compound growth; None when no growth is required."""
    if required_rate is None or actual_rate is None or math.isclose(required_rate, 0.0, abs_tol=1e-12):
        return None
    return actual_rate / required_rate


def classify_by_ratio(ratio: float | None, achieved: bool) -> str:
    """Eurostat status: achieved, on_track, needs_acceleration, limited_progress, moving_away."""
    if achieved:
        return "achieved"
    if ratio is None:
        return "not_assessable"
    if ratio >= ON_TRACK:
        return "on_track"
    if ratio >= NEEDS_ACCELERATION:
        return "needs_acceleration"
    if ratio >= 0:
        return "limited_progress"
    return "moving_away"
