"""The plan tracker in one line, for the Overview: this year's tasks by status, and the yearly reports
of the latest year whose deadline has passed, on time out of all due; under it, this year's blocked tasks,
each with its difficulty and the agency that must act."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable

import duckdb
import pandas as pd

from ipmonitor.i18n import t
from ipmonitor.numbers import format_number
from ipmonitor.plan_register import PlanRegister
from ipmonitor.register_store import load_plan_register_from
from ipmonitor.receipt_board import compute_reports_board, count_reports_by_status, default_report_year
from ipmonitor.status_style import TASK_LOOKS
from ipmonitor.task_board import (FIRST_YEAR, LAST_YEAR, NOT_RECORDED, acting_agency_name, blocked_task_rows,
                                  compute_task_rows, count_tasks_by_status)
from ipmonitor.tracker import BLOCKED, load_report_receipts, load_task_statuses

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
