"""Edits typed in the grid: which cells changed, which were emptied, and the rows they become."""
from __future__ import annotations

import pandas as pd

from etl.edits import EDIT_HEADER, build_edit_grid, build_edit_table, compute_edited_cells

TYPES = {"patent": "Sáng chế", "trademark": "Nhãn hiệu"}


def grid():
    figures = pd.DataFrame({"year": [2024, 2025, 2024], "ip_type": ["patent", "patent", "trademark"],
                            "value": [10, 12, 500]})
    return build_edit_grid(figures, TYPES, range(2024, 2027))


def test_the_grid_has_a_row_per_year_and_a_column_per_type_and_is_empty_where_there_is_no_figure():
    table = grid()
    assert list(table.index) == [2024, 2025, 2026] and list(table.columns) == ["patent", "trademark"]
    assert table.at[2024, "trademark"] == 500 and pd.isna(table.at[2025, "trademark"])


def test_changed_and_new_cells_are_found_and_emptied_ones_reported_apart():
    original = grid()
    edited = original.copy()
    edited.at[2025, "patent"] = 13
    edited.at[2026, "trademark"] = 520
    edited.at[2024, "trademark"] = pd.NA
    changed, emptied = compute_edited_cells(original, edited)
    assert changed == [(2025, "patent", 13), (2026, "trademark", 520)]
    assert emptied == [(2024, "trademark", 500)]


def test_an_untouched_grid_changes_nothing():
    assert compute_edited_cells(grid(), grid()) == ([], [])


def test_the_edit_becomes_rows_in_the_loads_own_columns_with_a_checksum():
    table = build_edit_table([(2025, "patent", 13)], "applications_filed", "can_tho", "ipvn-2025", "(sửa)")
    assert table.rows == [EDIT_HEADER, [2025, "patent", "applications_filed", "can_tho", 13, "ipvn-2025"]]
    assert len(table.sha256) == 64 and table.file_name == "(sửa)"
