"""Small corrections typed in the app: a grid of one territory and one measure (years down, IP types
across), and the rows of a load built from the cells that changed. The rows then go through the same
validation, preview and commit as an uploaded file.
"""
from __future__ import annotations

import hashlib

import pandas as pd

from etl.read import RawTable

EDIT_HEADER = ["year", "ip_type", "measure", "territory", "value", "source"]


def build_edit_grid(figures: pd.DataFrame, ip_types: dict[str, str], years: range) -> pd.DataFrame:
    """Current values of one territory and measure: a row per year, a column per IP type (by code),
    empty where there is no figure. `figures` has year, ip_type and value columns."""
    grid = figures.pivot_table(index="year", columns="ip_type", values="value", aggfunc="first")
    grid = grid.reindex(index=list(years), columns=list(ip_types))
    return grid.astype("Int64").rename_axis(index="year", columns=None)


def compute_edited_cells(original: pd.DataFrame, edited: pd.DataFrame) -> tuple[list[tuple], list[tuple]]:
    """(year, ip_type, new value) for every cell given a new value, and (year, ip_type, old value) for
    every cell emptied; emptying cannot remove a figure (a revert does), so those are reported."""
    changed, emptied = [], []
    for year in original.index:
        for ip_type in original.columns:
            old, new = original.at[year, ip_type], edited.at[year, ip_type]
            if pd.isna(new):
                if not pd.isna(old):
                    emptied.append((int(year), ip_type, int(old)))
            elif pd.isna(old) or new != old:
                changed.append((int(year), ip_type, new))
    return changed, emptied


def build_edit_table(cells: list[tuple], measure: str, territory: str, source: str, name: str) -> RawTable:
    """The changed cells as the rows of a file, in the load's own column names, so that the upload's
    stages read them exactly like a file; its SHA-256 identifies the edit in the history."""
    rows = [list(EDIT_HEADER)] + [[year, ip_type, measure, territory, value, source] for year, ip_type, value in cells]
    text = "\n".join(",".join("" if cell is None else str(cell) for cell in row) for row in rows)
    data = text.encode("utf-8")
    return RawTable(name, hashlib.sha256(data).hexdigest(), len(data), "edit", rows)
