"""Stage 2b, validate: read every cell, check the table against its declared schema, report everything.

Cell reading (numbers in Vietnamese notation, names of IP types, measures and territories) happens
first; then a pandera schema, run lazily so one bad spreadsheet yields every failure at once, checks
the rules. Each problem names the row and column of the user's file and the value found there.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from etl.layout import Records
from etl.problems import ERROR, WARNING, Problem, sort_problems
from ipmonitor.exports import FORMULA_TRIGGERS
from ipmonitor.numbers import NumberProblem, is_blank, parse_number, parse_year
from ipmonitor.reference import Vocabulary, load_vocabulary

YEAR_MIN, YEAR_MAX = 1981, 2100
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


def shown(cell: object) -> str | None:
    """A cell as the user typed it, for messages."""
    if is_blank(cell):
        return None
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


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
    """Read and check every record; the frame is complete only when there is no error."""
    vocabularies = vocabularies or {kind: load_vocabulary(kind) for kind in VOCABULARY_FIELDS}
    problems = list(records.problems)
    if records.layout == "unknown":
        return Validated(pd.DataFrame(), sort_problems(problems))
    if not records.rows:
        problems.append(Problem("no_data_rows"))
        return Validated(pd.DataFrame(), sort_problems(problems))

    raw = pd.DataFrame(records.rows)
    for name in (*VOCABULARY_FIELDS, *TEXT_FIELDS, "year", "value"):
        if name not in raw:
            raw[name] = None
    typed, parse_problems = _read_cells(raw, records, vocabularies)
    problems += parse_problems
    problems += _check_schema(typed, raw, records, vocabularies)
    problems += _grants_above_applications(typed)
    return Validated(typed, sort_problems(problems))


def _label(records: Records, raw: pd.DataFrame, i: int, name: str) -> str | None:
    if name in ("value", "year"):
        return raw.at[i, f"_{name}_column"]
    return records.labels.get(name)


def _read_cell(cell: object, parse, name: str, row: int, column: str | None,
               problems: list[Problem]) -> object:
    """One year or value cell, or NA with the reason appended to `problems`."""
    if is_blank(cell):
        problems.append(Problem("missing_field", row=row, column=column, params={"field": name}))
        return pd.NA
    try:
        return parse(cell)
    except NumberProblem as problem:
        problems.append(Problem(problem.code, row=row, column=column, value=shown(cell)))
        return pd.NA


def _read_cells(raw: pd.DataFrame, records: Records,
                vocabularies: dict[str, Vocabulary]) -> tuple[pd.DataFrame, list[Problem]]:
    # Plain lists, not DataFrame.iterrows: a national yearly file has a hundred thousand rows.
    problems: list[Problem] = []
    rows = raw["_row"].astype("int64").tolist()
    years = [_read_cell(cell, parse_year, "year", row, column, problems)
             for cell, row, column in zip(raw["year"].tolist(), rows, raw["_year_column"].tolist())]
    values = [_read_cell(cell, lambda c: float(parse_number(c)), "value", row, column, problems)
              for cell, row, column in zip(raw["value"].tolist(), rows, raw["_value_column"].tolist())]

    typed = pd.DataFrame({"_row": rows}, index=raw.index)
    typed["year"] = pd.array(years, dtype="Int64")
    typed["value"] = pd.array(values, dtype="Float64")
    for name in VOCABULARY_FIELDS:
        vocabulary = vocabularies[name]
        cells = raw[name].tolist()
        # Unknown spellings stay as typed so that the schema's isin check reports them.
        resolved = {c: (None if is_blank(c) else (vocabulary.resolve(c) or shown(c)))
                    for c in set(map(_hashable, cells))}
        typed[name] = [resolved[_hashable(c)] for c in cells]
    for name in TEXT_FIELDS:
        typed[name] = [None if is_blank(c) else shown(c) for c in raw[name].tolist()]
        # Text a spreadsheet would run as a formula is refused at the door, not stored and exported.
        column = records.labels.get(name)
        for text, row in zip(typed[name].tolist(), rows):
            if isinstance(text, str) and text.startswith(FORMULA_TRIGGERS):
                problems.append(Problem("formula_text", row=row, column=column, value=text))
    return typed, problems


def _hashable(cell: object) -> object:
    return cell if cell is None or isinstance(cell, (str, int, float)) else str(cell)


def _check_schema(typed: pd.DataFrame, raw: pd.DataFrame, records: Records,
                  vocabularies: dict[str, Vocabulary]) -> list[Problem]:
    schema = build_figure_schema(*(vocabularies[k].codes for k in VOCABULARY_FIELDS))
    try:
        schema.validate(typed, lazy=True)
        return []
    except SchemaErrors as errors:
        failures = errors.failure_cases
    problems = []
    missing_columns = {p.params.get("field") for p in records.problems if p.code == "missing_column"}
    first_row_of_key: dict[tuple, int] = {}
    if (failures["check"] == "duplicate_key").any():
        first_row_of_key = typed.dropna(subset=KEY).groupby(KEY)["_row"].min().to_dict()
    for failure in failures.itertuples(index=False):
        i = failure.index
        if i is None or pd.isna(i):
            continue
        i = int(i)
        column = failure.column if isinstance(failure.column, str) else None
        check = str(failure.check)
        row_number = int(typed.at[i, "_row"])
        if check == "not_nullable":
            if column in missing_columns:
                continue  # already reported once for the whole file
            problems.append(Problem("missing_field", row=row_number, column=_label(records, raw, i, column),
                                    params={"field": column}))
        elif check == "duplicate_key":
            key = tuple(typed.at[i, k] for k in KEY)
            problems.append(Problem("duplicate_key", row=row_number,
                                    params={"first_row": int(first_row_of_key[key])}))
        elif column in typed:
            problems.append(Problem(check, row=row_number, column=_label(records, raw, i, column),
                                    value=shown(raw.at[i, column])))
    return problems


def _grants_above_applications(typed: pd.DataFrame) -> list[Problem]:
    """A warning where a file gives both, for the same year, type and territory, and grants exceed filings."""
    flows = typed.dropna(subset=[*KEY, "value"])
    filed = flows[flows["measure"] == "applications_filed"].set_index(["year", "ip_type", "territory"])
    granted = flows[flows["measure"] == "titles_granted"].set_index(["year", "ip_type", "territory"])
    both = granted.join(filed[["value"]].rename(columns={"value": "value_filed"}), how="inner")
    above = both[both["value"] > both["value_filed"]]
    return [
        Problem("grants_above_applications", severity=WARNING, row=int(r["_row"]),
                params={"granted": int(r["value"]), "filed": int(r["value_filed"])})
        for _, r in above.iterrows()
    ]
