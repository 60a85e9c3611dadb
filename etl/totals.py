"""Totals in an upload: a total row or column is checked against the figures it covers, never loaded.

A total row adds the top-level IP types of the rows it closes (an "of which" sub-type is inside its
parent; the all-types code is itself a total); a total column adds the years of its row; a long table's
total row adds the figures of its year, measure and territory. A formula's saved result is what is
compared; one saved without a result is taken as its own sum.
"""
from __future__ import annotations

import pandas as pd

from etl.layout import Records, TotalCell
from etl.problems import NOTE, Problem, shown
from etl.read import ExcelError
from etl.territory_names import resolve_territory
from ipmonitor.numbers import NumberProblem, is_blank, parse_number, parse_year
from ipmonitor.store.reference import Vocabulary


def _total_value(total: TotalCell) -> tuple[float | None, Problem | None]:
    """What a total cell says: its number, a formula's saved result, or None for a formula saved
    without one (the sum is then taken as it is); a problem when the cell is not a number."""
    cell = total.cell
    if isinstance(cell, str) and cell.strip().startswith("="):
        cell = total.cached
        if cell is None or is_blank(cell):
            return None, None
    if isinstance(cell, ExcelError):
        return None, Problem("excel_error", row=total.row, column=total.column, value=str(cell))
    try:
        return float(parse_number(cell)), None
    except NumberProblem as problem:
        return None, Problem(problem.code, row=total.row, column=total.column, value=shown(cell))


def check_totals(records: Records, typed: pd.DataFrame, vocabularies: dict[str, Vocabulary]) -> list[Problem]:
    """Every total row and column against the sum of the figures it covers: the top-level IP types (an
    "of which" sub-type is inside its parent, a total type is not a part); totals are never loaded."""
    if not records.totals:
        return []
    types = vocabularies["ip_type"]
    top = [code not in types.parents and code not in types.totals and code not in types.untyped
           for code in typed["ip_type"].tolist()]
    frame = typed.assign(_top=top)
    problems: list[Problem] = []
    agreed: dict[tuple[str, object], int] = {}
    row_sums: dict[int, list[float | None]] = {}
    for total in [t for t in records.totals if t.kind == "row"] + [t for t in records.totals if t.kind == "column"]:
        said, problem = _total_value(total)
        if problem is not None:
            problems.append(problem)
            continue
        parts = _total_parts(total, frame, vocabularies, row_sums)
        if total.kind == "row":
            row_sums.setdefault(total.row, []).append(said if said is not None else parts)
        if parts is None:
            continue  # a part is unreadable, and reported there
        if said is not None and abs(said - parts) > 1e-9:
            problems.append(Problem("total_mismatch", row=total.row, column=total.column,
                                    value=_number_text(said),
                                    params={"total": _number_text(said), "parts": _number_text(parts)}))
        else:
            line = (total.kind, total.row if total.kind == "row" else total.column)
            agreed[line] = agreed.get(line, 0) + 1  # a formula saved without a result is its own sum
    for (kind, where), count in agreed.items():
        problems.append(Problem(f"total_{kind}_checked", severity=NOTE,
                                row=where if kind == "row" else None, column=None if kind == "row" else where,
                                params={"count": count}))
    return problems


def _total_parts(total: TotalCell, frame: pd.DataFrame, vocabularies: dict[str, Vocabulary],
                 row_sums: dict[int, list[float | None]]) -> float | None:
    """The sum of the figures a total covers, None when one of them could not be read."""
    if total.kind == "column":
        if total.row in row_sums:  # the corner of a total row and a total column
            sums = row_sums[total.row]
            return None if any(v is None for v in sums) else float(sum(sums))
        parts = frame[frame["_row"] == total.row]
    elif total.key is None:
        parts = frame[(frame["_row"] >= total.first_row) & (frame["_row"] <= total.last_row)
                      & (frame["year"] == total.year) & frame["_top"]]
    else:
        key = _total_key(total.key, vocabularies)
        if key is None:
            return None
        year, measure, territory = key
        parts = frame[(frame["year"] == year) & (frame["measure"] == measure)
                      & (frame["territory"] == territory) & frame["_top"]]
    if parts["value"].isna().any():
        return None
    return float(parts["value"].sum())


def _total_key(key: dict, vocabularies: dict[str, Vocabulary]) -> tuple[int, str, str] | None:
    """The year, measure and territory of a long table's total row, read as its figures are."""
    try:
        year = parse_year(key.get("year"))
    except NumberProblem:
        return None
    measure = vocabularies["measure"].resolve(key.get("measure"))
    territory, outcome, _ = resolve_territory(key.get("territory"), year, vocabularies["territory"])
    if measure is None or outcome not in ("ok", "by_year"):
        return None
    return year, measure, territory


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
