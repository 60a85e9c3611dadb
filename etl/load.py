"""Stage 4, load: compare normalised figures with the database and write the difference in one transaction.

Nothing is updated in place: an added or changed figure becomes a new version tied to a new batch, and a
revert is itself a batch that writes the earlier versions again (or withdraws keys the batch added).
Before either writes anything, the database is backed up (etl/backup.py); when that backup cannot be
made, BackupFailed is raised and nothing is written.
"""
from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from etl.batches import (FIGURE_BATCHES, Audit, FigureRows, Pending, RevertResult, latest_batch_id, no_batch_since,
                         revert, write_batch)
from etl.normalise import Normalised
from ipmonitor.store import db
from ipmonitor.tracker.records import FIGURES


@dataclass
class ChangeSet:
    """What a load would do: one row per incoming figure with its status, and the new sources."""

    rows: pd.DataFrame
    new_sources: pd.DataFrame
    base_batch_id: int

    def count(self, status: str) -> int:
        """How many figures have a status: added, changed or unchanged."""
        return int((self.rows["status"] == status).sum()) if len(self.rows) else 0

    @property
    def is_empty(self) -> bool:
        """True when loading would change nothing."""
        return self.count("added") == 0 and self.count("changed") == 0


def compute_changes(con: duckdb.DuckDBPyConnection, normalised: Normalised) -> ChangeSet:
    """Compare incoming figures with the current ones (reads only)."""
    base = latest_batch_id(con)
    con.register("incoming", normalised.figures)
    try:
        rows = db.query_df(con, "diff_incoming")
    finally:
        con.unregister("incoming")
    return ChangeSet(rows=rows, new_sources=normalised.new_sources, base_batch_id=base)



def apply_changes(con: duckdb.DuckDBPyConnection, changes: ChangeSet, *, loaded_by: str, file_name: str | None,
                  sha256: str | None, note: str | None, audit: Audit | None = None) -> int | None:
    """Write the added and changed figures as one new batch with `audit`'s event (etl.batches.write_batch);
    None when there is nothing to write.

    Raises StalePreview when a batch was written since `changes` was computed (audited as commit_refused):
    the caller shows a fresh preview instead of silently overwriting someone else's update. Raises
    BackupFailed when the backup taken first cannot be written.
    """
    counts = {status: changes.count(status) for status in ("added", "changed", "unchanged")}
    rows = FigureRows(changes.rows[changes.rows["status"] != "unchanged"], changes.new_sources)
    return write_batch(con, FIGURE_BATCHES, Pending(rows, counts), loaded_by=loaded_by, note=note, audit=audit,
                       is_fresh=no_batch_since(changes.base_batch_id), file_name=file_name, sha256=sha256)


def batch_exists(con: duckdb.DuckDBPyConnection, batch_id: int) -> bool:
    """True when a batch with this number exists."""
    return db.execute(con, "batch_exists", {"batch_id": batch_id})[0][0] == 1


def revert_batch(con: duckdb.DuckDBPyConnection, batch_id: int, *, loaded_by: str, note: str | None = None,
                 channel: str = "app", detail: dict | None = None) -> RevertResult:
    """Undo a figures batch with a new batch, audited as `revert` (etl.batches.revert). Figures a later
    batch changed again are left alone and listed; a batch of another subject is refused with WrongSubject."""
    if not batch_exists(con, batch_id):
        return RevertResult(None)  # no such batch: nothing to revert, as before
    return revert(con, batch_id, loaded_by=loaded_by, note=note, channel=channel, detail=detail,
                  subjects=(FIGURES,))
