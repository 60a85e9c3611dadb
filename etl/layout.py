"""Stage 2a, layout: find the header row and turn a long or wide sheet into one record per figure.

Long layout: a header with year, IP type, value (and measure, territory, source) and a row per figure.
Wide layout: a header with IP type and one column per year, a row per IP type; measure, territory and
source either as columns or in a labelled block above the table ("Chỉ tiêu: Số đơn đăng ký").
Also kept for the next stage, which knows the names: the title lines above the table (they may name the
territory), total rows and columns (checked against their parts, never loaded), and a source given in a
labelled footnote under the table.
Pure: cells in, records and problems out. Positions are kept so every message can name row and column.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from etl.problems import Problem, WARNING
from ipmonitor.i18n import LANGUAGES, t
from ipmonitor.numbers import is_blank
from ipmonitor.text import fold
from ipmonitor.yaml_files import read_yaml

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
# ASCII digits only: a year typed in full-width digits is reported, not read ("２０２１" is not 2021 here).
_YEAR_HEADER = re.compile(r"^(?:nam |year )?([0-9]{4})$", re.ASCII)
IGNORED, INFO = "_ignore", "_info"


@lru_cache(maxsize=None)
def load_total_labels() -> frozenset[str]:
    """Folded labels of a total row or column ("Tổng cộng", "Cộng", "Total"), from headers.yaml."""
    return frozenset(fold(label) for label in read_yaml(HEADERS_FILE)["_total"])


def is_total_label(cell: object) -> bool:
    """True for a cell that labels a total ("Tổng cộng", "TỔNG:", "Total")."""
    return isinstance(cell, str) and _folds_to_total(cell)


@lru_cache(maxsize=8192)
def _folds_to_total(text: str) -> bool:
    # Cached: a long table repeats its few type names on every one of 100,000 rows.
    return fold(text) in load_total_labels()


@lru_cache(maxsize=None)
def load_header_synonyms() -> dict[str, str]:
    """Folded header spelling -> field, from headers.yaml and the export headers of every language."""
    table = read_yaml(HEADERS_FILE)
    table.pop("_total")  # a total is told by its place (a row label, a column beside years), not a field
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


@dataclass(frozen=True)
class TotalCell:
    """A cell of a total row or column: what it says, and which figures it should add up.

    A row total (`kind` "row") adds the figures of its year column in the rows `first_row`..`last_row`
    (the table above it, up to the previous total row); in a long table it adds the figures of its own
    year, measure and territory (`key`, the total row's cells). A column total ("column") adds the year
    cells of its own row. `cached` is a formula's saved result (None when it has none).
    """

    kind: str
    row: int
    column: str
    cell: object
    cached: object = None
    year: int | None = None
    first_row: int | None = None
    last_row: int | None = None
    key: dict | None = None


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
    # Text cells above the header that are not labelled lines (a report's title): (row, column, text).
    titles: list[tuple[int, int, str]] = field(default_factory=list)
    totals: list[TotalCell] = field(default_factory=list)
    sheet: str | None = None
    # Fields given by something other than a cell of the table or the block: field -> (how, text, where),
    # e.g. ("footnote", "Báo cáo 12/BC-SKHCN", "A20"); the preview says so on a line of its own.
    read_from: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    # Lines below the table skipped as notes for holding no digit: (row, IP type cell, its column), so that
    # the next stage can refuse one whose first cell is in fact an IP type (a figure row left as text).
    skipped_below: list[tuple[int, object, str | None]] = field(default_factory=list)


def header_year(cell: object) -> int | None:
    """The year a wide-layout header names ("2020", 2020.0, "Năm 2020"), else None."""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    if isinstance(cell, int) and not isinstance(cell, bool):
        return cell if 1000 <= cell <= 2999 else None
    match = _YEAR_HEADER.match(fold(cell))
    return int(match.group(1)) if match else None


def classify_header(row: list[object]) -> tuple[dict[int, str], dict[int, int]]:
    """Which columns of a candidate header row are known fields, and which are years.

    Beside year columns, a column headed "Tổng số" or "Tổng cộng" is their total (see total_columns),
    not the value column it would head in a long table.
    """
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
    if years:
        for i in [i for i in fields if is_total_label(row[i])]:
            del fields[i]
    return fields, years


def total_columns(row: list[object], years: dict[int, int]) -> list[int]:
    """The columns of a wide header that total its years ("Tổng", "Cộng", "Total")."""
    return [i for i, cell in enumerate(row) if years and i not in years and is_total_label(cell)]


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


def locate_records(cells: list[list[object]], cached: dict[tuple[int, int], object] | None = None,
                   sheet: str | None = None) -> Records:
    """Find the header and read every figure below it, in whichever layout the sheet uses.

    `cached` holds the saved results of formula cells (read only for totals); `sheet` names the sheet.
    """
    records = _locate(cells, cached or {})
    records.sheet = sheet
    return records


def _locate(cells: list[list[object]], cached: dict[tuple[int, int], object]) -> Records:
    best_partial: tuple[int, set[str]] | None = None
    for r, row in enumerate(cells[:HEADER_SEARCH_ROWS]):
        fields, years = classify_header(row)
        names = set(fields.values())
        if {"year", "ip_type", "value"} <= names:
            return _read_long(cells, r, fields, cached)
        if "ip_type" in names and years and not names & {"year", "value"}:
            return _read_wide(cells, r, fields, years, cached)
        if len(names - {INFO, IGNORED}) >= 2 and (best_partial is None or len(names) > len(best_partial[1])):
            best_partial = (r, names)
    records = Records(layout="unknown")
    if not any(not is_blank(c) for row in cells for c in row):
        records.problems.append(Problem("empty_sheet"))
        return records
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


def _read_block(cells: list[list[object]], header_row: int
                ) -> tuple[dict[str, object], dict[str, str], dict[str, tuple[int, str]], list[tuple[int, int, str]]]:
    block: dict[str, object] = {}
    labels: dict[str, str] = {}
    positions: dict[str, tuple[int, str]] = {}
    titles: list[tuple[int, int, str]] = []
    for r in range(header_row):
        entry = _block_entry(cells[r])
        if entry:
            name, value, col = entry
            block[name] = value
            labels[name] = f"{column_letter(col)}{r + 1}"
            positions[name] = (r + 1, column_letter(col))
        else:
            titles += [(r + 1, c, cell.strip()) for c, cell in enumerate(cells[r])
                       if isinstance(cell, str) and cell.strip()]
    return block, labels, positions, titles


def _footnote_entry(row: list[object]) -> tuple[str, str, int] | None:
    """A source written under the table as one labelled cell: "Nguồn: Báo cáo số 12/BC-SKHCN"."""
    cells = [(i, c) for i, c in enumerate(row) if not is_blank(c)]
    if len(cells) != 1 or not isinstance(cells[0][1], str) or ":" not in cells[0][1]:
        return None
    label, _, rest = cells[0][1].partition(":")
    name = load_header_synonyms().get(fold(label))
    if name in ("source", "source_publisher", "source_address", "source_date") and rest.strip():
        return name, rest.strip(), cells[0][0]
    return None


def _apply_footnotes(records: Records, cells: list[list[object]], footnote_rows: list[int],
                     block: dict[str, object]) -> None:
    """Give the source of a footnote under the table to the figures that have none from a column or the
    block above; the preview says where it came from."""
    found: dict[str, tuple[str, int, int]] = {}
    for r in footnote_rows:
        entry = _footnote_entry(cells[r])
        if entry and entry[0] not in found:
            found[entry[0]] = (entry[1], r, entry[2])
    for name, (text, r, c) in found.items():
        if name in block or name in records.labels:
            continue
        where = f"{column_letter(c)}{r + 1}"
        records.read_from[name] = ("footnote", text, where)
        records.block_cells[name] = (r + 1, column_letter(c))
        records.labels[name] = where
        for record in records.rows:
            if is_blank(record.get(name)):
                record[name] = text
                record["_from_block"] = (*record.get("_from_block", ()), name)


def _unknown_columns(header: list[object], used: set[int]) -> list[Problem]:
    synonyms = load_header_synonyms()
    return [
        Problem("unknown_column", severity=WARNING, row=None, column=column_label(i, cell))
        for i, cell in enumerate(header)
        if i not in used and not is_blank(cell) and synonyms.get(fold(cell)) not in (INFO, IGNORED)
    ]


def _duplicate_columns(header: list[object], header_row: int, fields: dict[int, str],
                       years: dict[int, int]) -> list[Problem]:
    """Two columns heading one field ("Số" and "Giá trị"; "Kỳ" and "Năm"; 2021 twice): which one holds
    the figures cannot be told, so the file is refused, naming both."""
    by_field: dict[object, list[int]] = {}
    for i, name in fields.items():
        if name in FIELDS:
            by_field.setdefault(name, []).append(i)
    for i, year in years.items():
        by_field.setdefault(year, []).append(i)
    return [
        Problem("duplicate_column", row=header_row + 1,
                column=", ".join(column_label(i, header[i]) for i in columns),
                params={"columns": ", ".join(column_label(i, header[i]) for i in columns)})
        for columns in by_field.values() if len(columns) > 1
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


def _start(layout: str, cells: list[list[object]], header_row: int, fields: dict[int, str],
           years: dict[int, int] | None = None) -> tuple[Records, dict[str, object], dict[str, int]]:
    """What both layouts share: the block above the header, the field columns and their labels.

    A field heading two columns is refused (see _duplicate_columns); the leftmost is kept meanwhile.
    """
    header = cells[header_row]
    block, labels, positions, titles = _read_block(cells, header_row)
    columns = {name: i for i, name in sorted(fields.items(), reverse=True) if name in FIELDS}
    records = Records(layout=layout, block_cells=positions, titles=titles)
    records.labels = {**labels, **{name: column_label(i, header[i]) for name, i in columns.items()}}
    records.problems += _duplicate_columns(header, header_row, fields, years or {})
    return records, block, columns


def _total_in_row(row: list[object], label_columns: list[int]) -> bool:
    """A total row: a label such as "Tổng cộng" in its IP type column or an ignored column before it
    (an STT column merged with it)."""
    return any(is_total_label(row[i]) for i in label_columns if i < len(row))


def _label_columns(fields: dict[int, str]) -> list[int]:
    """Where a total row's label may stand: the IP type column and the ignored columns (STT, TT)."""
    return [i for i, name in fields.items() if name in ("ip_type", IGNORED)]


def _cell(row: list[object], i: int) -> object:
    return row[i] if i < len(row) else None


def _holds_digits(cell: object) -> bool:
    """A number, or text with a digit in it: what a figure cell holds, even a mistyped one."""
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return True
    return isinstance(cell, str) and any("0" <= ch <= "9" for ch in cell)


def _ends_table(row: list[object]) -> bool:
    """A blank line: below it, a line with no digit in its figure cells is a note or a signature block
    ("NGƯỜI LẬP BIỂU", "KT. GIÁM ĐỐC"), not a figure; above it, text in a figure cell is an error."""
    return all(is_blank(c) for c in row)


def _read_long(cells: list[list[object]], header_row: int, fields: dict[int, str],
               cached: dict[tuple[int, int], object]) -> Records:
    header = cells[header_row]
    records, block, columns = _start("long", cells, header_row, fields)
    records.problems += _unknown_columns(header, set(fields))
    footnotes: list[int] = []
    value_column = columns.get("value")
    label_columns = _label_columns(fields)
    ended = False
    for r in range(header_row + 1, len(cells)):
        row = cells[r]
        width = len(row)
        record = {name: (row[i] if i < width else None) for name, i in columns.items()}
        # A figure row (a year and a value, above any blank line or total) can be none of the lines
        # below: a 100,000-row file is nearly all figure rows, so they are asked only of the others.
        if ended or is_blank(record.get("year")) or is_blank(record.get("value")):
            blank = all(is_blank(v) for v in record.values())
            if blank and _ends_table(row):
                ended = ended or r > header_row + 1
                continue
            if blank or (ended and not _holds_digits(record.get("year"))
                         and not _holds_digits(record.get("value"))):
                footnotes.append(r)
                if not is_blank(record.get("value")):
                    records.skipped_below.append((r + 1, record.get("ip_type"), records.labels.get("ip_type")))
                continue
            if is_blank(record.get("year")) and is_blank(record.get("value")):
                footnotes.append(r)  # a note or a footnote under the table: no figure in it
                continue
        if _total_in_row(row, label_columns):
            key = {name: record.get(name) for name in ("year", "measure", "territory")}
            records.totals.append(TotalCell(
                "row", r + 1, records.labels.get("value", ""), record.get("value"),
                cached.get((r, value_column)) if value_column is not None else None, key=_fill(key, block)))
            ended = True
            continue
        record["_row"] = r + 1
        record["_value_column"] = records.labels.get("value")
        record["_year_column"] = records.labels.get("year")
        records.rows.append(_fill(record, block))
    _apply_footnotes(records, cells, footnotes, block)
    records.problems += _missing_fields(columns, {**block, **{n: 1 for n in records.read_from}}, header_row)
    return records


def _read_wide(cells: list[list[object]], header_row: int, fields: dict[int, str],
               years: dict[int, int], cached: dict[tuple[int, int], object]) -> Records:
    header = cells[header_row]
    records, block, columns = _start("wide", cells, header_row, fields, years)
    totals_at = total_columns(header, years)
    records.problems += _unknown_columns(header, set(fields) | set(years) | set(totals_at))
    footnotes: list[int] = []
    first_part = header_row + 2  # the rows a total row adds up: from here to the row above it
    label_columns = _label_columns(fields)
    ended = False
    for r in range(header_row + 1, len(cells)):
        row = cells[r]
        base = {name: _cell(row, i) for name, i in columns.items()}
        values = {i: _cell(row, i) for i in years}
        if all(is_blank(v) for v in values.values()) and _ends_table(row):
            ended = ended or r > header_row + 1
            continue
        if ended and not any(_holds_digits(v) for v in values.values()):
            footnotes.append(r)
            if "ip_type" in columns and any(not is_blank(v) for v in values.values()):
                records.skipped_below.append((r + 1, base.get("ip_type"), records.labels.get("ip_type")))
            continue
        for i in totals_at:
            if not is_blank(_cell(row, i)):
                records.totals.append(TotalCell("column", r + 1, column_label(i, header[i]), _cell(row, i),
                                                cached.get((r, i))))
        if all(is_blank(v) for v in values.values()):
            if any(not is_blank(c) for c in row):
                footnotes.append(r)
            continue  # a blank line, a note under the table, or a type with no figures yet
        if _total_in_row(row, label_columns):
            for i, year in years.items():
                if not is_blank(values[i]):
                    records.totals.append(TotalCell("row", r + 1, column_label(i, header[i]), values[i],
                                                    cached.get((r, i)), year=year, first_row=first_part,
                                                    last_row=r))
            first_part = r + 2
            ended = True  # what follows a total is a new table's rows only if it holds figures
            continue
        for i, year in years.items():
            if is_blank(values[i]):
                continue
            record = dict(base, year=year, value=values[i], _row=r + 1,
                          _value_column=column_label(i, header[i]),
                          _year_column=column_label(i, header[i]))
            records.rows.append(_fill(record, block))
    _apply_footnotes(records, cells, footnotes, block)
    given = {**block, **{n: 1 for n in records.read_from}}
    records.problems += _missing_fields({**columns, "year": -1, "value": -1}, given, header_row)
    return records


def _missing_fields(columns: dict[str, int], block: dict[str, object], header_row: int) -> list[Problem]:
    """A required field that is neither a column nor in the block above the table."""
    return [
        Problem("missing_column", row=header_row + 1,
                params={"field": name})
        for name in REQUIRED if name not in columns and name not in block
    ]
