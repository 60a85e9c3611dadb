"""The whole ETL path for one file: read -> validate -> normalise -> compare, then commit on request.

The command line and the app's upload page both call `prepare_file` and `commit_prepared`, so an
upload is checked and written exactly as `python -m etl load` would.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, ContextManager

import duckdb
import pandas as pd

from etl.batches import Audit
from etl.layout import locate_records
from etl.load import ChangeSet, apply_changes, compute_changes
from etl.normalise import Normalised, normalise_figures
from etl.parts import check_parts_against_totals, family_measures
from etl.problems import Problem, has_errors, sort_problems
from etl.read import DEFAULT_LIMITS, FileRefused, RawTable, ReadLimits, read_bytes, read_file
from etl.validate import validate_workbook
from ipmonitor.store import db
from ipmonitor.store.reference import Vocabulary, load_database_vocabularies


@dataclass
class Prepared:
    """A checked file: its problems, and when there is no error, the changes it would make."""

    file_name: str
    sha256: str | None
    problems: list[Problem] = field(default_factory=list)
    changes: ChangeSet | None = None
    layout: str | None = None

    @property
    def ok(self) -> bool:
        """True when the file can be committed."""
        return self.changes is not None and not has_errors(self.problems)


def prepare_bytes(con: duckdb.DuckDBPyConnection, data: bytes, file_name: str,
                  limits: ReadLimits = DEFAULT_LIMITS) -> Prepared:
    """Check an upload held in memory and compute what it would change; writes nothing."""
    try:
        raw = read_bytes(data, file_name, limits)
    except FileRefused as refused:
        return Prepared(file_name, None, [refused.problem])
    return prepare_raw(con, raw)


def prepare_file(con: duckdb.DuckDBPyConnection, path: Path | str,
                 limits: ReadLimits = DEFAULT_LIMITS) -> Prepared:
    """Check a file on disk (its size is checked before it is read into memory); writes nothing."""
    try:
        raw = read_file(path, limits)
    except FileRefused as refused:
        return Prepared(Path(path).name, None, [refused.problem])
    return prepare_raw(con, raw)


def prepare_raw(con: duckdb.DuckDBPyConnection, raw: RawTable) -> Prepared:
    """Validate, normalise and compare the cells of a file that could be read."""
    vocabularies = load_database_vocabularies(con)
    prepared, normalised = _check_raw(raw, vocabularies, db.query_df(con, "known_sources"))
    if normalised is not None:
        _compare(con, prepared, normalised, vocabularies)
    return prepared


def prepare_file_briefly(open_connection: Callable[[], ContextManager[duckdb.DuckDBPyConnection]],
                         path: Path | str, limits: ReadLimits = DEFAULT_LIMITS) -> Prepared:
    """`prepare_file` holding the database only while it reads the lists and compares.

    DuckDB lets one process at a time open the file, so while the command line holds a connection the
    dashboard cannot read. Reading, validating and normalising a large file takes seconds and needs no
    database; `open_connection()` is entered twice, for the reference lists and for the comparison,
    each for a fraction of a second. A batch written in between is caught at commit (StalePreview).
    """
    try:
        raw = read_file(path, limits)
    except FileRefused as refused:
        return Prepared(Path(path).name, None, [refused.problem])
    with open_connection() as con:
        vocabularies, known_sources = load_database_vocabularies(con), db.query_df(con, "known_sources")
    prepared, normalised = _check_raw(raw, vocabularies, known_sources)
    if normalised is not None:
        with open_connection() as con:
            _compare(con, prepared, normalised, vocabularies)
    return prepared


def _compare(con: duckdb.DuckDBPyConnection, prepared: Prepared, normalised: Normalised,
             vocabularies: dict[str, Vocabulary]) -> None:
    """The changes the figures would make, and the checks that need the current figures: parts laid
    over the database must still add up to their totals (an error leaves nothing to commit)."""
    prepared.changes = compute_changes(con, normalised)
    figures = normalised.figures
    family = family_measures(vocabularies["measure"])
    mine = figures[figures["measure"].isin(family)] if family else figures.iloc[0:0]
    if mine.empty:
        return
    current = db.query_df(con, "current_figures_of_measures", {
        "measures": family, "territories": sorted(set(mine["territory"]))})
    problems = check_parts_against_totals(figures, vocabularies["measure"], current)
    if problems:
        prepared.problems = sort_problems(prepared.problems + problems)


def _check_raw(raw: RawTable, vocabularies: dict[str, Vocabulary],
               known_sources: pd.DataFrame) -> tuple[Prepared, Normalised | None]:
    """Locate, validate and normalise the cells of every sheet (no database): the problems, and the
    figures when valid."""
    tables = [locate_records(sheet.rows, sheet.cached, sheet.name) for sheet in raw.all_sheets()]
    validated = validate_workbook(tables, vocabularies, raw.hidden_sheets)
    layouts = sorted({records.layout for records in tables if records.layout != "unknown"})
    prepared = Prepared(raw.file_name, raw.sha256, list(validated.problems),
                        layout="+".join(layouts) if layouts else "unknown")
    if not validated.ok:
        return prepared, None
    normalised = normalise_figures(validated.frame, known_sources)
    prepared.problems = sort_problems(prepared.problems + normalised.problems)
    return prepared, normalised


def commit_prepared(con: duckdb.DuckDBPyConnection, prepared: Prepared, *, loaded_by: str,
                    note: str | None = None, audit: Audit | None = None) -> int | None:
    """Write a prepared file as one batch, after a backup of the database, with `audit`'s event in the same
    transaction (`note` added to its detail); None when it changes nothing.

    Raises StalePreview (another batch came first: audited as commit_refused with the audit's detail) or
    BackupFailed (no backup, so nothing written).
    """
    if not prepared.ok:
        raise ValueError("a file with errors cannot be committed")
    return apply_changes(con, prepared.changes, loaded_by=loaded_by, file_name=prepared.file_name,
                         sha256=prepared.sha256, note=note, audit=audit)
