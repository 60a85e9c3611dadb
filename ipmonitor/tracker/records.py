"""The plan tracker, read side: current task statuses and report receipts, what a tracker batch changed,
the rules a tracker change is checked against (from the plan register), and the table that shows changes.

Task statuses and report receipts are versioned like the figures (migration 005): each write is a batch
in load_batch, marked in batch_subject; the SQL is in ipmonitor/store/sql/*.sql.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

import duckdb
import pandas as pd

from ipmonitor.store import db
from ipmonitor.i18n import LANGUAGES, t
from ipmonitor.store.record_versions import VersionedTable, load_batch_versions, sorted_by

FIGURES, TASK_STATUS, REPORT_RECEIPT = "figures", "task_status", "report_receipt"
SUBJECTS = (FIGURES, TASK_STATUS, REPORT_RECEIPT)
TRACKER_SUBJECTS = (TASK_STATUS, REPORT_RECEIPT)
TASK_STATUSES = ("not_started", "in_progress", "done", "overdue", "blocked")
# A blocked task (vướng mắc, migration 011) names its difficulty (the note) and the agency that must act.
BLOCKED = "blocked"
# The city People's Committee issued the plan and acts on the difficulties the agencies report (the plan's
# closing paragraph), but the plan assigns it no task, so it is not in the register's agencies: it may be
# named as the agency that must act under this id, its name in the locales (tracker.city_people_committee).
CITY_PEOPLE_COMMITTEE = "city_people_committee"
REPORTS = ("agency", "city")  # an agency's assessment to the Department; the Department's city report
PLAN_FIRST_YEAR, PLAN_LAST_YEAR = 2020, 2030

# Per subject: the key of a version, and the fields it records (the first one is always shown).
KEYS = {TASK_STATUS: ("task_id", "year"), REPORT_RECEIPT: ("report", "agency_id", "year")}
FIELDS = {TASK_STATUS: ("status", "note", "evidence", "acting_agency_id"),
          REPORT_RECEIPT: ("received_on", "reference", "note")}


def _task_order(frame: pd.DataFrame) -> pd.DataFrame:
    """By year, then task number as the plan counts them (2 before 10); a later plan's tasks last."""
    number = pd.to_numeric(frame["task_id"].str.split(".").str[0], errors="coerce")
    return frame.assign(_number=number).sort_values(["year", "_number", "task_id"], kind="stable",
                                                    na_position="last").drop(columns="_number")


VERSIONS = {TASK_STATUS: VersionedTable(TASK_STATUS, "task_status_version", KEYS[TASK_STATUS], FIELDS[TASK_STATUS],
                                        _task_order),
            REPORT_RECEIPT: VersionedTable(REPORT_RECEIPT, "report_receipt_version", KEYS[REPORT_RECEIPT],
                                           FIELDS[REPORT_RECEIPT], sorted_by("year", "report", "agency_id"))}
FIELD_CHANGE_COLUMNS = ["_row", "subject", "report", "item", "year", "change", "field", "old", "new"]


def _always(agency_id: str, day: dt.date) -> bool:
    return True


def _no_successor(agency_id: str, day: dt.date) -> str | None:
    return None


@dataclass(frozen=True)
class TrackerRules:
    """What a tracker change is checked against, and the names it is shown with.

    Built from the plan register (`tracker_rules_from_register`); tests build one by hand, so that they
    do not depend on the shipped YAML. Titles and names are {id: {lang: text}}; an id without one is
    shown as itself.
    """

    task_periods: Mapping[str, tuple[int, int]]
    agency_ids: frozenset[str]
    compiler: str  # the Department of Science and Technology's agency id
    first_report_year: int = 2021
    # Agencies that owe no yearly assessment (the compiler, which writes the city report instead).
    not_reporting: frozenset[str] = frozenset()
    # (month, day) per report; from data/plan/reporting.yaml (the plan's section IV: 15 and 30 October).
    deadlines: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    agency_active_on: Callable[[str, dt.date], bool] = _always
    successor_on: Callable[[str, dt.date], str | None] = _no_successor
    task_titles: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    agency_names: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    # A task's number as readers see it ("QĐ 2724 · 1.a" for a later plan's), where it is not its id.
    task_numbers: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def task_title(self, task_id: str, lang: str) -> str:
        """"3.b – title" in `lang`, or the number alone when the register gives no title."""
        number = self.task_numbers.get(task_id, {}).get(lang, task_id)
        title = self.task_titles.get(task_id, {}).get(lang)
        return f"{number} – {title}" if title else number

    def agency_name(self, agency_id: str, lang: str) -> str:
        """The agency's name in `lang` (the city People's Committee's too), or its id when the register
        gives none."""
        if agency_id == CITY_PEOPLE_COMMITTEE:
            return t("tracker.city_people_committee", lang)
        return self.agency_names.get(agency_id, {}).get(lang) or agency_id

    @property
    def acting_agency_ids(self) -> frozenset[str]:
        """Who may be named as the agency that must act on a blocked task: the register's agencies and
        the city People's Committee."""
        return self.agency_ids | {CITY_PEOPLE_COMMITTEE}


def _texts(item: object, attribute: str) -> dict[str, str]:
    """{lang: text} of a register entry's title or name: its `title_vi`/`title_en` fields (as
    ipmonitor.register.plan_register writes them), else a {lang: text} mapping or a method taking the language."""
    texts = {}
    for lang in LANGUAGES:
        value = getattr(item, f"{attribute}_{lang}", None)
        if value is None:
            whole = getattr(item, attribute, None)
            if isinstance(whole, Mapping):
                value = whole.get(lang)
            elif callable(whole):
                value = whole(lang)
            elif isinstance(whole, str):
                value = whole
        if value:
            texts[lang] = str(value)
    return texts


def tracker_rules_from_register(register: Any) -> TrackerRules:
    """The rules of an ipmonitor.register.plan_register.PlanRegister: tasks and their periods, agencies and their
    lives and successors, the compiler, the first report year and the two yearly deadlines."""
    agencies = register.agencies

    def active_on(agency_id: str, day: dt.date) -> bool:
        return agency_id in agencies and bool(agencies[agency_id].active_on(day))

    def successor_on(agency_id: str, day: dt.date) -> str | None:
        successor = register.successor_on(agency_id, day)  # the agency itself when nobody took over
        successor_id = getattr(successor, "id", successor)
        return None if successor_id == agency_id else successor_id

    return TrackerRules(
        task_periods={task_id: (int(task.period[0]), int(task.period[1])) for task_id, task in register.tasks.items()},
        agency_ids=frozenset(agencies),
        compiler=register.compiler,
        first_report_year=int(register.first_report_year),
        not_reporting=frozenset(a for a, agency in agencies.items() if not getattr(agency, "reports_yearly", True)),
        deadlines={"agency": (register.agency_deadline.month, register.agency_deadline.day),
                   "city": (register.city_deadline.month, register.city_deadline.day)},
        agency_active_on=active_on,
        successor_on=successor_on,
        task_titles={task_id: _texts(task, "title") for task_id, task in register.tasks.items()},
        agency_names={agency_id: _texts(agency, "name") for agency_id, agency in agencies.items()},
        task_numbers={task_id: {lang: register.task_number(task_id, lang) for lang in ("vi", "en")}
                      for task_id in register.tasks} if hasattr(register, "task_number") else {},
    )


def as_tracker_rules(register: Any) -> TrackerRules:
    """TrackerRules as given, or built from a plan register."""
    return register if isinstance(register, TrackerRules) else tracker_rules_from_register(register)


def load_task_statuses(con: duckdb.DuckDBPyConnection, year: int | None = None) -> pd.DataFrame:
    """The current status of each task (of one year, or all): task_id, year, status, note, evidence,
    acting_agency_id, version_id, batch_id, loaded_by, loaded_at."""
    return db.query_df(con, "current_task_statuses", {"year": year})


def load_report_receipts(con: duckdb.DuckDBPyConnection, year: int | None = None) -> pd.DataFrame:
    """The current receipt of each yearly report (of one year, or all): report, agency_id, year,
    received_on (NaT: recorded as not received), reference, note, version_id, batch_id, loaded_by, loaded_at."""
    return db.query_df(con, "current_report_receipts", {"year": year})


def load_batch_subject(con: duckdb.DuckDBPyConnection, batch_id: int) -> str | None:
    """What a batch changed (figures, task_status or report_receipt); None when there is no such batch."""
    rows = db.execute(con, "batch_subject", {"batch_id": batch_id})
    return rows[0][0] if rows else None


def load_tracker_batch_versions(con: duckdb.DuckDBPyConnection, subject: str, batch_id: int) -> pd.DataFrame:
    """Every version a batch wrote for one tracker subject, beside the version before it (old_*, new_*,
    change), with what a revert of the batch would need (still_current, restore_withdrawn)."""
    if subject not in TRACKER_SUBJECTS:
        raise ValueError(f"not a tracker subject: {subject!r}")
    return load_batch_versions(con, VERSIONS[subject], batch_id)


def load_tracker_batch_changes(con: duckdb.DuckDBPyConnection, batch_id: int) -> pd.DataFrame:
    """What a tracker batch changed, one row per key and field, old → new (FIELD_CHANGE_COLUMNS);
    empty for a figure batch (see queries.load_batch_changes) or a batch that does not exist."""
    subject = load_batch_subject(con, batch_id)
    if subject not in TRACKER_SUBJECTS:
        return pd.DataFrame(columns=FIELD_CHANGE_COLUMNS)
    versions = load_tracker_batch_versions(con, subject, batch_id)
    versions.insert(0, "_row", range(1, len(versions) + 1))
    return compute_field_changes(versions, subject)


def plain(value: object) -> object:
    """A value from a frame as Python: None for NaN/NaT, a date for a timestamp, an int for a numpy int."""
    if value is None:
        return None
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        return None if pd.isna(value) else value.date()
    if isinstance(value, float) and pd.isna(value):
        return None
    if value is pd.NaT or value is pd.NA:
        return None
    return value.item() if hasattr(value, "item") else value


def compute_field_changes(rows: pd.DataFrame, subject: str) -> pd.DataFrame:
    """Wide change rows (keys, change, old_<field>, new_<field>) as one row per field that changed.

    The first field (the status, or the receipt date) is always listed when a key is added or withdrawn,
    so that a receipt recorded as not received still shows; unchanged rows yield nothing.
    """
    main = FIELDS[subject][0]
    out = []
    for row in rows.to_dict("records"):
        if row["change"] == "unchanged":
            continue
        for name in FIELDS[subject]:
            old, new = plain(row[f"old_{name}"]), plain(row[f"new_{name}"])
            if old != new or (name == main and row["change"] in ("added", "withdrawn")):
                out.append({
                    "_row": int(row["_row"]), "subject": subject, "report": row.get("report"),
                    "item": row["task_id"] if subject == TASK_STATUS else row["agency_id"],
                    "year": int(row["year"]), "change": row["change"], "field": name, "old": old, "new": new,
                })
    return object_frame(out, FIELD_CHANGE_COLUMNS)


def object_frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    """Rows as a frame whose columns keep Python values (None stays None, dates stay dates), which
    pandas would otherwise turn into NaN and timestamps."""
    return pd.DataFrame({c: pd.Series([r.get(c) for r in rows], dtype=object) for c in columns}, columns=columns)


