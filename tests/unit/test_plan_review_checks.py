"""The pure parts of the plan's reviews: which review is due next, the frozen snapshot's shape, the
statuses that changed since a review, and the checks of a review entry (every field at once)."""
from __future__ import annotations

import datetime as dt
import json
from types import SimpleNamespace

import pytest

from etl.plan_review_writes import ReviewEntry, validate_review
from ipmonitor.tracker.plan_reviews import (FrozenStatus, NextReview, PlanReview, Snapshot,
                                            compute_last_review, compute_next_review, compute_snapshot,
                                            compute_status_changes, describe_next, describe_review_summary,
                                            ReviewSummary, kind_of_year)

TODAY = dt.date(2026, 3, 2)


def result(target_id: str, status: str, value: float | None = 100.0, year: int | None = 2025):
    """A scoreboard TargetResult as far as the snapshot reads it."""
    return SimpleNamespace(target_id=target_id, indicator="x",
                           assessment=SimpleNamespace(status=status, latest_value=value, latest_year=year))


def review(kind: str, year: int, held_on: dt.date) -> PlanReview:
    return PlanReview(kind, year, held_on, "1/BC-UBND", None, None, None)


@pytest.mark.parametrize("today, held, expected", [
    # Before October 2024, this year's yearly review is next, not yet overdue.
    (dt.date(2024, 3, 1), [], NextReview("yearly", 2024, dt.date(2024, 10, 31), False)),
    # 2025's review is the mid-term; past October it is overdue until it is recorded.
    (dt.date(2025, 11, 15), [("yearly", 2024)], NextReview("midterm", 2025, dt.date(2025, 10, 31), True)),
    # Held: the next October's yearly review.
    (dt.date(2025, 11, 15), [("midterm", 2025)], NextReview("yearly", 2026, dt.date(2026, 10, 31), False)),
    # A yearly review of 2025 does not stand for the mid-term.
    (dt.date(2025, 12, 1), [("yearly", 2025)], NextReview("midterm", 2025, dt.date(2025, 10, 31), True)),
    (dt.date(2029, 12, 1), [("yearly", 2029)], NextReview("final", 2030, dt.date(2030, 10, 31), False)),
    # After the final review, or after the plan, nothing is due.
    (dt.date(2030, 12, 1), [("final", 2030)], None),
    (dt.date(2031, 1, 5), [], None),
])
def test_the_next_review_due_is_this_years_unless_held_midterm_in_2025_final_in_2030(today, held, expected):
    assert compute_next_review(today, held) == expected


def test_the_kind_of_a_years_review_follows_the_plan():
    assert [kind_of_year(year) for year in (2024, 2025, 2026, 2030)] == ["yearly", "midterm", "yearly", "final"]


def test_the_last_review_is_the_one_held_last_and_none_without_any():
    early, late = review("yearly", 2024, dt.date(2024, 10, 20)), review("midterm", 2025, dt.date(2025, 11, 12))
    assert compute_last_review([late, early]) == late
    assert compute_last_review([]) is None


def test_a_snapshot_keeps_each_targets_status_value_and_year_and_reads_back_the_same():
    snapshot = compute_snapshot([result("T1a", "achieved", 6115, 2025), result("T9", "not_assessable", None, None)],
                                "eurostat", 2025)
    document = json.loads(snapshot.to_json())
    assert document == {"method": "eurostat", "as_of": 2025, "targets": [
        {"target_id": "T1a", "status": "achieved", "value": 6115.0, "year": 2025},
        {"target_id": "T9", "status": "not_assessable", "value": None, "year": None}]}
    assert Snapshot.from_json(snapshot.to_json()) == snapshot
    assert Snapshot.from_json(None) is None


def test_only_the_targets_whose_status_moved_since_the_review_are_compared():
    snapshot = Snapshot("eurostat", 2025, (FrozenStatus("T1a", "on_track", 5000.0, 2024),
                                            FrozenStatus("T1b", "on_track", 2000.0, 2024)))
    now = [result("T1a", "achieved"), result("T1b", "on_track"), result("T2", "on_track")]
    changes = compute_status_changes(snapshot, now)
    assert [(r.target_id, then) for r, then in changes] == [
        ("T1a", FrozenStatus("T1a", "on_track", 5000.0, 2024)), ("T2", None)]


def test_a_review_entry_with_every_field_wrong_is_refused_field_by_field_in_the_readers_language():
    entry = ReviewEntry("midterm", 2026, dt.date(2026, 5, 1), "https://example.org/x", "javascript:alert(1)",
                        "=SUM(A1)")
    problems, _ = validate_review(entry, TODAY)
    assert [(p.column, p.code) for p in problems] == [
        ("year", "year_of_kind"), ("held_on", "held_in_future"), ("document", "document_is_link"),
        ("link", "bad_link"), ("conclusions", "formula_text")]
    assert problems[0].message("vi") == "Năm: sơ kết giữa kỳ chỉ có cho năm 2025."
    assert problems[0].message("en") == "Year: a mid-term review exists for 2025 only."
    assert problems[1].message("vi") == "Ngày tổ chức: sau hôm nay (02/03/2026); chỉ ghi nhận lần rà soát đã tổ chức."


def test_a_review_needs_its_date_and_document_and_is_not_held_before_its_year():
    problems, _ = validate_review(ReviewEntry("yearly", 2024, None, " "), TODAY)
    assert [(p.column, p.code) for p in problems] == [("held_on", "missing"), ("document", "missing")]
    problems, _ = validate_review(ReviewEntry("final", 2030, "12/11/2025", "9/BC-UBND"), dt.date(2031, 1, 1))
    assert [(p.column, p.code) for p in problems] == [("held_on", "held_before_year")]
    problems, _ = validate_review(ReviewEntry("yearly", 2019, "12/11/2025", "9/BC-UBND"), TODAY)
    assert [(p.column, p.code) for p in problems] == [("year", "year_outside_plan")]


def test_a_good_review_entry_is_cleaned():
    problems, cleaned = validate_review(ReviewEntry("midterm", "2025", "12/11/2025", " 123/BC-UBND ",
                                                    "https://cantho.gov.vn/sk", "  "), TODAY)
    assert problems == []
    assert cleaned == {"kind": "midterm", "year": 2025, "held_on": dt.date(2025, 11, 12), "document": "123/BC-UBND",
                       "link": "https://cantho.gov.vn/sk", "conclusions": None}


def test_the_overview_line_names_the_last_review_and_the_next_due_in_both_languages():
    summary = ReviewSummary(review("midterm", 2025, dt.date(2025, 11, 12)),
                            NextReview("yearly", 2026, dt.date(2026, 10, 31), False))
    assert describe_review_summary(summary, "vi") == (
        "Lần rà soát gần nhất: Sơ kết giữa kỳ năm 2025: tổ chức ngày 12/11/2025, văn bản số 1/BC-UBND"
        " · Kỳ tới: Rà soát hằng năm 2026, hạn 31/10/2026")
    assert describe_review_summary(ReviewSummary(None, NextReview("midterm", 2025, dt.date(2025, 10, 31), True)),
                                   "en") == ("No review of the plan recorded yet · Next: Mid-term review of 2025, "
                                             "due by 31 Oct 2025 (overdue, not recorded)")
    assert describe_next(None, "vi") == "Kế hoạch không còn kỳ rà soát nào"
