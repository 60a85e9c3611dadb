"""Parts against their total (etl/parts.py), pure: the file's figures laid over the current ones, every
disagreement at the cell of a figure of the file, naming every figure it added and where it came from."""
import pandas as pd
import pytest

from etl.parts import check_parts_against_totals
from ipmonitor.store.reference import build_vocabulary, load_reference_table, load_vocabulary

MEASURES = load_vocabulary("measure")
HOME, ABROAD, TOTAL = "registrations_supported_domestic", "registrations_supported_abroad", "registrations_supported"


def figures(*rows):
    """(row, measure, value) of a file, 2027, the merged city, column E."""
    return pd.DataFrame([{"_sheet": None, "_row": row, "_column": "E", "year": 2027, "ip_type": "not_applicable",
                          "measure": measure, "territory": "can_tho", "value": value} for row, measure, value in rows])


def database(*rows):
    return pd.DataFrame([{"year": 2027, "ip_type": "not_applicable", "measure": measure, "territory": "can_tho",
                          "value": value} for measure, value in rows])


def test_the_shipped_measures_name_both_parts_of_the_dossiers_supported():
    assert MEASURES.parts_of(TOTAL) == (HOME, ABROAD)
    assert "enterprises_supported" not in MEASURES.part_of


def test_parts_that_add_up_pass_and_other_measures_are_not_looked_at():
    assert check_parts_against_totals(figures((2, TOTAL, 10), (3, HOME, 7), (4, ABROAD, 3)), MEASURES) == []
    assert check_parts_against_totals(figures((2, "people_trained", 10)), MEASURES) == []


def test_parts_that_disagree_in_the_file_are_reported_at_the_totals_cell():
    [problem] = check_parts_against_totals(figures((2, TOTAL, 11), (3, HOME, 7), (4, ABROAD, 3)), MEASURES)
    assert (problem.code, problem.row, problem.column, problem.value) == ("parts_disagree_with_total", 2, "E", "11")
    message = problem.message("vi")
    assert "7 (dòng 3)" in message and "3 (dòng 4)" in message and "= 10" in message and "là 11 (dòng 2)" in message
    assert "«Thành phố Cần Thơ (sau hợp nhất)»" in message and "2027" in message
    assert "is 11 (row 2)" in problem.message("en")


def test_a_file_giving_the_total_alone_is_checked_against_the_parts_in_the_database():
    [problem] = check_parts_against_totals(figures((5, TOTAL, 12)), MEASURES, database((HOME, 7), (ABROAD, 3)))
    assert (problem.row, problem.code) == (5, "parts_disagree_with_total")
    assert "7 (already in the database)" in problem.message("en")
    # The file's figure replaces the database's one of its key.
    assert check_parts_against_totals(figures((5, TOTAL, 10)), MEASURES, database((TOTAL, 12), (HOME, 7), (ABROAD, 3))) == []


def test_a_part_alone_sits_at_its_own_cell_and_only_exceeding_the_total_is_wrong():
    [problem] = check_parts_against_totals(figures((4, ABROAD, 13)), MEASURES, database((TOTAL, 12)))
    assert (problem.code, problem.row) == ("parts_above_total", 4)
    assert check_parts_against_totals(figures((4, ABROAD, 12)), MEASURES, database((TOTAL, 12))) == []


def test_a_disagreement_the_file_takes_no_part_in_is_not_its_problem():
    other = database((TOTAL, 12), (HOME, 1), (ABROAD, 1))
    assert check_parts_against_totals(figures((2, "people_trained", 5)), MEASURES, other) == []


def test_a_part_of_an_unknown_measure_is_refused_when_the_list_is_read():
    frame = load_reference_table("measure")
    frame.loc[frame["code"] == HOME, "part_of"] = "no_such_measure"
    with pytest.raises(ValueError, match="part_of"):
        build_vocabulary("measure", frame)
