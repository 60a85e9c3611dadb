"""What a report shows, gathered once for the deck (ipmonitor.deck) and the PDF (ipmonitor.report).

Editions: the annual report as of a chosen year, the 2025 mid-term review and the 2030 final review.
"As of year Y" means the figures for the years up to Y, as the database holds them now (revisions
included): every indicator's series is cut after Y before any target is assessed, so the latest
value, the growth, the projection and the status are the ones a reader would have had with the data
for Y. Reads go through named SQL files (load_*); the rest is pure.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from ipmonitor import db
from ipmonitor.assessment import MIDTERM_YEAR
from ipmonitor.editions import EDITIONS
from ipmonitor.numbers import vietnam_today
from ipmonitor.plan_reviews import PlanReview, load_plan_review
from ipmonitor.queries import load_last_batch, load_sources_in_use, load_year_range
from ipmonitor.scenario import ScenarioChoice, ScenarioView, choose_series_group, compute_scenario_view, count_adds_up
from ipmonitor.scoreboard import TargetResult, assess_register, load_indicator_series, load_series
from ipmonitor.series import IndicatorSeries, load_mergers, territories_needed, truncate_series
from ipmonitor.status_style import colours
from ipmonitor.register_store import load_target_register_from
from ipmonitor.targets import Indicator, Register
from ipmonitor.tracker_digest import TrackerDigest, load_tracker_digest
from ipmonitor.value_kinds import compute_year_kinds, illustrative_years

FINAL_YEAR = 2030
EDITION_YEARS = {"midterm": MIDTERM_YEAR, "final": FINAL_YEAR}
FIRST_REPORT_YEAR, LAST_REPORT_YEAR = 2011, 2100   # the first year a Plan 151 baseline could be judged in
# One colour per status, for the deck and the PDF, from the one definition the pages use too; the
# shape and the word are always written beside it, so that colour is never the only signal.
STATUS_COLOURS = colours("progress")


class EditionError(ValueError):
    """An edition and year that do not go together; `code` names the reason for the translated message."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def edition_year(edition: str, year: int | None = None, latest: int | None = None) -> int:
    """The as-of year of an edition: the chosen year (default: the latest with figures) for the annual
    report, 2025 for the mid-term review, 2030 for the final one."""
    if edition not in EDITIONS:
        raise EditionError("unknown_edition", edition=edition, known=", ".join(EDITIONS))
    if edition in EDITION_YEARS:
        if year is not None and year != EDITION_YEARS[edition]:
            raise EditionError("edition_year", edition=edition, year=year, expected=EDITION_YEARS[edition])
        return EDITION_YEARS[edition]
    chosen = year if year is not None else latest
    if chosen is None:
        raise EditionError("no_figures")
    if not FIRST_REPORT_YEAR <= chosen <= LAST_REPORT_YEAR:
        raise EditionError("year_out_of_range", year=chosen, first=FIRST_REPORT_YEAR, last=LAST_REPORT_YEAR)
    return chosen


@dataclass(frozen=True)
class IndicatorSection:
    """One indicator on one territory: its series (up to the as-of year), the targets set on it, and
    the sources behind each year."""

    indicator: str
    territory: str
    series: IndicatorSeries
    results: tuple[TargetResult, ...]
    year_sources: dict[int, tuple[str, ...]]
    illustrative_years: tuple[int, ...]
    # Year -> published | derived | rebuilt | illustrative (ipmonitor.value_kinds), for every value.
    year_kinds: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ScenarioSection:
    """A What-if scenario for the deck: the choice, the indicator's figures as the page shows them (every
    current figure, not cut at the edition's year: the scenario starts from the latest), and the
    scenario worked out by the same functions as the page."""

    choice: ScenarioChoice
    section: IndicatorSection
    view: ScenarioView


@dataclass(frozen=True)
class ReportData:
    """Everything one edition of the report shows, in no particular language."""

    edition: str
    as_of: int
    method: str
    register: Register
    results: tuple[TargetResult, ...]
    sections: tuple[IndicatorSection, ...]
    sources: pd.DataFrame              # sources of the figures shown: code, title, publisher, ..., kind
    figures_by_kind: pd.DataFrame      # current figures up to as_of by territory, measure, IP type, source
    latest_data_year: int | None       # the last year with a figure, up to as_of
    last_batch: dict | None
    generated_on: dt.date
    # Indicators the plans name without a number (registrations supported, cases handled): their
    # figures up to as_of, to follow, never assessed.
    followed: tuple[IndicatorSection, ...] = ()
    # The plan's tasks and yearly reports of the as-of year, as analysts recorded them.
    tracker: TrackerDigest | None = None
    # A What-if scenario a reader asked to add to the deck (ipmonitor.scenario.ScenarioChoice).
    scenario: ScenarioSection | None = None
    # The mid-term or final edition's review as recorded (ipmonitor.plan_reviews); None when it was not
    # held yet, and for the annual edition, which has no review of its own.
    review: PlanReview | None = None

    @property
    def illustrative(self) -> pd.DataFrame:
        """The illustrative figures still current (the rows of figures_by_kind of that kind)."""
        return self.figures_by_kind[self.figures_by_kind["kind"] == "illustrative"]

    @property
    def figure_count(self) -> int:
        return int(self.figures_by_kind["figures"].sum())

    @property
    def illustrative_count(self) -> int:
        return int(self.illustrative["figures"].sum())


def load_indicator_sources(con: duckdb.DuckDBPyConnection, measure: str, ip_types, territories) -> pd.DataFrame:
    """Year, territory, source code and kind of one indicator's figures."""
    return db.query_df(con, "indicator_sources", {"measure": measure, "ip_types": list(ip_types),
                                                  "territories": list(territories)})


def compute_year_sources(series: IndicatorSeries, rows: pd.DataFrame, flow_rows: pd.DataFrame | None,
                         parts: tuple[str, ...]) -> dict[int, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Year -> (source codes, their kinds) behind each value of the series: the territory's own
    figures where reported, the former provinces' where rebuilt, the flows' where carried forward."""
    # Rows grouped by year once, in their order (a boolean filter of the frame per year was most of a
    # report's reading time).
    own, flows = _rows_by_year(rows), _rows_by_year(flow_rows) if flow_rows is not None else None
    out: dict[int, tuple[str, tuple[str, ...]]] = {}
    for year, basis in series.basis.items():
        if basis == "derived" and flows is not None:
            table, places = flows, (series.territory, *parts)
        else:
            table, places = own, parts if basis == "rebuilt" else (series.territory,)
        chosen = [(source, kind) for territory, source, kind in table.get(year, ()) if territory in places]
        out[year] = (tuple(dict.fromkeys(source for source, _ in chosen)),
                     tuple(dict.fromkeys(kind for _, kind in chosen)))
    return out


def _rows_by_year(rows: pd.DataFrame) -> dict[int, list[tuple[str, str, str]]]:
    grouped: dict[int, list[tuple[str, str, str]]] = {}
    for year, territory, source, kind in zip(rows["year"], rows["territory"], rows["source"], rows["kind"]):
        grouped.setdefault(int(year), []).append((territory, source, kind))
    return grouped


def load_year_sources(con: duckdb.DuckDBPyConnection, register: Register, indicator_id: str,
                      series: IndicatorSeries) -> dict[int, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Year -> (source codes, source kinds) behind each value of one indicator's series."""
    indicator = register.indicators[indicator_id]
    places = territories_needed(series.territory, load_mergers())
    # A share's values rest on both its parts' figures.
    rows = pd.concat([load_indicator_sources(con, part.measure, part.ip_types, places)
                      for part in indicator.components], ignore_index=True)
    flow_rows = None
    if indicator.derive_from:
        flow_rows = load_indicator_sources(con, indicator.derive_from["measure"], indicator.derive_from["ip_types"],
                                           places)
    return compute_year_sources(series, rows, flow_rows, places[1:])


def accumulates(indicator: Indicator) -> bool:
    """Whether each value of the indicator adds up the years before it (a running total)."""
    return any(part.cumulative_from is not None for part in indicator.components)


def compute_series_kinds(indicator: Indicator, series: IndicatorSeries,
                         by_year: dict[int, tuple[tuple[str, ...], tuple[str, ...]]]) -> dict[int, str]:
    """Year -> kind of each value of the series, from the sources behind it (load_year_sources)."""
    return compute_year_kinds(series.basis, {year: kinds for year, (_, kinds) in by_year.items()},
                              running=accumulates(indicator))


def load_year_kinds(con: duckdb.DuckDBPyConnection, indicator_id: str, territory: str, as_of: int | None = None,
                    register: Register | None = None) -> dict[int, str]:
    """Year -> kind (published, derived, rebuilt, illustrative) of each value of one indicator's series
    on `territory`, up to `as_of`: what the pages mark on their charts and tables. Plain arguments, for
    pages.common.read."""
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

    Its arguments after `con` fit pages.common.read (cached per database version)."""
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
