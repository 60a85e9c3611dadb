"""Reading counts written the Vietnamese way ("5.500", "1.234,5") and writing numbers back that way,
with their units ("6.000 người", "1,2 tỷ đồng", "60,0%")."""
from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.numbers import format_decimal

from ipmonitor.i18n import t
from ipmonitor.units import UNITS
from ipmonitor.vietnam_time import VIETNAM_TIME
from ipmonitor.text import describe_character

# Parsed once: format_decimal given a locale name parses it again on every call (slow over a table).
BABEL_LOCALES = {"vi": Locale.parse("vi_VN"), "en": Locale.parse("en_US")}
_GROUP_SIGNS = {lang: locale.number_symbols["latn"]["group"] for lang, locale in BABEL_LOCALES.items()}

# No count, amount or people figure the plans speak of comes near a million million, and a float64 (how
# values are stored) holds every integer below it exactly: larger is a slip, or would be rounded.
MAX_COUNT = 10 ** 12

# The characters that may group thousands: the dot Vietnamese writes, and the spaces spreadsheets and
# word processors put there (plain, no-break U+00A0, narrow no-break U+202F, thin U+2009).
THOUSANDS_SEPARATORS = ".\u0020\u00a0\u202f\u2009"
_HORIZONTAL_SPACES = "\u0020\u00a0\u202f\u2009"
_SEP = "[" + THOUSANDS_SEPARATORS + "]"
# ASCII digits only: Python's \d and Decimal() also read full-width and Arabic-Indic digits.
# A sign may stand apart from its digits ("- 5"); the separator, once chosen, is the same throughout.
_SIGN = rf"(?:[+-][{_HORIZONTAL_SPACES}]*)?"
_GROUPED = rf"[0-9]{{1,3}}(?P<sep>{_SEP})[0-9]{{3}}(?:(?P=sep)[0-9]{{3}})*"
_NUMBER = re.compile(rf"{_SIGN}(?:[0-9]+|{_GROUPED})(?:,[0-9]+)?", re.ASCII)
_EN_THOUSANDS = re.compile(rf"{_SIGN}[0-9]{{1,3}}(?:,[0-9]{{3}})+", re.ASCII)
_YEAR = re.compile(r"[0-9]{4}", re.ASCII)
_FORMULA_START = ("=", "+", "@")


@dataclass(frozen=True)
class NumberProblem(Exception):
    """A cell that is not a number; `code` names the reason for the translated message.

    For foreign_digits and bad_separator, `detail` names the offending character
    ("U+0009 CHARACTER TABULATION") and `position` says where it is, 1-based in the trimmed cell.
    """

    code: str
    detail: str | None = None
    position: int | None = None


def is_blank(cell: object) -> bool:
    """True for an empty cell: None, NaN, or only spaces."""
    if cell is None:
        return True
    if isinstance(cell, float) and math.isnan(cell):
        return True
    # str.isspace is the whitespace regular expressions call \s (no-break spaces included), without a
    # regular expression: a national file asks this of every cell.
    return isinstance(cell, str) and (not cell or cell.isspace())


def _problem_at(code: str, text: str, index: int) -> NumberProblem:
    return NumberProblem(code, detail=describe_character(text[index]), position=index + 1)


def _is_separator_like(ch: str) -> bool:
    """A character that may have been put between digits to space them: dot, any space, an invisible."""
    return ch == "." or ch.isspace() or unicodedata.category(ch) == "Cf"


def _foreign_digit(text: str) -> NumberProblem | None:
    """foreign_digits at the first digit of another script (full-width, Arabic-Indic...), if any."""
    for i, ch in enumerate(text):
        if not "0" <= ch <= "9" and unicodedata.category(ch) == "Nd":
            return _problem_at("foreign_digits", text, i)
    return None


def _misplaced_separator(text: str) -> NumberProblem | None:
    """bad_separator at the first character that spaces digits without grouping them by three.

    Only for text that is otherwise a number (ASCII digits, one decimal comma at most) and holds some
    separator other than the dot: dots alone keep their old answer (12.5 is not a number).
    """
    start = 1 if text[:1] in ("+", "-") else 0
    while start and start < len(text) and text[start] in _HORIZONTAL_SPACES:
        start += 1
    body = text[start:]
    spacers = [ch for ch in body if not "0" <= ch <= "9" and ch != ","]
    if (not any("0" <= ch <= "9" for ch in body) or body.count(",") > 1
            or not all(map(_is_separator_like, spacers)) or all(ch == "." for ch in spacers)):
        return None
    whole, _, fraction = body.partition(",")
    # The integer part as digit groups and the single characters between them (empty groups where two
    # separators touch); a separator is wrong if it is not accepted, differs from the first, or does not
    # stand before exactly three digits (or after more than three).
    groups, separators = [""], []
    for i, ch in enumerate(whole, start=start):
        if "0" <= ch <= "9":
            groups[-1] += ch
        else:
            separators.append(i)
            groups.append("")
    for k, i in enumerate(separators):
        ch, after = text[i], groups[k + 1]
        if ch not in THOUSANDS_SEPARATORS or ch != text[separators[0]]:
            return _problem_at("bad_separator", text, i)
        if not after and k + 1 < len(separators):  # two separators in a row: blame the second
            return _problem_at("bad_separator", text, separators[k + 1])
        if len(after) != 3 or (k == 0 and not 1 <= len(groups[0]) <= 3):
            return _problem_at("bad_separator", text, i)
    offset = start + len(whole) + 1
    for i, ch in enumerate(fraction, start=offset):
        if not "0" <= ch <= "9":
            return _problem_at("bad_separator", text, i)
    return None


def _within_bounds(value: Decimal) -> Decimal:
    if abs(value) > MAX_COUNT:
        raise NumberProblem("too_large")
    return value


def parse_number(cell: object) -> Decimal:
    """Read one cell as a number in Vietnamese notation; raises NumberProblem if it is not one.

    The dot groups thousands and the comma marks decimals, so "5.500" is 5500 and "1.234,5" is 1234.5.
    Spaces group thousands too ("12 500 000"), but only in groups of three with one kind of separator:
    "12 5" is refused (bad_separator), never read as 125. "5,500" is refused as ambiguous: in Vietnamese
    it reads 5,5, in English 5500, and guessing would silently change a figure. Digits must be ASCII
    (foreign_digits) and no larger than MAX_COUNT (too_large). Sign and fractions are kept here; whether
    they are allowed is the validator's decision, so that it can say precisely what is wrong.
    """
    if isinstance(cell, bool):
        raise NumberProblem("not_a_number")
    if isinstance(cell, int):
        if abs(cell) > MAX_COUNT:
            raise NumberProblem("too_large")
        return Decimal(cell)
    if isinstance(cell, float):
        if math.isnan(cell) or math.isinf(cell):
            raise NumberProblem("not_a_number")
        if abs(cell) > MAX_COUNT:  # before Decimal(repr()): 1e300 would be a 300-digit figure
            raise NumberProblem("too_large")
        return Decimal(repr(cell))
    if isinstance(cell, Decimal):
        if not cell.is_finite():
            raise NumberProblem("not_a_number")
        return _within_bounds(cell)
    text = str(cell).strip()
    if _NUMBER.fullmatch(text) and not _EN_THOUSANDS.fullmatch(text):
        digits = "".join(ch for ch in text if ch not in THOUSANDS_SEPARATORS).replace(",", ".")
        return _within_bounds(Decimal(digits))
    if text.startswith(("=", "@")):
        raise NumberProblem("formula")
    problem = _foreign_digit(text) or _misplaced_separator(text)
    if problem:
        raise problem
    if text.startswith(_FORMULA_START):
        raise NumberProblem("formula")
    if _EN_THOUSANDS.fullmatch(text):
        raise NumberProblem("ambiguous_comma")
    raise NumberProblem("not_a_number")


def parse_year(cell: object) -> int:
    """Read a year written as 2020, 2020.0 or "2020": four ASCII digits, no separator inside."""
    if isinstance(cell, bool):
        raise NumberProblem("not_a_year")
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    text = str(cell).strip() if cell is not None else ""
    if _YEAR.fullmatch(text):
        return int(text)
    foreign = _foreign_digit(text)
    if foreign:
        raise foreign
    # Four digits spaced apart ("20 26", "2\n026") are refused by name, not joined into a year; a dot
    # keeps the plain answer (a year has no thousands dot).
    digits = [ch for ch in text if "0" <= ch <= "9"]
    spacers = [i for i, ch in enumerate(text) if not "0" <= ch <= "9"]
    if (len(digits) == 4 and spacers and all(_is_separator_like(text[i]) for i in spacers)
            and any(text[i] != "." for i in spacers)):
        first = next(i for i in spacers if text[i] != ".")
        raise _problem_at("bad_separator", text, first)
    raise NumberProblem("not_a_year")


def format_number(value: float | int | None, lang: str = "vi", digits: int = 0) -> str:
    """5500 -> "5.500" in Vietnamese, "5,500" in English; `digits` fixes the decimals shown."""
    if value is None or (isinstance(value, float) and (math.isnan(value) or math.isinf(value))):
        return "–"
    if isinstance(value, float) and abs(value) >= 1e15:
        # A runaway projection (a growth from a base of 1): decimals mean nothing there, and Babel's
        # quantize fails past its 28 digits of precision. Written as the whole number it rounds to.
        value, digits = int(round(value)), 0
    if type(value) is int and not digits:
        # A whole count, the common case (a preview lists a hundred thousand): Python groups it by three,
        # and the language's own sign goes between, as Babel would write it (a test compares the two).
        return f"{value:,}".replace(",", _GROUP_SIGNS[lang])
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=BABEL_LOCALES[lang])


def format_percent(value: float | None, lang: str = "vi", digits: int = 1) -> str:
    """0.035 -> "3,5%" in Vietnamese, "3.5%" in English."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return format_number(value * 100, lang, digits) + "%"


BILLION, MILLION = 10 ** 9, 10 ** 6


def format_value(value: float | int | None, unit: str = "count", lang: str = "vi") -> str:
    """A value in its unit, as the reader writes it: 6.000 người / 6,000 people, 12 hồ sơ / 12 dossiers,
    1,2 tỷ đồng / VND 1.2 billion (amounts below a million in full), 60,0% / 60.0%; counts bare."""
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}")
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if unit == "count":
        return format_number(value, lang)
    if unit == "percent":
        return format_number(value, lang, 1) + "%"
    if unit == "vnd":
        size = abs(value)
        if size >= BILLION:
            return t("units.vnd_billion", lang, value=format_number(value / BILLION, lang, 1))
        if size >= MILLION:
            scaled = value / MILLION
            return t("units.vnd_million", lang, value=format_number(scaled, lang, 1 if abs(scaled) < 10 else 0))
        return t("units.vnd", lang, value=format_number(value, lang))
    one = round(value) == 1
    return t(f"units.{unit}{'_one' if one else ''}", lang, value=format_number(value, lang))


def format_change(value: float | None, unit: str = "count", lang: str = "vi") -> str:
    """A yearly change in its unit: percentage points for a share (1,2 điểm % / 1.2 points), else as
    format_value (the people or amount a year)."""
    if unit != "percent" or value is None or (isinstance(value, float) and math.isnan(value)):
        return format_value(value, unit, lang)
    return t("units.points", lang, value=format_number(value, lang, 1))


def format_utc_as_vietnam_time(moment: dt.datetime, lang: str = "vi") -> str:
    """A naive UTC time shown in Viet Nam time, its day as format_date writes it: "25/11/2026 14:05" in
    Vietnamese, "25 Nov 2026 14:05" in English (where 03/12 would read as the 12th of March)."""
    local = moment.replace(tzinfo=dt.timezone.utc).astimezone(VIETNAM_TIME)
    return f"{format_date(local.date(), lang)} {local:%H:%M}"


def format_date(day: dt.date | None, lang: str = "vi") -> str:
    """A day as readers write it: "15/10/2025" in Vietnamese, "15 Oct 2025" in English; "–" for none."""
    if day is None or day != day:  # NaT is not equal to itself
        return "–"
    if isinstance(day, dt.datetime):
        day = day.date()
    if lang == "vi":
        return day.strftime("%d/%m/%Y")
    return babel_format_date(day, "d MMM y", locale=BABEL_LOCALES["en"])


def year_runs(years) -> list[tuple[int, int]]:
    """2010, 2011, 2012, 2014 -> [(2010, 2012), (2014, 2014)]: runs of consecutive years."""
    runs: list[list[int]] = []
    for year in sorted(years):
        if runs and year == runs[-1][1] + 1:
            runs[-1][1] = year
        else:
            runs.append([year, year])
    return [(first, last) for first, last in runs]


def format_year_runs(years) -> str:
    """2010, 2011, 2012, 2014 -> "2010–2012, 2014"."""
    return ", ".join(str(first) if first == last else f"{first}–{last}" for first, last in year_runs(years))
