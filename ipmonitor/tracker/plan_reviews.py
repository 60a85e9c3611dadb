"""The plan's reviews on record, read side: which reviews were held (migration 012), the next one due,
the statuses a review saw (frozen when it was recorded) beside today's, and the lines the Overview,
the deck and the PDF print.

Plan 151/KH-UBND foresees a review every October, the mid-term review (sơ kết) in 2025 and the final
review (tổng kết) in 2030. A review is versioned like the tracker's records: each write is a batch in
load_batch marked 'plan_review' in batch_subject (etl/plan_review_writes.py writes and reverts them).
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

import duckdb
import pandas as pd

from ipmonitor.store import db
from ipmonitor.i18n import t
from ipmonitor.numbers import format_date, format_value
from ipmonitor.store.record_versions import VersionedTable, load_batch_versions, sorted_by
from ipmonitor.register.target_words import target_name

PLAN_REVIEW = "plan_review"  # the batch subject (migration 010)
REVIEW_KINDS = ("yearly", "midterm", "final")
# The mid-term and final reviews have one year each (the plan's words); a yearly review any plan year.
KIND_YEARS = {"midterm": 2025, "final": 2030}
FIRST_REVIEW_YEAR, LAST_REVIEW_YEAR = 2021, 2030  # Plan 151 was signed in 2021 and runs to 2030
REVIEW_MONTH = 10  # "each October": a review of year Y is due by 31 October of Y
FIELDS = ("held_on", "document", "link", "conclusions", "statuses")
FIELD_CHANGE_COLUMNS = ["_row", "kind", "year", "change", "field", "old", "new"]
VERSIONS = VersionedTable(PLAN_REVIEW, "plan_review_version", ("kind", "year"), FIELDS, sorted_by("year", "kind"),
                          json_fields=("statuses",))


@dataclass(frozen=True)
class FrozenStatus:
    """One target's status as a review saw it, and the value and year it was judged on."""

    target_id: str
    status: str
    value: float | None
    year: int | None


@dataclass(frozen=True)
class Snapshot:
    """Every target's status when a review was recorded: the method and the as-of year they were
    assessed with."""

    method: str
    as_of: int
    targets: tuple[FrozenStatus, ...]

    def to_json(self) -> str:
        """The document kept in plan_review_version.statuses."""
        return json.dumps({"method": self.method, "as_of": self.as_of,
                           "targets": [{"target_id": s.target_id, "status": s.status, "value": s.value,
                                        "year": s.year} for s in self.targets]},
                          ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str | None) -> Snapshot | None:
        """The snapshot of a stored document; None for none."""
        if text is None or (isinstance(text, float) and pd.isna(text)):
            return None
        doc = json.loads(text)
        return cls(doc["method"], int(doc["as_of"]), tuple(
            FrozenStatus(s["target_id"], s["status"], s.get("value"), s.get("year")) for s in doc["targets"]))

    def by_target(self) -> dict[str, FrozenStatus]:
        return {status.target_id: status for status in self.targets}


def compute_snapshot(results: Sequence[Any], method: str, as_of: int) -> Snapshot:
    """The frozen statuses of a list of scoreboard TargetResults: per target, its status and the latest
    value and year it was judged on."""
    return Snapshot(method, as_of, tuple(
        FrozenStatus(r.target_id, r.assessment.status,
                     None if r.assessment.latest_value is None else float(r.assessment.latest_value),
                     None if r.assessment.latest_year is None else int(r.assessment.latest_year))
        for r in results))


@dataclass(frozen=True)
class PlanReview:
    """One review as recorded now."""

    kind: str
    year: int
    held_on: dt.date
    document: str
    link: str | None
    conclusions: str | None
    snapshot: Snapshot | None
    batch_id: int | None = None
    loaded_by: str | None = None


@dataclass(frozen=True)
class NextReview:
    """The review due next: its kind and year, the day it is due by, and whether that day has passed."""

    kind: str
    year: int
    due: dt.date
    overdue: bool


@dataclass(frozen=True)
class ReviewSummary:
    """What the Overview says: the last review held and the next one due (None after 2030)."""

    last: PlanReview | None
    next: NextReview | None
    held: tuple[PlanReview, ...] = field(default_factory=tuple)


# ---- pure ------------------------------------------------------------------------------------------

def kind_of_year(year: int) -> str:
    """The review a plan year calls for: the mid-term in 2025, the final in 2030, a yearly one otherwise."""
    for kind, kind_year in KIND_YEARS.items():
        if kind_year == year:
            return kind
    return "yearly"


def review_years(kind: str) -> list[int]:
    """The years a review of `kind` may be recorded for."""
    if kind in KIND_YEARS:
        return [KIND_YEARS[kind]]
    return list(range(FIRST_REVIEW_YEAR, LAST_REVIEW_YEAR + 1))


def due_day(year: int) -> dt.date:
    """A review of `year` is held in October: due by the 31st."""
    return dt.date(year, REVIEW_MONTH, 31)


def compute_next_review(today: dt.date, held: Iterable[tuple[str, int]]) -> NextReview | None:
    """The first review from this year on that was not held: this year's (overdue after October when
    it was not held), else next year's; the mid-term in 2025 and the final in 2030 stand for that
    year's review. None once the plan's last review (2030's final) is held or its year is over."""
    held = set(held)
    for year in range(max(today.year, FIRST_REVIEW_YEAR), LAST_REVIEW_YEAR + 1):
        kind = kind_of_year(year)
        if (kind, year) not in held:
            return NextReview(kind, year, due_day(year), today > due_day(year))
    return None


def compute_last_review(reviews: Iterable[PlanReview]) -> PlanReview | None:
    """The review held last (by its date; the later plan year first on the same day)."""
    reviews = list(reviews)
    return max(reviews, key=lambda r: (r.held_on, r.year, REVIEW_KINDS.index(r.kind))) if reviews else None


def compute_status_changes(snapshot: Snapshot, results: Sequence[Any]) -> list[tuple[Any, FrozenStatus]]:
    """(today's TargetResult, the frozen status) for each target whose status differs from the one the
    review saw; a target the review did not see is listed with a frozen status of None."""
    frozen = snapshot.by_target()
    changes = []
    for result in results:
        then = frozen.get(result.target_id)
        if then is None or then.status != result.assessment.status:
            changes.append((result, then))
    return changes


# ---- read (DuckDB) ----------------------------------------------------------------------------------

def _plain(value: object) -> object:
    if value is None or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value.item() if hasattr(value, "item") else value


def _review(row: dict) -> PlanReview:
    return PlanReview(row["kind"], int(row["year"]), _plain(row["held_on"]), row["document"], _plain(row["link"]),
                      _plain(row["conclusions"]), Snapshot.from_json(_plain(row["statuses"])),
                      int(row["batch_id"]), row.get("loaded_by"))


def load_plan_reviews(con: duckdb.DuckDBPyConnection) -> list[PlanReview]:
    """Every review as currently recorded, by plan year."""
    return [_review(row) for row in db.query_df(con, "current_plan_reviews").to_dict("records")]


def load_plan_review(con: duckdb.DuckDBPyConnection, kind: str, year: int) -> PlanReview | None:
    """One review as currently recorded; None when it was not (or its record was withdrawn)."""
    return next((r for r in load_plan_reviews(con) if r.kind == kind and r.year == year), None)


def load_review_summary(con: duckdb.DuckDBPyConnection, today: dt.date) -> ReviewSummary:
    """The last review held and the next one due on `today` (for ui.cached_reads.read: plain arguments)."""
    reviews = load_plan_reviews(con)
    return ReviewSummary(compute_last_review(reviews),
                         compute_next_review(today, [(r.kind, r.year) for r in reviews]), tuple(reviews))


def load_review_batch_versions(con: duckdb.DuckDBPyConnection, batch_id: int) -> pd.DataFrame:
    """Every version a review batch wrote beside the one before it (old_*, new_*, change), with what a
    revert would need (still_current, restore_withdrawn)."""
    return load_batch_versions(con, VERSIONS, batch_id)


def compute_review_field_changes(versions: pd.DataFrame) -> pd.DataFrame:
    """One row per review and field that changed, old → new (the date always, when a review is added or
    withdrawn)."""
    out = []
    for number, row in enumerate(versions.to_dict("records"), start=1):
        for name in FIELDS:
            old, new = _plain(row[f"old_{name}"]), _plain(row[f"new_{name}"])
            if row["change"] == "added":
                old = None
            if old != new or (name == "held_on" and row["change"] in ("added", "withdrawn")):
                out.append({"_row": number, "kind": row["kind"], "year": int(row["year"]), "change": row["change"],
                            "field": name, "old": old, "new": new})
    return pd.DataFrame(out, columns=FIELD_CHANGE_COLUMNS, dtype=object)


def load_review_batch_changes(con: duckdb.DuckDBPyConnection, batch_id: int) -> pd.DataFrame:
    """What a review batch changed, one row per review and field (FIELD_CHANGE_COLUMNS)."""
    return compute_review_field_changes(load_review_batch_versions(con, batch_id))


# ---- texts -------------------------------------------------------------------------------------------

def review_name(kind: str, year: int, lang: str) -> str:
    """"Sơ kết giữa kỳ năm 2025", "Yearly review of 2026"."""
    return t(f"plan_review.kind_of.{kind}", lang, year=year)


def describe_snapshot(snapshot: Snapshot | None, lang: str) -> str:
    """A frozen snapshot in one line: how many targets, assessed by which method, as of which year."""
    if snapshot is None:
        return ""
    return t("plan_review.snapshot_line", lang, count=len(snapshot.targets),
             method=t(f"method.{snapshot.method}_name", lang),
             year=snapshot.as_of)


def format_field(name: str, value: object, lang: str) -> str:
    """One review field for reading (History, the preview)."""
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return format_date(value, lang)
    if name == "statuses":
        return describe_snapshot(Snapshot.from_json(value), lang)
    return str(value)


def build_review_field_table(changes: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Field changes of review batches for reading: change, review, field, old → new."""
    columns = [t("review.col_status", lang), t("plan_review.col_review", lang), t("tracker.col_field", lang),
               t("review.col_old", lang), t("review.col_new", lang)]
    rows = [[t(f"tracker.change.{c['change']}", lang), review_name(c["kind"], c["year"], lang),
             t(f"plan_review.field.{c['field']}", lang), format_field(c["field"], c["old"], lang),
             format_field(c["field"], c["new"], lang)] for c in changes.to_dict("records")]
    return pd.DataFrame(rows, columns=columns)


def describe_held(review: PlanReview, lang: str) -> str:
    """"Sơ kết giữa kỳ năm 2025: họp ngày 12/11/2025, văn bản số 123/BC-UBND"."""
    return t("plan_review.held_line", lang, review=review_name(review.kind, review.year, lang),
             date=format_date(review.held_on, lang), document=review.document)


def describe_next(next_review: NextReview | None, lang: str) -> str:
    """"Kỳ tới: rà soát năm 2026, hạn 31/10/2026 (đã quá hạn)"; the plan's end after 2030."""
    if next_review is None:
        return t("plan_review.next_none", lang)
    key = "plan_review.next_overdue" if next_review.overdue else "plan_review.next_due"
    return t(key, lang, review=review_name(next_review.kind, next_review.year, lang),
             date=format_date(next_review.due, lang))


def describe_review_summary(summary: ReviewSummary, lang: str) -> str:
    """The Overview's line: the last review held, then the next one due."""
    last = t("plan_review.last_none", lang) if summary.last is None else \
        t("plan_review.last", lang, held=describe_held(summary.last, lang))
    return f"{last} · {describe_next(summary.next, lang)}"


def target_text(target: Any, register: Any, lang: str) -> str:
    """"KH 151 · Văn bằng bảo hộ lũy kế (cuối năm) (cách hiểu a) · đến 2030": the plan, the indicator with
    its reading, and the year, so that a plan's targets on one indicator read apart."""
    return f"{target_name(target, register, lang)} · {t('verdict.by_year', lang, year=target.target_year)}"


def describe_frozen(then: FrozenStatus | None, unit: str, lang: str, status_text) -> str:
    """A frozen status with its value and year: "● đang đúng hướng (4.074, năm 2024)"."""
    if then is None:
        return t("plan_review.not_seen", lang)
    text = status_text(then.status, lang)
    if then.value is None:
        return text
    return f"{text} ({format_value(then.value, unit, lang)}, {then.year})"


def build_edition_review(review: PlanReview | None, kind: str, year: int, results: Sequence[Any], register: Any,
                         method: str, lang: str) -> tuple[str, list[tuple[str, str]], list[str], list[list[str]]]:
    """What a mid-term or final edition prints about its review: a title, (label, value) lines, the
    headers and rows of the statuses that differ between the review and today (empty when none do, no
    review was held, or the edition uses another method than the review did: then nothing compares)."""
    from ipmonitor.status_style import status_text as styled  # the status's shape and word

    def text(status: str, lang: str) -> str:
        return styled("progress", status, lang)

    title = review_name(kind, year, lang)
    if review is None:
        return title, [(t("plan_review.field.held_on", lang), t("plan_review.not_held", lang))], [], []
    lines = [(t("plan_review.field.held_on", lang), format_date(review.held_on, lang)),
             (t("plan_review.field.document", lang), review.document)]
    if review.link:
        lines.append((t("plan_review.field.link", lang), review.link))
    if review.conclusions:
        lines.append((t("plan_review.field.conclusions", lang), review.conclusions))
    snapshot = review.snapshot
    if snapshot is None:
        return title, lines, [], []
    if snapshot.method != method:
        lines.append((t("plan_review.field.statuses", lang), describe_snapshot(snapshot, lang) + " "
                      + t("plan_review.other_method", lang, method=t(f"method.{method}_name", lang))))
        return title, lines, [], []
    changes = compute_status_changes(snapshot, results)
    lines.append((t("plan_review.field.statuses", lang),
                  describe_snapshot(snapshot, lang) + " "
                  + (t("plan_review.changed_count", lang, count=len(changes)) if changes
                     else t("plan_review.none_changed", lang))))
    headers = [t("plan_review.col_target", lang), t("plan_review.col_then", lang), t("plan_review.col_now", lang)]
    rows = []
    for result, then in changes:
        unit = register.indicators[result.indicator].unit
        a = result.assessment
        now = FrozenStatus(result.target_id, a.status, a.latest_value, a.latest_year)
        rows.append([target_text(register.target(result.target_id), register, lang),
                     describe_frozen(then, unit, lang, text), describe_frozen(now, unit, lang, text)])
    return title, lines, headers, rows


def build_snapshot_table(snapshot: Snapshot, register: Any, lang: str) -> pd.DataFrame:
    """The frozen statuses for reading: target, status, the value and year it was judged on."""
    from ipmonitor.status_style import status_text

    columns = [t("plan_review.col_target", lang), t("plan_review.col_status", lang),
               t("plan_review.col_value", lang), t("export.col_year", lang)]
    rows = []
    for frozen in snapshot.targets:
        target = register.target(frozen.target_id)
        unit = register.indicators[target.indicator].unit
        rows.append([target_text(target, register, lang), status_text("progress", frozen.status, lang),
                     "–" if frozen.value is None else format_value(frozen.value, unit, lang),
                     "–" if frozen.year is None else str(frozen.year)])
    return pd.DataFrame(rows, columns=columns)


def build_held_table(reviews: Sequence[PlanReview], lang: str) -> pd.DataFrame:
    """The reviews held, newest first: review, date held, document, link, conclusions."""
    columns = [t("plan_review.col_review", lang), *(t(f"plan_review.field.{name}", lang)
                                                    for name in ("held_on", "document", "link", "conclusions"))]
    ordered = sorted(reviews, key=lambda r: (r.held_on, r.year), reverse=True)
    rows = [[review_name(r.kind, r.year, lang), format_date(r.held_on, lang), r.document, r.link or "",
             r.conclusions or ""] for r in ordered]
    return pd.DataFrame(rows, columns=columns)
