"""The Tasks page's arithmetic on the shipped plan register: who holds a task in a year, the status
recorded for it (or "not recorded"), the filters, the counts and the tables."""
import datetime as dt

import pandas as pd
import pytest

from ipmonitor.register.plan_register import load_plan_register
from ipmonitor.tracker.task_board import (BOARD_STATUSES, NOT_RECORDED, acting_agency_choices,
                                          acting_agency_name, agency_choices, build_blocked_table,
                                          build_task_history_table, build_task_table, compute_task_rows,
                                          count_tasks_by_status, filter_task_rows, holding_day, is_link,
                                          style_task_table, task_holders, task_years)

REGISTER = load_plan_register()
LINK = "https://skhcn.cantho.gov.vn/bao-cao-2026"


COLUMNS = ["task_id", "year", "status", "note", "evidence", "acting_agency_id"]


def statuses(*rows):
    """Current statuses as load_task_statuses gives them; the acting agency may be left out of a row."""
    return pd.DataFrame([dict(zip(COLUMNS, row)) for row in rows], columns=COLUMNS)


def row_of(rows: pd.DataFrame, task_id: str) -> pd.Series:
    return rows.set_index("task_id").loc[task_id]


def test_the_years_run_from_2021_to_2030():
    assert task_years() == list(range(2021, 2031))


def test_a_task_without_a_status_for_the_year_reads_not_recorded_even_when_another_year_has_one():
    rows = compute_task_rows(REGISTER, statuses(("1.a", 2025, "done", None, LINK)), 2026)
    assert row_of(rows, "1.a")["status"] == NOT_RECORDED
    assert set(rows["status"]) == {NOT_RECORDED}
    assert len(rows) == len(REGISTER.tasks) == 27


def test_a_recorded_status_comes_with_its_note_and_evidence():
    rows = compute_task_rows(REGISTER, statuses(("3.d.1", 2026, "overdue", "thiếu kinh phí", None)), 2026)
    task = row_of(rows, "3.d.1")
    assert (task["status"], task["note"], task["evidence"]) == ("overdue", "thiếu kinh phí", "")


def test_who_holds_a_task_is_read_on_the_years_15_october_deadline():
    assert holding_day(REGISTER, 2025) == dt.date(2025, 10, 15)


def test_the_district_level_hands_its_tasks_to_the_communes_from_2025_and_keeps_them_before():
    # 1.a is co-ordinated by the district People's Committees (III.9.c); they ended on 30 June 2025.
    assert task_holders(REGISTER, "1.a", 2024) == ("dost", ("district_people_committees",))
    assert task_holders(REGISTER, "1.a", 2026) == ("dost", ("commune_people_committees",))
    assert task_holders(REGISTER, "1.a", 2025) == ("dost", ("commune_people_committees",))


def test_a_lead_that_ended_shows_under_its_successor_with_the_name_the_plan_used():
    rows = compute_task_rows(REGISTER, statuses(), 2026)
    task = row_of(rows, "3.b.1")
    assert (task["named_lead"], task["lead"]) == ("market_surveillance", "industry_trade")
    table = build_task_table(rows[rows["task_id"] == "3.b.1"], REGISTER, "vi")
    assert table["Chủ trì"].iloc[0] == "Cục Quản lý thị trường thành phố Cần Thơ (nay: Sở Công Thương)"
    before = compute_task_rows(REGISTER, statuses(), 2024)
    assert row_of(before, "3.b.1")["lead"] == "market_surveillance"


def test_an_agency_that_became_the_leads_own_successor_is_not_also_listed_as_co_ordinating():
    # 3.b.2: led by the Department of Information and Communications, which DOST absorbed in 2025,
    # and co-ordinated by DOST among others.
    lead, co_ordinating = task_holders(REGISTER, "3.b.2", 2026)
    assert lead == "dost" and "dost" not in co_ordinating
    assert "dost" in task_holders(REGISTER, "3.b.2", 2024)[1]


def test_the_agency_filter_finds_a_task_by_its_lead_or_by_a_co_ordinating_agency():
    rows = compute_task_rows(REGISTER, statuses(), 2026)
    communes = filter_task_rows(rows, agency="commune_people_committees")
    assert "1.a" in set(communes["task_id"])  # co-ordinating only
    police = filter_task_rows(rows, agency="police")
    assert {"3.d.1", "3.d.2"} <= set(police["task_id"])  # leads
    assert "3.b.1" in set(police["task_id"])  # co-ordinates
    assert filter_task_rows(rows, agency="district_people_committees").empty


def test_the_agency_choices_are_those_holding_a_task_that_year():
    assert "district_people_committees" in agency_choices(REGISTER, compute_task_rows(REGISTER, statuses(), 2024))
    later = agency_choices(REGISTER, compute_task_rows(REGISTER, statuses(), 2026))
    assert "district_people_committees" not in later and "commune_people_committees" in later
    assert "market_surveillance" not in later


def test_the_area_and_status_filters_combine():
    rows = compute_task_rows(REGISTER, statuses(("3.d.1", 2026, "in_progress", None, None),
                                                ("4.a", 2026, "in_progress", None, None)), 2026)
    both = filter_task_rows(rows, area=3, status="in_progress")
    assert list(both["task_id"]) == ["3.d.1"]
    assert len(filter_task_rows(rows)) == len(rows)


def test_the_counts_cover_every_status_and_add_up_to_the_tasks_of_the_year():
    rows = compute_task_rows(REGISTER, statuses(("1.a", 2026, "done", None, LINK), ("2.b", 2026, "done", None, "Số 1"),
                                                ("3.d.1", 2026, "overdue", None, None)), 2026)
    counts = count_tasks_by_status(rows)
    assert list(counts) == list(BOARD_STATUSES)
    assert counts == {"blocked": 0, "not_started": 0, "in_progress": 0, "done": 2, "overdue": 1, NOT_RECORDED: 24}
    assert sum(counts.values()) == len(rows)


def test_a_link_goes_to_the_link_column_and_a_document_reference_stays_text():
    rows = compute_task_rows(REGISTER, statuses(("1.a", 2026, "done", None, LINK),
                                                ("2.b", 2026, "done", None, "Báo cáo số 12/BC-SKHCN")), 2026)
    table = build_task_table(rows, REGISTER, "en").set_index("Id")
    assert (table.loc["1.a", "Evidence link"], table.loc["1.a", "Evidence"]) == (LINK, "")
    assert (table.loc["2.b", "Evidence link"], table.loc["2.b", "Evidence"]) == (None, "Báo cáo số 12/BC-SKHCN")
    assert table.loc["3.d.1", "Status"] == "□ not recorded"
    assert table.loc["1.a", "Status"] == "● done"


@pytest.mark.parametrize("lang, headers", [
    ("vi", ["Mã", "Nhiệm vụ", "Trạng thái", "Chủ trì", "Phối hợp", "Thời gian", "Ghi chú", "Cơ quan phải xử lý",
            "Minh chứng", "Liên kết minh chứng", "Lĩnh vực", "Căn cứ"]),
    ("en", ["Id", "Task", "Status", "Lead", "Co-ordinating", "Period", "Note", "Must act", "Evidence",
            "Evidence link", "Area", "Source"]),
])
def test_the_task_table_is_headed_in_the_readers_language(lang, headers):
    table = build_task_table(compute_task_rows(REGISTER, statuses(), 2026), REGISTER, lang)
    assert list(table.columns) == headers
    first = table.iloc[0]
    assert first.iloc[5] == "2021–2030" and first.iloc[11] == "II.1.a; III.9.c"
    assert first.iloc[10] == REGISTER.areas[1].name(lang)


def test_only_http_addresses_count_as_links():
    assert is_link("HTTPS://a.vn") and is_link("http://a.vn/x")
    assert not is_link("Báo cáo số 1") and not is_link("ftp://a.vn")


def test_the_history_table_shows_a_withdrawal_and_names_the_reverted_batch():
    history = pd.DataFrame([
        {"version_id": 2, "task_id": "1.a", "year": 2026, "status": None, "note": None, "evidence": None,
         "withdrawn": True, "batch_id": 5, "kind": "revert", "reverts_batch": 4, "loaded_by": "lan",
         "loaded_at": pd.Timestamp("2026-11-30 03:00")},
        {"version_id": 1, "task_id": "1.a", "year": 2026, "status": "in_progress", "note": "đang làm", "evidence": None,
         "withdrawn": False, "batch_id": 4, "kind": "load", "reverts_batch": None, "loaded_by": "lan",
         "loaded_at": pd.Timestamp("2026-11-29 03:00")},
    ])
    table = build_task_history_table(history, REGISTER, "vi")
    assert list(table["Lô"]) == ["5 (hoàn tác lô 4)", "4"]
    assert list(table["Trạng thái"]) == ["Rút khỏi dữ liệu hiện hành", "đang thực hiện"]
    assert list(table["Thời điểm"]) == ["30/11/2026 10:00", "29/11/2026 10:00"]  # Viet Nam time


def test_the_task_table_writes_each_status_in_its_colour():
    rows = compute_task_rows(REGISTER, statuses(("1.a", 2026, "done", None, None),
                                                ("2.b", 2026, "overdue", None, None)), 2026)
    html = style_task_table(build_task_table(rows, REGISTER, "en"), rows).to_html()
    assert "color: #1A7F37" in html and "color: #CF222E" in html and "color: #6E7781" in html


BLOCKED_ROWS = statuses(("1.a", 2026, "done", None, LINK),
                        ("5.a", 2026, "blocked", "Chưa có kinh phí đối ứng", None, "finance"),
                        ("2.b", 2026, "blocked", "Chờ Trung ương ban hành hướng dẫn", None, "city_people_committee"),
                        ("3.d.1", 2026, "overdue", None, None))


def test_blocked_tasks_come_first_in_the_registers_order_and_the_rest_keep_it():
    rows = compute_task_rows(REGISTER, BLOCKED_ROWS, 2026)
    assert list(rows["task_id"][:2]) == ["2.b", "5.a"]
    assert list(rows["status"][:2]) == ["blocked", "blocked"] and "blocked" not in set(rows["status"][2:])
    rest = [task_id for task_id in REGISTER.tasks if task_id not in ("2.b", "5.a")]
    assert list(rows["task_id"][2:]) == rest
    assert row_of(rows, "5.a")["acting_agency"] == "finance" and row_of(rows, "1.a")["acting_agency"] == ""


def test_the_counts_include_blocked_first():
    counts = count_tasks_by_status(compute_task_rows(REGISTER, BLOCKED_ROWS, 2026))
    assert list(counts)[0] == "blocked" and counts["blocked"] == 2 and sum(counts.values()) == 27


@pytest.mark.parametrize("lang, expected", [
    ("vi", [["2.b", "Chờ Trung ương ban hành hướng dẫn", "UBND thành phố"],
            ["5.a", "Chưa có kinh phí đối ứng", "Sở Tài chính"]]),
    ("en", [["2.b", "Chờ Trung ương ban hành hướng dẫn", "City PC"],
            ["5.a", "Chưa có kinh phí đối ứng", "DOF"]]),
])
def test_the_blocked_table_gives_each_difficulty_and_the_agency_that_must_act_before_the_title(lang, expected):
    table = build_blocked_table(compute_task_rows(REGISTER, BLOCKED_ROWS, 2026), REGISTER, lang)
    assert [row[:3] for row in table.values.tolist()] == expected
    assert table.columns[1] == ("Khó khăn, vướng mắc" if lang == "vi" else "Difficulty")
    assert table.iloc[0, 3] == REGISTER.tasks["2.b"].title(lang)


def test_the_task_table_names_the_agency_that_must_act_and_writes_blocked_in_its_own_colour():
    rows = compute_task_rows(REGISTER, BLOCKED_ROWS, 2026)
    table = build_task_table(rows, REGISTER, "en").set_index("Id")
    assert table.loc["5.a", "Status"] == "▣ blocked" and table.loc["5.a", "Must act"] == "Department of Finance"
    assert table.loc["1.a", "Must act"] == ""
    assert "color: #8250DF" in style_task_table(build_task_table(rows, REGISTER, "en"), rows).to_html()


def test_the_city_peoples_committee_may_act_though_the_register_does_not_list_it():
    assert "city_people_committee" not in REGISTER.agencies
    assert acting_agency_choices(REGISTER)[0] == "city_people_committee"
    assert set(acting_agency_choices(REGISTER)[1:]) == set(REGISTER.agencies)
    assert acting_agency_name(REGISTER, "city_people_committee", "vi", short=True) == "UBND thành phố"
