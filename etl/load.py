"""Stage 4, load: compare normalised figures with the database and write the difference in one transaction.

Nothing is updated in place: an added or changed figure becomes a new version tied to a new batch, and a
revert is itself a batch that writes the earlier versions again (or withdraws keys the batch added).
Before either writes anything, the database is backed up (etl/backup.py); when that backup cannot be
made, BackupFailed is raised and nothing is written.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from etl.backup import backup_before_write, next_batch_label
from etl.normalise import Normalised
from ipmonitor import db
from ipmonitor.tracker import FIGURES, load_batch_subject


class StalePreview(Exception):
    """Another batch was written after the preview was computed; the preview must be made again."""


class WrongSubject(ValueError):
    """A batch of one record (figures, or the plan tracker's task statuses or report receipts) was
    given to the revert of another: figures are undone by revert_batch, the tracker by
    etl.tracker.revert_tracker_batch."""

    def __init__(self, batch_id: int, subject: str | None, expected: str) -> None:
        super().__init__(f"batch {batch_id} changed {subject or 'nothing (no such batch)'}, not {expected}")
        self.batch_id = batch_id
        self.subject = subject
        self.expected = expected


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


@dataclass
class RevertResult:
    """The outcome of a revert: its own batch (None when nothing was reverted) and what it skipped."""

    batch_id: int | None
    restored: int = 0
    withdrawn: int = 0
    conflicts: list[tuple] = field(default_factory=list)


def utc_now() -> dt.datetime:
    """Batches are stamped in UTC (naive), whatever the server's time zone; pages show Viet Nam time."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def latest_batch_id(con: duckdb.DuckDBPyConnection) -> int:
    """The newest batch number, 0 for an empty database."""
    return db.execute(con, "latest_batch_id")[0][0]


def refresh_current_figures(con: duckdb.DuckDBPyConnection, batch_id: int) -> None:
    """Bring the current_figure table up to date with a batch just written; call it inside the
    batch's transaction, so that the figures and their current view never disagree."""
    db.execute(con, "refresh_current_figures", {"batch_id": batch_id})


def compute_changes(con: duckdb.DuckDBPyConnection, normalised: Normalised) -> ChangeSet:
    """Compare incoming figures with the current ones (reads only)."""
    base = latest_batch_id(con)
    con.register("incoming", normalised.figures)
    try:
        rows = db.query_df(con, "diff_incoming")
    finally:
        con.unregister("incoming")
    return ChangeSet(rows=rows, new_sources=normalised.new_sources, base_batch_id=base)


def apply_changes(con: duckdb.DuckDBPyConnection, changes: ChangeSet, *, loaded_by: str,
                  file_name: str | None, sha256: str | None, note: str | None) -> int | None:
    """Write the added and changed figures as one new batch; None when there is nothing to write.

    Raises StalePreview when a batch was written since `changes` was computed: the caller shows a
    fresh preview instead of silently overwriting someone else's update. Raises BackupFailed when the
    backup taken first cannot be written.
    """
    if changes.is_empty:
        return None
    # Checked before the backup too, so that a stale preview costs no backup; checked again below,
    # inside the transaction, where it counts.
    if latest_batch_id(con) != changes.base_batch_id:
        raise StalePreview()
    backup_before_write(con, next_batch_label(con))
    pending = changes.rows[changes.rows["status"] != "unchanged"]
    con.register("pending", pending)
    con.register("new_sources", changes.new_sources)
    try:
        with db.transaction(con):
            if latest_batch_id(con) != changes.base_batch_id:
                raise StalePreview()
            db.execute(con, "insert_new_sources")
            batch_id = db.execute(con, "insert_batch", {
                "kind": "load", "loaded_by": loaded_by, "loaded_at": utc_now(), "file_name": file_name, "sha256": sha256,
                "rows_added": changes.count("added"), "rows_changed": changes.count("changed"),
                "rows_unchanged": changes.count("unchanged"), "rows_withdrawn": 0,
                "note": note, "reverts_batch": None,
            })[0][0]
            db.execute(con, "insert_figure_versions", {"batch_id": batch_id})
            refresh_current_figures(con, batch_id)
    finally:
        con.unregister("pending")
        con.unregister("new_sources")
    return batch_id


def batch_exists(con: duckdb.DuckDBPyConnection, batch_id: int) -> bool:
    """True when a batch with this number exists."""
    return db.execute(con, "batch_exists", {"batch_id": batch_id})[0][0] == 1


def revert_batch(con: duckdb.DuckDBPyConnection, batch_id: int, *, loaded_by: str,
                 note: str | None = None) -> RevertResult:
    """Undo a batch with a new batch. Figures a later batch changed again are left alone and listed.

    When there is something to undo, the database is backed up first (BackupFailed: nothing written).
    A batch of the plan tracker is refused with WrongSubject (etl.tracker.revert_tracker_batch undoes it).
    """
    subject = load_batch_subject(con, batch_id)
    if subject not in (None, FIGURES):  # None: no such batch, which has nothing to revert, as before
        raise WrongSubject(batch_id, subject, expected=FIGURES)
    effective, conflicts = _plan_revert(con, batch_id)
    if effective.empty:
        return RevertResult(None, conflicts=conflicts)
    # The backup cannot share the revert's transaction (one transaction writes to one database), so
    # the plan is made again inside it, in case another session wrote in between.
    backup_before_write(con, next_batch_label(con))
    with db.transaction(con):
        effective, conflicts = _plan_revert(con, batch_id)
        if effective.empty:
            return RevertResult(None, conflicts=conflicts)
        withdrawn = int(effective["restore_withdrawn"].sum())
        readded = int((effective["batch_withdrew"] & ~effective["restore_withdrawn"]).sum())
        restored = len(effective) - withdrawn
        new_batch = db.execute(con, "insert_batch", {
            "kind": "revert", "loaded_by": loaded_by, "loaded_at": utc_now(), "file_name": None, "sha256": None,
            "rows_added": readded, "rows_changed": restored - readded, "rows_unchanged": 0,
            "rows_withdrawn": withdrawn, "note": note, "reverts_batch": batch_id,
        })[0][0]
        con.register("restore", effective)
        try:
            db.execute(con, "insert_revert_versions", {"batch_id": new_batch})
            refresh_current_figures(con, new_batch)
        finally:
            con.unregister("restore")
    return RevertResult(new_batch, restored=restored, withdrawn=withdrawn, conflicts=conflicts)


def _plan_revert(con: duckdb.DuckDBPyConnection, batch_id: int) -> tuple[pd.DataFrame, list[tuple]]:
    """The versions a revert would write, and the keys it must leave because a later batch changed them."""
    plan = db.query_df(con, "revert_plan", {"batch_id": batch_id})
    current = plan[plan["still_current"]]
    # Nothing to restore where the batch's version already equals the one before it.
    effective = current[~(current["batch_withdrew"] & current["restore_withdrawn"])]
    keys = plan.loc[~plan["still_current"], ["year", "ip_type", "measure", "territory"]]
    conflicts = [tuple(r) for r in keys.itertuples(index=False)]
    return effective, conflicts
