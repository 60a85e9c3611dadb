"""Reading and writing numbers the Vietnamese way."""
import datetime as dt
import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipmonitor.i18n import t
from ipmonitor.numbers import (MAX_COUNT, NumberProblem, format_date, format_number, format_percent,
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


def test_a_cell_is_blank_exactly_when_it_holds_only_what_a_regular_expression_calls_a_space():
    # is_blank asks str.isspace instead of a regular expression; both must agree on every character.
    spaces = re.compile(r"[\s\u00a0\u202f]+")
    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        for text in (chr(code), chr(code) * 2, f" {chr(code)}\u00a0"):
            assert is_blank(text) == (not spaces.sub("", text)), hex(code)
    assert is_blank("") and not is_blank("\u200b")  # a zero-width space is an invisible character, not blank


def test_batch_times_stored_in_utc_are_shown_in_viet_nam_time():
    assert format_utc_as_vietnam_time(dt.datetime(2026, 11, 25, 3, 42)) == "25/11/2026 10:42"
    # In English the day is written out: 03/12 would read as the 12th of March.
    assert format_utc_as_vietnam_time(dt.datetime(2026, 12, 2, 20, 54), "en") == "3 Dec 2026 03:54"


def test_dates_are_written_the_readers_way():
    assert format_date(dt.date(2025, 10, 5), "vi") == "05/10/2025"
    assert format_date(dt.date(2025, 10, 15), "en") == "15 Oct 2025"
    assert format_date(dt.datetime(2022, 10, 17, 9, 30), "en") == "17 Oct 2022"
    assert format_date(None, "vi") == "–"


# Spaces inside numbers: accepted only as thousands separators in groups of three, one kind throughout.

SPACES = {"space": " ", "no-break space": "\u00a0", "narrow no-break space": "\u202f", "thin space": "\u2009"}
SEPARATORS = [".", *SPACES.values()]


def _refusal(cell, parse=parse_number) -> NumberProblem:
    with pytest.raises(NumberProblem) as raised:
        parse(cell)
    return raised.value


def _grouped(count: int, separator: str) -> str:
    return f"{count:,}".replace(",", separator)


@pytest.mark.parametrize("space", SPACES.values(), ids=SPACES.keys())
def test_thousands_grouped_by_any_of_the_four_spaces_read_as_one_number(space):
    assert parse_number(f"1{space}180") == 1180
    assert parse_number(f"12{space}500{space}000") == 12_500_000
    assert parse_number(f" 1{space}180\u00a0") == 1180  # spaces around the number are only trimmed


def test_a_decimal_comma_may_follow_thousands_grouped_by_spaces():
    assert parse_number("1 234,5") == Decimal("1234.5")


@pytest.mark.parametrize("cell, position, detail", [
    ("12 5", 3, "U+0020 SPACE"),
    ("1 18", 2, "U+0020 SPACE"),
    ("1234 567", 5, "U+0020 SPACE"),
    ("1  180", 3, "U+0020 SPACE"),
    ("1 180.000", 6, "U+002E FULL STOP"),
    ("1.180 000", 6, "U+0020 SPACE"),
    ("1\t180", 2, "U+0009 CHARACTER TABULATION"),
    ("1\n0", 2, "U+000A LINE FEED"),
    ("1\r\n0", 2, "U+000D CARRIAGE RETURN"),
    ("5500\u200b", 5, "U+200B ZERO WIDTH SPACE"),
    ("1 234,5 6", 8, "U+0020 SPACE"),
    ("-\n5", 2, "U+000A LINE FEED"),
])
def test_a_space_inside_digits_that_is_not_a_thousands_separator_is_refused(cell, position, detail):
    problem = _refusal(cell)
    assert (problem.code, problem.position, problem.detail) == ("bad_separator", position, detail)


def test_a_quoted_line_break_inside_a_number_is_not_deleted_into_a_bigger_number():
    assert _refusal("1\n0").code == "bad_separator"  # «1⏎0» was read as 10


def test_dots_alone_keep_their_old_answer():
    assert _refusal("12.5").code == _refusal("1.23.456").code == "not_a_number"


def test_a_sign_may_stand_apart_from_its_digits_as_before():
    assert parse_number("- 5") == -5
    assert parse_number("+5 500") == 5500
    assert _refusal("- 5,500").code == "ambiguous_comma"


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from(SEPARATORS))
def test_any_count_grouped_by_threes_with_one_separator_reads_back_unchanged(count, separator):
    assert parse_number(_grouped(count, separator)) == count
    assert parse_number("-" + _grouped(count, separator)) == -count


@given(st.integers(min_value=10**6, max_value=10**12), st.sampled_from(SEPARATORS),
       st.sampled_from(SEPARATORS), st.data())
def test_a_count_grouped_with_two_different_separators_is_refused(count, first, other, data):
    if first == other:
        other = " " if first != " " else "\u00a0"
    written = _grouped(count, first)
    places = [i for i, ch in enumerate(written) if ch == first]
    place = data.draw(st.sampled_from(places))
    mixed = written[:place] + other + written[place + 1:]
    assert _refusal(mixed).code == "bad_separator"


@given(st.integers(min_value=10, max_value=10**12), st.sampled_from(list(SPACES.values())), st.data())
def test_one_space_reads_only_where_it_separates_thousands(count, space, data):
    digits = str(count)
    cut = data.draw(st.integers(min_value=1, max_value=len(digits) - 1))
    written = digits[:cut] + space + digits[cut:]
    if len(digits) - cut == 3 and cut <= 3:
        assert parse_number(written) == count
    else:
        problem = _refusal(written)
        assert (problem.code, problem.position) == ("bad_separator", cut + 1)


# Digits of other scripts: Python's int(), Decimal() and \d read them; the dashboard refuses them.

@pytest.mark.parametrize("cell, detail", [
    ("２０２６", "U+FF12 FULLWIDTH DIGIT TWO"),
    ("٢٠٢٦", "U+0662 ARABIC-INDIC DIGIT TWO"),
    ("5.５00", "U+FF15 FULLWIDTH DIGIT FIVE"),
    ("+２", "U+FF12 FULLWIDTH DIGIT TWO"),
])
def test_digits_of_another_script_are_refused_never_read_nor_dropped(cell, detail):
    problem = _refusal(cell)
    assert (problem.code, problem.detail) == ("foreign_digits", detail)
    assert f"U+{ord(cell[problem.position - 1]):04X}" == detail.split()[0]


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from([0xFF10, 0x0660, 0x06F0, 0x0966]),
       st.data())
def test_a_single_digit_of_another_script_anywhere_in_a_count_is_refused_where_it_is(count, zero, data):
    digits = str(count)
    place = data.draw(st.integers(min_value=0, max_value=len(digits) - 1))
    written = digits[:place] + chr(zero + int(digits[place])) + digits[place + 1:]
    problem = _refusal(written)
    assert (problem.code, problem.position) == ("foreign_digits", place + 1)


# Numbers too large to be a count, refused before any float could round them.

def test_the_largest_count_accepted_is_a_million_million():
    assert MAX_COUNT == 10**12
    assert parse_number("1.000.000.000.000") == parse_number(10**12) == 10**12
    assert _refusal("1.000.000.000.001").code == "too_large"


@pytest.mark.parametrize("cell", ["9007199254740993", 9007199254740993, 10**20, -10**20, 1e300, -1e13,
                                  Decimal("1E+13"), "1 000 000 000 001", "-1.000.000.000.001"])
def test_a_number_beyond_any_count_is_refused_not_rounded(cell):
    assert _refusal(cell).code == "too_large"


@given(st.integers(min_value=10**12 + 1, max_value=10**30))
def test_every_integer_beyond_the_largest_count_is_refused_in_every_form(count):
    for cell in (count, str(count), _grouped(count, "."), Decimal(count), float(count)):
        assert _refusal(cell).code == "too_large"


@pytest.mark.parametrize("cell", [Decimal("NaN"), Decimal("Infinity"), float("inf")])
def test_a_decimal_or_float_that_is_not_finite_is_not_a_number(cell):
    assert _refusal(cell).code == "not_a_number"


# Years: four ASCII digits, nothing inside.

@pytest.mark.parametrize("cell, position, detail", [
    ("20 26", 3, "U+0020 SPACE"),
    ("20\u00a026", 3, "U+00A0 NO-BREAK SPACE"),
    ("2\n026", 2, "U+000A LINE FEED"),
    ("2026\u200b", 5, "U+200B ZERO WIDTH SPACE"),
])
def test_a_year_with_a_space_or_line_break_inside_is_refused_not_joined(cell, position, detail):
    problem = _refusal(cell, parse_year)
    assert (problem.code, problem.position, problem.detail) == ("bad_separator", position, detail)


def test_a_year_in_digits_of_another_script_is_refused():
    problem = _refusal("２０２６", parse_year)
    assert (problem.code, problem.position, problem.detail) == ("foreign_digits", 1, "U+FF12 FULLWIDTH DIGIT TWO")
    assert _refusal("٢٠٢٦", parse_year).code == "foreign_digits"


def test_a_year_with_a_thousands_dot_or_words_is_still_simply_not_a_year():
    assert _refusal("2.020", parse_year).code == _refusal("Năm 2026", parse_year).code == "not_a_year"


def test_a_number_problem_names_its_code_first_and_carries_the_character_only_when_it_matters():
    assert NumberProblem("bad_separator", "U+0020 SPACE", 3) == NumberProblem(
        "bad_separator", detail="U+0020 SPACE", position=3)
    plain = _refusal("abc")
    assert (plain.code, plain.detail, plain.position) == ("not_a_number", None, None)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_each_new_refusal_has_a_message_naming_the_character_and_its_place(lang):
    problem = _refusal("12 5")
    message = t("problem.bad_separator", lang, detail=problem.detail, position=problem.position)
    assert "U+0020 SPACE" in message and "3" in message
    assert "U+FF12" in t("problem.foreign_digits", lang, detail="U+FF12 FULLWIDTH DIGIT TWO", position=1)
    assert t("problem.too_large", lang)


def test_years_are_told_as_runs_of_consecutive_years():
    from ipmonitor.numbers import format_year_runs, year_runs
    assert year_runs([2014, 2010, 2011, 2012]) == [(2010, 2012), (2014, 2014)]
    assert format_year_runs([2021, 2022, 2023, 2025]) == "2021–2023, 2025"
    assert format_year_runs([]) == ""


@given(st.integers(min_value=-10**15, max_value=10**15), st.sampled_from(["vi", "en"]))
def test_a_whole_count_is_written_as_babel_writes_it(value, lang):
    # format_number groups Python ints itself (a preview writes a hundred thousand of them); Babel's
    # pattern stays the reference.
    from babel.numbers import format_decimal

    from ipmonitor.numbers import BABEL_LOCALES

    assert format_number(value, lang) == format_decimal(value, format="#,##0", locale=BABEL_LOCALES[lang])


def test_a_runaway_float_is_written_as_its_whole_number_and_infinity_as_a_dash():
    from ipmonitor.numbers import format_number

    assert format_number(1e40, "vi").count(".") == 13  # 41 digits, grouped by three
    assert format_number(2.5e17, "en", digits=1) == "250,000,000,000,000,000"
    assert format_number(float("inf"), "vi") == "–"
