"""The plan's reviews, write side: check a review an analyst records (every problem at once, named by
field), preview it with the statuses it will freeze, write it as one batch, and revert such a batch.

The same stages as the tracker (etl/tracker_writes.py): validate → compare with the current record (a preview
that writes nothing) → load (a backup, then one transaction holding the batch, its version and its
audit event). The frozen statuses are computed at the preview, with the status engine on the database
as it is then; the preview remembers the newest batch, so a commit made after anyone wrote anything
(figures included, which would change the statuses) is refused with StalePreview and previewed again.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import duckdb
import pandas as pd

from etl.batches import (REVIEW_BATCHES, Audit, Pending, RevertResult, latest_batch_id, no_batch_since,
                         revert, write_batch)
from etl.problems import Problem, has_errors
from etl.tracker_checks import clean_text, has_control_characters, is_web_link, read_date, whole_year
from ipmonitor.i18n import t
from ipmonitor.numbers import format_date
from ipmonitor.vietnam_time import vietnam_today
from ipmonitor.tracker.plan_reviews import (FIELDS, KIND_YEARS, PLAN_REVIEW, REVIEW_KINDS, PlanReview,
                                            Snapshot, compute_snapshot, load_plan_review, review_years)
from ipmonitor.text import FORMULA_TRIGGERS

DOCUMENT_LIMIT = 200
LINK_LIMIT = 2_000
CONCLUSIONS_LIMIT = 4_000  # a page or two of the review's conclusions; the document holds the rest
AUDIT_ACTION = "plan_review_update"


@dataclass
class ReviewEntry:
    """A review as an analyst enters it."""

    kind: str
    year: int
    held_on: dt.date | str | None
    document: str | None
    link: str | None = None
    conclusions: str | None = None


@dataclass(frozen=True)
class ReviewProblem(Problem):
    """A problem in one field of a review; `column` holds the field's key, shown in the reader's
    language, the message is `plan_review.problem.<code>`."""

    def column_label(self, lang: str) -> str:
        """The field's name in `lang`."""
        return "" if self.column is None else t(f"plan_review.field.{self.column}", lang)

    def message(self, lang: str) -> str:
        """The explanation alone, in `lang`."""
        params = {name: format_date(value, lang) if isinstance(value, dt.date) else value
                  for name, value in self.params.items()}
        if "kind" in params:
            params["kind"] = t(f"plan_review.kind.{params['kind']}", lang)
        return t(f"plan_review.problem.{self.code}", lang, value=self.value, field=self.column_label(lang), **params)

    def describe(self, lang: str) -> str:
        """One line for a terminal or a log: the field, what was found, and the explanation."""
        found = t("problem.found", lang, value=self.value) if self.value not in (None, "") else ""
        return f"{t('problem.severity_' + self.severity, lang)} {self.column_label(lang)}: {self.message(lang)}{found}"


@dataclass
class ReviewPreview:
    """A review being recorded: its problems, and when it has none, the version it will write (new),
    the one it replaces (old, None for a first record), the frozen statuses, and the newest batch the
    comparison was made against."""

    problems: list[Problem]
    new: PlanReview | None
    old: PlanReview | None
    latest_batch: int

    @property
    def ok(self) -> bool:
        """True when nothing blocks the commit."""
        return not has_errors(self.problems)

    @property
    def change(self) -> str:
        """added, changed or unchanged."""
        if self.old is None:
            return "added"
        same = all(getattr(self.old, name) == getattr(self.new, name)
                   for name in ("held_on", "document", "link", "conclusions"))
        return "unchanged" if same and self.old.snapshot == self.new.snapshot else "changed"

    @property
    def is_empty(self) -> bool:
        return self.change == "unchanged"


# ---- validate (pure) -------------------------------------------------------------------------------

def _shown(value: object, limit: int = 80) -> str | None:
    if value is None:
        return None
    text = str(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _free_text(name: str, text: str | None, limit: int, *, one_line: bool) -> list[Problem]:
    if text is None:
        return []
    if len(text) > limit:
        return [ReviewProblem("too_long", column=name, value=_shown(text), params={"limit": limit})]
    if has_control_characters(text, one_line=one_line):
        return [ReviewProblem("control_characters", column=name, value=_shown(text))]
    if text.startswith(FORMULA_TRIGGERS):
        return [ReviewProblem("formula_text", column=name, value=_shown(text))]
    return []


def validate_review(entry: ReviewEntry, today: dt.date) -> tuple[list[Problem], dict]:
    """Every problem of a review entry, and its fields cleaned (kind, year, held_on, document, link,
    conclusions)."""
    problems: list[Problem] = []
    kind, year = clean_text(entry.kind), whole_year(entry.year)
    held_on, is_date = read_date(entry.held_on)
    document, link, conclusions = clean_text(entry.document), clean_text(entry.link), clean_text(entry.conclusions)
    if kind is None:
        problems.append(ReviewProblem("missing", column="kind"))
    elif kind not in REVIEW_KINDS:
        problems.append(ReviewProblem("unknown_kind", column="kind", value=_shown(kind)))
    if year is None:
        problems.append(ReviewProblem("not_a_year", column="year", value=_shown(clean_text(entry.year))))
    elif kind in KIND_YEARS and year != KIND_YEARS[kind]:
        problems.append(ReviewProblem("year_of_kind", column="year", value=str(year),
                                      params={"kind": kind, "expected": KIND_YEARS[kind]}))
    elif year not in review_years("yearly"):
        years = review_years("yearly")
        problems.append(ReviewProblem("year_outside_plan", column="year", value=str(year),
                                      params={"first": years[0], "last": years[-1]}))
    if not is_date:
        problems.append(ReviewProblem("not_a_date", column="held_on", value=_shown(entry.held_on)))
    elif held_on is None:
        problems.append(ReviewProblem("missing", column="held_on"))
    elif held_on > today:
        problems.append(ReviewProblem("held_in_future", column="held_on", value=held_on.isoformat(),
                                      params={"today": today}))
    elif year is not None and held_on.year < year:
        problems.append(ReviewProblem("held_before_year", column="held_on", value=held_on.isoformat(),
                                      params={"year": year}))
    if document is None:
        problems.append(ReviewProblem("missing", column="document"))
    elif "://" in document:
        problems.append(ReviewProblem("document_is_link", column="document", value=_shown(document)))
    else:
        problems.extend(_free_text("document", document, DOCUMENT_LIMIT, one_line=True))
    if link is not None and not is_web_link(link):
        problems.append(ReviewProblem("bad_link", column="link", value=_shown(link)))
    problems.extend(_free_text("conclusions", conclusions, CONCLUSIONS_LIMIT, one_line=False))
    cleaned = {"kind": kind, "year": year, "held_on": held_on, "document": document, "link": link,
               "conclusions": conclusions}
    return problems, cleaned  # in the form's order, each field once


# ---- compare (reads only) --------------------------------------------------------------------------

def compute_frozen_statuses(con: duckdb.DuckDBPyConnection, year: int, method: str = "eurostat",
                            register: Any = None) -> Snapshot:
    """Every target's status as the database says now, assessed as of the review's year (the figures up
    to that year, as the mid-term and final editions read them), each on its own territory."""
    from ipmonitor.progress.scoreboard import assess_register  # the status engine, cut at the review's year

    results = assess_register(con, method, register=register, as_of=year)
    return compute_snapshot(results, method, year)


def prepare_review(con: duckdb.DuckDBPyConnection, entry: ReviewEntry, *, today: dt.date | None = None,
                   method: str = "eurostat", register: Any = None) -> ReviewPreview:
    """Check a review, freeze the statuses it will keep and compare it with its current record; writes
    nothing. `today` (Viet Nam's date by default) bounds the date held."""
    problems, cleaned = validate_review(entry, today or vietnam_today())
    latest = latest_batch_id(con)
    if has_errors(problems):
        return ReviewPreview(problems, None, None, latest)
    snapshot = compute_frozen_statuses(con, cleaned["year"], method, register)
    new = PlanReview(**cleaned, snapshot=snapshot)
    return ReviewPreview(problems, new, load_plan_review(con, cleaned["kind"], cleaned["year"]), latest)


# ---- load (one transaction) ------------------------------------------------------------------------

def _pending(rows: list[dict]) -> pd.DataFrame:
    columns = ["_row", "kind", "year", *(f"new_{name}" for name in FIELDS), "withdrawn"]
    return pd.DataFrame({c: pd.Series([r.get(c) for r in rows], dtype=object) for c in columns}, columns=columns)


def commit_review(con: duckdb.DuckDBPyConnection, preview: ReviewPreview, *, loaded_by: str,
                  note: str | None = None, channel: str = "app") -> int | None:
    """Write a previewed review as one batch, with its audit event (etl.batches.write_batch); None when it
    changes nothing.

    Raises ValueError for a preview with errors, StalePreview when anything was written since the
    preview (recorded in the audit log as commit_refused), BackupFailed when the backup taken first
    cannot be written (nothing is written)."""
    if not preview.ok:
        raise ValueError("a review with errors cannot be committed")
    if preview.is_empty:
        return None
    new, change = preview.new, preview.change
    # Keys History's audit table reads in the reader's language (ipmonitor/progress/tables.py).
    detail = {"subject": PLAN_REVIEW, "review_kind": new.kind, "review_year": new.year, "counts": {change: 1}}
    pending = _pending([{"_row": 1, "kind": new.kind, "year": new.year, "new_held_on": new.held_on,
                         "new_document": new.document, "new_link": new.link, "new_conclusions": new.conclusions,
                         "new_statuses": new.snapshot.to_json(), "withdrawn": False}])
    # The backup is recorded as a batch label, not a batch: the newest batch is unchanged by it.
    return write_batch(con, REVIEW_BATCHES, Pending(pending, {change: 1}), loaded_by=loaded_by, note=note,
                       audit=Audit(AUDIT_ACTION, detail, channel=channel), is_fresh=no_batch_since(preview.latest_batch))


def revert_review_batch(con: duckdb.DuckDBPyConnection, batch_id: int, *, loaded_by: str,
                        note: str | None = None, channel: str = "app") -> RevertResult:
    """Undo a review batch with a new batch (kind revert, subject plan_review, etl.batches.revert): each
    review goes back to its record before the batch, or is withdrawn where the batch first recorded it.
    Raises WrongSubject for any other batch, BackupFailed when the backup cannot be written."""
    return revert(con, batch_id, loaded_by=loaded_by, note=note, channel=channel, subjects=(PLAN_REVIEW,))
