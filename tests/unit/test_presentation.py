"""Presentation mode's link: the screens chosen, their order, and the screen showing."""
from __future__ import annotations

from ipmonitor.presentation import format_screens, parse_position, parse_screens

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
