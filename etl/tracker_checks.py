"""The plan tracker's check stage (pure): task statuses and report receipts as an analyst enters them,
cleaned and checked against the plan register's rules, every problem at once with its row and field.

The tracker's write side in stages, like a figures file's: check (this module) → preview (etl/tracker_writes.py:
compared with the current records, a fingerprint kept) → commit (etl/batches.py: one transaction).
The text checks here (clean_text, read_date, is_web_link, …) serve the plan's reviews too.
"""
from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, fields
from typing import Any, Sequence
from urllib.parse import urlsplit

import pandas as pd

from etl.problems import Problem, sort_problems
from ipmonitor.i18n import LANGUAGES, t
from ipmonitor.numbers import format_date
from ipmonitor.text import FORMULA_TRIGGERS, fold, nfc
from ipmonitor.tracker.records import (BLOCKED, FIELDS, KEYS, PLAN_FIRST_YEAR, PLAN_LAST_YEAR, REPORT_RECEIPT,
                                       REPORTS, TASK_STATUS, TASK_STATUSES, TrackerRules, object_frame)

NOTE_LIMIT = 1_000
REFERENCE_LIMIT = 200  # a document reference ("Báo cáo số 123/BC-SKHCN ngày 10/10/2024") fits easily
LINK_LIMIT = 2_000
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
    # an agency id of the plan register or ipmonitor.tracker.records.CITY_PEOPLE_COMMITTEE.
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


# ---- validate (pure) -------------------------------------------------------------------------------

def clean_text(value: object) -> str | None:
    """A form's text: trimmed, composed (NFC), None when blank."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    text = nfc(str(value)).strip()
    return text or None


def whole_year(value: object) -> int | None:
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


def read_date(value: object) -> tuple[dt.date | None, bool]:
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


def has_control_characters(text: str, *, one_line: bool) -> bool:
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
    if has_control_characters(text, one_line=one_line):
        return [TrackerProblem("control_characters", row=row, column=name, value=_shown(text))]
    if text.startswith(FORMULA_TRIGGERS):
        return [TrackerProblem("formula_text", row=row, column=name, value=_shown(text))]
    return []


def is_web_link(text: str) -> bool:
    """An absolute http(s) address with a host, on one line, without spaces."""
    if not text.lower().startswith(("http://", "https://")) or len(text) > LINK_LIMIT:
        return False
    if has_control_characters(text, one_line=True) or any(ch.isspace() for ch in text):
        return False
    try:
        return urlsplit(text).hostname is not None
    except ValueError:  # a malformed port or address
        return False


def _evidence_problems(row: int, evidence: str) -> list[Problem]:
    """Evidence is an http(s) link, or a short one-line document reference (not a link of another kind)."""
    if evidence.lower().startswith(("http://", "https://")) or _looks_like_link(evidence):
        if is_web_link(evidence):
            return []
        return [TrackerProblem("evidence_bad_link", row=row, column="evidence", value=_shown(evidence))]
    if len(evidence) > REFERENCE_LIMIT or has_control_characters(evidence, one_line=True):
        return [TrackerProblem("evidence_not_reference", row=row, column="evidence", value=_shown(evidence),
                               params={"limit": REFERENCE_LIMIT})]
    return _text_problems(row, "evidence", evidence, REFERENCE_LIMIT, one_line=True)


def _status(value: object) -> str | None:
    text = clean_text(value)
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
        task_id, year = clean_text(change.task_id), whole_year(change.year)
        status, note, evidence = _status(change.status), clean_text(change.note), clean_text(change.evidence)
        acting = clean_text(change.acting_agency_id)
        period = rules.task_periods.get(task_id) if task_id else None
        if task_id is None:
            problems.append(TrackerProblem("missing", row=row, column="task_id"))
        elif period is None:
            problems.append(TrackerProblem("unknown_task", row=row, column="task_id", value=task_id))
        if year is None:
            problems.append(TrackerProblem("not_a_year", row=row, column="year", value=_shown(clean_text(change.year))))
        else:
            first, last = period or (PLAN_FIRST_YEAR, PLAN_LAST_YEAR)
            first, last = max(first, PLAN_FIRST_YEAR), min(last, PLAN_LAST_YEAR)
            if not first <= year <= last:
                code = "year_outside_task_period" if period else "year_outside_plan"
                problems.append(TrackerProblem(code, row=row, column="year", value=str(year),
                                               params={"first": first, "last": last}))
        if clean_text(change.status) is None:
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
        report, agency_id, year = clean_text(change.report), clean_text(change.agency_id), whole_year(change.year)
        received_on, is_date = read_date(change.received_on)
        reference, note = clean_text(change.reference), clean_text(change.note)
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
            problems.append(TrackerProblem("not_a_year", row=row, column="year", value=_shown(clean_text(change.year))))
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
