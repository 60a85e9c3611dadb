"""One write path for every kind of batch: figures, task statuses, report receipts, the plan register and
the plan's reviews.

A write is: the stale-preview check (before the backup, so that a stale preview costs none), the backup
(etl/backup.py; BackupFailed and nothing is written when it cannot be made), then one transaction holding
the check again, the batch row (and its subject row, which a figures batch has none of), the subject's
rows and the audit event. A revert is a write of the same shape, its rows planned by the batch's subject:
each key goes back to its version before the batch, or is withdrawn where the batch first recorded it;
keys a later batch changed again are left alone and named. Nothing is ever updated in place.

What differs by subject is small (a `BatchSubject`, the five of them declared at the end of this module):
how its rows are written, how a revert of one of its batches is planned, what that revert's audit event
says, and what must hold before a revert is written (the plan register's rules). They are declared here,
not in the subjects' modules (etl/load.py, etl/tracker_writes.py, etl/register_writes.py, etl/plan_review_writes.py), so that
`revert` finds any subject without importing the modules that import this one.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Protocol

import duckdb
import pandas as pd

from etl.backup import backup_before_write, next_batch_label
from etl.register_changes import check_register_revert, register_rows
from ipmonitor.store import db
from ipmonitor.store.audit import record_event, utc_now
from ipmonitor.tracker.plan_reviews import VERSIONS as REVIEW_VERSIONS
from ipmonitor.store.record_versions import VersionedTable, load_batch_versions
from ipmonitor.register.register_store import VERSIONS as REGISTER_VERSIONS
from ipmonitor.tracker.records import (FIGURES, REPORT_RECEIPT, TASK_STATUS, VERSIONS as TASK_VERSIONS,
                                       load_batch_subject, object_frame, plain)

COUNTS = ("added", "changed", "unchanged", "withdrawn")


class StalePreview(Exception):
    """Someone wrote since the preview was made; the preview must be made again (nothing written)."""


class WrongSubject(ValueError):
    """A batch of one subject was given to the revert of another (or there is no such batch)."""

    def __init__(self, batch_id: int, subject: str | None, expected: str) -> None:
        super().__init__(f"batch {batch_id} changed {subject or 'nothing (no such batch)'}, not {expected}")
        self.batch_id = batch_id
        self.subject = subject
        self.expected = expected


class RevertRefused(ValueError):
    """The records after the revert would break their rules (a target naming a plan the revert withdraws):
    nothing written. The message says which rules, one a line."""


@dataclass
class RevertResult:
    """The outcome of a revert: its own batch (None when nothing was reverted) and what it skipped."""

    batch_id: int | None
    restored: int = 0
    withdrawn: int = 0
    conflicts: list[tuple] = field(default_factory=list)


@dataclass
class Pending:
    """What one batch writes: the subject's rows (a frame the subject knows how to write), the counts its
    batch row keeps, and for a revert the keys it leaves because a later batch changed them again."""

    rows: Any
    counts: Mapping[str, int]
    conflicts: list[tuple] = field(default_factory=list)

    @property
    def restored(self) -> int:
        """For a revert: keys brought back to an earlier version (re-added ones included)."""
        return self.counts.get("added", 0) + self.counts.get("changed", 0)

    @property
    def is_empty(self) -> bool:
        """True when the batch would add, change and withdraw nothing."""
        return self.counts.get("added", 0) + self.counts.get("changed", 0) + self.counts.get("withdrawn", 0) == 0


@dataclass
class Audit:
    """The audit event a write records in its own transaction: its action, what it says (`detail`, kept
    by a refusal too), what only the written batch says (`written`), and whether it names its batch in
    the detail as well as in the event's column (the tracker's, the register's and the reviews' do)."""

    action: str
    detail: dict[str, Any]
    channel: str = "app"
    written: dict[str, Any] = field(default_factory=dict)
    names_batch: bool = True


class BatchSubject(Protocol):
    """What the machine needs from a subject."""

    name: str  # figures, task_status, report_receipt, plan_register, plan_review (migration 010)

    def write_rows(self, con: duckdb.DuckDBPyConnection, batch_id: int, rows: Any) -> None:
        """Insert the batch's rows (inside the batch's transaction)."""

    def plan_revert(self, con: duckdb.DuckDBPyConnection, batch_id: int) -> Pending:
        """The rows a revert of `batch_id` would write, and the keys it must leave."""

    def check_revert(self, con: duckdb.DuckDBPyConnection, plan: Pending) -> dict[str, Any]:
        """Raise RevertRefused when the records after the revert would break their rules; else what the
        revert's audit event says besides its counts."""

    def describe_revert(self, batch_id: int, reverts: int, plan: Pending) -> dict[str, Any]:
        """The revert's audit detail."""


def latest_batch_id(con: duckdb.DuckDBPyConnection) -> int:
    """The newest batch number, 0 for an empty database."""
    return db.execute(con, "latest_batch_id")[0][0]


def no_batch_since(batch_id: int) -> Callable[[duckdb.DuckDBPyConnection], bool]:
    """A freshness check: no batch of any subject was written after `batch_id`."""
    return lambda con: latest_batch_id(con) == batch_id


def write_batch(con: duckdb.DuckDBPyConnection, subject: BatchSubject, pending: Pending, *, loaded_by: str,
                note: str | None, audit: Audit | None, is_fresh: Callable[[duckdb.DuckDBPyConnection], bool]
                | None = None, file_name: str | None = None, sha256: str | None = None,
                backup: bool = True) -> int | None:
    """Write one batch of a subject's rows with its audit event; None when it changes nothing (no backup,
    no batch).

    Raises StalePreview when `is_fresh` says someone wrote since the preview (audited as commit_refused,
    with the audit's detail and reason "stale"), BackupFailed when the backup cannot be written. `audit`
    is None only for the shipped data that `etl init` writes, which is no one's change.
    """
    if pending.is_empty:
        return None
    return _write(con, subject, lambda con: pending, kind="load", reverts=None, loaded_by=loaded_by, note=note,
                  audit=audit, is_fresh=is_fresh, file_name=file_name, sha256=sha256, backup=backup)


def revert(con: duckdb.DuckDBPyConnection, batch_id: int, *, loaded_by: str, note: str | None = None,
           channel: str = "app", detail: Mapping[str, Any] | None = None,
           subjects: tuple[str, ...] | None = None) -> RevertResult:
    """Undo a batch, whatever its subject, with a new batch of the same subject (kind revert), audited as
    `revert` (with `detail` added, e.g. the command line's operating-system account).

    Raises WrongSubject for a batch that does not exist or (given `subjects`) is of another subject,
    RevertRefused when the records after it would break their rules, BackupFailed when the backup taken
    first cannot be written; in each case nothing is written.
    """
    name = load_batch_subject(con, batch_id)
    if name is None or (subjects is not None and name not in subjects):
        raise WrongSubject(batch_id, name, expected=" or ".join(subjects or ("any subject",)))
    subject = batch_subject(name)
    plan = subject.plan_revert(con, batch_id)
    if plan.is_empty:
        return RevertResult(None, conflicts=plan.conflicts)
    said = subject.check_revert(con, plan)

    def replan(con: duckdb.DuckDBPyConnection) -> Pending:
        # The backup cannot share the revert's transaction (one transaction writes to one database), so
        # the plan is made again inside it, in case another session wrote in between, and checked again:
        # the rules must hold for the rows written, not only for those planned before the backup.
        nonlocal plan, said
        plan = subject.plan_revert(con, batch_id)
        said = subject.check_revert(con, plan)
        return plan

    def describe(new_batch: int) -> dict[str, Any]:
        return {**subject.describe_revert(new_batch, batch_id, plan), **said, **(detail or {})}

    new_batch = _write(con, subject, replan, kind="revert", reverts=batch_id, loaded_by=loaded_by, note=note,
                       audit=Audit("revert", {}, channel, names_batch=False), describe=describe)
    if new_batch is None:
        return RevertResult(None, conflicts=plan.conflicts)
    return RevertResult(new_batch, restored=plan.restored, withdrawn=plan.counts.get("withdrawn", 0),
                        conflicts=plan.conflicts)


def batch_subject(name: str) -> BatchSubject:
    """The subject a batch's subject row names (figures: none)."""
    if name not in SUBJECTS:
        raise WrongSubject(0, name, expected=", ".join(SUBJECTS))
    return SUBJECTS[name]


def _write(con: duckdb.DuckDBPyConnection, subject: BatchSubject, make: Callable[[duckdb.DuckDBPyConnection],
           Pending], *, kind: str, reverts: int | None, loaded_by: str, note: str | None, audit: Audit | None,
           is_fresh: Callable[[duckdb.DuckDBPyConnection], bool] | None = None, file_name: str | None = None,
           sha256: str | None = None, backup: bool = True,
           describe: Callable[[int], dict[str, Any]] | None = None) -> int | None:
    if is_fresh is not None and not is_fresh(con):
        _record_refusal(con, loaded_by, audit)
        raise StalePreview()
    if backup:
        backup_before_write(con, next_batch_label(con))
    try:
        with db.transaction(con):
            if is_fresh is not None and not is_fresh(con):
                raise StalePreview()
            pending = make(con)
            if pending.is_empty:
                return None
            counts = {name: int(pending.counts.get(name, 0)) for name in COUNTS}
            batch_id = db.execute(con, "insert_batch", {
                "kind": kind, "loaded_by": loaded_by, "loaded_at": utc_now(), "file_name": file_name,
                "sha256": sha256, "rows_added": counts["added"], "rows_changed": counts["changed"],
                "rows_unchanged": counts["unchanged"], "rows_withdrawn": counts["withdrawn"], "note": note,
                "reverts_batch": reverts,
            })[0][0]
            if subject.name != FIGURES:  # a figures batch is the one without a subject row
                db.execute(con, "insert_batch_subject", {"batch_id": batch_id, "subject": subject.name})
            subject.write_rows(con, batch_id, pending.rows)
            if audit is not None:
                said = describe(batch_id) if describe is not None else {**audit.detail, **audit.written, "note": note}
                if audit.names_batch:
                    said["batch_id"] = batch_id
                record_event(con, loaded_by, audit.action, channel=audit.channel, batch_id=batch_id, detail=said)
    except StalePreview:
        _record_refusal(con, loaded_by, audit)
        raise
    return batch_id


def _record_refusal(con: duckdb.DuckDBPyConnection, loaded_by: str, audit: Audit | None) -> None:
    if audit is not None:
        record_event(con, loaded_by, "commit_refused", channel=audit.channel,
                     detail={**audit.detail, "reason": "stale"})


# ---- the subjects -----------------------------------------------------------------------------------

def refresh_current_figures(con: duckdb.DuckDBPyConnection, batch_id: int) -> None:
    """Bring the current_figure table up to date with a batch just written; call it inside the
    batch's transaction, so that the figures and their current view never disagree."""
    db.execute(con, "refresh_current_figures", {"batch_id": batch_id})


@dataclass
class FigureRows:
    """A figures batch's rows: the added and changed figures (etl.load.ChangeSet's rows) and the sources
    new to the database."""

    figures: pd.DataFrame
    new_sources: pd.DataFrame


class FigureBatches:
    """Figures as a batch subject: a batch's rows are the added and changed figures (with the sources new
    to the database); a revert restores each figure's version before the batch."""

    name = FIGURES

    def write_rows(self, con: duckdb.DuckDBPyConnection, batch_id: int, rows: FigureRows | pd.DataFrame) -> None:
        if isinstance(rows, FigureRows):
            frames = {"pending": rows.figures, "new_sources": rows.new_sources}
        else:  # a revert's plan (revert_plan.sql)
            frames = {"restore": rows}
        for name, frame in frames.items():
            con.register(name, frame)
        try:
            if isinstance(rows, FigureRows):
                db.execute(con, "insert_new_sources")
                db.execute(con, "insert_figure_versions", {"batch_id": batch_id})
            else:
                db.execute(con, "insert_revert_versions", {"batch_id": batch_id})
            refresh_current_figures(con, batch_id)
        finally:
            for name in frames:
                con.unregister(name)

    def plan_revert(self, con: duckdb.DuckDBPyConnection, batch_id: int) -> Pending:
        """The versions a revert would write, and the keys it must leave because a later batch changed them."""
        plan = db.query_df(con, "revert_plan", {"batch_id": batch_id})
        current = plan[plan["still_current"]]
        # Nothing to restore where the batch's version already equals the one before it.
        effective = current[~(current["batch_withdrew"] & current["restore_withdrawn"])]
        keys = plan.loc[~plan["still_current"], ["year", "ip_type", "measure", "territory"]]
        withdrawn = int(effective["restore_withdrawn"].sum())
        readded = int((effective["batch_withdrew"] & ~effective["restore_withdrawn"]).sum())
        counts = {"added": readded, "changed": len(effective) - withdrawn - readded, "withdrawn": withdrawn}
        return Pending(effective, counts, [tuple(r) for r in keys.itertuples(index=False)])

    def check_revert(self, con: duckdb.DuckDBPyConnection, plan: Pending) -> dict[str, Any]:
        return {}

    def describe_revert(self, batch_id: int, reverts: int, plan: Pending) -> dict[str, Any]:
        return {"reverts": reverts, "restored": plan.restored, "withdrawn": plan.counts["withdrawn"],
                "skipped": len(plan.conflicts)}


FIGURE_BATCHES = FigureBatches()


@dataclass(frozen=True)
class VersionedRecords:
    """A subject kept as versions of keyed records (task statuses, report receipts, plan reviews, the
    plan register): its rows are a frame `pending` (keys, new_<field>, withdrawn, _row) inserted by its
    SQL file; a revert writes back each key's version before the batch."""

    versions: VersionedTable
    insert_sql: str
    frame: Callable[[pd.DataFrame], pd.DataFrame] = lambda rows: rows  # the insert's own columns, where they differ
    # What must hold after a revert (ValueError: refused), and what its audit event says of it.
    rules: Callable[[duckdb.DuckDBPyConnection, pd.DataFrame], dict[str, Any]] | None = None

    @property
    def name(self) -> str:
        return self.versions.subject

    def write_rows(self, con: duckdb.DuckDBPyConnection, batch_id: int | None, rows: pd.DataFrame) -> None:
        con.register("pending", self.frame(rows))
        try:
            db.execute(con, self.insert_sql, {"batch_id": batch_id})
        finally:
            con.unregister("pending")

    def plan_revert(self, con: duckdb.DuckDBPyConnection, batch_id: int) -> Pending:
        plan = load_batch_versions(con, self.versions, batch_id)
        keys, fields = list(self.versions.keys), self.versions.fields
        conflicts = [tuple(plain(v) for v in row) for row in plan.loc[~plan["still_current"], keys]
                     .itertuples(index=False)]
        # Nothing to do where the batch withdrew a key that had nothing before it either.
        current = plan[plan["still_current"] & ~(plan["batch_withdrew"] & plan["restore_withdrawn"])]
        rows = []
        for number, row in enumerate(current.to_dict("records"), start=1):
            withdraw = bool(row["restore_withdrawn"])
            out = {"_row": number, **{key: plain(row[key]) for key in keys}, "withdrawn": withdraw,
                   "batch_withdrew": bool(row["batch_withdrew"])}
            for name in fields:  # a revert writes back the version before the batch's
                out[f"new_{name}"] = None if withdraw else plain(row[f"old_{name}"])
                out[f"old_{name}"] = plain(row[f"new_{name}"])  # what the key holds now, before the revert
            rows.append(out)
        columns = ["_row", *keys, *(f"{side}_{name}" for name in fields for side in ("old", "new")), "withdrawn",
                   "batch_withdrew"]
        frame = object_frame(rows, columns)
        withdrawn = sum(r["withdrawn"] for r in rows)
        readded = sum(r["batch_withdrew"] and not r["withdrawn"] for r in rows)
        counts = {"added": readded, "changed": len(rows) - withdrawn - readded, "unchanged": 0,
                  "withdrawn": withdrawn}
        return Pending(frame, counts, conflicts)

    def check_revert(self, con: duckdb.DuckDBPyConnection, plan: Pending) -> dict[str, Any]:
        if self.rules is None:
            return {}
        try:
            return self.rules(con, plan.rows)
        except ValueError as broken:
            raise RevertRefused(str(broken)) from broken

    def describe_revert(self, batch_id: int, reverts: int, plan: Pending) -> dict[str, Any]:
        return {"batch_id": batch_id, "reverts": reverts, "subject": self.name,
                "counts": {"restored": plan.restored, "withdrawn": plan.counts.get("withdrawn", 0),
                           "skipped": len(plan.conflicts)}}


TASK_BATCHES = VersionedRecords(TASK_VERSIONS[TASK_STATUS], "insert_task_status_versions")
RECEIPT_BATCHES = VersionedRecords(TASK_VERSIONS[REPORT_RECEIPT], "insert_report_receipt_versions")
REVIEW_BATCHES = VersionedRecords(REVIEW_VERSIONS, "insert_plan_review_versions")
# A revert of the register must leave it passing its rules; its rows are register changes.
REGISTER_BATCHES = VersionedRecords(REGISTER_VERSIONS, "insert_plan_register_versions", frame=register_rows,
                                    rules=check_register_revert)
SUBJECTS: dict[str, BatchSubject] = {subject.name: subject for subject in (
    FIGURE_BATCHES, TASK_BATCHES, RECEIPT_BATCHES, REGISTER_BATCHES, REVIEW_BATCHES)}
