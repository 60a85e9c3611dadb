"""The plan tracker, write side: preview task statuses and report receipts, write them as one batch, and
revert such a batch.

The same stages as a figures file: check (etl/tracker_checks.py: every problem at once, with row and
field) → preview (here: compared with the current records, writing nothing) → commit (etl/batches.py: a
backup, then one transaction holding the batch, its versions and its audit event). A preview remembers a
fingerprint of the current versions of the keys it touches; a commit made after someone else changed one
of them is refused with StalePreview.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any, Sequence

import duckdb
import pandas as pd

from etl.batches import RECEIPT_BATCHES, TASK_BATCHES, Audit, Pending, RevertResult, revert, write_batch
from etl.problems import Problem, has_errors
from etl.tracker_checks import (ReportReceiptChange, TaskStatusChange, TrackerProblem,
                                validate_receipt_changes, validate_task_changes)
from ipmonitor.vietnam_time import vietnam_today
from ipmonitor.tracker.records import (FIELDS, KEYS, REPORT_RECEIPT, TASK_STATUS, TRACKER_SUBJECTS,
                                       as_tracker_rules, compute_field_changes, load_report_receipts,
                                       load_task_statuses, object_frame, plain)

# The entries and their checks are the check stage's; named here too for the pages and tests that enter them.
__all__ = ["AUDIT_ACTION", "ReportReceiptChange", "TaskStatusChange", "TrackerProblem", "TrackerReview",
           "commit_tracker_review", "compute_fingerprint", "compute_tracker_diff", "prepare_receipt_changes",
           "prepare_task_changes", "revert_tracker_batch", "validate_receipt_changes", "validate_task_changes"]
AUDIT_ACTION = {TASK_STATUS: "task_status_update", REPORT_RECEIPT: "report_receipt_update"}


@dataclass
class TrackerReview:
    """A tracker submission being reviewed: its problems, and when it has no error, one row per change
    (keys, old_<field>, new_<field>, change: added, changed or unchanged) and the fingerprint of the
    current versions of its keys that the comparison was made against."""

    subject: str
    problems: list[Problem]
    rows: pd.DataFrame
    fingerprint: str

    @property
    def ok(self) -> bool:
        """True when nothing blocks the commit."""
        return not has_errors(self.problems)

    def count(self, change: str) -> int:
        """How many rows are added, changed or unchanged."""
        return int((self.rows["change"] == change).sum()) if len(self.rows) else 0

    @property
    def is_empty(self) -> bool:
        """True when committing would write nothing."""
        return self.count("added") == 0 and self.count("changed") == 0

    @property
    def counts(self) -> dict[str, int]:
        """added, changed, unchanged."""
        return {change: self.count(change) for change in ("added", "changed", "unchanged")}

    def rows_with(self, change: str) -> pd.DataFrame:
        """The rows to add, to change (old → new) or kept unchanged."""
        return self.rows[self.rows["change"] == change] if len(self.rows) else self.rows

    @property
    def field_changes(self) -> pd.DataFrame:
        """One row per key and field that changes, old → new."""
        return compute_field_changes(self.rows, self.subject)


# ---- compare (reads only) --------------------------------------------------------------------------

def _load_current(con: duckdb.DuckDBPyConnection, subject: str) -> pd.DataFrame:
    """The current versions of one subject (tens of rows a year, so all of them)."""
    return load_task_statuses(con) if subject == TASK_STATUS else load_report_receipts(con)


def _key(values: dict, subject: str) -> tuple:
    return tuple(int(values[k]) if k == "year" else values[k] for k in KEYS[subject])


def compute_fingerprint(current: pd.DataFrame, keys: list[tuple], subject: str) -> str:
    """A digest of which version is current for each key (none, for a key without one): it changes
    when anyone writes, reverts or withdraws one of these keys, and only then."""
    versions = {_key(r, subject): int(r["version_id"]) for r in current.to_dict("records")}
    state = sorted([list(key), versions.get(key)] for key in set(keys))
    return hashlib.sha256(json.dumps(state, default=str).encode()).hexdigest()


def compute_tracker_diff(incoming: pd.DataFrame, current: pd.DataFrame, subject: str) -> pd.DataFrame:
    """Each incoming row beside the current version of its key: added (none), unchanged (every field
    equal) or changed."""
    by_key = {_key(r, subject): r for r in current.to_dict("records")}
    rows = []
    for row in incoming.to_dict("records"):
        old = by_key.get(_key(row, subject))
        out = dict(row)
        for name in FIELDS[subject]:
            out[f"old_{name}"] = None if old is None else plain(old[name])
        same = old is not None and all(plain(row[f"new_{n}"]) == out[f"old_{n}"] for n in FIELDS[subject])
        out["change"] = "added" if old is None else "unchanged" if same else "changed"
        rows.append(out)
    columns = ["_row", *KEYS[subject], *(f"{side}_{n}" for n in FIELDS[subject] for side in ("old", "new")),
               "change"]
    return object_frame(rows, columns)


def _prepare(con: duckdb.DuckDBPyConnection, subject: str, problems: list[Problem],
             incoming: pd.DataFrame) -> TrackerReview:
    current = _load_current(con, subject)
    ok = not has_errors(problems)
    # A submission with errors is shown with its problems only: no comparison, nothing to commit.
    incoming = incoming if ok else incoming.iloc[:0]
    keys = [_key(r, subject) for r in incoming.to_dict("records")]
    fingerprint = compute_fingerprint(current, keys, subject)
    rows = compute_tracker_diff(incoming, current, subject)
    return TrackerReview(subject, problems, rows, fingerprint)


def prepare_task_changes(con: duckdb.DuckDBPyConnection, changes: Sequence[TaskStatusChange],
                         register: Any) -> TrackerReview:
    """Check task statuses against the plan register (a PlanRegister or TrackerRules) and compare them
    with the current ones; writes nothing."""
    problems, incoming = validate_task_changes(changes, as_tracker_rules(register))
    return _prepare(con, TASK_STATUS, problems, incoming)


def prepare_receipt_changes(con: duckdb.DuckDBPyConnection, changes: Sequence[ReportReceiptChange],
                            register: Any, *, today: dt.date | None = None) -> TrackerReview:
    """Check report receipts against the plan register (a PlanRegister or TrackerRules) and compare
    them with the current ones; writes nothing. `today` (Viet Nam's date by default) bounds the dates."""
    today = today or vietnam_today()
    problems, incoming = validate_receipt_changes(changes, as_tracker_rules(register), today)
    return _prepare(con, REPORT_RECEIPT, problems, incoming)


# ---- load (one transaction) ------------------------------------------------------------------------

def _current_fingerprint(con: duckdb.DuckDBPyConnection, review: TrackerReview) -> str:
    keys = [_key(r, review.subject) for r in review.rows.to_dict("records")]
    return compute_fingerprint(_load_current(con, review.subject), keys, review.subject)


_BATCHES = {TASK_STATUS: TASK_BATCHES, REPORT_RECEIPT: RECEIPT_BATCHES}


def commit_tracker_review(con: duckdb.DuckDBPyConnection, review: TrackerReview, *, loaded_by: str,
                          note: str | None, channel: str = "app") -> int | None:
    """Write a review's added and changed rows as one batch, with its audit event (etl.batches.write_batch);
    None when it changes nothing (no backup, no batch).

    Raises ValueError for a review with errors, StalePreview when someone changed one of its keys since
    the preview (recorded in the audit log as commit_refused), BackupFailed when the backup taken first
    cannot be written (nothing is written).
    """
    if not review.ok:
        raise ValueError("a tracker submission with errors cannot be committed")
    if review.subject not in TRACKER_SUBJECTS:
        raise ValueError(f"not a tracker subject: {review.subject!r}")
    counts = review.counts
    pending = pd.concat([review.rows_with("added"), review.rows_with("changed")]).sort_values("_row")
    return write_batch(con, _BATCHES[review.subject], Pending(pending.assign(withdrawn=False), counts),
                       loaded_by=loaded_by, note=note,
                       audit=Audit(AUDIT_ACTION[review.subject], {"subject": review.subject, "counts": counts},
                                   channel=channel),
                       is_fresh=lambda con: _current_fingerprint(con, review) == review.fingerprint)


def revert_tracker_batch(con: duckdb.DuckDBPyConnection, batch_id: int, *, loaded_by: str,
                         note: str | None = None, channel: str = "app") -> RevertResult:
    """Undo a tracker batch with a new batch (kind revert, same subject), audited as `revert`
    (etl.batches.revert): each key goes back to its version before the batch, or is withdrawn where the
    batch first recorded it. Keys a later batch changed again are left alone and listed in `conflicts`;
    batch_id is None when nothing was left to undo.

    Raises WrongSubject for a figure batch or a batch that does not exist, BackupFailed when the backup
    taken first cannot be written (nothing is written).
    """
    return revert(con, batch_id, loaded_by=loaded_by, note=note, channel=channel, subjects=TRACKER_SUBJECTS)
