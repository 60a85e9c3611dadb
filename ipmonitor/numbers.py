"""Reading counts written the Vietnamese way ("5.500", "1.234,5") and writing numbers back that way,
with their units ("6.000 người", "1,2 tỷ đồng", "60,0%")."""
from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.numbers import format_decimal

from ipmonitor.i18n import t

# Parsed once: format_decimal given a locale name parses it again on every call (slow over a table).
BABEL_LOCALES = {"vi": Locale.parse("vi_VN"), "en": Locale.parse("en_US")}

_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_PLAIN_INT = re.compile(r"^[+-]?\d+$")
_VI_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")
_VI_DECIMAL = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+),\d+$")
_EN_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+$")
_FORMULA_START = ("=", "+", "@")


@dataclass(frozen=True)
class NumberProblem(Exception):
    """A cell that is not a number; `code` names the reason for the translated message."""

    code: str


def is_blank(cell: object) -> bool:
    """True for an empty cell: None, NaN, or only spaces."""
    if cell is None:
        return True
    if isinstance(cell, float) and math.isnan(cell):
        return True
    return isinstance(cell, str) and not _SPACES.sub("", cell)


def parse_number(cell: object) -> Decimal:
    """Read one cell as a number in Vietnamese notation; raises NumberProblem if it is not one.

    The dot groups thousands and the comma marks decimals, so "5.500" is 5500 and "1.234,5" is 1234.5.
    "5,500" is refused as ambiguous: in Vietnamese it reads 5,5, in English 5500, and guessing would
    silently change a figure. Sign and fractions are kept here; whether they are allowed is the
    validator's decision, so that it can say precisely what is wrong.
    """
    if isinstance(cell, bool):
        raise NumberProblem("not_a_number")
    if isinstance(cell, int):
        return Decimal(cell)
    if isinstance(cell, float):
        if math.isnan(cell) or math.isinf(cell):
            raise NumberProblem("not_a_number")
        return Decimal(repr(cell))
    if isinstance(cell, Decimal):
        return cell
    text = _SPACES.sub("", str(cell))
    if text.startswith(_FORMULA_START) and not _PLAIN_INT.match(text):
        raise NumberProblem("formula")
    if _PLAIN_INT.match(text):
        return Decimal(text)
    if _VI_THOUSANDS.match(text):
        return Decimal(text.replace(".", ""))
    if _EN_THOUSANDS.match(text):
        raise NumberProblem("ambiguous_comma")
    if _VI_DECIMAL.match(text):
        try:
            return Decimal(text.replace(".", "").replace(",", "."))
        except InvalidOperation:  # pragma: no cover - the pattern admits only digits
            raise NumberProblem("not_a_number") from None
    raise NumberProblem("not_a_number")


def parse_year(cell: object) -> int:
    """Read a year written as 2020, 2020.0 or "2020" (no thousands dot in years)."""
    if isinstance(cell, bool):
        raise NumberProblem("not_a_year")
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    text = _SPACES.sub("", str(cell)) if cell is not None else ""
    if re.fullmatch(r"\d{4}", text):
        return int(text)
    raise NumberProblem("not_a_year")


def format_number(value: float | int | None, lang: str = "vi", digits: int = 0) -> str:
    """5500 -> "5.500" in Vietnamese, "5,500" in English; `digits` fixes the decimals shown."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=BABEL_LOCALES[lang])


def format_percent(value: float | None, lang: str = "vi", digits: int = 1) -> str:
    """0.035 -> "3,5%" in Vietnamese, "3.5%" in English."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return format_number(value * 100, lang, digits) + "%"


# The units an indicator or a measure is counted in. A percent is never stored: it is a ratio of two
# stored counts, in percentage points (41.5 means 41.5%), so that tables and files show it as written.
UNITS = ("count", "people", "dossiers", "cases", "vnd", "percent")
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


VIETNAM_TIME = dt.timezone(dt.timedelta(hours=7), "ICT")  # no daylight saving in Viet Nam


def vietnam_today() -> dt.date:
    """Today's date in Viet Nam, whatever the server's time zone: a report received this morning in
    Can Tho is not in the future, and deadlines are Viet Nam's days."""
    return dt.datetime.now(VIETNAM_TIME).date()


def format_utc_as_vietnam_time(moment: dt.datetime) -> str:
    """A naive UTC time shown in Viet Nam time, as Vietnamese readers write it: 25/11/2026 14:05."""
    return moment.replace(tzinfo=dt.timezone.utc).astimezone(VIETNAM_TIME).strftime("%d/%m/%Y %H:%M")


def format_date(day: dt.date | None, lang: str = "vi") -> str:
    """A day as readers write it: "15/10/2025" in Vietnamese, "15 Oct 2025" in English; "–" for none."""
    if day is None or day != day:  # NaT is not equal to itself
        return "–"
    if isinstance(day, dt.datetime):
        day = day.date()
    if lang == "vi":
        return day.strftime("%d/%m/%Y")
    return babel_format_date(day, "d MMM y", locale=BABEL_LOCALES["en"])
