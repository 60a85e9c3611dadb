"""Stage 2b, validate: read every cell, check the table against the rules for figures, report everything.

Cell reading (numbers in Vietnamese notation, names of IP types, measures and territories) happens
first, once per distinct cell: a national file repeats its years, types, territories and source on
every row, so a hundred thousand rows hold a few thousand distinct cells. Then the rules are checked
over whole columns at once, every failure collected, so one bad spreadsheet yields every problem at
once. Each problem names the row and column of the user's file and the value found there.

Names are read against the reference lists, never guessed: a name several territories answer to
(«Cần Thơ») is read by the year of its figure, with a note in the preview, and refused for 2025, the
year of the merger; every figure's territory must have existed in its year. A sheet named after a
measure or a territory, or a title naming one territory, gives it to the figures that lack it (noted).
Totals are checked against their parts and never become figures.
"""
from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Callable

import numpy as np
import pandas as pd

from etl.layout import Records
from etl.problems import ERROR, NOTE, WARNING, Problem, shown, sort_problems
from etl.read import ExcelError
from etl.sheet_context import apply_sheet_context, drop_filled_missing_columns
from etl.territory_names import resolve_territory, years_text
from etl.totals import check_totals
from ipmonitor.numbers import NumberProblem, is_blank, parse_number, parse_year
from ipmonitor.store.reference import Vocabulary, load_vocabulary
from ipmonitor.text import FORMULA_TRIGGERS, describe_character, find_suspicious_characters

YEAR_MIN, YEAR_MAX = 1981, 2100
# How a number cell starts when it holds a formula (a minus sign is a negative number, reported as such).
NUMBER_FORMULA_START = ("=", "+", "@")
KEY = ["year", "ip_type", "measure", "territory"]
VOCABULARY_FIELDS = ("ip_type", "measure", "territory")
TEXT_FIELDS = ("source", "source_publisher", "source_address", "source_date")


@dataclass
class Validated:
    """Typed figures (one row per figure, with `_row` pointing back to the file) and every problem."""

    frame: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing blocks the load."""
        return not any(p.severity == ERROR for p in self.problems)


def _duplicate_keys(frame: pd.DataFrame) -> pd.Series:
    """True where a row repeats the key of an earlier row (rows with unreadable keys are not compared)."""
    complete = frame[KEY].notna().all(axis=1)
    repeated = frame[complete].duplicated(KEY, keep="first")
    return ~repeated.reindex(frame.index, fill_value=False)


# The rules a table of figures must meet, checked over whole columns (`_rule_failures`): the year in
# range, a count neither negative nor fractional, each name known (the problem code of each below), and
# a name and a source in every record. A blank year or value is reported when its cell is read, so those
# two columns may be empty here.
NAME_RULES = {"ip_type": "unknown_ip_type", "measure": "unknown_measure", "territory": "unknown_territory"}
REQUIRED = ("ip_type", "measure", "territory", "source")


def validate_records(records: Records, vocabularies: dict[str, Vocabulary] | None = None) -> Validated:
    """Read and check every record of one table; the frame is complete only when there is no error."""
    vocabularies = vocabularies or {kind: load_vocabulary(kind) for kind in VOCABULARY_FIELDS}
    validated = _validate_table(records, vocabularies)
    across = _grants_above_applications(validated.frame) if not validated.frame.empty else []
    validated.problems = sort_problems(validated.problems + across)
    return validated


def validate_workbook(tables: list[Records], vocabularies: dict[str, Vocabulary] | None = None,
                      hidden_sheets: tuple[str, ...] = ()) -> Validated:
    """Read and check the tables of every sheet of a file together: each on its own, then the figures
    of all of them (a key given by two sheets, grants above applications across sheets)."""
    vocabularies = vocabularies or {kind: load_vocabulary(kind) for kind in VOCABULARY_FIELDS}
    if len(tables) == 1:
        validated = validate_records(tables[0], vocabularies)
        validated.problems = sort_problems(validated.problems + _hidden_note(hidden_sheets))
        return validated
    readable = [r for r in tables if r.layout != "unknown"]
    problems: list[Problem] = _hidden_note(hidden_sheets)
    if not readable:
        for records in tables:
            problems += [replace(p, sheet=records.sheet) for p in records.problems]
        return Validated(pd.DataFrame(), sort_problems(problems))
    read = ", ".join(f"«{r.sheet}»" for r in readable)
    for records in tables:
        if records.layout != "unknown":
            continue
        empty = any(p.code == "empty_sheet" for p in records.problems)
        problems.append(Problem("empty_data_sheet" if empty else "sheet_without_table",
                                severity=WARNING if empty else NOTE, sheet=records.sheet,
                                params={"sheets": read}))
    frames = []
    for records in readable:
        validated = _validate_table(records, vocabularies)
        problems += [replace(p, sheet=records.sheet) for p in validated.problems]
        frames.append(validated.frame.assign(_sheet=records.sheet))
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    if not frame.empty:
        problems += _duplicates_across_sheets(frame)
        problems += _grants_above_applications(frame)
    return Validated(frame, sort_problems(problems))


def _hidden_note(hidden_sheets: tuple[str, ...]) -> list[Problem]:
    if not hidden_sheets:
        return []
    return [Problem("hidden_sheets_not_read", severity=NOTE,
                    params={"sheets": ", ".join(f"«{name}»" for name in hidden_sheets)})]


def _duplicates_across_sheets(frame: pd.DataFrame) -> list[Problem]:
    """A figure given by two sheets: which one holds the right value cannot be told."""
    complete = frame.dropna(subset=KEY)
    first = complete.drop_duplicates(KEY).set_index(KEY)[["_sheet", "_row"]]
    repeats = complete[complete.duplicated(KEY, keep="first")]
    problems = []
    for key, sheet, row in zip(repeats[KEY].itertuples(index=False), repeats["_sheet"], repeats["_row"]):
        first_sheet, first_row = first.loc[tuple(key)]
        if first_sheet != sheet:
            problems.append(Problem("duplicate_across_sheets", sheet=sheet, row=int(row),
                                    params={"first_sheet": first_sheet, "first_row": int(first_row)}))
    return problems


def _validate_table(records: Records, vocabularies: dict[str, Vocabulary]) -> Validated:
    problems = list(records.problems)
    if records.layout == "unknown":
        return Validated(pd.DataFrame(), problems)
    problems += apply_sheet_context(records, vocabularies)
    problems = drop_filled_missing_columns(problems, records)
    problems += [Problem("type_row_without_figures", row=row, column=column, value=shown(cell))
                 for row, cell, column in records.skipped_below if vocabularies["ip_type"].resolve(cell)]
    if not records.rows:
        if not records.totals:
            problems.append(Problem("no_data_rows"))
        return Validated(pd.DataFrame(), problems)

    # object, not pandas' string dtype: a cell's own type (an ExcelError, a number) must survive.
    raw = pd.DataFrame(records.rows, dtype=object)
    for name in (*VOCABULARY_FIELDS, *TEXT_FIELDS, "year", "value"):
        if name not in raw:
            raw[name] = None
    typed, parse_problems, reported = _read_cells(raw, records, vocabularies)
    problems += parse_problems
    problems += _check_rules(typed, raw, records, vocabularies, reported)
    problems += _type_against_measure(typed, raw, records, vocabularies, reported)
    problems += check_totals(records, typed, vocabularies)
    for name, (how, text, where) in records.read_from.items():
        problems.append(Problem(f"read_from_{how}", severity=NOTE, value=text, params={"field": name, "cell": where}))
    return Validated(typed, problems)


def _labels(records: Records, raw: pd.DataFrame, name: str) -> list[str | None]:
    """The column label of one field for every record (year and value columns differ in a wide sheet)."""
    if name in ("value", "year"):
        return raw[f"_{name}_column"].tolist()
    return [records.labels.get(name)] * len(raw)


def _locate(records: Records, inherited: tuple[str, ...], name: str, row: int,
            column: str | None) -> tuple[int, str | None]:
    """Where a problem with a field of one record is: its own cell, or the block cell it inherited."""
    if name in inherited and name in records.block_cells:
        return records.block_cells[name]
    return row, column


def _from_block(raw: pd.DataFrame) -> list[tuple[str, ...]]:
    if "_from_block" not in raw:
        return [()] * len(raw)
    return [names if isinstance(names, tuple) else () for names in raw["_from_block"].tolist()]


def _parse_year_cell(cell: object) -> int:
    if isinstance(cell, str) and cell.strip().startswith(NUMBER_FORMULA_START):
        raise NumberProblem("formula")
    if isinstance(cell, (dt.date, dt.time)):  # a column formatted as dates shows 2026 as 18/07/1905
        raise NumberProblem("year_is_a_date")
    return parse_year(cell)


# Cells of these types equal one another only when they are the same cell (unlike 1, 1.0 and True).
_TYPES_EQUAL_ONLY_TO_THEMSELVES = frozenset({str, int, type(None)})


def _per_distinct(cells: list[object], read: Callable[[object], object]) -> list[object]:
    """read(cell) for every cell, asked once per distinct cell (a national file repeats its years, types,
    territories and source on every row). Cells are told apart by type and, for floats and decimals, by
    their exact text, so that 1 and 1.0, or 0.0 and -0.0, are never taken for one another."""
    if set(map(type, cells)) <= _TYPES_EQUAL_ONLY_TO_THEMSELVES:  # a CSV file: text and blanks
        distinct = {cell: read(cell) for cell in dict.fromkeys(cells)}
        return list(map(distinct.__getitem__, cells))
    answers: dict[tuple[type, object], object] = {}
    found = []
    for cell in cells:
        key = (cell.__class__, repr(cell) if isinstance(cell, (float, Decimal)) else cell)
        try:
            found.append(answers[key])
        except KeyError:
            answers[key] = answer = read(cell)
            found.append(answer)
        except TypeError:  # a cell of a type that cannot be a key is read on its own
            found.append(read(cell))
    return found


def _number_reading(parse: Callable[[object], object], name: str) -> Callable[[object], tuple]:
    """How one year or value cell reads: (value, None), or (NA, (code, value shown, params)) with the
    reason it cannot be read."""
    def reading(cell: object) -> tuple:
        if isinstance(cell, ExcelError):
            return pd.NA, ("excel_error", str(cell), {})
        if is_blank(cell):
            return pd.NA, ("missing_field", None, {"field": name})
        try:
            return parse(cell), None
        except NumberProblem as problem:
            params = {}
            if getattr(problem, "detail", None):
                params = {"detail": problem.detail, "position": getattr(problem, "position", None) or 1}
            return pd.NA, (problem.code, shown(cell), params)
    return reading


def _read_number_cells(cells: list[object], parse: Callable[[object], object], name: str, rows: list[int],
                       columns: list[str | None], problems: list[Problem]) -> list[object]:
    """The years or values of every record; NA where a cell cannot be read, with the reason appended."""
    readings = _per_distinct(cells, _number_reading(parse, name))
    for (_, fault), row, column in zip(readings, rows, columns):
        if fault is not None:
            code, value, params = fault
            problems.append(Problem(code, row=row, column=column, value=value, params=dict(params)))
    return [value for value, _ in readings]


def _read_cells(raw: pd.DataFrame, records: Records, vocabularies: dict[str, Vocabulary]
                ) -> tuple[pd.DataFrame, list[Problem], set[tuple[int, str]]]:
    """Typed cells, the problems found reading them, and the (record, field) pairs already reported."""
    # Plain lists, not DataFrame.iterrows: a national yearly file has a hundred thousand rows.
    problems: list[Problem] = []
    rows = raw["_row"].astype("int64").tolist()
    years = _read_number_cells(raw["year"].tolist(), _parse_year_cell, "year", rows, raw["_year_column"].tolist(),
                               problems)
    values = _read_number_cells(raw["value"].tolist(), lambda c: float(parse_number(c)), "value", rows,
                                raw["_value_column"].tolist(), problems)

    typed = pd.DataFrame({"_row": rows}, index=raw.index)
    typed["_column"] = raw["_value_column"].tolist()  # where a check across figures points (etl/parts.py)
    typed["year"] = pd.array(years, dtype="Int64")
    typed["value"] = pd.array(values, dtype="Float64")
    reported: set[tuple[int, str]] = set()
    inherited = _from_block(raw)
    for name in VOCABULARY_FIELDS:
        _refuse_cells(raw, records, name, rows, inherited, problems, reported, _name_fault)
    for name in ("ip_type", "measure"):
        vocabulary = vocabularies[name]
        # Unknown spellings stay as typed so that the rules report them as unknown.
        typed[name] = _per_distinct(raw[name].tolist(),
                                    lambda c, v=vocabulary: None if is_blank(c) else (v.resolve(c) or shown(c)))
    typed["territory"] = _resolve_territories(raw, typed, records, vocabularies["territory"], rows, inherited,
                                              problems, reported)
    _fill_placeholder_types(typed, vocabularies)
    for name in TEXT_FIELDS:
        typed[name] = _per_distinct(raw[name].tolist(), shown)
        _refuse_cells(raw, records, name, rows, inherited, problems, reported, _control_character, shown)
    # Text a spreadsheet would run as a formula is refused at the door, not stored and exported; a
    # name is checked as typed, since "=Sáng chế" would otherwise resolve to a known type.
    index = raw.index.tolist()
    for name in (*VOCABULARY_FIELDS, *TEXT_FIELDS):
        runs = _per_distinct(raw[name].tolist(), lambda cell: (shown(cell) or "").startswith(FORMULA_TRIGGERS))
        if not any(runs):
            continue
        columns = _labels(records, raw, name)
        texts = _per_distinct(raw[name].tolist(), shown)
        for i, (text, row, column, block) in enumerate(zip(texts, rows, columns, inherited)):
            if not runs[i] or (index[i], name) in reported:
                continue
            where_row, where_column = _locate(records, block, name, row, column)
            problems.append(Problem("formula_text", row=where_row, column=where_column, value=text))
            reported.add((index[i], name))
    return typed, problems, reported


def _refuse_cells(raw: pd.DataFrame, records: Records, name: str, rows: list[int],
                  inherited: list[tuple[str, ...]], problems: list[Problem], reported: set[tuple[int, str]],
                  verdict, value=str) -> None:
    """Refuse every text cell of one field that `verdict` finds fault with: verdict(cell) gives (code,
    params) or None, asked once per distinct cell; the problem names the cell, or the block line it
    came from, and shows value(cell)."""
    cells = raw[name].tolist()
    faults = _per_distinct(cells, lambda cell: verdict(cell) if isinstance(cell, str) else None)
    if not any(faults):
        return
    columns = _labels(records, raw, name)
    index = raw.index.tolist()
    for i, fault in enumerate(faults):
        if fault is None:
            continue
        code, params = fault
        where_row, where_column = _locate(records, inherited[i], name, rows[i], columns[i])
        problems.append(Problem(code, row=where_row, column=where_column, value=value(cells[i]), params=params))
        reported.add((index[i], name))


def _control_character(cell: str) -> tuple[str, dict] | None:
    """A text cell (a source, its publisher, address or date) holding a control character: a line break
    or a carriage return would start a new row in a CSV export, and a line starting with "=" after it a
    formula; a tab, another column. Refused with the character named, so the analyst can retype it."""
    found = next(((position, describe_character(ch)) for position, ch in enumerate(cell.strip(" "), 1)
                  if unicodedata.category(ch) == "Cc"), None)
    return None if found is None else ("control_character", {"character": found[1], "position": found[0]})


def _name_fault(cell: str) -> tuple[str, dict] | None:
    """A name cell showing an Excel error, or holding a letter of another alphabet, an invisible or a
    control character (a Cyrillic «С» looks like a Latin one): refused, the character named."""
    if isinstance(cell, ExcelError):
        return "excel_error", {}
    found = find_suspicious_characters(cell)
    if not found:
        return None
    return "suspicious_character", {"character": f"{found[0].code} {found[0].name}",
                                    "position": found[0].position, "reason": found[0].reason}


def _resolve_territories(raw: pd.DataFrame, typed: pd.DataFrame, records: Records, vocabulary: Vocabulary,
                         rows: list[int], inherited: list[tuple[str, ...]], problems: list[Problem],
                         reported: set[tuple[int, str]]) -> list[object]:
    """The territory code of every record, read by its year where the name is shared, and checked
    against the territory's dates; a note per shared name says how it was read."""
    columns = _labels(records, raw, "territory")
    cache: dict[tuple[object, int | None], tuple[str | None, str, dict]] = {}
    by_year: dict[tuple[str, str], set[int]] = {}
    codes: list[object] = []
    index = raw.index.tolist()
    cells = raw["territory"].tolist()
    texts = _per_distinct(cells, shown)  # None for a blank cell
    for i, (cell, year) in enumerate(zip(cells, typed["year"].tolist())):
        if texts[i] is None or (index[i], "territory") in reported:
            codes.append(texts[i])
            continue
        # A year outside the accepted range is reported as such; its territory is not judged by it.
        year = None if pd.isna(year) or not YEAR_MIN <= int(year) <= YEAR_MAX else int(year)
        key = (_hashable(cell), year)
        if key not in cache:
            cache[key] = resolve_territory(cell, year, vocabulary)
        code, outcome, params = cache[key]
        if outcome == "unknown":
            codes.append(texts[i])  # the rules name it as unknown
            continue
        codes.append(code)
        if outcome == "by_year":
            by_year.setdefault((texts[i], code), set()).add(year)
        elif outcome not in ("ok", "no_year"):
            where_row, where_column = _locate(records, inherited[i], "territory", rows[i], columns[i])
            problems.append(Problem(outcome, row=where_row, column=where_column, value=texts[i], params=params))
            reported.add((index[i], "territory"))
        elif outcome == "no_year":
            reported.add((index[i], "territory"))
    for (text, code), years in by_year.items():
        candidates = vocabulary.candidates(text)
        problems.append(Problem("territory_read_by_year", severity=NOTE, value=text, params={
            "territory": code, "years": years_text(sorted(years)),
            "dates": [(c, *vocabulary.validity.get(c, (None, None))) for c in candidates]}))
    return codes


def _fill_placeholder_types(typed: pd.DataFrame, vocabularies: dict[str, Vocabulary]) -> None:
    """A blank IP type cell on the row of a measure not counted by IP type (people trained, support
    paid, cases handled) means the placeholder type: it is the only type such a measure can have, so
    nothing is guessed. A blank cell for any other measure stays blank and is reported as missing."""
    placeholders = sorted(vocabularies["ip_type"].untyped)
    untyped = vocabularies["measure"].untyped
    if len(placeholders) != 1 or not untyped:
        return
    typed["ip_type"] = [placeholders[0] if pd.isna(ip_type) and measure in untyped else ip_type
                        for ip_type, measure in zip(typed["ip_type"].tolist(), typed["measure"].tolist())]


def _type_against_measure(typed: pd.DataFrame, raw: pd.DataFrame, records: Records,
                          vocabularies: dict[str, Vocabulary], reported: set[tuple[int, str]]) -> list[Problem]:
    """A measure counted by IP type under the placeholder "not by IP type", or a measure about no IP
    type under a real one, reported at the IP type cell: the sums by type would otherwise count a
    figure that belongs to no type, or lose one that does."""
    placeholders, untyped = vocabularies["ip_type"].untyped, vocabularies["measure"].untyped
    ip_types, measures = set(vocabularies["ip_type"].codes), set(vocabularies["measure"].codes)
    problems: list[Problem] = []
    columns = _labels(records, raw, "ip_type")
    inherited = _from_block(raw)
    cells, index = raw["ip_type"].tolist(), raw.index.tolist()
    for i, (ip_type, measure, row) in enumerate(zip(typed["ip_type"].tolist(), typed["measure"].tolist(),
                                                    typed["_row"].tolist())):
        if (ip_type in placeholders) == (measure in untyped):
            continue  # the common case first: a measure by type under a real type
        if ip_type not in ip_types or measure not in measures or (index[i], "ip_type") in reported:
            continue  # an unknown or missing name is already reported
        code = "untyped_measure_with_type" if measure in untyped else "typed_measure_without_type"
        where_row, where_column = _locate(records, inherited[i], "ip_type", row, columns[i])
        problems.append(Problem(code, row=where_row, column=where_column, value=shown(cells[i]),
                                params={"measure": measure}))
    return problems


def _hashable(cell: object) -> object:
    return cell if cell is None or isinstance(cell, (str, int, float)) else str(cell)


def _rule_failures(typed: pd.DataFrame, vocabularies: dict[str, Vocabulary]) -> list[tuple[str, str | None, int]]:
    """(rule, column, index label) of every broken rule, over whole columns: column by column in the
    order of the frame's fields (a missing name before an unknown one), then the repeated keys."""
    failures: list[tuple[str, str | None, int]] = []
    labels = typed.index

    def add(rule: str, column: str | None, broken: np.ndarray) -> None:
        failures.extend((rule, column, int(label)) for label in labels[broken])

    years = typed["year"].to_numpy(dtype="float64", na_value=np.nan)
    add("year_out_of_range", "year", ~np.isnan(years) & ((years < YEAR_MIN) | (years > YEAR_MAX)))
    values = typed["value"].to_numpy(dtype="float64", na_value=np.nan)
    given = ~np.isnan(values)
    add("negative_count", "value", given & (values < 0))
    add("fractional_count", "value", given & (values != np.round(values)))
    for column in REQUIRED:
        blank = typed[column].isna().to_numpy(dtype=bool)
        add("not_nullable", column, blank)
        if column in NAME_RULES:
            known = typed[column].isin(vocabularies[column].codes).to_numpy(dtype=bool)
            add(NAME_RULES[column], column, ~blank & ~known)
    add("duplicate_key", None, ~_duplicate_keys(typed).to_numpy(dtype=bool))
    return failures


def _check_rules(typed: pd.DataFrame, raw: pd.DataFrame, records: Records,
                 vocabularies: dict[str, Vocabulary], reported: set[tuple[int, str]]) -> list[Problem]:
    """Every broken rule as a problem at its cell; a cell already reported when read is not reported again."""
    failures = _rule_failures(typed, vocabularies)
    if not failures:
        return []
    missing_columns = {p.params.get("field") for p in records.problems if p.code == "missing_column"}
    # Lists, not DataFrame.at: a file of repeated rows fails a check on every one of 100,000 rows.
    position = {label: i for i, label in enumerate(typed.index)}
    rows = typed["_row"].tolist()
    inherited = _from_block(raw)
    first_rows: list = []
    if any(check == "duplicate_key" for check, _, _ in failures):
        first_rows = typed.groupby(KEY)["_row"].transform("min").reindex(typed.index).tolist()
    labels: dict[str, list[str | None]] = {}
    cells: dict[str, list[object]] = {}
    problems = []
    for check, column, index in failures:
        i = position[index]
        if check == "duplicate_key":
            problems.append(Problem("duplicate_key", row=rows[i], params={"first_row": int(first_rows[i])}))
            continue
        if (index, column) in reported:
            continue
        if check == "not_nullable" and column in missing_columns:
            continue  # already reported once for the whole file
        if column not in labels:
            labels[column] = _labels(records, raw, column)
            cells[column] = raw[column].tolist()
        row, label = _locate(records, inherited[i], column, rows[i], labels[column][i])
        if check == "not_nullable":
            problems.append(Problem("missing_field", row=row, column=label, params={"field": column}))
        else:
            problems.append(Problem(check, row=row, column=label, value=shown(cells[column][i])))
    return problems


def _grants_above_applications(typed: pd.DataFrame) -> list[Problem]:
    """A warning where a file gives both, for the same year, type and territory, and grants exceed filings."""
    # A repeated key is already an error; joining its copies would multiply the warnings.
    flows = typed.dropna(subset=[*KEY, "value"]).drop_duplicates(KEY)
    filed = flows[flows["measure"] == "applications_filed"].set_index(["year", "ip_type", "territory"])
    granted = flows[flows["measure"] == "titles_granted"].set_index(["year", "ip_type", "territory"])
    both = granted.join(filed[["value"]].rename(columns={"value": "value_filed"}), how="inner")
    above = both[both["value"] > both["value_filed"]]
    sheets = above["_sheet"].tolist() if "_sheet" in above else [None] * len(above)
    return [
        Problem("grants_above_applications", severity=WARNING, row=int(row), sheet=sheet,
                params={"granted": int(granted_value), "filed": int(filed_value)})
        for row, granted_value, filed_value, sheet in zip(above["_row"].tolist(), above["value"].tolist(),
                                                           above["value_filed"].tolist(), sheets)
    ]
