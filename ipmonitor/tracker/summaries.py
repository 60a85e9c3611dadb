"""What the plan tracker says in a few lines, for the Overview and for the meeting's documents.

- The Overview's line: this year's tasks by status, and the yearly reports of the latest year whose
  deadline has passed, on time out of all due; under it, this year's blocked tasks, each with its
  difficulty and the agency that must act.
- The digest the deck and the PDF report show: for the edition's year, the blocked tasks first, the tasks
  by area and status, the tasks behind, and the yearly reports board, each as rows of text in the
  reader's language.
The counts and the board come from the Tasks and Reports pages' own modules (task_board, receipt_board),
so a document and the pages never disagree.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from typing import Callable

import duckdb
import pandas as pd

from ipmonitor.i18n import t
from ipmonitor.numbers import format_date, format_number
from ipmonitor.register.plan_register import PlanRegister
from ipmonitor.tracker.receipt_board import (compute_reports_board, count_reports_by_status,
                                             default_report_year, report_status_label)
from ipmonitor.register.register_store import load_plan_register_from
from ipmonitor.status_style import TASK_LOOKS, colours
from ipmonitor.tracker.task_board import (BOARD_STATUSES, FIRST_YEAR, LAST_YEAR, NOT_RECORDED,
                                          acting_agency_name, blocked_task_rows, compute_task_rows,
                                          count_tasks_by_status, status_label)
from ipmonitor.tracker.records import BLOCKED, load_report_receipts, load_task_statuses

# The order the line tells the tasks in: what waits for someone to act, what is finished, what moves,
# what is behind, the rest.
TASK_ORDER = (BLOCKED, "done", "in_progress", "overdue", "not_started", NOT_RECORDED)
BLOCKED_LINES = 3  # the Overview names this many blocked tasks; the Tasks page lists them all
DIFFICULTY_LENGTH = 140  # a difficulty is cut there on the Overview (whole on the Tasks page)
REPORT_ORDER = ("late", "missing", "not_due")


@dataclass(frozen=True)
class BlockedTask:
    """A blocked task of the summary's year: its id, difficulty and the agency that must act."""

    task_id: str
    difficulty: str
    acting_agency: str


@dataclass(frozen=True)
class TrackerSummary:
    """Counts of tasks by status in task_year, and of yearly reports by status for report_year; the
    blocked tasks of task_year in the Tasks page's order."""

    task_year: int
    task_counts: dict[str, int]
    report_year: int
    report_counts: dict[str, int]
    blocked: tuple[BlockedTask, ...] = ()

    @property
    def reports_due(self) -> int:
        """Every report of report_year (each agency's and the city's)."""
        return sum(self.report_counts.values())


def compute_tracker_summary(register: PlanRegister, statuses: pd.DataFrame, receipts: pd.DataFrame,
                            today: dt.date) -> TrackerSummary:
    """The summary on `today` (Viet Nam's date): tasks of this year (kept within 2021–2030), reports of
    the latest year whose 15 October deadline has passed."""
    task_year = min(max(today.year, FIRST_YEAR), LAST_YEAR)
    task_rows = compute_task_rows(register, statuses, task_year)
    report_year = default_report_year(register, today)
    board = compute_reports_board(register, receipts, report_year, today, "en")  # only the statuses are read
    blocked = tuple(BlockedTask(row.task_id, row.note, row.acting_agency)
                    for row in blocked_task_rows(task_rows).itertuples(index=False))
    return TrackerSummary(task_year, count_tasks_by_status(task_rows), report_year, count_reports_by_status(board),
                          blocked)


def load_tracker_summary(con: duckdb.DuckDBPyConnection, today: dt.date) -> TrackerSummary:
    """compute_tracker_summary on the database's register and the database's current records."""
    return compute_tracker_summary(load_plan_register_from(con), load_task_statuses(con), load_report_receipts(con), today)


def describe_tracker_summary(summary: TrackerSummary, lang: str) -> str:
    """"Tasks 2026: 3 done, 5 in progress, 2 overdue, 17 not recorded · Reports 2025: 4/15 on time,
    2 late, 9 not recorded" in `lang`; a status with no task or report is left out."""
    def status_word(status: str) -> str:
        return t("tasks_page.not_recorded", lang) if status == NOT_RECORDED else t(f"tracker.status.{status}", lang)

    parts = [t("tracker_summary.task_count", lang, count=format_number(summary.task_counts[status], lang),
               status=status_word(status)) for status in TASK_ORDER if summary.task_counts.get(status)]
    tasks = (t("tracker_summary.tasks", lang, year=summary.task_year, parts=", ".join(parts)) if parts
             else t("tracker_summary.tasks_none", lang, year=summary.task_year))
    reports = [t("tracker_summary.reports", lang, year=summary.report_year,
                 on_time=format_number(summary.report_counts.get("on_time", 0), lang),
                 total=format_number(summary.reports_due, lang))]
    reports += [t(f"tracker_summary.report_{status}", lang, count=format_number(summary.report_counts[status], lang))
                for status in REPORT_ORDER if summary.report_counts.get(status)]
    return f"{tasks} · {', '.join(reports)}"


def _shortened(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def describe_blocked_tasks(summary: TrackerSummary, register: PlanRegister, lang: str, *,
                           escape: Callable[[str], str] = str) -> list[str]:
    """The Overview's lines under the summary: "Blocked: 3.b (DOST must act): the difficulty", for the
    first BLOCKED_LINES blocked tasks, then how many more. `escape` makes the analyst's text safe where
    it is shown (markdown_literal for a Streamlit caption)."""
    shape = TASK_LOOKS[BLOCKED].shape  # the Tasks page's mark for blocked, so the line is found there too
    lines = [shape + " " + t("tracker_summary.blocked", lang, task=register.task_number(task.task_id, lang),
               agency=acting_agency_name(register, task.acting_agency, lang, short=True),
               difficulty=escape(_shortened(task.difficulty, DIFFICULTY_LENGTH)))
             for task in summary.blocked[:BLOCKED_LINES]]
    if len(summary.blocked) > BLOCKED_LINES:
        lines.append(t("tracker_summary.blocked_more", lang,
                       count=format_number(len(summary.blocked) - BLOCKED_LINES, lang)))
    return lines


# Report and task statuses in the documents' colours, from the one definition the pages use too.
REPORT_STATUS_COLOURS = colours("report")
TASK_STATUS_COLOURS = colours("task")


@dataclass(frozen=True)
class TrackerDigest:
    """What IP Monitor recorded of the plan's tasks and yearly reports for one year, as of `today`."""

    year: int
    today: dt.date
    register: PlanRegister
    statuses: pd.DataFrame     # current task statuses (ipmonitor.tracker.records.load_task_statuses)
    receipts: pd.DataFrame     # current report receipts (ipmonitor.tracker.records.load_report_receipts)

    @cached_property  # read by the counts, the tasks behind and the summary line: computed once
    def task_rows(self) -> pd.DataFrame:
        return compute_task_rows(self.register, self.statuses, self.year)

    @property
    def has_reports(self) -> bool:
        """Whether the plan asks for a yearly report for the year (2021 to the final review)."""
        return self.register.first_report_year <= self.year <= self.register.review_years.get("final", self.year)

    def board(self, lang: str) -> pd.DataFrame | None:
        """The reports board of the year (names in `lang`), or None where no report is due that year."""
        if not self.has_reports:
            return None
        return compute_reports_board(self.register, self.receipts, self.year, self.today, lang)


def load_tracker_digest(con: duckdb.DuckDBPyConnection, year: int, today: dt.date) -> TrackerDigest:
    """The digest of `year` on the database's register and the database's current records."""
    return TrackerDigest(year, today, load_plan_register_from(con), load_task_statuses(con, year),
                         load_report_receipts(con, year))


def describe_digest(digest: TrackerDigest, lang: str) -> str:
    """The Overview's line, for the edition's year: "Nhiệm vụ năm 2025: … · Báo cáo năm 2025: …"."""
    board = digest.board("en")
    summary = TrackerSummary(digest.year, count_tasks_by_status(digest.task_rows), digest.year,
                             {} if board is None else count_reports_by_status(board))
    return describe_tracker_summary(summary, lang)


def _capitalised(word: str) -> str:
    return word[:1].upper() + word[1:]


def build_task_area_rows(digest: TrackerDigest, lang: str) -> tuple[list[str], list[list[str]]]:
    """Tasks of the year by area (rows) and status (columns), with a total row and column."""
    rows_by_area = digest.task_rows
    headers = [t("tracker_export.col_area", lang),
               *(_capitalised(status_label(s, lang, marker=False)) for s in BOARD_STATUSES),
               t("tracker_export.col_total", lang)]
    rows = []
    for number, area in digest.register.areas.items():
        counts = count_tasks_by_status(rows_by_area[rows_by_area["area"] == number])
        if not sum(counts.values()):
            continue
        rows.append([f"{number}. {area.name(lang)}", *(format_number(counts[s], lang) for s in BOARD_STATUSES),
                     format_number(sum(counts.values()), lang)])
    totals = count_tasks_by_status(rows_by_area)
    rows.append([t("tracker_export.total", lang), *(format_number(totals[s], lang) for s in BOARD_STATUSES),
                 format_number(len(rows_by_area), lang)])
    return headers, rows


def list_blocked_tasks(digest: TrackerDigest, lang: str) -> list[str]:
    """The tasks recorded as blocked in the year, in the Tasks page's order: "3.b – title: the difficulty
    (must act: agency)"."""
    register = digest.register
    return [t("tracker_export.task_blocked", lang, task=register.task_number(row.task_id, lang), title=register.tasks[row.task_id].title(lang),
              difficulty=row.note, agency=acting_agency_name(register, row.acting_agency, lang, short=True))
            for row in blocked_task_rows(digest.task_rows).itertuples(index=False)]


def list_tasks_behind(digest: TrackerDigest, lang: str) -> list[str]:
    """The tasks recorded as overdue in the year: "3.b – title (lead: agency)"."""
    rows = digest.task_rows
    register = digest.register
    return [t("tracker_export.task_behind", lang, task=register.task_number(row.task_id, lang), title=register.tasks[row.task_id].title(lang),
              lead=register.agencies[row.lead].name(lang, short=True))
            for row in rows[rows["status"] == "overdue"].itertuples(index=False)]


def build_board_rows(digest: TrackerDigest, lang: str) -> tuple[list[str], list[list[str]], list[str]]:
    """The reports board as text rows (report, deadline, received, status, days after the deadline) and
    each row's status; no rows where no report is due that year."""
    headers = [t("reports_page.col_report", lang), t("reporting.col_deadline", lang),
               t("reporting.col_received_on", lang), t("reporting.col_status", lang),
               t("reports_page.col_days", lang)]
    board = digest.board(lang)
    if board is None:
        return headers, [], []
    rows = []
    for row in board.itertuples(index=False):
        days = "" if pd.isna(row.days_late) or row.status not in ("late", "missing") else \
            format_number(int(row.days_late), lang)
        received = "" if row.received_on is None or pd.isna(row.received_on) else format_date(row.received_on, lang)
        rows.append([row.agency, format_date(row.deadline, lang), received,
                     report_status_label(row.status, lang), days])
    return headers, rows, list(board["status"])
