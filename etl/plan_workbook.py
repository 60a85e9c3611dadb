"""The plan register as an XLSX workbook: written for an admin to edit (one sheet per kind, one row per
entry, a column per field), and read back into entries, every problem found at once with its sheet, row
and column.

A nested field is a dotted column (`target.value`, `baseline.year`); a list is one cell with its items
separated by ";" (`ip_types`: "patent; utility_solution"); a date is YYYY-MM-DD; an empty cell is a field
left out (an agency's dates, successor and change source are then empty, as the register says "none").
A row is an entry to add or to change; an entry is removed only by marking its `remove` cell; an entry
missing from the file is left as it is, so a workbook holding one new plan adds that plan and nothing else.
"""
from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from etl.problems import Problem
from ipmonitor.changes.register_change_tables import flatten_body
from ipmonitor.i18n import LANGUAGES, t
from ipmonitor.register.register_store import AGENCY_DATES, KINDS, REPORTING_ENTRY, RegisterEntry
from ipmonitor.text import FORMULA_TRIGGERS, fold

ID_COLUMN = "id"
REMOVE_COLUMN = "remove"
# Fields that are lists, by kind; the rest are single values.
LIST_FIELDS = {
    "indicator": {"ip_types", "numerator.ip_types", "denominator.ip_types", "derive_from.ip_types", "parts",
                  "shown_with"},
    "target": {"baseline.period", "target.period"},
    "task": {"co_ordinating", "period"},
}
# Fields that hold numbers (a baseline's value may also say "from_data": the database's figure that year).
NUMBER_FIELDS = {
    "target": {"baseline.year", "baseline.value", "target.year", "target.value", "target.value_low",
               "target.value_high", "target.growth_low", "target.growth_high", "target.min_growth_on_baseline"},
    "indicator": {"cumulative_from"},
    "task": {"area", "annex_year"},
    "reporting": {"first_report_year", "agency_deadline.month", "agency_deadline.day", "city_deadline.month",
                  "city_deadline.day", "reviews.midterm.year", "reviews.final.year"},
}
FROM_DATA = "from_data"
# Fields the register requires even when empty (null, or an empty list).
REQUIRED_EMPTY = {
    "agency": {"active_from": None, "active_to": None, "successor": None, "change_source": None},
    "task": {"co_ordinating": []},
}
_REMOVE_WORDS = {"x", "yes", "co", "có", "true", "1", "remove", "xoa", "xoá", "xóa"}
_TRUE, _FALSE = {"true", "đúng", "dung", "co", "có"}, {"false", "sai", "khong", "không"}
CELL_LIMIT = 5_000  # a quote or a note runs to a few hundred characters


@dataclass
class ReadWorkbook:
    """What a workbook held: entries to add or change, entries to remove, the row each came from, and
    every problem found."""

    entries: list[RegisterEntry] = field(default_factory=list)
    removals: list[tuple[str, str]] = field(default_factory=list)
    rows: dict[tuple[str, str], tuple[str, int]] = field(default_factory=dict)  # key -> (sheet, row)
    problems: list[Problem] = field(default_factory=list)


def sheet_title(kind: str, lang: str) -> str:
    """The sheet of a kind, in `lang` (Excel allows 31 characters)."""
    return t(f"plans.sheet.{kind}", lang)[:31]


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value  # shown as typed, never run as a formula; the apostrophe is taken off on reading
    return value


def write_register_workbook(entries: Iterable[RegisterEntry], lang: str) -> bytes:
    """A workbook of the register: a guide sheet, then a sheet per kind in the register's order."""
    from openpyxl import Workbook  # only where a workbook is written
    from openpyxl.styles import Font

    by_kind: dict[str, list[RegisterEntry]] = {kind: [] for kind in KINDS}
    for entry in entries:
        by_kind[entry.kind].append(entry)
    book = Workbook()
    guide = book.active
    guide.title = t("plans.sheet.guide", lang)[:31]
    for line in t("plans.workbook_guide", lang).splitlines():
        guide.append([line])
    guide.column_dimensions["A"].width = 120
    for kind in KINDS:
        sheet = book.create_sheet(sheet_title(kind, lang))
        items = sorted(by_kind[kind], key=lambda entry: (entry.position, entry.entry_id))
        flat = [flatten_body(entry.body) for entry in items]
        columns: list[str] = []
        for cells in flat:
            columns += [name for name in cells if name not in columns]
        sheet.append([ID_COLUMN, *columns, REMOVE_COLUMN])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for entry, cells in zip(items, flat):
            sheet.append([entry.entry_id, *(_cell(cells.get(name)) for name in columns), None])
        sheet.freeze_panes = "B2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _kind_of_sheet(title: str) -> str | None:
    folded = fold(title.strip())
    for kind in KINDS:
        if any(fold(sheet_title(kind, lang)) == folded for lang in LANGUAGES) or folded == kind:
            return kind
    return None


def _is_guide(title: str) -> bool:
    return any(fold(t("plans.sheet.guide", lang)[:31]) == fold(title.strip()) for lang in LANGUAGES)


def read_register_workbook(source: Path | bytes, positions: dict[tuple[str, str], int] | None = None,
                           next_positions: dict[str, int] | None = None) -> ReadWorkbook:
    """Entries and removals from a workbook written by `write_register_workbook` (or typed to its
    shape). `positions` keeps an existing entry in its place; a new one goes after `next_positions[kind]`
    in the file's order. Writes nothing; every problem is reported."""
    from openpyxl import load_workbook

    positions = positions or {}
    next_positions = dict(next_positions or {})
    read = ReadWorkbook()
    try:
        book = load_workbook(io.BytesIO(source) if isinstance(source, bytes) else source, read_only=True,
                             data_only=True)
    except Exception as error:  # noqa: BLE001 - any unreadable file is one problem, named
        read.problems.append(Problem("plans_not_a_workbook", value=str(error)[:200]))
        return read
    seen_kinds: dict[str, str] = {}
    for sheet in book.worksheets:
        if _is_guide(sheet.title):
            continue
        kind = _kind_of_sheet(sheet.title)
        if kind is None:
            read.problems.append(Problem("plans_unknown_sheet", sheet=sheet.title, value=sheet.title))
            continue
        if kind in seen_kinds:
            read.problems.append(Problem("plans_sheet_twice", sheet=sheet.title, value=sheet.title,
                                         params={"other": seen_kinds[kind]}))
            continue
        seen_kinds[kind] = sheet.title
        _read_sheet(sheet, kind, read, positions, next_positions)
    book.close()
    return read


def _read_sheet(sheet, kind: str, read: ReadWorkbook, positions: dict, next_positions: dict) -> None:
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        return
    columns = [str(name).strip() if name is not None else "" for name in header]
    repeated = sorted({name for name in columns if name and columns.count(name) > 1})
    for name in repeated:
        read.problems.append(Problem("plans_column_twice", sheet=sheet.title, row=1, column=name, value=name))
    if ID_COLUMN not in columns:
        read.problems.append(Problem("plans_no_id_column", sheet=sheet.title, row=1))
        return
    if repeated:
        return
    for number, values in enumerate(rows, start=2):
        cells = dict(zip(columns, values))
        if all(_blank(value) for value in cells.values()):
            continue
        entry_id = _text(cells.pop(ID_COLUMN, None))
        remove = cells.pop(REMOVE_COLUMN, None)
        if not entry_id:
            read.problems.append(Problem("plans_no_id", sheet=sheet.title, row=number, column=ID_COLUMN))
            continue
        key = (kind, entry_id)
        if key in read.rows:
            first_sheet, first_row = read.rows[key]
            read.problems.append(Problem("plans_id_twice", sheet=sheet.title, row=number, column=ID_COLUMN,
                                         value=entry_id, params={"first_row": first_row}))
            continue
        read.rows[key] = (sheet.title, number)
        if not _blank(remove):
            if fold(str(remove).strip()) in {fold(word) for word in _REMOVE_WORDS}:
                read.removals.append(key)
            else:
                read.problems.append(Problem("plans_remove_word", sheet=sheet.title, row=number,
                                             column=REMOVE_COLUMN, value=str(remove)[:80]))
            continue
        body, problems = _body(kind, cells, sheet.title, number)
        read.problems += problems
        if kind == "reporting" and entry_id != REPORTING_ENTRY:
            read.problems.append(Problem("plans_reporting_id", sheet=sheet.title, row=number, column=ID_COLUMN,
                                         value=entry_id, params={"expected": REPORTING_ENTRY}))
        if key in positions:
            position = positions[key]
        else:
            position = next_positions.get(kind, 0)
            next_positions[kind] = position + 1
        read.entries.append(RegisterEntry(kind, entry_id, position, body))


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _body(kind: str, cells: dict[str, Any], sheet: str, row: int) -> tuple[dict[str, Any], list[Problem]]:
    body: dict[str, Any] = {}
    problems: list[Problem] = []
    for column, value in cells.items():
        if not column or _blank(value):
            continue
        try:
            parsed = _value(kind, column, value)
        except ValueError as error:
            problems.append(Problem(f"plans_cell_{error}", sheet=sheet, row=row, column=column,
                                    value=_text(value)[:80]))
            continue
        target = body
        *parents, last = column.split(".")
        if any(not part for part in [*parents, last]):
            problems.append(Problem("plans_bad_column", sheet=sheet, row=1, column=column, value=column))
            continue
        clash = False
        for part in parents:
            existing = target.setdefault(part, {})
            if not isinstance(existing, dict):
                clash = True
                break
            target = existing
        if clash or isinstance(target.get(last), dict):
            problems.append(Problem("plans_bad_column", sheet=sheet, row=1, column=column, value=column))
            continue
        target[last] = parsed
    for name, empty in REQUIRED_EMPTY.get(kind, {}).items():
        body.setdefault(name, json.loads(json.dumps(empty)))
    return body, problems


def number_from_text(text: str) -> int | float:
    """A number typed as text, read as every upload reads one (ipmonitor.numbers.parse_number: "5.500" is
    5500 and "0,35" is 0.35 in Vietnamese notation; "5,500" is refused as ambiguous, never guessed)."""
    from ipmonitor.numbers import NumberProblem, parse_number

    try:
        number = parse_number(text)
    except NumberProblem:
        raise ValueError("not_a_number") from None
    return int(number) if number == number.to_integral_value() else float(number)


def _value(kind: str, column: str, value: Any) -> Any:
    """A cell's value as the register holds it; ValueError says why it cannot be."""
    if isinstance(value, str) and len(value) > CELL_LIMIT:
        raise ValueError("too_long")
    if column in LIST_FIELDS.get(kind, set()):
        items = [item.strip() for item in str(_text(value)).replace(",", ";").split(";") if item.strip()]
        return [int(item) if item.lstrip("-").isdigit() else item for item in items]
    if isinstance(value, bool):
        return value
    if isinstance(value, (dt.datetime, dt.date)):
        day = value.date() if isinstance(value, dt.datetime) else value
        if isinstance(value, dt.datetime) and value.time() != dt.time(0):
            raise ValueError("time_of_day")
        return day.isoformat()
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if column in NUMBER_FIELDS.get(kind, set()) and text != FROM_DATA:
        return number_from_text(text)
    if text.startswith("'"):
        text = text[1:]
    folded = fold(text)
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    if kind == "agency" and column in AGENCY_DATES:
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            raise ValueError("not_a_date") from None
    return text
