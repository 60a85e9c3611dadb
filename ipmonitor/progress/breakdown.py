"""The By-IP-type arithmetic: each type's series on a territory (rebuilt across the merger like any
indicator), its growth beside the total, its index on a base year, and the composition of the total.
Each value keeps its kind (ipmonitor.value_kinds): a rate, an index or a share has the weakest kind of
the figures it is computed from. Pure: frames in, frames out."""
from __future__ import annotations

import duckdb
import pandas as pd

from ipmonitor.progress.growth import compute_cagr
from ipmonitor.store.queries import load_ip_type_breakdown
from ipmonitor.progress.year_sources import compute_year_sources
from ipmonitor.progress.series import build_indicator_series, load_mergers, territories_needed
from ipmonitor.value_kinds import compute_year_kinds, weakest_kind

FOCUS_TYPES = ("patent", "utility_solution", "plant_variety")  # the types Plan 151 wants to grow strongly


def build_type_frame(rows: pd.DataFrame, territory: str, mergers: dict[str, tuple[str, ...]]) -> pd.DataFrame:
    """Year, ip_type, value, kind on `territory` from rows (year, territory, ip_type, value, source, kind):
    the kind of a year rebuilt from the former provinces is the weakest of theirs, and at best "rebuilt"."""
    parts = []
    for ip_type, group in rows.groupby("ip_type", sort=False):
        series = build_indicator_series(group.assign(types=1), territory, mergers)
        by_year = compute_year_sources(series, group, None, mergers.get(territory, ()))
        kinds = compute_year_kinds(series.basis, {year: kinds for year, (_, kinds) in by_year.items()})
        parts.append(pd.DataFrame({"year": list(series.values), "ip_type": ip_type,
                                   "value": list(series.values.values()), "kind": [kinds[y] for y in series.values]}))
    if not parts:
        return pd.DataFrame(columns=["year", "ip_type", "value", "kind"])
    return pd.concat(parts, ignore_index=True)  # types in the query's display order


def _kinds_by_year(frame: pd.DataFrame) -> dict[int, str]:
    """Year -> the weakest kind among every type's value that year (what a total or a share rests on)."""
    return {int(year): weakest_kind(group) for year, group in frame.groupby("year")["kind"]}


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
        own = frame[frame["ip_type"] == ip_type].set_index("year")
        values = own["value"]
        cagr = kind = None
        if latest is not None and base_year in values and latest in values and latest > base_year:
            cagr = compute_cagr(float(values[base_year]), float(values[latest]), latest - base_year)
            kind = weakest_kind((own["kind"][base_year], own["kind"][latest]))
        rows.append({"ip_type": ip_type, "name": names.get(ip_type, ip_type), "cagr": cagr, "is_total": False,
                     "kind": kind})
    total_cagr = total_kind = None
    if latest is not None and base_year in total.index and latest > base_year:
        total_cagr = compute_cagr(float(total[base_year]), float(total[latest]), latest - base_year)
        by_year = _kinds_by_year(frame)
        total_kind = weakest_kind((by_year[base_year], by_year[latest]))
    rows.append({"ip_type": "all_top_level", "name": total_name, "cagr": total_cagr, "is_total": True,
                 "kind": total_kind})
    result = pd.DataFrame(rows)
    result.attrs.update(base_year=base_year, latest_year=latest)
    return result


def compute_index(frame: pd.DataFrame, names: dict[str, str], base_year: int, total_name: str,
                  focus: tuple[str, ...] = FOCUS_TYPES) -> pd.DataFrame:
    """Year, name, index (base year = 100) and kind for the focus types and the total, from the base
    year on; an index has the weakest kind of its year's value and the base year's."""
    pieces = []
    total = _total(frame)
    series = [(names.get(code, code), frame[frame["ip_type"] == code].set_index("year")["value"],
               frame[frame["ip_type"] == code].set_index("year")["kind"].to_dict()) for code in focus]
    for name, values, kinds in series + [(total_name, total, _kinds_by_year(frame))]:
        if base_year not in values.index or values[base_year] <= 0:
            continue
        later = values[values.index >= base_year]
        pieces.append(pd.DataFrame({"year": later.index.astype(int), "name": name,
                                    "index": 100 * later.to_numpy(dtype=float) / float(values[base_year]),
                                    "kind": [weakest_kind((kinds[int(y)], kinds[base_year])) for y in later.index]}))
    return pd.concat(pieces, ignore_index=True) if pieces else pd.DataFrame(columns=["year", "name", "index", "kind"])


def compute_shares(frame: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """Year, name, share of the total and kind, for the years where every type has a figure; a share
    rests on every type's value of its year, so it has the weakest of their kinds."""
    total = _total(frame)
    shares = frame[frame["year"].isin(total.index)].copy()
    shares["share"] = shares["value"] / shares["year"].map(total)
    shares["name"] = shares["ip_type"].map(lambda code: names.get(code, code))
    shares["kind"] = shares["year"].map(_kinds_by_year(frame))
    return shares[["year", "name", "share", "kind"]].reset_index(drop=True)


def select_flows(frames: dict[str, pd.DataFrame], ip_type: str) -> pd.DataFrame:
    """Year, measure_name, value, kind of one IP type from type frames keyed by the measure's display name."""
    parts = [frame[frame["ip_type"] == ip_type].assign(measure_name=name) for name, frame in frames.items()]
    return pd.concat(parts, ignore_index=True)[["year", "measure_name", "value", "kind"]]


def load_type_frame(con: duckdb.DuckDBPyConnection, measure: str, territory: str) -> pd.DataFrame:
    """Year, ip_type, value of one measure on `territory`, read and rebuilt across the merger; one
    call, so that a page can cache the whole of it."""
    mergers = load_mergers()
    rows = load_ip_type_breakdown(con, measure, territories_needed(territory, mergers))
    return build_type_frame(rows, territory, mergers)
