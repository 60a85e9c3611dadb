"""Every target of the register assessed on the database: the one call behind the status command,
the Overview and the Trajectories pages. Reads through ipmonitor.store.queries; the arithmetic is in
ipmonitor.progress.assessment and ipmonitor.progress.series."""
from __future__ import annotations

from dataclasses import dataclass, replace

import duckdb

from ipmonitor.progress.assessment import Assessment, compute_assessment
from ipmonitor.store.queries import load_indicator_rows
from ipmonitor.progress.series import (IndicatorSeries, build_indicator_series, compute_cumulative_series,
                                       compute_ratio_series, extend_stock_with_flows, load_mergers,
                                       territories_needed, truncate_series)
from ipmonitor.register.register_store import load_target_register_from
from ipmonitor.register.targets import Indicator, Register

# "as_registered": each target on its own territory (Plan 151 on the former city, Decision 2724 on
# the merged city); any territory code puts every target on that territory.
AS_REGISTERED = "as_registered"


@dataclass(frozen=True)
class TargetResult:
    """One target's assessment and the series it was made on."""

    target_id: str
    plan: str
    indicator: str
    reference: bool
    assessment: Assessment
    series: IndicatorSeries


def load_series(con: duckdb.DuckDBPyConnection, indicator: Indicator, territory: str) -> IndicatorSeries:
    """The indicator's series on `territory`, rebuilt across the merger and carried forward by flows;
    a running total added up from its year; a ratio divided from its two parts, each rebuilt first."""
    mergers = load_mergers()
    territories = territories_needed(territory, mergers)

    def summed(measure: str, ip_types, cumulative_from: int | None = None) -> IndicatorSeries:
        part = build_indicator_series(load_indicator_rows(con, measure, ip_types, territories), territory, mergers)
        return part if cumulative_from is None else compute_cumulative_series(part, cumulative_from)

    if indicator.is_ratio:
        series = compute_ratio_series(*(summed(part.measure, part.ip_types, part.cumulative_from)
                                        for part in indicator.components))
    else:
        series = summed(indicator.measure, indicator.ip_types)
        if indicator.derive_from:
            series = extend_stock_with_flows(series, summed(indicator.derive_from["measure"],
                                                            indicator.derive_from["ip_types"]))
        if indicator.cumulative_from is not None:
            series = compute_cumulative_series(series, indicator.cumulative_from)
    return replace(series, unit=indicator.unit, shape=indicator.shape)


def load_indicator_series(con: duckdb.DuckDBPyConnection, indicator_id: str, territory: str = AS_REGISTERED,
                          register: Register | None = None) -> IndicatorSeries:
    """One indicator's series by its id, targets or not (for the pages' read(), which passes only
    plain arguments): "as_registered" means the indicator's own territory (Register.territory_of)."""
    register = register or load_target_register_from(con)
    where = register.territory_of(indicator_id) if territory == AS_REGISTERED else territory
    return load_series(con, register.indicators[indicator_id], where)


def assess_register(con: duckdb.DuckDBPyConnection, method: str = "eurostat", territory: str = AS_REGISTERED,
                    register: Register | None = None, as_of: int | None = None) -> list[TargetResult]:
    """Every target, in the register's order; "strong growth" targets see their comparison's rate.

    With `as_of`, on the figures up to that year (a report edition, a review's frozen statuses): each
    series is cut after it before any target is assessed, the comparison's rate included."""
    register = register or load_target_register_from(con)
    results: dict[str, TargetResult] = {}
    series_cache: dict[tuple[str, str], IndicatorSeries] = {}
    # Targets another compares with go first, so their actual rate is known.
    order = sorted(register.targets, key=lambda target: "compare_with" in target.target)
    for target in order:
        where = target.territory_basis if territory == AS_REGISTERED else territory
        key = (target.indicator, where)
        if key not in series_cache:
            series = load_series(con, register.indicators[target.indicator], where)
            series_cache[key] = series if as_of is None else truncate_series(series, as_of)
        compare_with = target.target.get("compare_with")
        comparison = results[compare_with].assessment.pace.actual if compare_with in results else None
        assessment = compute_assessment(target, series_cache[key], method, comparison_cagr=comparison)
        results[target.id] = TargetResult(target.id, target.plan, target.indicator, target.reference,
                                          assessment, series_cache[key])
    return [results[target.id] for target in register.targets]


def group_by_series_territory(results: list[TargetResult]) -> dict[str, list[TargetResult]]:
    """An indicator's targets by the territory of the series they are judged on, in the register's order.

    Read as registered, Plan 151 judges the former city and Decisions 2724 and 1068 the merged one: a
    chart draws each group on its own series, never one territory's path over another's figures."""
    groups: dict[str, list[TargetResult]] = {}
    for result in results:
        groups.setdefault(result.series.territory, []).append(result)
    return groups
