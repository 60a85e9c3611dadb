"""The plan tracker as the deck and the PDF report show it: for the edition's year, the blocked tasks
first (each with its difficulty and the agency that must act), the tasks by area and status, the tasks
behind, and the yearly reports board, each as rows of text in the reader's
language. The counts and the board come from the Tasks and Reports pages' own modules, so a document
and the pages never disagree.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

import duckdb
import pandas as pd

from ipmonitor.i18n import t
from ipmonitor.numbers import format_date, format_number
from ipmonitor.plan_register import PlanRegister
from ipmonitor.register_store import load_plan_register_from
from ipmonitor.receipt_board import compute_reports_board, count_reports_by_status, report_status_label
from ipmonitor.status_style import colours
from ipmonitor.task_board import (BOARD_STATUSES, acting_agency_name, blocked_task_rows, compute_task_rows,
                                  count_tasks_by_status, status_label)
from ipmonitor.tracker import load_report_receipts, load_task_statuses
from ipmonitor.tracker_summary import TrackerSummary, describe_tracker_summary

# Report and task statuses in the documents' colours, from the one definition the pages use too.
REPORT_STATUS_COLOURS = colours("report")
TASK_STATUS_COLOURS = colours("task")


@dataclass(frozen=True)
class TrackerDigest:
    """What IP Monitor recorded of the plan's tasks and yearly reports for one year, as of `today`."""

    year: int
    today: dt.date
    register: PlanRegister
    statuses: pd.DataFrame     # current task statuses (ipmonitor.tracker.load_task_statuses)
    receipts: pd.DataFrame     # current report receipts (ipmonitor.tracker.load_report_receipts)

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
