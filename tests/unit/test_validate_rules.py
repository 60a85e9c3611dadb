"""The rules over whole columns (etl.validate._rule_failures) break exactly where the declared pandera
schema they replaced did: same rule, same column, same record, for any table of typed figures.

pandera stays a test dependency for this comparison only: the product checks columns with numpy and
pandas, a tenth of pandera's time on a national file and none of its 0.3 s import.
"""
from decimal import Decimal

import pandas as pd
import pandera.pandas as pa
from hypothesis import given, settings
from hypothesis import strategies as st
from pandera.errors import SchemaErrors

from etl.validate import (KEY, VOCABULARY_FIELDS, YEAR_MAX, YEAR_MIN, _duplicate_keys, _per_distinct,
                          _rule_failures)
from ipmonitor.store.reference import load_vocabulary

VOCABULARIES = {kind: load_vocabulary(kind) for kind in VOCABULARY_FIELDS}


def pandera_schema(ip_types, measures, territories) -> pa.DataFrameSchema:
    """The schema etl.validate declared until the rules moved to whole-column checks, as it was."""
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


def pandera_failures(typed: pd.DataFrame) -> list[tuple[str, str | None, int]]:
    """(rule, column, record) as the old validator read pandera's failure cases."""
    schema = pandera_schema(*(VOCABULARIES[k].codes for k in VOCABULARY_FIELDS))
    try:
        schema.validate(typed, lazy=True)
        return []
    except SchemaErrors as errors:
        failures = errors.failure_cases
    failures = failures[failures["index"].notna()]
    whole_frame = failures["schema_context"] == "DataFrameSchema"
    failures = pd.concat([failures[~whole_frame], failures[whole_frame].drop_duplicates(["check", "index"])])
    return [(check, None if check == "duplicate_key" else column, int(index))
            for check, column, index in zip(failures["check"].astype(str), failures["column"], failures["index"])]


YEARS = st.sampled_from([None, YEAR_MIN - 1, YEAR_MIN, 2020, YEAR_MAX, YEAR_MAX + 1, -5, 0])
VALUES = st.sampled_from([None, 0.0, -0.0, -1.0, 1.5, 3.0, 2.5, 1e12, -0.5, 1e-9])
IP_TYPES = st.sampled_from([None, "patent", "trademark", "Sáng chế lạ", "", "PATENT"])
MEASURES = st.sampled_from([None, "applications_filed", "titles_granted", "Số hội thảo"])
TERRITORIES = st.sampled_from([None, "can_tho", "can_tho_former", "Hà Nội"])
SOURCES = st.sampled_from([None, "Cục SHTT", ""])
RECORD = st.tuples(YEARS, VALUES, IP_TYPES, MEASURES, TERRITORIES, SOURCES)


def typed_frame(records, offset: int = 0) -> pd.DataFrame:
    """A typed table as validation builds it: nullable integer years, nullable float values, text names."""
    frame = pd.DataFrame({"_row": range(2, len(records) + 2)}, index=range(offset, offset + len(records)))
    columns = list(zip(*records)) if records else [[]] * 6
    frame["year"] = pd.array(columns[0], dtype="Int64")
    frame["value"] = pd.array(columns[1], dtype="Float64")
    for name, cells in zip(["ip_type", "measure", "territory", "source"], columns[2:]):
        frame[name] = pd.Series(list(cells), index=frame.index, dtype=object)
    return frame


@settings(max_examples=120, deadline=None)
@given(st.lists(RECORD, min_size=1, max_size=25), st.sampled_from([0, 7]))
def test_whole_column_rules_break_where_the_pandera_schema_did(records, offset):
    typed = typed_frame(records, offset)
    assert sorted(_rule_failures(typed, VOCABULARIES), key=repr) == sorted(pandera_failures(typed), key=repr)


def test_every_rule_is_seen_breaking_in_one_table():
    # Guards the property above against a strategy that never breaks a rule.
    records = [(1975, -1.0, "Sáng chế lạ", "Số hội thảo", "Hà Nội", None),
               (2020, 1.5, None, "titles_granted", "can_tho", "Cục SHTT"),
               (2020, 1.0, "patent", "titles_granted", "can_tho", "Cục SHTT"),
               (2020, 2.0, "patent", "titles_granted", "can_tho", "Cục SHTT")]
    found = {(rule, column) for rule, column, _ in _rule_failures(typed_frame(records), VOCABULARIES)}
    assert found == {("year_out_of_range", "year"), ("negative_count", "value"), ("fractional_count", "value"),
                     ("unknown_ip_type", "ip_type"), ("unknown_measure", "measure"),
                     ("unknown_territory", "territory"), ("not_nullable", "source"),
                     ("not_nullable", "ip_type"), ("duplicate_key", None)}
    assert set(KEY) <= set(typed_frame(records).columns)


def test_each_distinct_cell_is_read_once_and_never_taken_for_an_equal_one():
    # 1, 1.0 and True are equal keys to a dict, as are 0.0 and -0.0, and Decimal 1.0 and 1.00; a file
    # holding both must have each read as itself (-0.0 and 1.00 show differently).
    calls = []

    def read(cell):
        calls.append(cell)
        return repr(cell)

    cells = [1, 1.0, True, 0.0, -0.0, "1", 1, "1", Decimal("1.0"), Decimal("1.00"), float("nan"), [1], 1.0]
    assert _per_distinct(cells, read) == [repr(cell) for cell in cells]
    assert len(calls) == 10
    calls.clear()
    text_cells = ["2020", None, 2020, "2020", None, "Cần Thơ", 2020]
    assert _per_distinct(text_cells, read) == [repr(cell) for cell in text_cells]
    assert calls == ["2020", None, 2020, "Cần Thơ"]
