"""An indicator's yearly series on one territory, like for like across the July 2025 merger.

The merged city (from 1 July 2025) has its earlier years rebuilt from the former provinces it took in,
where all of them have a figure; a year where only some do is a break, never a silent partial sum.
A stock can be carried forward by its flow where only the flow is reported, a flow added up into a
running total from a year, and two series divided into a share. Pure: rows in, series out.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ipmonitor.paths import DATA_DIR

MERGERS_FILE = DATA_DIR / "reference" / "territory_mergers.csv"


@dataclass(frozen=True)
class IndicatorSeries:
    """Year -> value, with how each year was obtained and how many IP types it covers."""

    territory: str
    values: dict[int, float]
    basis: dict[int, str] = field(default_factory=dict)        # reported | rebuilt | derived
    coverage: dict[int, int] = field(default_factory=dict)     # IP types with a figure that year
    partial_years: tuple[int, ...] = ()                        # merged years missing a former province
    unit: str = "count"                                         # ipmonitor.units.UNITS
    shape: str = "compound"                                     # compound | linear (shares, running totals)

    @classmethod
    def reported(cls, values: dict[int, float], territory: str = "") -> "IndicatorSeries":
        return cls(territory, dict(values), {year: "reported" for year in values})

    def up_to(self, year: int) -> dict[int, float]:
        return {y: v for y, v in self.values.items() if y <= year}


def truncate_series(series: IndicatorSeries, year: int) -> IndicatorSeries:
    """The series as it stood with the figures up to `year`: later years dropped, nothing else changed."""
    def keep(mapping: dict) -> dict:
        return {y: v for y, v in mapping.items() if y <= year}
    return replace(series, values=keep(series.values), basis=keep(series.basis), coverage=keep(series.coverage),
                   partial_years=tuple(y for y in series.partial_years if y <= year))


@lru_cache(maxsize=None)
def load_mergers(path: Path = MERGERS_FILE) -> dict[str, tuple[str, ...]]:
    """Successor territory -> the former territories it took in."""
    with path.open(encoding="utf-8") as f:
        merged: dict[str, list[str]] = {}
        for row in csv.DictReader(f):
            merged.setdefault(row["successor"], []).append(row["predecessor"])
    return {successor: tuple(parts) for successor, parts in merged.items()}


def territories_needed(territory: str, mergers: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The territory and, for a merged one, the territories its past is rebuilt from."""
    return (territory, *mergers.get(territory, ()))


def build_indicator_series(rows: pd.DataFrame, territory: str,
                           mergers: dict[str, tuple[str, ...]]) -> IndicatorSeries:
    """The series of `territory` from rows (year, territory, value, types): its own figures where
    reported, otherwise, for a merged territory, the sum of its former parts when all have a figure."""
    own = rows[rows["territory"] == territory]
    values = {int(y): float(v) for y, v in zip(own["year"], own["value"])}
    basis = {year: "reported" for year in values}
    coverage = {int(y): int(n) for y, n in zip(own["year"], own["types"])}
    partial: list[int] = []
    parts = mergers.get(territory, ())
    if parts:
        former = rows[rows["territory"].isin(parts)]
        for year, group in former.groupby("year"):
            year = int(year)
            if year in values:
                continue
            if set(group["territory"]) == set(parts):
                values[year] = float(group["value"].sum())
                basis[year] = "rebuilt"
                coverage[year] = int(group["types"].min())
            else:
                partial.append(year)
    order = sorted(values)
    return IndicatorSeries(territory, {y: values[y] for y in order}, {y: basis[y] for y in order},
                           {y: coverage[y] for y in order}, tuple(sorted(partial)))


def extend_stock_with_flows(stock: IndicatorSeries, flows: IndicatorSeries) -> IndicatorSeries:
    """Carry the last reported stock forward: stock(y) = stock(y-1) + flow(y), while flows go on."""
    if not stock.values:
        return stock
    values, basis = dict(stock.values), dict(stock.basis)
    year = max(values) + 1
    while year in flows.values and year not in values:
        values[year] = values[year - 1] + flows.values[year]
        basis[year] = "derived"
        year += 1
    coverage = dict(stock.coverage)
    for derived in (y for y, how in basis.items() if how == "derived"):
        coverage[derived] = coverage.get(derived - 1, 1)
    return IndicatorSeries(stock.territory, values, basis, coverage, stock.partial_years)


def compute_cumulative_series(flows: IndicatorSeries, from_year: int) -> IndicatorSeries:
    """The running total of a flow from `from_year`: total(y) = flow(from_year) + ... + flow(y), for the
    consecutive years from `from_year` on. It stops at the first year without a figure or with a partial
    merged figure, since a total with a hole in it would read as a fall in activity."""
    values: dict[int, float] = {}
    basis: dict[int, str] = {}
    coverage: dict[int, int] = {}
    total, year = 0.0, from_year
    while year in flows.values and year not in flows.partial_years:
        total += flows.values[year]
        values[year] = total
        # A total that includes a rebuilt year is rebuilt too.
        basis[year] = "rebuilt" if "rebuilt" in (flows.basis.get(year), basis.get(year - 1)) else \
            flows.basis.get(year, "reported")
        coverage[year] = min(flows.coverage.get(year, 1), coverage.get(year - 1, flows.coverage.get(year, 1)))
        year += 1
    partial = tuple(y for y in flows.partial_years if y >= from_year)
    return IndicatorSeries(flows.territory, values, basis, coverage, partial, flows.unit, flows.shape)


def compute_ratio_series(numerator: IndicatorSeries, denominator: IndicatorSeries,
                         unit: str = "percent", shape: str = "linear") -> IndicatorSeries:
    """numerator / denominator in percent, for each year both have, the denominator above zero.

    Each part is rebuilt across the merger on its own before dividing, so the merged city's past share
    is the former provinces' counts added up and then divided, never an average of their shares. A
    year is a break when either part is."""
    years = sorted(year for year in numerator.values
                   if year in denominator.values and denominator.values[year] > 0)
    values = {year: 100 * numerator.values[year] / denominator.values[year] for year in years}
    basis = {}
    for year in years:
        kinds = {numerator.basis.get(year, "reported"), denominator.basis.get(year, "reported")}
        basis[year] = next((kind for kind in ("rebuilt", "derived") if kind in kinds), "reported")
    coverage = {year: min(numerator.coverage.get(year, 1), denominator.coverage.get(year, 1)) for year in years}
    partial = tuple(sorted(set(numerator.partial_years) | set(denominator.partial_years)))
    return IndicatorSeries(numerator.territory, values, basis, coverage, partial, unit, shape)
