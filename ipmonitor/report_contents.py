"""What one edition of the report holds (ReportData and its sections), and which year an edition is as
of: the types the deck, the PDF and their shared words read, apart from the loading in
ipmonitor.report_data, so that drawing an edition does not depend on reading one."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from ipmonitor.assessment import MIDTERM_YEAR
from ipmonitor.editions import EDITIONS
from ipmonitor.plan_reviews import PlanReview
from ipmonitor.scenario import ScenarioChoice, ScenarioView
from ipmonitor.scoreboard import TargetResult
from ipmonitor.series import IndicatorSeries
from ipmonitor.status_style import colours
from ipmonitor.targets import Register
from ipmonitor.tracker_summary import TrackerDigest

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
