"""Stage 2a, layout: find the header row and turn a long or wide sheet into one record per figure.

Long layout: a header with year, IP type, value (and measure, territory, source) and a row per figure.
Wide layout: a header with IP type and one column per year, a row per IP type; measure, territory and
source either as columns or in a labelled block above the table ("Chỉ tiêu: Số đơn đăng ký").
Pure: cells in, records and problems out. Positions are kept so every message can name row and column.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from etl.problems import Problem, WARNING
from ipmonitor.i18n import LANGUAGES, t
from ipmonitor.numbers import is_blank
from ipmonitor.text import fold

HEADERS_FILE = Path(__file__).with_name("headers.yaml")
FIELDS = ("year", "ip_type", "measure", "territory", "value", "source",
          "source_publisher", "source_address", "source_date")
# Fields that may be given once for the whole table, in the labelled block above it.
BLOCK_FIELDS = ("measure", "territory", "source", "source_publisher", "source_address", "source_date")
REQUIRED = ("year", "ip_type", "measure", "territory", "value", "source")
# Columns an export adds for people to read (names, titles, batch); a load ignores them quietly.
EXPORT_INFO_COLUMNS = ("ip_type_name", "measure_name", "territory_name", "source_title", "source_kind",
                       "batch_id", "loaded_at")
HEADER_SEARCH_ROWS = 40
_YEAR_HEADER = re.compile(r"^(?:nam |year )?(\d{4})$")


@lru_cache(maxsize=None)
def load_header_synonyms() -> dict[str, str]:
    """Folded header spelling -> field, from headers.yaml and the export headers of every language."""
    with HEADERS_FILE.open(encoding="utf-8") as f:
        table = yaml.safe_load(f)
    synonyms = {fold(spelling): name for name, spellings in table.items() for spelling in spellings}
    for lang in LANGUAGES:
        for name in (*FIELDS, *EXPORT_INFO_COLUMNS):
            key = fold(t(f"export.col_{name}", lang))
            synonyms.setdefault(key, name if name in FIELDS else "_info")
    return synonyms


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA, as a spreadsheet shows columns."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_label(index: int, header: object) -> str:
    """How messages name a column: its letter and its header text, e.g. C (2020)."""
    if isinstance(header, float) and header.is_integer():
        header = int(header)
    text = str(header).strip() if not is_blank(header) else ""
    return f"{column_letter(index)} ({text})" if text else column_letter(index)


@dataclass
class Records:
    """One record per figure cell found, with where each of its parts came from."""

    layout: str
    rows: list[dict[str, object]] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # Row number and column letter of each value given once in the block above the table, so that a
    # problem with it is reported there, once, rather than on every row that inherits it.
    block_cells: dict[str, tuple[int, str]] = field(default_factory=dict)


def header_year(cell: object) -> int | None:
    """The year a wide-layout header names ("2020", 2020.0, "Năm 2020"), else None."""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    if isinstance(cell, int) and not isinstance(cell, bool):
        return cell if 1000 <= cell <= 2999 else None
    match = _YEAR_HEADER.match(fold(cell))
    return int(match.group(1)) if match else None


def classify_header(row: list[object]) -> tuple[dict[int, str], dict[int, int]]:
    """Which columns of a candidate header row are known fields, and which are years."""
    synonyms = load_header_synonyms()
    fields: dict[int, str] = {}
    years: dict[int, int] = {}
    for i, cell in enumerate(row):
        if is_blank(cell):
            continue
        name = synonyms.get(fold(cell))
        if name:
            fields[i] = name
        elif (year := header_year(cell)) is not None:
            years[i] = year
    return fields, years


def _block_entry(row: list[object]) -> tuple[str, object, int] | None:
    """A labelled line above the table: ("Chỉ tiêu", "Số đơn") or "Chỉ tiêu: Số đơn" in one cell."""
    cells = [(i, c) for i, c in enumerate(row) if not is_blank(c)]
    if not cells:
        return None
    i, first = cells[0]
    text = str(first)
    label, _, rest = text.partition(":")
    name = load_header_synonyms().get(fold(label))
    if name not in BLOCK_FIELDS:
        return None
    if rest.strip():
        return name, rest.strip(), i
    if len(cells) > 1:
        return name, cells[1][1], cells[1][0]
    return name, None, i


def locate_records(cells: list[list[object]]) -> Records:
    """Find the header and read every figure below it, in whichever layout the sheet uses."""
    best_partial: tuple[int, set[str]] | None = None
    for r, row in enumerate(cells[:HEADER_SEARCH_ROWS]):
        fields, years = classify_header(row)
        names = set(fields.values())
        if {"year", "ip_type", "value"} <= names:
            return _read_long(cells, r, fields)
        if "ip_type" in names and years and not names & {"year", "value"}:
            return _read_wide(cells, r, fields, years)
        if len(names - {"_info"}) >= 2 and (best_partial is None or len(names) > len(best_partial[1])):
            best_partial = (r, names)
    records = Records(layout="unknown")
    split = _split_header(cells)
    if split is not None:
        records.problems.append(Problem("split_header", row=split, params={"next_row": split + 1}))
    elif best_partial is None:
        records.problems.append(Problem("no_header", params={"rows": HEADER_SEARCH_ROWS}))
    else:
        r, names = best_partial
        missing = [f for f in ("year", "ip_type", "value") if f not in names]
        for name in missing:
            records.problems.append(Problem("missing_column", row=r + 1,
                                            params={"field": name}))
    return records


def _split_header(cells: list[list[object]]) -> int | None:
    """The first of two rows that together, but neither alone, make a header (merged header cells).

    Reports often head the year columns with a merged "Số đơn đăng ký" cell and put the years on the
    row below, with "Loại đối tượng" merged down over both rows.
    """
    rows = [classify_header(row) for row in cells[:HEADER_SEARCH_ROWS]]
    for r in range(1, len(rows)):
        (upper_fields, upper_years), (lower_fields, lower_years) = rows[r - 1], rows[r]
        # The lower row holds only headers and years (a data row below an incomplete header does not);
        # the upper one may also hold the group's title ("Số đơn đăng ký" merged over the years).
        known = len(lower_fields) + len(lower_years)
        if not upper_fields or not known or known != sum(not is_blank(c) for c in cells[r]):
            continue
        names = set(upper_fields.values()) | set(lower_fields.values())
        if {"year", "ip_type", "value"} <= names or ("ip_type" in names and (upper_years or lower_years)):
            return r
    return None


def _read_block(cells: list[list[object]],
                header_row: int) -> tuple[dict[str, object], dict[str, str], dict[str, tuple[int, str]]]:
    block: dict[str, object] = {}
    labels: dict[str, str] = {}
    positions: dict[str, tuple[int, str]] = {}
    for r in range(header_row):
        entry = _block_entry(cells[r])
        if entry:
            name, value, col = entry
            block[name] = value
            labels[name] = f"{column_letter(col)}{r + 1}"
            positions[name] = (r + 1, column_letter(col))
    return block, labels, positions


def _unknown_columns(header: list[object], used: set[int]) -> list[Problem]:
    synonyms = load_header_synonyms()
    return [
        Problem("unknown_column", severity=WARNING, row=None, column=column_label(i, cell))
        for i, cell in enumerate(header)
        if i not in used and not is_blank(cell) and synonyms.get(fold(cell)) != "_info"
    ]


def _fill(record: dict[str, object], block: dict[str, object]) -> dict[str, object]:
    """Complete a record from the block above the table; `_from_block` names what came from there."""
    filled = []
    for name, value in block.items():
        if is_blank(record.get(name)):
            record[name] = value
            filled.append(name)
    record["_from_block"] = tuple(filled)
    return record


def _start(layout: str, cells: list[list[object]], header_row: int,
           fields: dict[int, str]) -> tuple[Records, dict[str, object], dict[str, int]]:
    """What both layouts share: the block above the header, the field columns and their labels.

    When a field heads two columns, the leftmost one is used.
    """
    header = cells[header_row]
    block, labels, positions = _read_block(cells, header_row)
    columns = {name: i for i, name in sorted(fields.items(), reverse=True) if name in FIELDS}
    records = Records(layout=layout, block_cells=positions)
    records.labels = {**labels, **{name: column_label(i, header[i]) for name, i in columns.items()}}
    return records, block, columns


def _read_long(cells: list[list[object]], header_row: int, fields: dict[int, str]) -> Records:
    header = cells[header_row]
    records, block, columns = _start("long", cells, header_row, fields)
    records.problems += _unknown_columns(header, set(fields))
    records.problems += _missing_fields(columns, block, header_row)
    for r in range(header_row + 1, len(cells)):
        row = cells[r]
        record = {name: (row[i] if i < len(row) else None) for name, i in columns.items()}
        if all(is_blank(v) for v in record.values()):
            continue
        record["_row"] = r + 1
        record["_value_column"] = records.labels.get("value")
        record["_year_column"] = records.labels.get("year")
        records.rows.append(_fill(record, block))
    return records


def _read_wide(cells: list[list[object]], header_row: int, fields: dict[int, str],
               years: dict[int, int]) -> Records:
    header = cells[header_row]
    records, block, columns = _start("wide", cells, header_row, fields)
    records.problems += _unknown_columns(header, set(fields) | set(years))
    records.problems += _missing_fields({**columns, "year": -1, "value": -1}, block, header_row)
    for r in range(header_row + 1, len(cells)):
        row = cells[r]
        base = {name: (row[i] if i < len(row) else None) for name, i in columns.items()}
        values = {i: (row[i] if i < len(row) else None) for i in years}
        if all(is_blank(v) for v in values.values()):
            continue  # a blank line, a note under the table, or a type with no figures yet
        for i, year in years.items():
            if is_blank(values[i]):
                continue
            record = dict(base, year=year, value=values[i], _row=r + 1,
                          _value_column=column_label(i, header[i]),
                          _year_column=column_label(i, header[i]))
            records.rows.append(_fill(record, block))
    return records


def _missing_fields(columns: dict[str, int], block: dict[str, object], header_row: int) -> list[Problem]:
    """A required field that is neither a column nor in the block above the table."""
    return [
        Problem("missing_column", row=header_row + 1,
                params={"field": name})
        for name in REQUIRED if name not in columns and name not in block
    ]
