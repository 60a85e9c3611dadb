"""The plan register's workbook cells read back as the register holds them: numbers typed as text read as
every upload reads them (ambiguous ones refused), lists split on ";", booleans, dates, and an entry's
fields written and read back unchanged."""
from __future__ import annotations

import datetime as dt

import pytest

from etl.plan_workbook import _body, _value, read_register_workbook, write_register_workbook
from ipmonitor.register.register_store import entries_from_files


@pytest.mark.parametrize("text, number", [("5.500", 5500), ("0,35", 0.35), ("5500", 5500), ("1.234,5", 1234.5)])
def test_a_number_typed_as_text_is_read_in_vietnamese_notation(text, number):
    assert _value("target", "target.value", text) == number


@pytest.mark.parametrize("text", ["5,500", "0.35", "năm nghìn", "12 5"])
def test_a_number_that_could_be_read_two_ways_or_not_at_all_is_refused(text):
    with pytest.raises(ValueError, match="not_a_number"):
        _value("target", "target.value", text)


def test_from_data_stays_a_baseline_that_reads_the_database():
    assert _value("target", "baseline.value", "from_data") == "from_data"


def test_lists_booleans_and_dates_read_as_the_register_holds_them():
    assert _value("task", "period", "2026; 2030") == [2026, 2030]
    assert _value("task", "co_ordinating", "finance, education_training") == ["finance", "education_training"]
    assert _value("target", "quote_verified", "ĐÚNG") is True and _value("target", "reference", False) is False
    assert _value("agency", "active_to", dt.datetime(2025, 6, 30)) == "2025-06-30"
    with pytest.raises(ValueError, match="time_of_day"):
        _value("agency", "active_to", dt.datetime(2025, 6, 30, 9, 30))
    with pytest.raises(ValueError, match="not_a_date"):
        _value("agency", "active_to", "30/6/2025")


def test_an_agency_without_dates_or_successor_says_so_with_empty_fields():
    body, problems = _body("agency", {"name_vi": "Sở X", "level": "city_department"}, "Cơ quan", 2)
    assert not problems
    assert body["active_from"] is None and body["successor"] is None and body["change_source"] is None


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_shipped_entry_is_written_and_read_back_unchanged(lang):
    shipped = entries_from_files()
    positions = {entry.key: entry.position for entry in shipped}
    read = read_register_workbook(write_register_workbook(shipped, lang), positions)
    assert not read.problems and not read.removals
    assert sorted((e.key, e.position, e.body_json()) for e in read.entries) == \
        sorted((e.key, e.position, e.body_json()) for e in shipped)
