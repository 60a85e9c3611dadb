"""Parts against their total: registration dossiers supported at home and abroad add up to all dossiers
supported (data/reference/measures.csv, column part_of).

The total stays a figure of its own (a year reported before the split was asked for has a total and no
parts), and the parts are checked against it on every load: the file's figures laid over the current
ones, so that a file giving only the total, or only one part, is checked against what the database
already holds. Where the total and every part are known they must add up exactly; where only some parts
are known they must not exceed the total. Either failure is an error at the cell of the file's figure,
naming every figure it added and where each came from. Pure: frames in, problems out.
"""
from __future__ import annotations

import pandas as pd

from etl.problems import Problem
from ipmonitor.store.reference import Vocabulary

GROUP = ["year", "ip_type", "territory"]


def family_measures(measures: Vocabulary) -> list[str]:
    """Every measure that is a part or a total of parts."""
    return sorted(set(measures.part_of) | set(measures.part_of.values()))


def check_parts_against_totals(figures: pd.DataFrame, measures: Vocabulary,
                               current: pd.DataFrame | None = None) -> list[Problem]:
    """Every year and territory where the parts and their total disagree, once the file's figures
    (`figures`: _sheet, _row, _column, year, ip_type, measure, territory, value) are laid over the
    current ones (`current`: year, ip_type, measure, territory, value). Each problem sits at the
    total's cell when the file gives the total, else at the first part the file gives."""
    family = family_measures(measures)
    if not family or figures.empty:
        return []
    incoming = figures[figures["measure"].isin(family)]
    if incoming.empty:
        return []
    incoming = incoming.assign(_from_file=True)
    if "_sheet" not in incoming:
        incoming = incoming.assign(_sheet=None)
    if "_column" not in incoming:
        incoming = incoming.assign(_column=None)
    frames = [incoming]
    if current is not None and not current.empty:
        known = current[current["measure"].isin(family)].merge(incoming[GROUP].drop_duplicates(), on=GROUP)
        # A figure of the file replaces the current one of its key.
        known = known.merge(incoming[[*GROUP, "measure"]], on=[*GROUP, "measure"], how="left", indicator=True)
        known = known[known["_merge"] == "left_only"].drop(columns="_merge")
        frames.append(known.assign(_from_file=False, _sheet=None, _row=None, _column=None))
    table = pd.concat(frames, ignore_index=True)
    problems = []
    for total in sorted(set(measures.part_of.values())):
        parts = measures.parts_of(total)
        for key, group in table[table["measure"].isin((total, *parts))].groupby(GROUP, sort=True):
            problem = _compare(dict(zip(GROUP, key)), group, total, parts)
            if problem is not None:
                problems.append(problem)
    return problems


def _compare(key: dict, group: pd.DataFrame, total: str, parts: tuple[str, ...]) -> Problem | None:
    by_measure = {row["measure"]: row for row in group.to_dict("records")}
    if total not in by_measure or not any(part in by_measure for part in parts):
        return None
    given = [by_measure[part] for part in parts if part in by_measure]
    if not any(row["_from_file"] for row in [by_measure[total], *given]):
        return None
    said, added = float(by_measure[total]["value"]), float(sum(row["value"] for row in given))
    complete = len(given) == len(parts)
    if (complete and added == said) or (not complete and added <= said):
        return None
    # At the total's cell when the file gives it, else at the first part the file gives.
    at = by_measure[total] if by_measure[total]["_from_file"] else min(
        (row for row in given if row["_from_file"]), key=lambda row: row["_row"])
    return Problem("parts_disagree_with_total" if complete else "parts_above_total", row=int(at["_row"]),
                   column=at["_column"], sheet=at["_sheet"], value=_text(at["value"]),
                   params={"part_figures": [(row["measure"], float(row["value"]), *_origin(row)) for row in given],
                           "parts_sum": added, "total_value": said, "measure": total, "year": int(key["year"]),
                           "territory": key["territory"],
                           "total_at": _origin(by_measure[total]) if by_measure[total]["_from_file"] else None})


def _origin(row: dict) -> tuple[str | None, int | None]:
    """(sheet, row) of a figure of the file; (None, None) for one already in the database."""
    return (row["_sheet"], int(row["_row"])) if row["_from_file"] else (None, None)


def _text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
