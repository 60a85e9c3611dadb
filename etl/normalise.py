"""Stage 3, normalise: validated rows -> canonical figures, with each source resolved to a source code.

Pure: the known sources are passed in. A source cell may hold a source's code or its title; one that
matches neither becomes a new source (reported as a warning, so that a typo shows in the preview).
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

import pandas as pd

from etl.problems import WARNING, Problem, sort_problems
from ipmonitor.text import fold

FIGURE_COLUMNS = ["_sheet", "_row", "_column", "year", "ip_type", "measure", "territory", "value", "source_code"]
SOURCE_COLUMNS = ["code", "title", "publisher", "address", "published"]


@dataclass
class Normalised:
    """Figures ready to compare with the database, and the sources the load would create."""

    figures: pd.DataFrame
    new_sources: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)


def new_source_code(title: str) -> str:
    """A stable code for a source known only by its title."""
    return "src-" + hashlib.sha256(fold(title).encode()).hexdigest()[:10]


def parse_source_date(cell: object) -> dt.date | None:
    """A publication date written 2024-10-15, 15/10/2024, or stored as an Excel date."""
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    text = str(cell).strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def normalise_figures(frame: pd.DataFrame, known_sources: pd.DataFrame) -> Normalised:
    """Resolve sources and cast types; `known_sources` has the database's `code` and `title` columns."""
    by_spelling: dict[str, str] = {}
    for code, title in zip(known_sources["code"], known_sources["title"]):
        by_spelling.setdefault(fold(code), code)
        by_spelling.setdefault(fold(title), code)

    new: dict[str, dict[str, object]] = {}
    problems: list[Problem] = []
    code_of_cell: dict[str, str] = {}
    if "_sheet" not in frame:
        frame = frame.assign(_sheet=None)
    sources = frame["source"].tolist()
    # Most rows of a file share a handful of sources: each distinct cell is folded once, on its first row.
    first_position: dict[str, int] = {}
    for position, source in enumerate(sources):
        first_position.setdefault(source, position)
    first_rows = frame.iloc[list(first_position.values())]
    for row in first_rows[["_sheet", "_row", "source", "source_publisher", "source_address", "source_date"]
                          ].to_dict("records"):
        spelling = fold(row["source"])
        code = by_spelling.get(spelling)
        if code is None:
            code = new_source_code(row["source"])
            by_spelling[spelling] = code
            published = parse_source_date(row["source_date"]) if row["source_date"] else None
            new[code] = {"code": code, "title": row["source"], "publisher": row["source_publisher"],
                         "address": row["source_address"], "published": published}
            problems.append(Problem("new_source", severity=WARNING, row=int(row["_row"]), value=row["source"],
                                    sheet=row["_sheet"]))
        code_of_cell[row["source"]] = code
    codes = [code_of_cell[source] for source in sources]

    figures = pd.DataFrame({
        "_sheet": frame["_sheet"].astype(object).where(frame["_sheet"].notna(), None),
        "_row": frame["_row"].astype("int64"),
        # The value's column, for a check across figures (etl/parts.py); the comparison ignores it.
        "_column": frame["_column"].astype(object) if "_column" in frame else None,
        "year": frame["year"].astype("int64"),
        "ip_type": frame["ip_type"].astype(str),
        "measure": frame["measure"].astype(str),
        "territory": frame["territory"].astype(str),
        "value": frame["value"].astype("int64"),
        "source_code": codes,
    })
    new_sources = pd.DataFrame(list(new.values()), columns=SOURCE_COLUMNS)
    return Normalised(figures.reset_index(drop=True), new_sources, sort_problems(problems))
