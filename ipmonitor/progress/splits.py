"""An indicator shown with its parts: registration dossiers supported, at home and abroad, with the
enterprises supported beside them (data/targets/targets.yaml: parts, shown_with).

Each series is read like any indicator (rebuilt across the merger, each value with its kind and
sources). The parts are drawn as they are; where the total holds more than its parts (a year reported
before the split was asked for, or with one part missing) the rest is a part of its own, "not split";
a year whose parts and total disagree (a load refuses that, but a revert may bring it back) is named,
never drawn as if it agreed. Pure arithmetic in `compute_split`; `load_split` reads.
"""
from __future__ import annotations

import duckdb
import pandas as pd

from ipmonitor.progress.year_sources import compute_series_kinds, load_year_sources
from ipmonitor.progress.scoreboard import load_indicator_series
from ipmonitor.register.register_store import load_target_register_from
from ipmonitor.register.targets import Register
from ipmonitor.value_kinds import weakest_kind

TOTAL, PART, UNSPLIT, BESIDE = "total", "part", "unsplit", "beside"
COLUMNS = ["year", "indicator", "role", "unit", "value", "kind", "sources"]


def load_split(con: duckdb.DuckDBPyConnection, indicator_id: str, territory: str,
               register: Register | None = None) -> pd.DataFrame | None:
    """The split the indicator belongs to on `territory` (compute_split's frame), or None when it
    belongs to none. Plain arguments, for ui.cached_reads.read."""
    register = register or load_target_register_from(con)
    total_id = register.split_of(indicator_id)
    if total_id is None:
        return None
    total = register.indicators[total_id]
    rows = []
    for role, keys in ((TOTAL, (total_id,)), (PART, total.parts), (BESIDE, total.shown_with)):
        for key in keys:
            series = load_indicator_series(con, key, territory, register)
            by_year = load_year_sources(con, register, key, series)
            kinds = compute_series_kinds(register.indicators[key], series, by_year)
            rows += [{"year": int(year), "indicator": key, "role": role, "unit": series.unit, "value": float(value),
                      "kind": kinds.get(year), "sources": ", ".join(by_year.get(year, ((), ()))[0])}
                     for year, value in sorted(series.values.items())]
    return compute_split(pd.DataFrame(rows, columns=COLUMNS), total_id, len(total.parts))


def compute_split(rows: pd.DataFrame, total_id: str, n_parts: int) -> pd.DataFrame:
    """The rows (year, indicator, role, unit, value, kind, sources) with a "not split" row where the total
    holds more than its parts; `attrs["disagree"]` lists the years whose parts and total disagree (all
    parts known and a different sum, or some known and more than the total); `attrs["total"]` names
    the total's indicator; `n_parts` is how many parts the register gives the total (a part with no
    figure at all is still missing). The "not split" rest has the weakest kind of the figures it comes from."""
    frame = rows.copy()
    parts = frame[frame["role"] == PART]
    extra, disagree = [], []
    for row in frame[frame["role"] == TOTAL].itertuples(index=False):
        of_year = parts[parts["year"] == row.year]
        added = float(of_year["value"].sum())
        complete = n_parts > 0 and len(of_year) == n_parts
        if (complete and added != row.value) or added > row.value:
            disagree.append(int(row.year))
        elif added < row.value:
            extra.append({"year": int(row.year), "indicator": total_id, "role": UNSPLIT, "unit": row.unit,
                          "value": row.value - added, "kind": weakest_kind([row.kind, *of_year["kind"]]),
                          "sources": row.sources})
    if extra:
        frame = pd.concat([frame, pd.DataFrame(extra, columns=COLUMNS)], ignore_index=True)
    frame.attrs.update(total=total_id, disagree=disagree)
    return frame
