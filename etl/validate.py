"""Stage 2b, validate: read every cell, check the table against its declared schema, report everything.

Cell reading (numbers in Vietnamese notation, names of IP types, measures and territories) happens
first; then a pandera schema, run lazily so one bad spreadsheet yields every failure at once, checks
the rules. Each problem names the row and column of the user's file and the value found there.

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
from functools import lru_cache

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from etl.layout import Records
from etl.problems import ERROR, NOTE, WARNING, Problem, shown, sort_problems
from etl.read import ExcelError
from etl.sheet_context import apply_sheet_context, drop_filled_missing_columns
from etl.territory_names import resolve_territory, years_text
from etl.totals import check_totals
from ipmonitor.exports import FORMULA_TRIGGERS
from ipmonitor.numbers import NumberProblem, is_blank, parse_number, parse_year
from ipmonitor.reference import Vocabulary, load_vocabulary
from ipmonitor.text import describe_character, find_suspicious_characters

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


@lru_cache(maxsize=None)
def build_figure_schema(ip_types: tuple[str, ...], measures: tuple[str, ...],
                        territories: tuple[str, ...]) -> pa.DataFrameSchema:
    """The rules a table of figures must meet; check names are the problem codes they raise."""
    return pa.DataFrameSchema(
        {
            "year": pa.Column(checks=pa.Check(lambda s: s.between(YEAR_MIN, YEAR_MAX),
                                              name="year_out_of_range"), nullable=True),
            "value": pa.Column(
                checks=[pa.Check(lambda s: s >= 0, name="negative_count"),
                        pa.Check(lambda s: s == s.round(), name="fractional_count")],
                nullable=True),
            "ip_type": pa.Column(checks=pa.Check(lambda s: s.isin(ip_types), name="unknown_ip_type")),
            "measure": pa.Column(checks=pa.Check(lambda s: s.isin(measures), name="unknown_measure")),
            "territory": pa.Column(checks=pa.Check(lambda s: s.isin(territories),
                                                   name="unknown_territory")),
            "source": pa.Column(),
        },
        checks=[pa.Check(_duplicate_keys, name="duplicate_key")],
        strict=False,
    )


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
    problems += _check_schema(typed, raw, records, vocabularies, reported)
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


def _read_cell(cell: object, parse, name: str, row: int, column: str | None,
               problems: list[Problem]) -> object:
    """One year or value cell, or NA with the reason appended to `problems`."""
    if isinstance(cell, ExcelError):
        problems.append(Problem("excel_error", row=row, column=column, value=str(cell)))
        return pd.NA
    if is_blank(cell):
        problems.append(Problem("missing_field", row=row, column=column, params={"field": name}))
        return pd.NA
    try:
        return parse(cell)
    except NumberProblem as problem:
        params = {}
        if getattr(problem, "detail", None):
            params = {"detail": problem.detail, "position": getattr(problem, "position", None) or 1}
        problems.append(Problem(problem.code, row=row, column=column, value=shown(cell), params=params))
        return pd.NA


def _read_cells(raw: pd.DataFrame, records: Records, vocabularies: dict[str, Vocabulary]
                ) -> tuple[pd.DataFrame, list[Problem], set[tuple[int, str]]]:
    """Typed cells, the problems found reading them, and the (record, field) pairs already reported."""
    # Plain lists, not DataFrame.iterrows: a national yearly file has a hundred thousand rows.
    problems: list[Problem] = []
    rows = raw["_row"].astype("int64").tolist()
    years = [_read_cell(cell, _parse_year_cell, "year", row, column, problems)
             for cell, row, column in zip(raw["year"].tolist(), rows, raw["_year_column"].tolist())]
    values = [_read_cell(cell, lambda c: float(parse_number(c)), "value", row, column, problems)
              for cell, row, column in zip(raw["value"].tolist(), rows, raw["_value_column"].tolist())]

    typed = pd.DataFrame({"_row": rows}, index=raw.index)
    typed["year"] = pd.array(years, dtype="Int64")
    typed["value"] = pd.array(values, dtype="Float64")
    reported: set[tuple[int, str]] = set()
    inherited = _from_block(raw)
    for name in VOCABULARY_FIELDS:
        _refuse_cells(raw, records, name, rows, inherited, problems, reported, _name_fault)
    for name in ("ip_type", "measure"):
        vocabulary = vocabularies[name]
        cells = raw[name].tolist()
        # Unknown spellings stay as typed so that the schema's isin check reports them.
        resolved = {c: (None if is_blank(c) else (vocabulary.resolve(c) or shown(c)))
                    for c in set(map(_hashable, cells))}
        typed[name] = [resolved[_hashable(c)] for c in cells]
    typed["territory"] = _resolve_territories(raw, typed, records, vocabularies["territory"], rows, inherited,
                                              problems, reported)
    _fill_placeholder_types(typed, vocabularies)
    for name in TEXT_FIELDS:
        typed[name] = [None if is_blank(c) else shown(c) for c in raw[name].tolist()]
        _refuse_cells(raw, records, name, rows, inherited, problems, reported, _control_character, shown)
    # Text a spreadsheet would run as a formula is refused at the door, not stored and exported; a
    # name is checked as typed, since "=Sáng chế" would otherwise resolve to a known type.
    index = raw.index.tolist()
    for name in (*VOCABULARY_FIELDS, *TEXT_FIELDS):
        texts = [shown(c) for c in raw[name].tolist()]
        columns = _labels(records, raw, name)
        for i, (text, row, column, block) in enumerate(zip(texts, rows, columns, inherited)):
            if text is None or not text.startswith(FORMULA_TRIGGERS) or (index[i], name) in reported:
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
    columns = _labels(records, raw, name)
    index = raw.index.tolist()
    verdicts: dict[str, tuple[str, dict] | None] = {}
    for i, cell in enumerate(raw[name].tolist()):
        if not isinstance(cell, str):
            continue
        if cell not in verdicts:
            verdicts[cell] = verdict(cell)
        if verdicts[cell] is None:
            continue
        code, params = verdicts[cell]
        where_row, where_column = _locate(records, inherited[i], name, rows[i], columns[i])
        problems.append(Problem(code, row=where_row, column=where_column, value=value(cell), params=params))
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
    for i, (cell, year) in enumerate(zip(raw["territory"].tolist(), typed["year"].tolist())):
        if is_blank(cell) or (index[i], "territory") in reported:
            codes.append(None if is_blank(cell) else shown(cell))
            continue
        # A year outside the accepted range is reported as such; its territory is not judged by it.
        year = None if pd.isna(year) or not YEAR_MIN <= int(year) <= YEAR_MAX else int(year)
        key = (_hashable(cell), year)
        if key not in cache:
            cache[key] = resolve_territory(cell, year, vocabulary)
        code, outcome, params = cache[key]
        if outcome == "unknown":
            codes.append(shown(cell))  # the schema's check names it as unknown
            continue
        codes.append(code)
        if outcome == "by_year":
            by_year.setdefault((shown(cell), code), set()).add(year)
        elif outcome not in ("ok", "no_year"):
            where_row, where_column = _locate(records, inherited[i], "territory", rows[i], columns[i])
            problems.append(Problem(outcome, row=where_row, column=where_column, value=shown(cell), params=params))
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
    cells = raw["ip_type"].tolist()
    for i, (ip_type, measure, row) in enumerate(zip(typed["ip_type"].tolist(), typed["measure"].tolist(),
                                                    typed["_row"].tolist())):
        if ip_type not in ip_types or measure not in measures or (raw.index[i], "ip_type") in reported:
            continue  # an unknown or missing name is already reported
        if (ip_type in placeholders) == (measure in untyped):
            continue
        code = "untyped_measure_with_type" if measure in untyped else "typed_measure_without_type"
        where_row, where_column = _locate(records, inherited[i], "ip_type", row, columns[i])
        problems.append(Problem(code, row=where_row, column=where_column, value=shown(cells[i]),
                                params={"measure": measure}))
    return problems


def _hashable(cell: object) -> object:
    return cell if cell is None or isinstance(cell, (str, int, float)) else str(cell)


def _check_schema(typed: pd.DataFrame, raw: pd.DataFrame, records: Records,
                  vocabularies: dict[str, Vocabulary], reported: set[tuple[int, str]]) -> list[Problem]:
    schema = build_figure_schema(*(vocabularies[k].codes for k in VOCABULARY_FIELDS))
    try:
        schema.validate(typed, lazy=True)
        return []
    except SchemaErrors as errors:
        failures = errors.failure_cases
    failures = failures[failures["index"].notna()]
    # A check on the whole frame fails once for every column of a row: one problem per row is enough.
    whole_frame = failures["schema_context"] == "DataFrameSchema"
    failures = pd.concat([failures[~whole_frame], failures[whole_frame].drop_duplicates(["check", "index"])])
    missing_columns = {p.params.get("field") for p in records.problems if p.code == "missing_column"}
    # Lists, not DataFrame.at: a file of repeated rows fails a check on every one of 100,000 rows.
    position = {label: i for i, label in enumerate(typed.index)}
    rows = typed["_row"].tolist()
    inherited = _from_block(raw)
    first_rows: list = []
    if (failures["check"] == "duplicate_key").any():
        first_rows = typed.groupby(KEY)["_row"].transform("min").reindex(typed.index).tolist()
    labels: dict[str, list[str | None]] = {}
    cells: dict[str, list[object]] = {}
    problems = []
    for check, column, index in zip(failures["check"].astype(str).tolist(), failures["column"].tolist(),
                                    failures["index"].tolist()):
        i = position[int(index)]
        if check == "duplicate_key":
            problems.append(Problem("duplicate_key", row=rows[i], params={"first_row": int(first_rows[i])}))
            continue
        if not isinstance(column, str) or column not in typed or (int(index), column) in reported:
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
