"""The review's pure parts: jumps from the year before, and the problem table in both languages."""
from __future__ import annotations

import pandas as pd

from etl.problems import Problem
from etl.review import compute_jumps
from ipmonitor.changes.change_tables import build_problem_table


def preview(*rows):
    return pd.DataFrame(rows, columns=["_row", "status", "new_value"])


def test_a_change_of_more_than_half_from_the_year_before_is_flagged_and_one_of_half_is_not():
    rows = preview((2, "changed", 151), (3, "added", 150), (4, "added", 49), (5, "added", 50))
    previous = pd.DataFrame({"_row": [2, 3, 4, 5], "previous_value": [100, 100, 100, 100]})
    jumps = compute_jumps(rows, previous)
    assert list(jumps["flagged"]) == [True, False, True, False]
    assert jumps["jump"].iloc[0] == 0.51


def test_a_figure_from_zero_is_flagged_and_one_without_a_year_before_is_not():
    rows = preview((2, "added", 3), (3, "added", 0), (4, "added", 7))
    previous = pd.DataFrame({"_row": [2, 3, 4], "previous_value": [0, 0, None]})
    assert list(compute_jumps(rows, previous)["flagged"]) == [True, False, False]


def test_an_unchanged_figure_is_never_flagged_whatever_its_jump():
    rows = preview((2, "unchanged", 1_000))
    previous = pd.DataFrame({"_row": [2], "previous_value": [10]})
    assert not compute_jumps(rows, previous)["flagged"].iloc[0]


def test_the_problem_table_names_row_column_and_value_in_each_language():
    problems = [Problem("not_a_number", row=7, column="E", value="abc", params={"field": "value"})]
    vi, en = build_problem_table(problems, "vi"), build_problem_table(problems, "en")
    assert list(vi.columns) == ["Mức độ", "Dòng", "Cột", "Nội dung", "Giá trị"]
    assert vi.iloc[0].tolist()[:3] + vi.iloc[0].tolist()[4:] == ["Lỗi", "7", "E", "abc"]
    assert en.iloc[0].tolist()[:3] + en.iloc[0].tolist()[4:] == ["Error", "7", "E", "abc"]
    assert vi.iloc[0, 3] != en.iloc[0, 3]


def test_the_problem_table_names_the_sheet_when_a_workbook_had_several_read():
    problems = [Problem("not_a_number", row=7, column="E", value="abc", sheet="Văn bằng"),
                Problem("hidden_sheets_not_read", severity="note", params={"sheets": "«Ẩn»"})]
    table = build_problem_table(problems, "en")
    assert list(table.columns) == ["Severity", "Sheet", "Row", "Column", "Message", "Value"]
    assert table["Sheet"].tolist() == ["Văn bằng", ""]
