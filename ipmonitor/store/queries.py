"""Read-only queries behind the pages and exports; each runs one named SQL file with bound parameters."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import duckdb
import pandas as pd

from ipmonitor.store import db


@dataclass(frozen=True)
class FigureFilter:
    """Which current figures to show; None or empty means no restriction."""

    territories: tuple[str, ...] | None = None
    ip_types: tuple[str, ...] | None = None
    measures: tuple[str, ...] | None = None
    year_from: int | None = None
    year_to: int | None = None


def _as_list(values: Sequence[str] | None) -> list[str] | None:
    return list(values) if values else None


def _filter_parameters(where: FigureFilter) -> dict:
    return {"territories": _as_list(where.territories), "ip_types": _as_list(where.ip_types),
            "measures": _as_list(where.measures), "year_from": where.year_from, "year_to": where.year_to}


def load_current_figures(con: duckdb.DuckDBPyConnection, lang: str = "vi", where: FigureFilter = FigureFilter(),
                         limit: int | None = None) -> pd.DataFrame:
    """Current figures with names in `lang`, their source and batch; the first `limit` rows if given."""
    return db.query_df(con, "current_figures", {"lang": lang, "limit": limit, **_filter_parameters(where)})


def load_figure_filter_summary(con: duckdb.DuckDBPyConnection, where: FigureFilter = FigureFilter()) -> dict:
    """How many current figures `where` matches, and their source codes."""
    row = db.query_df(con, "figure_filter_summary", _filter_parameters(where)).iloc[0]
    return {"figures": int(row["figures"]), "sources": tuple(row["sources"])}


def load_last_batch(con: duckdb.DuckDBPyConnection) -> dict | None:
    """The newest batch (number, kind, user, time, file), or None before any load."""
    frame = db.query_df(con, "last_batch")
    return None if frame.empty else frame.iloc[0].to_dict()


def load_data_version(con: duckdb.DuckDBPyConnection) -> tuple:
    """What the data are now (database id, latest batch, latest restore, reference lists), as a tuple
    that changes whenever a document built from them would."""
    return tuple(db.execute(con, "data_version")[0])


def load_provenance_summary(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Counts of current figures, illustrative ones among them, and distinct sources."""
    row = db.query_df(con, "figure_provenance_summary").iloc[0]
    return {name: int(value) for name, value in row.items()}


def load_sources_in_use(con: duckdb.DuckDBPyConnection, codes: Sequence[str] | None = None) -> pd.DataFrame:
    """Sources of the current figures (optionally only some codes), with their figure counts."""
    return db.query_df(con, "sources_in_use", {"codes": _as_list(codes)})


def load_reference_names(con: duckdb.DuckDBPyConnection, lang: str) -> dict[str, dict[str, str]]:
    """For each of territory, ip_type, measure: code -> display name, in display order."""
    frame = db.query_df(con, "reference_names", {"lang": lang})
    return {kind: dict(zip(group["code"], group["name"])) for kind, group in frame.groupby("kind", sort=False)}


def load_year_range(con: duckdb.DuckDBPyConnection) -> tuple[int, int] | None:
    """First and last year with a current figure, None when there is none."""
    first, last = db.execute(con, "year_range")[0]
    return None if first is None else (int(first), int(last))


def load_batch_history(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every batch, newest first."""
    return db.query_df(con, "batch_history")


def load_indicator_rows(con: duckdb.DuckDBPyConnection, measure: str, ip_types: Sequence[str],
                        territories: Sequence[str]) -> pd.DataFrame:
    """Year, territory, value and number of IP types of one indicator on the given territories."""
    return db.query_df(con, "indicator_rows", {"measure": measure, "ip_types": list(ip_types),
                                               "territories": list(territories)})


def load_ip_type_breakdown(con: duckdb.DuckDBPyConnection, measure: str, territories: Sequence[str]) -> pd.DataFrame:
    """Year, territory, IP type, value, source and source kind of one measure, top-level types only."""
    return db.query_df(con, "ip_type_breakdown", {"measure": measure, "territories": list(territories)})


def load_breakdown_sources(con: duckdb.DuckDBPyConnection, measures: Sequence[str],
                           territories: Sequence[str]) -> list[str]:
    """Source codes behind the top-level types' figures of some measures on some territories."""
    frame = db.query_df(con, "breakdown_sources", {"measures": list(measures), "territories": list(territories)})
    return list(frame["code"])


def load_batch_changes(con: duckdb.DuckDBPyConnection, batch_id: int) -> pd.DataFrame:
    """What one batch wrote, cell by cell, beside the version before (status added, changed, withdrawn)."""
    return db.query_df(con, "batch_changes", {"batch_id": batch_id})
