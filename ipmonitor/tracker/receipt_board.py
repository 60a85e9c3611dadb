"""The Reports page's arithmetic: the tracker's receipts as the reporting board reads them, which year
to show, the board and reminder tables for reading, and the reminder list as the sheet of its download.

The board knows only what analysts recorded in IP Monitor: a report with no receipt recorded reads
"not recorded as received", never "not sent", since it may have arrived and not been entered yet.
"""
from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
from pandas.io.formats.style import Styler

from ipmonitor.i18n import t
from ipmonitor.numbers import format_date
from ipmonitor.register.plan_register import PlanRegister
from ipmonitor.register.register_store import load_plan_register_from
from ipmonitor.spreadsheet_safety import neutralise_frame
from ipmonitor.tracker.reporting_rules import (CITY_REPORT_COLUMNS, RECEIPT_COLUMNS, REMIND_STATUSES,
                                               REPORT_STATUSES, build_reports_board)
from ipmonitor.status_style import colours, status_text, status_word
from ipmonitor.tracker.records import load_report_receipts

# The word carries the meaning; the shape (ipmonitor.status_style) and the row's colour only help the eye.
ROW_BACKGROUNDS = {"late": "#fff1dc", "missing": "#fde2e2"}  # rows that need someone's attention


def report_years(register: PlanRegister) -> list[int]:
    """The years a yearly report is due for: the first report year to the final review's year."""
    return list(range(register.first_report_year, register.review_years.get("final", 2030) + 1))


def default_report_year(register: PlanRegister, today: dt.date) -> int:
    """The latest year whose agency deadline (15 October) has passed: this year once it has, else
    last year; kept within the reporting years."""
    year = today.year if today > register.agency_deadline.on(today.year) else today.year - 1
    years = report_years(register)
    return min(max(year, years[0]), years[-1])


def split_receipts(receipts: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The tracker's receipt rows (report, agency_id, year, received_on, reference, note) as the two
    frames build_reports_board reads: the agencies' receipts, and the city reports (sent_on)."""
    agency = receipts[receipts["report"] == "agency"]
    city = receipts[receipts["report"] == "city"].rename(columns={"received_on": "sent_on"})
    return (agency[list(RECEIPT_COLUMNS)].reset_index(drop=True),
            city[list(CITY_REPORT_COLUMNS)].reset_index(drop=True))


def compute_reports_board(register: PlanRegister, receipts: pd.DataFrame, year: int, today: dt.date,
                          lang: str) -> pd.DataFrame:
    """The reporting board of `year` (ipmonitor.tracker.reporting_rules.build_reports_board) from the tracker's receipts."""
    agency, city = split_receipts(receipts)
    return build_reports_board(register, agency, city, year, today, lang)


def load_reports_board(con: duckdb.DuckDBPyConnection, year: int, today: dt.date, lang: str) -> pd.DataFrame:
    """compute_reports_board on the database's register and the database's current receipts of `year`."""
    return compute_reports_board(load_plan_register_from(con), load_report_receipts(con, year), year, today, lang)


def count_reports_by_status(board: pd.DataFrame) -> dict[str, int]:
    """How many board rows have each status (on time, late, missing, not due), zero or not."""
    counts = board["status"].value_counts()
    return {status: int(counts.get(status, 0)) for status in REPORT_STATUSES}


def report_status_label(status: str, lang: str, *, marker: bool = True) -> str:
    """A report's status in `lang`, with its shape unless asked without."""
    return status_text("report", status, lang) if marker else status_word("report", status, lang)


def deadline_lines(register: PlanRegister, year: int, lang: str) -> list[tuple[str, bool]]:
    """The two deadlines of `year`, each as (sentence with its weekday, falls on a Saturday or Sunday)."""
    lines = []
    for key, deadline in (("agency_deadline", register.agency_deadline), ("city_deadline", register.city_deadline)):
        day = deadline.on(year)
        text = t(f"reporting.{key}", lang, date=format_date(day, lang))
        lines.append((t("reports_page.deadline_with_weekday", lang, deadline=text,
                        weekday=t(f"reports_page.weekday_{day.weekday()}", lang)), day.weekday() >= 5))
    return lines


def receipt_agency_choices(register: PlanRegister, year: int, report: str) -> list[str]:
    """Whose report can be marked received for `year`: the agencies that owe one ("agency"), or the
    agency that compiles the city report then ("city")."""
    if report == "city":
        return [register.successor_on(register.compiler, register.city_deadline.on(year)).id]
    return [agency.id for agency in register.reporting_agencies(year)]


def build_board_table(board: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The board for reading: report, deadline, date received, status, days past the deadline
    (late: when it came; not recorded: so far), reference and note."""
    days = [None if pd.isna(d) or status not in ("late", "missing") else int(d)
            for d, status in zip(board["days_late"], board["status"])]
    return pd.DataFrame({
        t("reports_page.col_report", lang): board["agency"].tolist(),
        t("reporting.col_deadline", lang): [format_date(day, lang) for day in board["deadline"]],
        t("reporting.col_received_on", lang): ["" if day is None or pd.isna(day) else format_date(day, lang)
                                               for day in board["received_on"]],
        t("reporting.col_status", lang): [report_status_label(status, lang) for status in board["status"]],
        t("reports_page.col_days", lang): pd.array(days, dtype="Int64"),
        t("reporting.col_reference", lang): board["reference"].tolist(),
        t("reporting.col_note", lang): board["note"].tolist(),
    })


def style_board_table(table: pd.DataFrame, board: pd.DataFrame) -> Styler:
    """The board table with late and not-recorded rows tinted and each status in its colour (st.dataframe
    keeps a Styler's colours)."""
    statuses = list(board["status"])
    status_column = 3  # build_board_table's status column
    status_colours = colours("report")

    def tint(row: pd.Series) -> list[str]:
        colour = ROW_BACKGROUNDS.get(statuses[row.name])
        cells = [f"background-color: {colour}" if colour else ""] * len(row)
        cells[status_column] = "; ".join(filter(None, (cells[status_column],
                                                       f"color: #{status_colours[statuses[row.name]]}")))
        return cells

    return table.reset_index(drop=True).style.apply(tint, axis=1)


def build_reminder_sheets(table: pd.DataFrame, sheet: str) -> list[tuple[str, pd.DataFrame]]:
    """The reminder table as the one sheet of its download, texts neutralised for spreadsheets."""
    return [(sheet, neutralise_frame(table))]


def build_reminder_list(board: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Who to remind: the missing and not-yet-due rows, headers and dates in the reader's language."""
    due = board[board["status"].isin(REMIND_STATUSES)].sort_values("order")
    overdue = [days if status == "missing" else pd.NA
               for status, days in zip(due["status"], due["days_late"])]
    return pd.DataFrame({
        t("reporting.col_agency", lang): due["agency"].tolist(),
        t("reporting.col_deadline", lang): [format_date(day, lang) for day in due["deadline"]],
        t("reporting.col_status", lang): [t(f"reporting.status_{status}", lang) for status in due["status"]],
        t("reporting.col_days_overdue", lang): pd.array(overdue, dtype="Int64"),
    })
