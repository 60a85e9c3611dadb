"""The yearly reporting rules of Plan 151 (section IV.1): which reports are due, on time, late or missing."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from ipmonitor.i18n import t
from ipmonitor.register.plan_register import PlanRegister

REPORT_STATUSES = ("on_time", "late", "missing", "not_due")
REMIND_STATUSES = ("missing", "not_due")
BOARD_COLUMNS = ("order", "agency_id", "agency", "deadline", "received_on", "status", "days_late",
                 "deadline_on_weekend", "reference", "note", "is_city_report")
RECEIPT_COLUMNS = ("agency_id", "year", "received_on", "reference", "note")
CITY_REPORT_COLUMNS = ("year", "sent_on", "reference", "note")


@dataclass(frozen=True)
class ReportCheck:
    """The verdict on one report against its deadline.

    days_late: days after the deadline the report arrived (late), or has been outstanding so far
    (missing); 0 when on time; None when not yet due. deadline_weekday: Monday 0 .. Sunday 6."""

    status: str
    deadline: dt.date
    deadline_weekday: int
    deadline_on_weekend: bool
    days_late: int | None


def check_report(deadline: dt.date, received_on: dt.date | None, today: dt.date) -> ReportCheck:
    """Judge one report: on or before the deadline is on time ("trước ngày 15/10" read as the last day).

    A deadline on a Saturday or Sunday is flagged, not moved to Monday: the plan does not move it."""
    received_on = _as_date(received_on)
    if received_on is not None:
        days = (received_on - deadline).days
        status, days_late = ("on_time", 0) if days <= 0 else ("late", days)
    elif today > deadline:
        status, days_late = "missing", (today - deadline).days
    else:
        status, days_late = "not_due", None
    weekday = deadline.weekday()
    return ReportCheck(status, deadline, weekday, weekday >= 5, days_late)


def build_reports_board(register: PlanRegister, receipts: pd.DataFrame, city_reports: pd.DataFrame, year: int,
                        today: dt.date, lang: str) -> pd.DataFrame:
    """One row per agency owing `year`'s assessment (register order), then the city report row.

    receipts: agency_id, year, received_on (date or NaT), reference, note; city_reports: year, sent_on,
    reference, note. A receipt filed under an agency that had ended by the deadline (the district level
    after 30/06/2025) counts for its successor. Several receipts for one agency: the earliest date counts,
    references and notes are joined. `order` keeps the row order stable whatever the page sorts by."""
    final_year = register.review_years.get("final", year)
    if not register.first_report_year <= year <= final_year:
        raise ValueError(f"no yearly report is due for {year}: the plan asks for {register.first_report_year}"
                         f"–{final_year}")
    _require_columns(receipts, RECEIPT_COLUMNS, "receipts")
    _require_columns(city_reports, CITY_REPORT_COLUMNS, "city_reports")

    deadline = register.agency_deadline.on(year)
    by_agency: dict[str, list[tuple[dt.date | None, str, str]]] = {}
    for row in receipts[receipts["year"] == year].itertuples(index=False):
        if row.agency_id not in register.agencies:
            raise ValueError(f"receipt for {year} names an unknown agency {row.agency_id!r}")
        holder = register.successor_on(row.agency_id, deadline).id
        receipt = (_as_date(row.received_on), _text(row.reference), _text(row.note))
        by_agency.setdefault(holder, []).append(receipt)

    rows = []
    for agency in register.reporting_agencies(year):
        received_on, reference, note = _merge(by_agency.get(agency.id, []))
        rows.append(_row(agency.id, agency.name(lang), check_report(deadline, received_on, today),
                         received_on, reference, note, is_city_report=False))

    city_deadline = register.city_deadline.on(year)
    compiler = register.successor_on(register.compiler, city_deadline)
    sent = [(_as_date(row.sent_on), _text(row.reference), _text(row.note))
            for row in city_reports[city_reports["year"] == year].itertuples(index=False)]
    sent_on, reference, note = _merge(sent)
    label = t("reporting.city_report", lang, agency=compiler.name(lang, short=True))
    city_check = check_report(city_deadline, sent_on, today)
    rows.append(_row(compiler.id, label, city_check, sent_on, reference, note, is_city_report=True))

    board = pd.DataFrame(rows, columns=list(BOARD_COLUMNS))
    board["order"] = range(len(board))
    board["days_late"] = board["days_late"].astype("Int64")
    return board


def _row(agency_id: str, agency: str, check: ReportCheck, received_on: dt.date | None, reference: str,
         note: str, *, is_city_report: bool) -> dict[str, object]:
    return {"order": 0, "agency_id": agency_id, "agency": agency, "deadline": check.deadline,
            "received_on": received_on, "status": check.status, "days_late": check.days_late,
            "deadline_on_weekend": check.deadline_on_weekend, "reference": reference, "note": note,
            "is_city_report": is_city_report}


def _merge(entries: list[tuple[dt.date | None, str, str]]) -> tuple[dt.date | None, str, str]:
    # The report counts from the first day one arrived; every reference and note stays visible.
    dates = [day for day, _, _ in entries if day is not None]
    references = dict.fromkeys(reference for _, reference, _ in entries if reference)
    notes = dict.fromkeys(note for _, _, note in entries if note)
    return (min(dates) if dates else None), "; ".join(references), "; ".join(notes)


def _as_date(value: object) -> dt.date | None:
    # Receipts come from DuckDB or pandas as date, Timestamp or NaT; the rules work on plain dates.
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return dt.date.fromisoformat(value) if value.strip() else None
    raise ValueError(f"not a date: {value!r}")


def _text(value: object) -> str:
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip()


def _require_columns(frame: pd.DataFrame, columns: tuple[str, ...], name: str) -> None:
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise ValueError(f"{name} lacks column(s) {missing}")
