"""Where each value of an indicator's series comes from: the sources behind each year (the territory's
own figures, the former provinces' where rebuilt, the flows' where carried forward) and the kind of each
value that follows from them (published, derived, rebuilt, illustrative: ipmonitor.value_kinds).

What a trajectory shows beside its actual values; read through a named SQL file, the rest is pure."""
from __future__ import annotations

import duckdb
import pandas as pd

from ipmonitor.store import db
from ipmonitor.progress.series import IndicatorSeries, load_mergers, territories_needed
from ipmonitor.register.targets import Indicator, Register
from ipmonitor.value_kinds import compute_year_kinds


def load_indicator_sources(con: duckdb.DuckDBPyConnection, measure: str, ip_types, territories) -> pd.DataFrame:
    """Year, territory, source code and kind of one indicator's figures."""
    return db.query_df(con, "indicator_sources", {"measure": measure, "ip_types": list(ip_types),
                                                  "territories": list(territories)})


def compute_year_sources(series: IndicatorSeries, rows: pd.DataFrame, flow_rows: pd.DataFrame | None,
                         parts: tuple[str, ...]) -> dict[int, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Year -> (source codes, their kinds) behind each value of the series: the territory's own
    figures where reported, the former provinces' where rebuilt, the flows' where carried forward."""
    # Rows grouped by year once, in their order (a boolean filter of the frame per year was most of a
    # report's reading time).
    own, flows = _rows_by_year(rows), _rows_by_year(flow_rows) if flow_rows is not None else None
    out: dict[int, tuple[str, tuple[str, ...]]] = {}
    for year, basis in series.basis.items():
        if basis == "derived" and flows is not None:
            table, places = flows, (series.territory, *parts)
        else:
            table, places = own, parts if basis == "rebuilt" else (series.territory,)
        chosen = [(source, kind) for territory, source, kind in table.get(year, ()) if territory in places]
        out[year] = (tuple(dict.fromkeys(source for source, _ in chosen)),
                     tuple(dict.fromkeys(kind for _, kind in chosen)))
    return out


def _rows_by_year(rows: pd.DataFrame) -> dict[int, list[tuple[str, str, str]]]:
    grouped: dict[int, list[tuple[str, str, str]]] = {}
    for year, territory, source, kind in zip(rows["year"], rows["territory"], rows["source"], rows["kind"]):
        grouped.setdefault(int(year), []).append((territory, source, kind))
    return grouped


def load_year_sources(con: duckdb.DuckDBPyConnection, register: Register, indicator_id: str,
                      series: IndicatorSeries) -> dict[int, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Year -> (source codes, source kinds) behind each value of one indicator's series."""
    indicator = register.indicators[indicator_id]
    places = territories_needed(series.territory, load_mergers())
    # A share's values rest on both its parts' figures.
    rows = pd.concat([load_indicator_sources(con, part.measure, part.ip_types, places)
                      for part in indicator.components], ignore_index=True)
    flow_rows = None
    if indicator.derive_from:
        flow_rows = load_indicator_sources(con, indicator.derive_from["measure"], indicator.derive_from["ip_types"],
                                           places)
    return compute_year_sources(series, rows, flow_rows, places[1:])


def accumulates(indicator: Indicator) -> bool:
    """Whether each value of the indicator adds up the years before it (a running total)."""
    return any(part.cumulative_from is not None for part in indicator.components)


def compute_series_kinds(indicator: Indicator, series: IndicatorSeries,
                         by_year: dict[int, tuple[tuple[str, ...], tuple[str, ...]]]) -> dict[int, str]:
    """Year -> kind of each value of the series, from the sources behind it (load_year_sources)."""
    return compute_year_kinds(series.basis, {year: kinds for year, (_, kinds) in by_year.items()},
                              running=accumulates(indicator))
