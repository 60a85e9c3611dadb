"""The By-IP-type arithmetic: each type's series on a territory (rebuilt across the merger like any
indicator), its growth beside the total, its index on a base year, and the composition of the total.
Pure: frames in, frames out."""
from __future__ import annotations

import duckdb
import pandas as pd

from ipmonitor.progress import compute_cagr
from ipmonitor.queries import load_ip_type_breakdown
from ipmonitor.series import build_indicator_series, load_mergers, territories_needed

FOCUS_TYPES = ("patent", "utility_solution", "plant_variety")  # the types Plan 151 wants to grow strongly


def build_type_frame(rows: pd.DataFrame, territory: str, mergers: dict[str, tuple[str, ...]]) -> pd.DataFrame:
    """Year, ip_type, value on `territory` from rows (year, territory, ip_type, value)."""
    parts = []
    for ip_type, group in rows.groupby("ip_type", sort=False):
        series = build_indicator_series(group.assign(types=1), territory, mergers)
        parts.append(pd.DataFrame({"year": list(series.values), "ip_type": ip_type,
                                   "value": list(series.values.values())}))
    if not parts:
        return pd.DataFrame(columns=["year", "ip_type", "value"])
    return pd.concat(parts, ignore_index=True)  # types in the query's display order


def _total(frame: pd.DataFrame) -> pd.Series:
    # A year counts toward the total only if every type has a figure, so a missing type is no dip.
    counts = frame.groupby("year")["ip_type"].nunique()
    complete = counts[counts == frame["ip_type"].nunique()].index
    return frame[frame["year"].isin(complete)].groupby("year")["value"].sum()


def compute_type_growth(frame: pd.DataFrame, names: dict[str, str], base_year: int, total_name: str,
                        focus: tuple[str, ...] = FOCUS_TYPES) -> pd.DataFrame:
    """Average yearly growth from `base_year` to the latest common year, per focus type and in total."""
    total = _total(frame)
    rows = []
    latest = int(total.index.max()) if not total.empty else None
    for ip_type in focus:
        values = frame[frame["ip_type"] == ip_type].set_index("year")["value"]
        cagr = None
        if latest is not None and base_year in values and latest in values and latest > base_year:
            cagr = compute_cagr(float(values[base_year]), float(values[latest]), latest - base_year)
        rows.append({"ip_type": ip_type, "name": names.get(ip_type, ip_type), "cagr": cagr, "is_total": False})
    total_cagr = None
    if latest is not None and base_year in total.index and latest > base_year:
        total_cagr = compute_cagr(float(total[base_year]), float(total[latest]), latest - base_year)
    rows.append({"ip_type": "all_top_level", "name": total_name, "cagr": total_cagr, "is_total": True})
    result = pd.DataFrame(rows)
    result.attrs.update(base_year=base_year, latest_year=latest)
    return result


def compute_index(frame: pd.DataFrame, names: dict[str, str], base_year: int, total_name: str,
                  focus: tuple[str, ...] = FOCUS_TYPES) -> pd.DataFrame:
    """Year, name, index (base year = 100) for the focus types and the total, from the base year on."""
    pieces = []
    total = _total(frame)
    series = [(names.get(code, code), frame[frame["ip_type"] == code].set_index("year")["value"]) for code in focus]
    for name, values in series + [(total_name, total)]:
        if base_year not in values.index or values[base_year] <= 0:
            continue
        later = values[values.index >= base_year]
        pieces.append(pd.DataFrame({"year": later.index.astype(int), "name": name,
                                    "index": 100 * later.to_numpy(dtype=float) / float(values[base_year])}))
    return pd.concat(pieces, ignore_index=True) if pieces else pd.DataFrame(columns=["year", "name", "index"])


def compute_shares(frame: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """Year, name, share of the total, for the years where every type has a figure."""
    total = _total(frame)
    shares = frame[frame["year"].isin(total.index)].copy()
    shares["share"] = shares["value"] / shares["year"].map(total)
    shares["name"] = shares["ip_type"].map(lambda code: names.get(code, code))
    return shares[["year", "name", "share"]].reset_index(drop=True)


def select_flows(frames: dict[str, pd.DataFrame], ip_type: str) -> pd.DataFrame:
    """Year, measure_name, value of one IP type from type frames keyed by the measure's display name."""
    parts = [frame[frame["ip_type"] == ip_type].assign(measure_name=name) for name, frame in frames.items()]
    return pd.concat(parts, ignore_index=True)[["year", "measure_name", "value"]]


def load_type_frame(con: duckdb.DuckDBPyConnection, measure: str, territory: str) -> pd.DataFrame:
    """Year, ip_type, value of one measure on `territory`, read and rebuilt across the merger; one
    call, so that a page can cache the whole of it."""
    mergers = load_mergers()
    rows = load_ip_type_breakdown(con, measure, territories_needed(territory, mergers))
    return build_type_frame(rows, territory, mergers)
