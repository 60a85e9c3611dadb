"""The Tasks page's arithmetic: which of the plan's tasks run in a year, which agencies hold them then
(following the 2025 successors), the status recorded for each, the counts, and the tables people read.

A task without a status recorded for the year is "not recorded", never a status guessed for it. Blocked
tasks (vướng mắc) come first wherever tasks are listed: they wait for someone to act.
"""
from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
from pandas.io.formats.style import Styler

from ipmonitor.store import db
from ipmonitor.i18n import t
from ipmonitor.numbers import format_number, format_utc_as_vietnam_time
from ipmonitor.register.plan_register import PlanRegister
from ipmonitor.register.register_store import load_plan_register_from
from ipmonitor.status_style import colours, status_text, status_word
from ipmonitor.tracker.records import BLOCKED, CITY_PEOPLE_COMMITTEE, TASK_STATUSES, load_task_statuses, plain

NOT_RECORDED = "not_recorded"
# Blocked first (it asks for action), not recorded last.
BOARD_STATUSES = (BLOCKED, *(status for status in TASK_STATUSES if status != BLOCKED), NOT_RECORDED)
FIRST_YEAR, LAST_YEAR = 2021, 2030  # the plan's first full year (signed 24/11/2020) to its last
ROW_COLUMNS = ["task_id", "area", "named_lead", "lead", "co_ordinating", "period", "status", "note", "evidence",
               "acting_agency", "source"]


def task_years() -> list[int]:
    """The years a status can be shown for, 2021 to 2030."""
    return list(range(FIRST_YEAR, LAST_YEAR + 1))


def holding_day(register: PlanRegister, year: int) -> dt.date:
    """The day that says who holds a task in `year`: the year's 15 October deadline, since whoever
    holds the task then writes that year's assessment of it. So the district level (ended 30 June
    2025) hands its tasks to the communes from 2025 on."""
    return register.agency_deadline.on(year)


def task_holders(register: PlanRegister, task_id: str, year: int) -> tuple[str, tuple[str, ...]]:
    """(lead, co-ordinating agencies) of a task in `year`, each followed to its successor; an agency
    that became the lead's own successor is not listed twice."""
    day = holding_day(register, year)
    task = register.tasks[task_id]
    lead = register.successor_on(task.lead, day).id
    others = (register.successor_on(agency, day).id for agency in task.co_ordinating)
    return lead, tuple(dict.fromkeys(agency for agency in others if agency != lead))


def compute_task_rows(register: PlanRegister, statuses: pd.DataFrame, year: int) -> pd.DataFrame:
    """One row per task whose period covers `year`, blocked tasks first, then the register's order: its
    holders that year, the status recorded for it (NOT_RECORDED where none is) and, for a blocked task,
    the agency that must act. Statuses of tasks no longer in the register are left out."""
    recorded = {row["task_id"]: row for row in statuses.to_dict("records") if int(row["year"]) == year}
    rows = []
    for task in register.tasks.values():
        if not task.period[0] <= year <= task.period[1]:
            continue
        lead, co_ordinating = task_holders(register, task.id, year)
        status = recorded.get(task.id)
        rows.append({
            "task_id": task.id, "area": task.area, "named_lead": task.lead, "lead": lead,
            "co_ordinating": co_ordinating, "period": task.period,
            "status": NOT_RECORDED if status is None else status["status"],
            "note": "" if status is None else plain(status["note"]) or "",
            "evidence": "" if status is None else plain(status["evidence"]) or "",
            "acting_agency": "" if status is None else plain(status.get("acting_agency_id")) or "",
            "source": task.source,
        })
    rows.sort(key=lambda row: row["status"] != BLOCKED)  # stable: the register's order within each part
    return pd.DataFrame(rows, columns=ROW_COLUMNS)


def acting_agency_name(register: PlanRegister, agency_id: str, lang: str, *, short: bool = False) -> str:
    """The name of the agency that must act on a blocked task: a register agency, or the city People's
    Committee (not among the plan's assignees); an id the register no longer knows is shown as itself."""
    if agency_id == CITY_PEOPLE_COMMITTEE:
        return t("tracker.city_people_committee_short" if short else "tracker.city_people_committee", lang)
    agency = register.agencies.get(agency_id)
    return agency_id if agency is None else agency.name(lang, short=short)


def acting_agency_choices(register: PlanRegister) -> list[str]:
    """Who may be named as the agency that must act: the city People's Committee, then the register's
    agencies in its order."""
    return [CITY_PEOPLE_COMMITTEE, *register.agencies]


def blocked_task_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """The blocked tasks among `rows`, in their order."""
    return rows[rows["status"] == BLOCKED]


def build_blocked_table(rows: pd.DataFrame, register: PlanRegister, lang: str) -> pd.DataFrame:
    """The blocked tasks for reading in `lang`: task, the difficulty, the agency that must act, title and
    lead. What the reader came for comes first: a phone shows the first columns without scrolling."""
    blocked = blocked_task_rows(rows)
    return pd.DataFrame({
        t("tasks_page.col_task", lang): list(blocked["task_id"]),
        t("tasks_page.col_difficulty", lang): list(blocked["note"]),
        t("tasks_page.col_acting_agency", lang): [acting_agency_name(register, a, lang, short=True)
                                                  for a in blocked["acting_agency"]],
        t("tasks_page.col_title", lang): [register.tasks[task_id].title(lang) for task_id in blocked["task_id"]],
        t("tasks_page.col_lead", lang): [register.agencies[lead].name(lang, short=True)
                                         for lead in blocked["lead"]],
    })


def load_task_rows(con: duckdb.DuckDBPyConnection, year: int) -> pd.DataFrame:
    """compute_task_rows for `year` on the database's register and the database's current statuses."""
    return compute_task_rows(load_plan_register_from(con), load_task_statuses(con, year), year)


def agency_choices(register: PlanRegister, rows: pd.DataFrame) -> list[str]:
    """The agencies that lead or co-ordinate at least one of `rows`, in the register's order."""
    held = set(rows["lead"]) | {agency for agencies in rows["co_ordinating"] for agency in agencies}
    return [agency for agency in register.agencies if agency in held]


def filter_task_rows(rows: pd.DataFrame, *, area: int | None = None, agency: str | None = None,
                     status: str | None = None) -> pd.DataFrame:
    """The rows of one area, held (led or co-ordinated) by one agency, with one status; None: any."""
    keep = pd.Series(True, index=rows.index)
    if area is not None:
        keep &= rows["area"] == area
    if agency is not None:
        keep &= rows["lead"].eq(agency) | rows["co_ordinating"].map(lambda agencies: agency in agencies)
    if status is not None:
        keep &= rows["status"] == status
    return rows[keep]


def count_tasks_by_status(rows: pd.DataFrame) -> dict[str, int]:
    """How many rows have each status, NOT_RECORDED last; every status present, zero or not."""
    counts = rows["status"].value_counts()
    return {status: int(counts.get(status, 0)) for status in BOARD_STATUSES}


def status_label(status: str, lang: str, *, marker: bool = True) -> str:
    """A task status (or NOT_RECORDED) in `lang`, with its shape (ipmonitor.status_style) unless asked without."""
    return status_text("task", status, lang) if marker else status_word("task", status, lang)


def is_link(text: str) -> bool:
    """An http(s) address (the only links the tracker accepts as evidence)."""
    return text.lower().startswith(("http://", "https://"))


def _lead_label(register: PlanRegister, named: str, lead: str, lang: str) -> str:
    if named == lead:
        return register.agencies[lead].name(lang)
    return t("plan_register.lead_now", lang, original=register.agencies[named].name(lang),
             current=register.agencies[lead].name(lang))


def _title(task, lang: str) -> str:
    """A task's title; a priority task of the annex says so, with the year the annex sets."""
    if task.annex_year is None:
        return task.title(lang)
    return f"{task.title(lang)} ({t('tasks_page.annex', lang, year=task.annex_year)})"


def build_task_table(rows: pd.DataFrame, register: PlanRegister, lang: str) -> pd.DataFrame:
    """The rows for reading in `lang`: task (a later plan's with its short name),
    title, status, lead ("X (now: Y)" after a hand-over), co-ordinating, period, note (a blocked task's
    difficulty), the agency that must act, evidence (a reference) or its link, area and source paragraph.
    The status comes early, the context late: the table is wider than most screens."""
    column = {name: t(f"tasks_page.col_{name}", lang) for name in
              ("task", "title", "status", "lead", "co_ordinating", "period", "note", "acting_agency", "evidence",
               "link", "area", "source")}
    leads = zip(rows["named_lead"], rows["lead"])
    table = pd.DataFrame({
        column["task"]: [register.task_number(task_id, lang) for task_id in rows["task_id"]],
        column["title"]: [_title(register.tasks[task_id], lang) for task_id in rows["task_id"]],
        column["status"]: [status_label(status, lang) for status in rows["status"]],
        column["lead"]: [_lead_label(register, named, lead, lang) for named, lead in leads],
        column["co_ordinating"]: [", ".join(register.agencies[a].name(lang, short=True) for a in agencies)
                                  for agencies in rows["co_ordinating"]],
        column["period"]: [f"{first}–{last}" for first, last in rows["period"]],
        column["note"]: rows["note"],
        column["acting_agency"]: [acting_agency_name(register, agency, lang) if agency else ""
                                  for agency in rows["acting_agency"]],
        column["evidence"]: ["" if is_link(text) else text for text in rows["evidence"]],
        # Kept as objects, so that a row without a link holds None (an empty cell), not NaN.
        column["link"]: pd.Series([text if is_link(text) else None for text in rows["evidence"]], dtype=object,
                                  index=rows.index),
        column["area"]: [register.areas[area].name(lang) for area in rows["area"]],
        column["source"]: rows["source"],
    }, columns=list(column.values()))
    return table.reset_index(drop=True)


def style_task_table(table: pd.DataFrame, rows: pd.DataFrame) -> Styler:
    """build_task_table's table with each status written in its colour (st.dataframe keeps a Styler's
    colours); the shape and the word are in the cell already."""
    status_colours = colours("task")
    styles = [f"color: #{status_colours[status]}; font-weight: 600" for status in rows["status"]]
    return table.style.apply(lambda _: styles, subset=[table.columns[2]], axis=0)  # the status column


def load_task_history(con: duckdb.DuckDBPyConnection, task_id: str, year: int | None = None) -> pd.DataFrame:
    """Every version of one task's status (of one year, or all), newest first, with its batch."""
    return db.query_df(con, "task_status_history", {"task_id": task_id, "year": year})


def build_task_history_table(history: pd.DataFrame, register: PlanRegister, lang: str) -> pd.DataFrame:
    """A task's versions for reading: batch (and which batch a revert undid), who, when in Viet Nam
    time, year, status (or "withdrawn"), note, the agency that must act (blocked only) and evidence."""
    def batch(row: dict) -> str:
        if row["kind"] == "revert" and not pd.isna(row["reverts_batch"]):
            return t("tasks_page.history_revert", lang, batch=int(row["batch_id"]), reverts=int(row["reverts_batch"]))
        return format_number(int(row["batch_id"]), lang)

    records = history.to_dict("records")
    return pd.DataFrame({
        t("history.col_batch", lang): [batch(row) for row in records],
        t("history.col_who", lang): [row["loaded_by"] for row in records],
        t("history.col_when", lang): [format_utc_as_vietnam_time(pd.Timestamp(row["loaded_at"]).to_pydatetime(),
                                                                 lang)
                                      for row in records],
        t("tasks_page.col_year", lang): [str(int(row["year"])) for row in records],
        t("tasks_page.col_status", lang): [t("tracker.change.withdrawn", lang) if row["withdrawn"]
                                           else t(f"tracker.status.{row['status']}", lang) for row in records],
        t("tasks_page.col_note", lang): [plain(row["note"]) or "" for row in records],
        t("tasks_page.col_acting_agency", lang): [acting_agency_name(register, agency, lang)
                                                  if (agency := plain(row.get("acting_agency_id"))) else ""
                                                  for row in records],
        t("tasks_page.col_evidence", lang): [plain(row["evidence"]) or "" for row in records],
    })
