"""Presentation mode's choices: which screens, in which order, and which one is showing; all kept
in the link (?screens=titles_stock,applications_all&screen=2), so that a saved set reopens as it was."""
from __future__ import annotations

from ipmonitor.progress.scoreboard import TargetResult, group_by_series_territory

TERRITORY_MARK = "@"


def list_screens(results: list[TargetResult]) -> dict[str, list[TargetResult]]:
    """Screen key -> the targets it shows: one screen per indicator and per territory its targets are
    judged on, in the register's order. The key is the indicator's code, and for an indicator's further
    territories "indicator@territory" (applications_patent@can_tho), so that older links stay valid."""
    by_indicator: dict[str, list[TargetResult]] = {}
    for result in results:
        by_indicator.setdefault(result.indicator, []).append(result)
    screens: dict[str, list[TargetResult]] = {}
    for indicator, own in by_indicator.items():
        for position, (territory, group) in enumerate(group_by_series_territory(own).items()):
            screens[indicator if position == 0 else f"{indicator}{TERRITORY_MARK}{territory}"] = group
    return screens


def parse_screens(text: str | None, available: list[str]) -> list[str]:
    """The screens a link asks for, in its order, without unknown or repeated ones; all when none is left."""
    chosen: list[str] = []
    for key in (text or "").split(","):
        key = key.strip()
        if key in available and key not in chosen:
            chosen.append(key)
    return chosen or list(available)


def format_screens(screens: list[str]) -> str:
    """The ?screens= value for a set of screens."""
    return ",".join(screens)


def parse_position(text: str | None, count: int) -> int:
    """The screen number (1-based) a link asks for, kept within 1..count."""
    try:
        position = int(text or 1)
    except ValueError:
        position = 1
    return min(max(position, 1), max(count, 1))
