"""The tables a page (and the command line) shows of a change before or after it is written: a submission's
problems, a figures file's changes with its jumps from the year before, a tracker submission's and a plan
review's fields old → new.

Built here in the domain, from the write side's previews passed in (etl.review, etl.tracker_writes,
etl.plan_review_writes), so that a page reads its tables from ipmonitor and never asks the write side for words
in the reader's language.
"""
from __future__ import annotations

from typing import Any, Sequence

import datetime as dt

import pandas as pd

from ipmonitor.i18n import t
from ipmonitor.numbers import format_date, format_number, format_percent
from ipmonitor.tracker.plan_reviews import FIELDS as REVIEW_FIELDS, format_field, review_name
from ipmonitor.tracker.records import TASK_STATUS, TrackerRules, as_tracker_rules, plain


def build_problem_table(problems: Sequence[Any], lang: str) -> pd.DataFrame:
    """One row per problem: severity, (sheet,) row, column, the explanation and the value found, in `lang`.
    The sheet column appears when a workbook had several sheets read; the explanation comes before the
    value, which may be a long title that would push it out of sight."""
    with_sheet = any(p.sheet for p in problems)
    rows = [{
        t("problem.col_severity", lang): t(f"problem.severity_{p.severity}", lang),
        **({t("problem.col_sheet", lang): p.sheet or ""} if with_sheet else {}),
        t("problem.col_row", lang): "" if p.row is None else str(p.row),
        t("problem.col_column", lang): p.column or "",
        t("problem.col_message", lang): p.message(lang),
        t("problem.col_value", lang): "" if p.value is None else str(p.value),
    } for p in problems]
    names = ("severity", *(("sheet",) if with_sheet else ()), "row", "column", "message", "value")
    return pd.DataFrame(rows, columns=[t(f"problem.col_{c}", lang) for c in names])


def describe_jump(flagged: bool, jump: object, lang: str) -> str:
    """"⚠️ +120,0%" for a flagged jump from the year before ("⚠️ from zero"), "" otherwise; the app's
    preview and the command line mark the same figures the same way."""
    if not flagged:
        return ""
    if jump is None or pd.isna(jump):
        return "⚠️ " + t("review.from_zero", lang)
    share = float(jump)
    return "⚠️ " + ("+" if share > 0 else "") + format_percent(share, lang)


def build_change_table(rows: pd.DataFrame, names: dict[str, dict[str, str]], lang: str) -> pd.DataFrame:
    """Rows of a preview for reading: what, old → new, sources, and the jump from the year before."""
    def value(v: object) -> str:
        return "" if v is None or pd.isna(v) else format_number(int(v), lang)

    def jump(row: pd.Series) -> str:
        return describe_jump(bool(row["flagged"]), row["jump"], lang)

    table = pd.DataFrame({
        t("review.col_status", lang): rows["status"].map(lambda s: t(f"review.status_{s}", lang)),
        t("export.col_year", lang): rows["year"].astype(str),
        t("export.col_ip_type", lang): rows["ip_type"].map(names["ip_type"].get),
        t("export.col_measure", lang): rows["measure"].map(names["measure"].get),
        t("export.col_territory", lang): rows["territory"].map(names["territory"].get),
        t("review.col_old", lang): rows["old_value"].map(value),
        t("review.col_new", lang): rows["new_value"].map(value),
        t("review.col_source", lang): [new if old in (None, new) or pd.isna(old) else f"{old} → {new}"
                                       for old, new in zip(rows["old_source"], rows["new_source"])],
        t("review.col_jump", lang): rows.apply(jump, axis=1) if len(rows) else [],
    })
    return table


def build_tracker_problem_table(problems: Sequence[Any], lang: str) -> pd.DataFrame:
    """One row per problem (severity, row, column, explanation, value) with the field names in `lang`
    (a tracker problem names its field by key, etl.tracker_writes.TrackerProblem.column_label)."""
    table = build_problem_table(problems, lang)
    table[t("problem.col_column", lang)] = [
        p.column_label(lang) if hasattr(p, "column_label") else (p.column or "") for p in problems]
    return table


def build_tracker_change_table(review: Any, register: Any, lang: str) -> pd.DataFrame:
    """The preview of a review: one row per key and field that changes, with the task's title or the
    agency's name in `lang`, the year, the field, old → new. `review` is an etl.tracker_writes.TrackerReview,
    `register` a PlanRegister or TrackerRules."""
    return build_tracker_field_table(review.field_changes, as_tracker_rules(register), lang)


def build_review_problem_table(problems: Sequence[Any], lang: str) -> pd.DataFrame:
    """One row per problem: the field in `lang` (etl.plan_review_writes.ReviewProblem.column_label) and the
    explanation (the value found, when there is one)."""
    rows = [[p.column_label(lang) if hasattr(p, "column_label") else (p.column or ""), p.message(lang),
             p.value or ""] for p in problems]
    return pd.DataFrame(rows, columns=[t("plan_review.col_field", lang), t("problem.col_message", lang),
                                       t("problem.col_value", lang)])


def build_review_preview_table(preview: Any, lang: str) -> pd.DataFrame:
    """What a commit will record, field by field, beside the current record (`preview` is an
    etl.plan_review_writes.ReviewPreview: its new record and the one it replaces, None for a first)."""
    columns = [t("plan_review.col_review", lang), t("tracker.col_field", lang), t("review.col_old", lang),
               t("review.col_new", lang)]
    new, old = preview.new, preview.old
    rows = []
    for name in REVIEW_FIELDS:
        before = None if old is None else (old.snapshot.to_json() if name == "statuses" and old.snapshot
                                           else getattr(old, name))
        after = new.snapshot.to_json() if name == "statuses" else getattr(new, name)
        if before is None and after is None or before == after:  # only what the commit changes
            continue
        rows.append([review_name(new.kind, new.year, lang), t(f"plan_review.field.{name}", lang),
                     format_field(name, before, lang), format_field(name, after, lang)])
    return pd.DataFrame(rows, columns=columns)


def format_field_value(name: str, value: object, lang: str, *, recorded: bool,
                       rules: TrackerRules | None = None) -> str:
    """One tracker value for reading; `recorded` says the version exists (so a missing receipt date
    reads as "not received" rather than blank); an acting agency is named by `rules` when given."""
    value = plain(value)
    if not recorded:
        return ""
    if value is None:
        return t("tracker.not_received", lang) if name == "received_on" else ""
    if name == "status":
        return t(f"tracker.status.{value}", lang)
    if name == "acting_agency_id" and rules is not None:
        return rules.agency_name(str(value), lang)
    if isinstance(value, dt.date):
        return format_date(value, lang)
    return str(value)


def item_label(subject: str, report: str | None, item: str, rules: TrackerRules, lang: str) -> str:
    """The task (id and title) or the report (its agency, or the city report) in `lang`."""
    if subject == TASK_STATUS:
        return rules.task_title(item, lang)
    if report == "city":
        return t("tracker.report.city_of", lang, agency=rules.agency_name(item, lang))
    return t("tracker.report.agency_of", lang, agency=rules.agency_name(item, lang))


def build_tracker_field_table(changes: pd.DataFrame, rules: TrackerRules, lang: str) -> pd.DataFrame:
    """Field changes (compute_field_changes, load_tracker_batch_changes) for reading in `lang`: change,
    task or report, year, field, old → new."""
    columns = [t("review.col_status", lang), t("tracker.col_item", lang), t("export.col_year", lang),
               t("tracker.col_field", lang), t("review.col_old", lang), t("review.col_new", lang)]
    rows = [[
        t(f"tracker.change.{c['change']}", lang),
        item_label(c["subject"], c["report"], c["item"], rules, lang),
        str(c["year"]),
        t(f"tracker.field.{c['field']}", lang),
        format_field_value(c["field"], c["old"], lang, recorded=c["change"] in ("changed", "withdrawn"),
                           rules=rules),
        format_field_value(c["field"], c["new"], lang, recorded=c["change"] != "withdrawn", rules=rules),
    ] for c in changes.to_dict("records")]
    return pd.DataFrame(rows, columns=columns)
