"""What a report shows, gathered once for the deck (ipmonitor.documents.deck) and the PDF (ipmonitor.documents.pdf).

Editions: the annual report as of a chosen year, the 2025 mid-term review and the 2030 final review.
"As of year Y" means the figures for the years up to Y, as the database holds them now (revisions
included): every indicator's series is cut after Y before any target is assessed, so the latest
value, the growth, the projection and the status are the ones a reader would have had with the data
for Y. Reads go through named SQL files (load_*); the rest is pure.
"""
from __future__ import annotations

import datetime as dt

import duckdb

from ipmonitor.store import db
from ipmonitor.vietnam_time import vietnam_today
from ipmonitor.tracker.plan_reviews import load_plan_review
from ipmonitor.store.queries import load_last_batch, load_sources_in_use, load_year_range
from ipmonitor.progress.scenario import (ScenarioChoice, choose_series_group, compute_scenario_view,
                                         count_adds_up)
from ipmonitor.progress.scoreboard import TargetResult, assess_register, load_indicator_series, load_series
from ipmonitor.progress.series import IndicatorSeries, truncate_series
from ipmonitor.register.register_store import load_target_register_from
from ipmonitor.register.targets import Register
from ipmonitor.tracker.summaries import load_tracker_digest
from ipmonitor.value_kinds import illustrative_years
from ipmonitor.progress.year_sources import compute_series_kinds, load_year_sources
from ipmonitor.documents.edition import (
    EDITION_YEARS, IndicatorSection, ReportData, ScenarioSection, edition_year,
)


def load_year_kinds(con: duckdb.DuckDBPyConnection, indicator_id: str, territory: str, as_of: int | None = None,
                    register: Register | None = None) -> dict[int, str]:
    """Year -> kind (published, derived, rebuilt, illustrative) of each value of one indicator's series
    on `territory`, up to `as_of`: what the pages mark on their charts and tables. Plain arguments, for
    ui.cached_reads.read."""
    register = register or load_target_register_from(con)
    series = load_series(con, register.indicators[indicator_id], territory)
    if as_of is not None:
        series = truncate_series(series, as_of)
    by_year = load_year_sources(con, register, indicator_id, series)
    return compute_series_kinds(register.indicators[indicator_id], series, by_year)


def _section(con: duckdb.DuckDBPyConnection, register: Register, indicator_id: str, territory: str,
             series: IndicatorSeries, results: list[TargetResult]) -> IndicatorSection:
    by_year = load_year_sources(con, register, indicator_id, series)
    kinds = compute_series_kinds(register.indicators[indicator_id], series, by_year)
    return IndicatorSection(
        indicator_id, territory, series, tuple(results),
        year_sources={year: codes for year, (codes, _) in by_year.items()},
        illustrative_years=illustrative_years(kinds), year_kinds=kinds)


def load_scenario_section(con: duckdb.DuckDBPyConnection, choice: ScenarioChoice, method: str = "eurostat",
                          register: Register | None = None) -> ScenarioSection:
    """The scenario `choice` on the figures the What-if page reads: the indicator's targets assessed on
    the page's territory, the group of the series it chose, that series' sources and kinds."""
    register = register or load_target_register_from(con)
    results = [r for r in assess_register(con, method, choice.territory, register) if r.indicator == choice.indicator]
    _, results = choose_series_group(results, choice.on)
    series = results[0].series if results else load_indicator_series(con, choice.indicator, choice.territory, register)
    view = compute_scenario_view(register, results, series, method, choice.growth, choice.yearly_count,
                                 count_adds_up(register.indicators[choice.indicator]))
    return ScenarioSection(choice, _section(con, register, choice.indicator, series.territory, series, results), view)


def load_report_data(con: duckdb.DuckDBPyConnection, edition: str = "annual", year: int | None = None,
                     method: str = "eurostat", register: Register | None = None,
                     today: dt.date | None = None, scenario: ScenarioChoice | None = None) -> ReportData:
    """One edition's assessments, sections, sources and illustrative figures, read on `con`; with
    `scenario`, that scenario worked out for its slide.

    Its arguments after `con` fit ui.cached_reads.read (cached per database version)."""
    register = register or load_target_register_from(con)
    span = load_year_range(con)
    as_of = edition_year(edition, year, latest=span[1] if span else None)
    results = assess_register(con, method, register=register, as_of=as_of)
    series_by_key = {(result.indicator, register.target(result.target_id).territory_basis): result.series
                     for result in results}
    sections = []
    for indicator_id in register.indicators:
        places = dict.fromkeys(target.territory_basis for target in register.targets_of(indicator_id))
        for territory in places:
            own = [result for result in results if result.indicator == indicator_id
                   and register.target(result.target_id).territory_basis == territory]
            sections.append(_section(con, register, indicator_id, territory,
                                     series_by_key[(indicator_id, territory)], own))
    followed = []
    for indicator_id in register.untargeted():
        territory = register.territory_of(indicator_id)
        series = truncate_series(load_series(con, register.indicators[indicator_id], territory), as_of)
        followed.append(_section(con, register, indicator_id, territory, series, []))
    codes = sorted({code for section in (*sections, *followed) for codes in section.year_sources.values()
                    for code in codes})
    # An empty list means "no restriction" to load_sources_in_use: ask for a code that cannot exist instead.
    sources = load_sources_in_use(con, codes or ["-"])
    figures = db.query_df(con, "figures_by_kind", {"year": as_of})
    # Each source's count of the figures up to the as-of year, not of every current figure.
    counts = figures.groupby("source")["figures"].sum()
    sources["figures"] = sources["code"].map(counts).fillna(0).astype(int)
    latest = max((max(s.series.values) for s in sections if s.series.values), default=None)
    today = today or vietnam_today()
    review = load_plan_review(con, edition, as_of) if edition in EDITION_YEARS else None
    return ReportData(edition, as_of, method, register, tuple(results), tuple(sections), sources, figures,
                      latest, load_last_batch(con), today, tuple(followed), load_tracker_digest(con, as_of, today),
                      None if scenario is None else load_scenario_section(con, scenario, method, register),
                      review)
