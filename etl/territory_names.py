"""Territories by year: a name several territories answer to («Cần Thơ») read by the figure's year, and
every territory checked against the dates it existed (the merger of 1 July 2025)."""
from __future__ import annotations

from ipmonitor.numbers import format_year_runs
from ipmonitor.store.reference import Vocabulary


def resolve_territory(cell: object, year: int | None, vocabulary: Vocabulary) -> tuple[str | None, str, dict]:
    """(code, outcome, message parameters) for one territory cell in one year. Outcomes: "ok";
    "by_year" (a shared name read by the year: noted); "unknown" (left to the schema's check); "no_year"
    (its year is itself unreadable, reported there); or a problem code."""
    code = vocabulary.resolve(cell)
    if code is not None:
        if year is None or vocabulary.existed(code, year):
            return code, "ok", {}
        return code, "territory_not_in_year", {
            "territory": code, "year": year, "existing": vocabulary.existing_in(year),
            "dates": [(code, *vocabulary.validity.get(code, (None, None)))]}
    candidates = vocabulary.candidates(cell)
    if not candidates:
        return None, "unknown", {}
    if year is None:
        return None, "no_year", {}
    whole = [c for c in candidates if vocabulary.existed_all_year(c, year)]
    if len(whole) == 1:
        return whole[0], "by_year", {}
    dates = [(c, *vocabulary.validity.get(c, (None, None))) for c in candidates]
    during = [c for c in candidates if vocabulary.existed(c, year)]
    if during:
        return None, "ambiguous_territory", {"year": year, "choices": during, "dates": dates}
    return None, "territory_not_in_year", {"territory": list(candidates), "year": year,
                                           "existing": vocabulary.existing_in(year), "dates": dates}


def years_text(years: list[int]) -> str:
    """2021, 2022, 2023, 2025 -> "2021–2023, 2025": runs of years as ranges."""
    return format_year_runs(years)
