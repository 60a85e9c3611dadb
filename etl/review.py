"""What an analyst reads before committing: the problems of a file, and the changes it would make,
with the jumps of more than half from the year before flagged for a second look.

The command line and the upload page show the same tables.
"""
from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from etl.load import ChangeSet
from etl.pipeline import Prepared, prepare_bytes, prepare_raw
from etl.problems import Problem
from etl.read import RawTable
from ipmonitor import db
from ipmonitor.i18n import t
from ipmonitor.numbers import format_number, format_percent

# A yearly count that moves by more than half is more often a typing slip (an extra zero, a cumulative
# total in a yearly column) than news; the analyst confirms it before it is written.
JUMP_THRESHOLD = 0.5


def build_problem_table(problems: list[Problem], lang: str) -> pd.DataFrame:
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


def compute_jumps(rows: pd.DataFrame, previous: pd.DataFrame) -> pd.DataFrame:
    """The preview's rows with the year before's value, the relative change from it, and `flagged` for
    an added or changed figure that moves by more than JUMP_THRESHOLD (or from zero to more).
    `previous` is matched on every column it shares with `rows` (the figure's key)."""
    out = rows.merge(previous, on=[c for c in previous.columns if c != "previous_value"], how="left")
    prev = out["previous_value"].astype("Float64")
    new = out["new_value"].astype("Float64")
    out["jump"] = ((new - prev) / prev).where(prev > 0)
    from_zero = (prev == 0) & (new > 0)
    writes = out["status"].isin(["added", "changed"])
    out["flagged"] = (writes & ((out["jump"].abs() > JUMP_THRESHOLD) | from_zero)).fillna(False).astype(bool)
    return out


def load_jumps(con: duckdb.DuckDBPyConnection, changes: ChangeSet) -> pd.DataFrame:
    """compute_jumps with the year before read from the file itself and from the current figures."""
    con.register("preview_rows", changes.rows)
    try:
        previous = db.query_df(con, "previous_year_values")
    finally:
        con.unregister("preview_rows")
    return compute_jumps(changes.rows, previous)


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


@dataclass
class Review:
    """A file or an edit being reviewed: where it came from (to check it again when the database moved
    on), what was found, and the jumps to confirm."""

    origin: str  # "upload" or "edit"
    content: bytes | RawTable
    file_name: str
    prepared: Prepared
    jumps: pd.DataFrame | None

    @property
    def flagged(self) -> int:
        """How many figures move by more than half from the year before."""
        return 0 if self.jumps is None else int(self.jumps["flagged"].sum())

    @property
    def writes(self) -> pd.DataFrame:
        """The rows that a commit would write (added or changed), flagged ones first, each group in the
        preview's reading order (series by series, years in order)."""
        if self.jumps is None:
            return pd.DataFrame()
        rows = self.jumps[self.jumps["status"] != "unchanged"]
        return rows.sort_values("flagged", ascending=False, kind="stable")


def prepare_review(con: duckdb.DuckDBPyConnection, origin: str, content: bytes | RawTable, file_name: str) -> Review:
    """Check an upload (bytes) or an edit (a table of rows) and compute its preview; writes nothing."""
    if origin == "upload":
        prepared = prepare_bytes(con, content, file_name)
    else:
        prepared = prepare_raw(con, content)
    jumps = load_jumps(con, prepared.changes) if prepared.ok else None
    return Review(origin, content, file_name, prepared, jumps)
