"""Presentation mode's link: the screens chosen, their order, and the screen showing."""
from __future__ import annotations

from ipmonitor.progress.assessment import Assessment
from ipmonitor.documents.presentation_screens import (format_screens, list_screens, parse_position,
                                                      parse_screens)
from ipmonitor.progress.scoreboard import TargetResult
from ipmonitor.progress.series import IndicatorSeries

AVAILABLE = ["titles_stock", "applications_all", "applications_patent"]


def test_a_link_keeps_its_order_and_drops_unknown_and_repeated_screens():
    assert parse_screens("applications_patent,nope,titles_stock,applications_patent", AVAILABLE) == \
        ["applications_patent", "titles_stock"]


def test_no_screens_or_only_unknown_ones_give_every_screen():
    assert parse_screens(None, AVAILABLE) == AVAILABLE
    assert parse_screens("x,y", AVAILABLE) == AVAILABLE


def test_the_screens_round_trip_through_the_link():
    assert parse_screens(format_screens(["applications_all", "titles_stock"]), AVAILABLE) == \
        ["applications_all", "titles_stock"]


def test_the_position_stays_within_the_screens():
    assert [parse_position(text, 3) for text in (None, "2", "0", "9", "abc")] == [1, 2, 1, 3, 1]


def test_an_indicator_judged_on_two_territories_gets_a_screen_for_each():
    former = IndicatorSeries.reported({2020: 10, 2025: 14}, "can_tho_former")
    merged = IndicatorSeries.reported({2025: 30}, "can_tho")

    def result(target_id, plan, indicator, series):
        return TargetResult(target_id, plan, indicator, False, Assessment(target_id, "on_track"), series)

    screens = list_screens([result("T2", "plan_151", "applications_all", former),
                            result("T3_patent", "plan_151", "applications_patent", former),
                            result("D2724_patent_applications", "decision_2724", "applications_patent", merged),
                            result("D1068_patent", "decision_1068", "applications_patent", merged)])
    assert list(screens) == ["applications_all", "applications_patent", "applications_patent@can_tho"]
    assert [r.target_id for r in screens["applications_patent@can_tho"]] == ["D2724_patent_applications", "D1068_patent"]
