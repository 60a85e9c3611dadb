"""The plan tracker, write side: check task statuses and report receipts, preview them, write them as one
batch, and revert such a batch.

The same stages as a figures file: validate (every problem at once, with row and column) → compare with
the current state (a preview that writes nothing) → load (a backup, then one transaction holding the
batch, its versions and its audit event). A preview remembers a fingerprint of the current versions of
the keys it touches; a commit made after someone else changed one of them is refused with StalePreview.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import unicodedata
from dataclasses import dataclass, fields
from typing import Any, Sequence
from urllib.parse import urlsplit

import duckdb
import pandas as pd

from etl.batches import RECEIPT_BATCHES, TASK_BATCHES, Audit, Pending, RevertResult, revert, write_batch
from etl.problems import Problem, has_errors, sort_problems
from ipmonitor.i18n import LANGUAGES, t
from ipmonitor.numbers import format_date, vietnam_today
from ipmonitor.text import FORMULA_TRIGGERS, fold, nfc
from ipmonitor.tracker import (BLOCKED, FIELDS, KEYS, PLAN_FIRST_YEAR, PLAN_LAST_YEAR, REPORT_RECEIPT, REPORTS,
                               TASK_STATUS, TASK_STATUSES, TRACKER_SUBJECTS, TrackerRules,
                               as_tracker_rules, compute_field_changes,
                               load_report_receipts, load_task_statuses, object_frame, plain)

NOTE_LIMIT = 1_000
REFERENCE_LIMIT = 200  # a document reference ("Báo cáo số 123/BC-SKHCN ngày 10/10/2024") fits easily
LINK_LIMIT = 2_000
AUDIT_ACTION = {TASK_STATUS: "task_status_update", REPORT_RECEIPT: "report_receipt_update"}
# Schemes that a link must never have, even where it passes as a reference (it would run or open a file).
_UNSAFE_SCHEMES = ("javascript:", "data:", "vbscript:", "file:")
# A status typed as its word in either language ("hoàn thành", "In progress") is read as its code.
_STATUS_WORDS = {fold(t(f"tracker.status.{code}", lang)): code for code in TASK_STATUSES for lang in LANGUAGES}


@dataclass
class TaskStatusChange:
    """One task's status for one year, as an analyst enters it."""

    task_id: str
    year: int
    status: str
    note: str | None = None
    evidence: str | None = None  # a document reference or an http(s) link; required for "done"
    # "blocked" only, and then required with the note (the difficulty): the agency that must act on it,
    # an agency id of the plan register or ipmonitor.tracker.CITY_PEOPLE_COMMITTEE.
    acting_agency_id: str | None = None


@dataclass
class ReportReceiptChange:
    """When one yearly report reached its recipient (None: recorded as not received)."""

    report: str  # "agency" (to the Department, by 15 October) or "city" (to the People's Committee, by 30 October)
    agency_id: str  # for "city", the compiler (the Department of Science and Technology)
    year: int
    received_on: dt.date | None
    reference: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class TrackerProblem(Problem):
    """A problem in one row of a tracker submission. `column` holds the field's key (status, year, …),
    shown in the reader's language; the message is `tracker.problem.<code>`, its params may be dates and
    texts per language, shown in the reader's language too."""

    def column_label(self, lang: str) -> str:
        """The field's name in `lang`."""
        return "" if self.column is None else t(f"tracker.field.{self.column}", lang)

    def message(self, lang: str) -> str:
        """The explanation alone, in `lang`."""
        params = {name: _localise(value, lang) for name, value in self.params.items()}
        return t(f"tracker.problem.{self.code}", lang, value=self.value, field=self.column_label(lang), **params)

    def describe(self, lang: str) -> str:
        """One line for a terminal or a log: where, what was found, and the explanation."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        return Problem.describe(_Labelled(**{**values, "column": self.column_label(lang) or None}), lang)


@dataclass(frozen=True)
class _Labelled(TrackerProblem):
    """A TrackerProblem whose column already reads in the reader's language (only inside describe)."""

    def column_label(self, lang: str) -> str:
        return self.column or ""


@dataclass(frozen=True)
class LocalText:
    """A name in each language (an agency's), as a problem's parameter: hashable, chosen when shown."""

    vi: str
    en: str


def _localise(value: object, lang: str) -> object:
    if isinstance(value, LocalText):
        return getattr(value, lang)
    if isinstance(value, dt.date):
        return format_date(value, lang)
    return value


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


# ---- validate (pure) -------------------------------------------------------------------------------

def _text(value: object) -> str | None:
    """A form's text: trimmed, composed (NFC), None when blank."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    text = nfc(str(value)).strip()
    return text or None


def _year(value: object) -> int | None:
    """A whole year from an int, an integral float or digits; None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _date(value: object) -> tuple[dt.date | None, bool]:
    """(the date, True) from a date, a timestamp, yyyy-mm-dd or dd/mm/yyyy; (None, True) when blank;
    (None, False) when it is not a date."""
    if value is None or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return None, True
    if isinstance(value, (dt.datetime, pd.Timestamp)):
        return value.date(), True
    if isinstance(value, dt.date):
        return value, True
    if isinstance(value, str):
        if not value.strip():
            return None, True
        for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return dt.datetime.strptime(value.strip(), pattern).date(), True
            except ValueError:
                continue
    return None, False


def _shown(value: object, limit: int = 80) -> str | None:
    """The value found, shortened for the problem table."""
    if value is None:
        return None
    text = str(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _has_control_characters(text: str, *, one_line: bool) -> bool:
    """Control characters; a one-line reference also refuses line breaks and invisible format
    characters (zero-width spaces pasted from a word processor), a note keeps its line breaks and tabs."""
    if one_line:
        return any(unicodedata.category(ch) in ("Cc", "Cf") for ch in text)
    return any(unicodedata.category(ch) == "Cc" and ch not in "\n\t" for ch in text)


def _looks_like_link(text: str) -> bool:
    return "://" in text or text.lower().startswith(_UNSAFE_SCHEMES)


def _text_problems(row: int, name: str, text: str | None, limit: int, *, one_line: bool) -> list[Problem]:
    """A free text that is too long, holds control characters, or would run as a spreadsheet formula."""
    if text is None:
        return []
    if len(text) > limit:
        return [TrackerProblem("too_long", row=row, column=name, value=_shown(text), params={"limit": limit})]
    if _has_control_characters(text, one_line=one_line):
        return [TrackerProblem("control_characters", row=row, column=name, value=_shown(text))]
    if text.startswith(FORMULA_TRIGGERS):
        return [TrackerProblem("formula_text", row=row, column=name, value=_shown(text))]
    return []


def _is_web_link(text: str) -> bool:
    """An absolute http(s) address with a host, on one line, without spaces."""
    if not text.lower().startswith(("http://", "https://")) or len(text) > LINK_LIMIT:
        return False
    if _has_control_characters(text, one_line=True) or any(ch.isspace() for ch in text):
        return False
    try:
        return urlsplit(text).hostname is not None
    except ValueError:  # a malformed port or address
        return False


def _evidence_problems(row: int, evidence: str) -> list[Problem]:
    """Evidence is an http(s) link, or a short one-line document reference (not a link of another kind)."""
    if evidence.lower().startswith(("http://", "https://")) or _looks_like_link(evidence):
        if _is_web_link(evidence):
            return []
        return [TrackerProblem("evidence_bad_link", row=row, column="evidence", value=_shown(evidence))]
    if len(evidence) > REFERENCE_LIMIT or _has_control_characters(evidence, one_line=True):
        return [TrackerProblem("evidence_not_reference", row=row, column="evidence", value=_shown(evidence),
                               params={"limit": REFERENCE_LIMIT})]
    return _text_problems(row, "evidence", evidence, REFERENCE_LIMIT, one_line=True)


def _status(value: object) -> str | None:
    text = _text(value)
    if text is None:
        return None
    return text if text in TASK_STATUSES else _STATUS_WORDS.get(fold(text))


def _local_name(rules: TrackerRules, agency_id: str) -> LocalText:
    return LocalText(**{lang: rules.agency_name(agency_id, lang) for lang in LANGUAGES})


def _acting_agency_problems(row: int, status: str | None, note: str | None, acting: str | None,
                            year: int | None, rules: TrackerRules) -> list[Problem]:
    """A blocked task names its difficulty (the note) and an agency that must act, one that exists in the
    year (on its 15 October, as the Tasks page counts who holds a task); no other status names one."""
    problems: list[Problem] = []
    if status == BLOCKED:
        if note is None:
            problems.append(TrackerProblem("blocked_without_note", row=row, column="note"))
        if acting is None:
            problems.append(TrackerProblem("blocked_without_agency", row=row, column="acting_agency_id"))
    if acting is None:
        return problems
    if acting not in rules.acting_agency_ids:
        problems.append(TrackerProblem("unknown_acting_agency", row=row, column="acting_agency_id",
                                       value=_shown(acting)))
    elif status is not None and status != BLOCKED:
        problems.append(TrackerProblem("acting_agency_not_blocked", row=row, column="acting_agency_id",
                                       value=acting, params={"agency": _local_name(rules, acting)}))
    elif acting in rules.agency_ids and year is not None and "agency" in rules.deadlines:
        day = dt.date(year, *rules.deadlines["agency"])
        if not rules.agency_active_on(acting, day):
            successor = rules.successor_on(acting, day)
            params: dict[str, Any] = {"agency": _local_name(rules, acting), "day": day}
            if successor:
                params.update(successor=_local_name(rules, successor), successor_id=successor)
                problems.append(TrackerProblem("acting_agency_replaced", row=row, column="acting_agency_id",
                                               value=acting, params=params))
            else:
                problems.append(TrackerProblem("acting_agency_absent", row=row, column="acting_agency_id",
                                               value=acting, params=params))
    return problems


def validate_task_changes(changes: Sequence[TaskStatusChange], rules: TrackerRules
                          ) -> tuple[list[Problem], pd.DataFrame]:
    """Every problem of a task-status submission (rows numbered from 1), and its rows cleaned
    (_row, task_id, year, new_status, new_note, new_evidence, new_acting_agency_id)."""
    problems: list[Problem] = []
    rows = []
    seen: dict[tuple, int] = {}
    for row, change in enumerate(changes, start=1):
        task_id, year = _text(change.task_id), _year(change.year)
        status, note, evidence = _status(change.status), _text(change.note), _text(change.evidence)
        acting = _text(change.acting_agency_id)
        period = rules.task_periods.get(task_id) if task_id else None
        if task_id is None:
            problems.append(TrackerProblem("missing", row=row, column="task_id"))
        elif period is None:
            problems.append(TrackerProblem("unknown_task", row=row, column="task_id", value=task_id))
        if year is None:
            problems.append(TrackerProblem("not_a_year", row=row, column="year", value=_shown(_text(change.year))))
        else:
            first, last = period or (PLAN_FIRST_YEAR, PLAN_LAST_YEAR)
            first, last = max(first, PLAN_FIRST_YEAR), min(last, PLAN_LAST_YEAR)
            if not first <= year <= last:
                code = "year_outside_task_period" if period else "year_outside_plan"
                problems.append(TrackerProblem(code, row=row, column="year", value=str(year),
                                               params={"first": first, "last": last}))
        if _text(change.status) is None:
            problems.append(TrackerProblem("missing", row=row, column="status"))
        elif status is None:
            problems.append(TrackerProblem("unknown_status", row=row, column="status", value=_shown(change.status)))
        if evidence is None:
            if status == "done":
                problems.append(TrackerProblem("done_without_evidence", row=row, column="evidence"))
        else:
            problems.extend(_evidence_problems(row, evidence))
        problems.extend(_text_problems(row, "note", note, NOTE_LIMIT, one_line=False))
        problems.extend(_acting_agency_problems(row, status, note, acting, year, rules))
        if task_id is not None and year is not None:
            key = (task_id, year)
            if key in seen:
                problems.append(TrackerProblem("duplicate_task", row=row, column="task_id", value=task_id,
                                               params={"first_row": seen[key], "year": year}))
            seen.setdefault(key, row)
        rows.append({"_row": row, "task_id": task_id, "year": year, "new_status": status, "new_note": note,
                     "new_evidence": evidence, "new_acting_agency_id": acting})
    return sort_problems(problems), object_frame(rows, ["_row", *KEYS[TASK_STATUS],
                                                         *(f"new_{f}" for f in FIELDS[TASK_STATUS])])


def validate_receipt_changes(changes: Sequence[ReportReceiptChange], rules: TrackerRules, today: dt.date
                             ) -> tuple[list[Problem], pd.DataFrame]:
    """Every problem of a report-receipt submission (rows numbered from 1), and its rows cleaned
    (_row, report, agency_id, year, new_received_on, new_reference, new_note)."""
    problems: list[Problem] = []
    rows = []
    seen: dict[tuple, int] = {}
    for row, change in enumerate(changes, start=1):
        report, agency_id, year = _text(change.report), _text(change.agency_id), _year(change.year)
        received_on, is_date = _date(change.received_on)
        reference, note = _text(change.reference), _text(change.note)
        if report is None:
            problems.append(TrackerProblem("missing", row=row, column="report"))
        elif report not in REPORTS:
            problems.append(TrackerProblem("unknown_report", row=row, column="report", value=_shown(report)))
        if agency_id is None:
            problems.append(TrackerProblem("missing", row=row, column="agency_id"))
        elif agency_id not in rules.agency_ids:
            problems.append(TrackerProblem("unknown_agency", row=row, column="agency_id", value=agency_id))
        elif report == "city" and agency_id != rules.compiler:
            problems.append(TrackerProblem("city_report_not_compiler", row=row, column="agency_id", value=agency_id,
                                           params={"compiler": _local_name(rules, rules.compiler)}))
        elif report == "agency" and agency_id in rules.not_reporting:
            problems.append(TrackerProblem("agency_not_reporting", row=row, column="agency_id", value=agency_id,
                                           params={"agency": _local_name(rules, agency_id)}))
        if year is None:
            problems.append(TrackerProblem("not_a_year", row=row, column="year", value=_shown(_text(change.year))))
        elif not rules.first_report_year <= year <= PLAN_LAST_YEAR:
            problems.append(TrackerProblem("year_outside_reports", row=row, column="year", value=str(year),
                                           params={"first": rules.first_report_year, "last": PLAN_LAST_YEAR}))
        elif agency_id in rules.agency_ids and report in REPORTS:
            deadline = dt.date(year, *rules.deadlines[report])
            if not rules.agency_active_on(agency_id, deadline):
                successor = rules.successor_on(agency_id, deadline)
                params: dict[str, Any] = {"agency": _local_name(rules, agency_id), "deadline": deadline}
                if successor:
                    problems.append(TrackerProblem("agency_replaced", row=row, column="agency_id", value=agency_id,
                                                   params={**params, "successor": _local_name(rules, successor),
                                                           "successor_id": successor}))
                else:
                    problems.append(TrackerProblem("agency_absent", row=row, column="agency_id", value=agency_id,
                                                   params=params))
        if not is_date:
            problems.append(TrackerProblem("not_a_date", row=row, column="received_on",
                                           value=_shown(change.received_on)))
        elif received_on is not None:
            if received_on > today:
                problems.append(TrackerProblem("received_in_future", row=row, column="received_on",
                                               value=received_on.isoformat(), params={"today": today}))
            elif year is not None and received_on < dt.date(year, 1, 1):
                problems.append(TrackerProblem("received_before_year", row=row, column="received_on",
                                               value=received_on.isoformat(), params={"year": year}))
        if reference is not None and _looks_like_link(reference):
            problems.append(TrackerProblem("reference_is_link", row=row, column="reference", value=_shown(reference)))
        else:
            problems.extend(_text_problems(row, "reference", reference, REFERENCE_LIMIT, one_line=True))
        problems.extend(_text_problems(row, "note", note, NOTE_LIMIT, one_line=False))
        if report is not None and agency_id is not None and year is not None:
            key = (report, agency_id, year)
            if key in seen:
                problems.append(TrackerProblem("duplicate_receipt", row=row, column="agency_id", value=agency_id,
                                               params={"first_row": seen[key], "year": year}))
            seen.setdefault(key, row)
        rows.append({"_row": row, "report": report, "agency_id": agency_id, "year": year,
                     "new_received_on": received_on, "new_reference": reference, "new_note": note})
    return sort_problems(problems), object_frame(rows, ["_row", *KEYS[REPORT_RECEIPT],
                                                         *(f"new_{f}" for f in FIELDS[REPORT_RECEIPT])])


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
