"""Reading and writing numbers the Vietnamese way."""
import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipmonitor.numbers import (NumberProblem, format_date, format_number, format_percent,
                               format_utc_as_vietnam_time, is_blank, parse_number, parse_year)


@pytest.mark.parametrize("cell, expected", [
    ("5.500", Decimal(5500)), ("1.234,5", Decimal("1234.5")), ("12", Decimal(12)),
    ("5 500", Decimal(5500)), ("5\u00a0500", Decimal(5500)), ("1.234.567", Decimal(1234567)),
    (5500.0, Decimal(5500)), (42, Decimal(42)), ("-3", Decimal(-3)), ("0,5", Decimal("0.5")),
])
def test_vietnamese_notation_reads_dots_as_thousands_and_commas_as_decimals(cell, expected):
    assert parse_number(cell) == expected


@pytest.mark.parametrize("cell, code", [
    ("5,500", "ambiguous_comma"), ("1,234,567", "ambiguous_comma"), ("12.5", "not_a_number"),
    ("abc", "not_a_number"), ("=A1+1", "formula"), ("@SUM(A1)", "formula"), ("-", "not_a_number"),
    ("1.23.456", "not_a_number"), (True, "not_a_number"), (float("nan"), "not_a_number"),
])
def test_cells_that_are_not_plain_numbers_are_refused_with_a_reason(cell, code):
    with pytest.raises(NumberProblem) as raised:
        parse_number(cell)
    assert raised.value.code == code


@given(st.integers(min_value=0, max_value=10**12))
def test_a_count_written_in_vietnamese_format_reads_back_unchanged(count):
    assert parse_number(format_number(count, "vi")) == count


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=1, max_value=9))
def test_a_decimal_written_in_vietnamese_format_reads_back_as_a_fraction(whole, tenth):
    written = format_number(whole + tenth / 10, "vi", digits=1)
    assert parse_number(written) == Decimal(whole) + Decimal(tenth) / 10


def test_numbers_are_formatted_for_each_language():
    assert format_number(5500, "vi") == "5.500"
    assert format_number(5500, "en") == "5,500"
    assert format_percent(0.035, "vi") == "3,5%"
    assert format_percent(0.035, "en") == "3.5%"
    assert format_number(None, "vi") == "–"


@pytest.mark.parametrize("cell, year", [(2020, 2020), (2020.0, 2020), ("2020", 2020), (" 2021 ", 2021)])
def test_years_are_read_from_numbers_and_text(cell, year):
    assert parse_year(cell) == year


@pytest.mark.parametrize("cell", ["2.020", "20", "năm", 2020.5, None])
def test_a_year_that_is_not_four_digits_is_refused(cell):
    with pytest.raises(NumberProblem):
        parse_year(cell)


def test_blank_cells_are_recognised():
    assert is_blank(None) and is_blank("  ") and is_blank(float("nan")) and is_blank("\u00a0")
    assert not is_blank("0") and not is_blank(0)


def test_batch_times_stored_in_utc_are_shown_in_viet_nam_time():
    assert format_utc_as_vietnam_time(dt.datetime(2026, 11, 25, 3, 42)) == "25/11/2026 10:42"


def test_dates_are_written_the_readers_way():
    assert format_date(dt.date(2025, 10, 5), "vi") == "05/10/2025"
    assert format_date(dt.date(2025, 10, 15), "en") == "15 Oct 2025"
    assert format_date(dt.datetime(2022, 10, 17, 9, 30), "en") == "17 Oct 2022"
    assert format_date(None, "vi") == "–"
