"""What an analyst reviews before committing: a file's problems and the changes it would make, with the
jumps of more than half from the year before flagged for a second look.

The command line and the upload page show the same tables (ipmonitor/changes/change_tables.py).
"""
from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from etl.load import ChangeSet
from etl.pipeline import Prepared, prepare_bytes, prepare_raw
from etl.read import RawTable
from ipmonitor.store import db

# A yearly count that moves by more than half is more often a typing slip (an extra zero, a cumulative
# total in a yearly column) than news; the analyst confirms it before it is written.
JUMP_THRESHOLD = 0.5


def compute_jumps(rows: pd.DataFrame, previous: pd.DataFrame) -> pd.DataFrame:
    """The preview's rows with the year before's value, the relative change from it, and `flagged` for
    an added or changed figure that moves by more than JUMP_THRESHOLD (or from zero to more).
    `previous` is matched on every column it shares with `rows` (the figure's key)."""
    out = rows.merge(previous, on=[c for c in previous.columns if c != "previous_value"], how="left")
    prev = out["previous_value"].astype("Float64")
    new = out["new_value"].astype("Float64")
    out["jump"] = ((new - prev) / prev).where(prev > 0)
    from_zero = (prev == 0) & (new > 0)
    writes = out["status"].isin(["added", "changed"])
    out["flagged"] = (writes & ((out["jump"].abs() > JUMP_THRESHOLD) | from_zero)).fillna(False).astype(bool)
    return out


def load_jumps(con: duckdb.DuckDBPyConnection, changes: ChangeSet) -> pd.DataFrame:
    """compute_jumps with the year before read from the file itself and from the current figures."""
    con.register("preview_rows", changes.rows)
    try:
        previous = db.query_df(con, "previous_year_values")
    finally:
        con.unregister("preview_rows")
    return compute_jumps(changes.rows, previous)


@dataclass
class Review:
    """A file or an edit being reviewed: where it came from (to check it again when the database moved
    on), what was found, and the jumps to confirm."""

    origin: str  # "upload" or "edit"
    content: bytes | RawTable
    file_name: str
    prepared: Prepared
    jumps: pd.DataFrame | None

    @property
    def flagged(self) -> int:
        """How many figures move by more than half from the year before."""
        return 0 if self.jumps is None else int(self.jumps["flagged"].sum())

    @property
    def writes(self) -> pd.DataFrame:
        """The rows that a commit would write (added or changed), flagged ones first, each group in the
        preview's reading order (series by series, years in order)."""
        if self.jumps is None:
            return pd.DataFrame()
        rows = self.jumps[self.jumps["status"] != "unchanged"]
        return rows.sort_values("flagged", ascending=False, kind="stable")


def prepare_review(con: duckdb.DuckDBPyConnection, origin: str, content: bytes | RawTable, file_name: str) -> Review:
    """Check an upload (bytes) or an edit (a table of rows) and compute its preview; writes nothing."""
    if origin == "upload":
        prepared = prepare_bytes(con, content, file_name)
    else:
        prepared = prepare_raw(con, content)
    jumps = load_jumps(con, prepared.changes) if prepared.ok else None
    return Review(origin, content, file_name, prepared, jumps)
