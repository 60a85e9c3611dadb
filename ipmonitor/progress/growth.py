"""Growth arithmetic for progress toward targets: compound rates, the required path, and the three
status methods with their published thresholds.

Pure functions on plain numbers; the target register and the queries feed them.
- Eurostat / Open SDG (default): the target-achieved test first, then R = d * actual CAGR / |required
  CAGR|, d = +1 for an increase and -1 for a decrease; 0.95 and 0.60. For a share or a running total,
  R = d * actual average yearly change / |required one| (percentage points for a share).
- UN Statistics Division progress chart: the share of the remaining gap that the projected value
  closes by the target year; 0.95 and 0.10.
- Destatis (German sustainability strategy, weather symbols): the projected shortfall as a share of
  the remaining gap; 5% and 20%; a trend in the wrong direction is a thunderstorm.
All three answer in the same five statuses, so a traffic light means the same whichever is chosen.
"""
from __future__ import annotations

import math

METHODS = ("eurostat", "un", "destatis")
# The desired direction of a target: more is better, or less is (Open SDG's "positive"/"negative").
STATUSES = ("achieved", "on_track", "needs_acceleration", "limited_progress", "moving_away", "not_assessable")
# Eurostat's thresholds on R = d * actual / |required| growth.
ON_TRACK, NEEDS_ACCELERATION = 0.95, 0.60
# UN progress chart: share of the remaining gap closed by the projection.
UN_ON_TRACK, UN_FAIR_PROGRESS = 0.95, 0.10
# Destatis: shortfall of the projection, as a share of the remaining gap.
DESTATIS_SUN, DESTATIS_LIGHT_CLOUD = 0.05, 0.20
# Open SDG replaces a zero base or a zero target by 0.001 before taking a growth rate, since an
# exponential model cannot start from or reach zero (docs/progress-methodology.md, "Special
# considerations for the base value and the target value"; sdg-build ProgressMeasure.config_defaults
# does it for the target).
ZERO_REPLACEMENT = 0.001


def meets(value: float, level: float, sign: int = 1) -> bool:
    """The target-achieved test, made before any ratio (sdg-build ProgressMeasure.methodology_2):
    value >= level for an increase, value <= level for a decrease."""
    return sign * (value - level) >= 0


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


def compute_yearly_change(start_value: float, end_value: float, years: float) -> float | None:
    """The average yearly change from start to end over `years`, in the value's own unit (percentage
    points for a share); None when no time passes. Zero or negative starts are fine here."""
    if years <= 0:
        return None
    return (end_value - start_value) / years


def compute_linear_path(base_year: int, base_value: float, target_year: int,
                        target_value: float) -> dict[int, float]:
    """Value each year on the straight line from the baseline to the target: the path a share needs
    (growth rates of a percentage mean nothing) and a running total at an even yearly pace."""
    if target_year <= base_year:
        raise ValueError("a required path needs a later target year")
    span = target_year - base_year
    return {year: base_value + (target_value - base_value) * (year - base_year) / span
            for year in range(base_year, target_year + 1)}


def compute_rate_from_zero(start_value: float, end_value: float, years: float) -> float | None:
    """compute_cagr with Open SDG's replacement of a zero start or end by ZERO_REPLACEMENT."""
    return compute_cagr(start_value or ZERO_REPLACEMENT, end_value or ZERO_REPLACEMENT, years)


def compute_growth_ratio(actual_rate: float | None, required_rate: float | None, sign: int = 1) -> float | None:
    """Open SDG's R = d * actual / |required| compound growth (or yearly change, for a straight-line
    path); None when none is required.

    The magnitude of the required growth, with the direction on the actual one, is what
    docs/progress-methodology.md prescribes (sdg-build's older ProgressMeasure.methodology_2 divides
    the two plainly, which agrees whenever the target lies in the desired direction from the base):
    when the base already meets the target but the series has since crossed it, both rates point the
    wrong way and a plain quotient would read a fall as progress."""
    if required_rate is None or actual_rate is None or math.isclose(required_rate, 0.0, abs_tol=1e-12):
        return None
    return sign * actual_rate / abs(required_rate)


def _classify_by_thresholds(score: float | None, achieved: bool, on_track: float, fair: float) -> str:
    """The ladder Eurostat and the UN share: score >= on_track, >= fair, >= 0, below 0."""
    if achieved:
        return "achieved"
    if score is None:
        return "not_assessable"
    if score >= on_track:
        return "on_track"
    if score >= fair:
        return "needs_acceleration"
    if score >= 0:
        return "limited_progress"
    return "moving_away"


def classify_by_ratio(ratio: float | None, achieved: bool) -> str:
    """Eurostat status: achieved, on_track, needs_acceleration, limited_progress, moving_away."""
    return _classify_by_thresholds(ratio, achieved, ON_TRACK, NEEDS_ACCELERATION)


def classify_growth(actual_rate: float | None, required_rate: float | None, sign: int,
                    achieved: bool) -> tuple[str, float | None]:
    """(Eurostat status, R) from the actual and required growth (or yearly change), in a direction.

    The target-achieved test comes first (sdg-build ProgressMeasure.methodology_2), then R on
    get_progress_status's thresholds. When nothing is required (the target equals the base), R has no
    value but its limit is plain: a move the desired way is on track, a move the other way moves away
    (Open SDG's formula divides by zero there)."""
    ratio = compute_growth_ratio(actual_rate, required_rate, sign)
    if achieved:
        return "achieved", ratio
    if ratio is None and actual_rate is not None and required_rate is not None:
        return ("on_track" if sign * actual_rate >= 0 else "moving_away"), None
    return classify_by_ratio(ratio, achieved), ratio


def compute_gap_closed(latest_value: float, projected_value: float, target_value: float) -> float | None:
    """Share of the gap between the latest value and the target that the projection closes."""
    gap = target_value - latest_value
    if math.isclose(gap, 0.0, abs_tol=1e-12):
        return None
    share = (projected_value - latest_value) / gap
    # A flat trend fitted in floating point lands a hair either side of zero; call it zero.
    return 0.0 if abs(share) < 1e-9 else share


def classify_by_gap_closed(share: float | None, achieved: bool) -> str:
    """UN progress chart status from the share of the remaining gap the projection closes."""
    return _classify_by_thresholds(share, achieved, UN_ON_TRACK, UN_FAIR_PROGRESS)


def classify_by_shortfall(shortfall: float | None, right_direction: bool, achieved: bool) -> str:
    """Destatis weather symbol, as a status: sun (on track) below a 5% shortfall, sun and cloud
    (needs acceleration) to 20%, cloud (limited progress) beyond, thunderstorm (moving away) when the
    trend goes the wrong way."""
    if achieved:
        return "achieved"
    if shortfall is None:
        return "not_assessable"
    if not right_direction:
        return "moving_away"
    if shortfall < DESTATIS_SUN:
        return "on_track"
    if shortfall <= DESTATIS_LIGHT_CLOUD:
        return "needs_acceleration"
    return "limited_progress"
