"""One edition of the meeting's documents: what it holds (ReportData and its sections), which year an
edition is as of, and the words the deck and the PDF both say about it (titles, latest values, aims,
sources, illustrative figures) in the reader's language and number format.

The loading is apart, in ipmonitor.documents.edition_data, so that drawing an edition does not depend on reading
one; the words sit with the types they read, so that the deck and the PDF stand one step above both.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Iterable

import pandas as pd

from ipmonitor.progress.assessment import MIDTERM_YEAR
from ipmonitor.documents.editions import EDITIONS
from ipmonitor.i18n import t
from ipmonitor.numbers import format_number, format_value, format_year_runs
from ipmonitor.tracker.plan_reviews import PlanReview
from ipmonitor.store.reference import load_vocabulary
from ipmonitor.progress.scenario import ScenarioChoice, ScenarioView
from ipmonitor.progress.scoreboard import TargetResult
from ipmonitor.progress.series import IndicatorSeries
from ipmonitor.status_style import colours
from ipmonitor.register.target_words import describe_aim, target_tag
from ipmonitor.register.targets import Register
from ipmonitor.tracker.summaries import TrackerDigest
from ipmonitor.progress.trajectory import Trajectory, trajectory_of

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
    # A What-if scenario a reader asked to add to the deck (ipmonitor.progress.scenario.ScenarioChoice).
    scenario: ScenarioSection | None = None
    # The mid-term or final edition's review as recorded (ipmonitor.tracker.plan_reviews); None when it was not
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


def year_spans(years: Iterable[int]) -> str:
    """2010, 2011, 2012, 2014 -> "2010–2012, 2014"."""
    return format_year_runs(years)


def describe_edition(data: ReportData, lang: str) -> str:
    """"Báo cáo thường niên năm 2025", "Báo cáo sơ kết giữa kỳ năm 2025", "Báo cáo tổng kết năm 2030"."""
    return t(f"report.edition_{data.edition}", lang, year=data.as_of)


def territory_name(code: str, lang: str) -> str:
    return load_vocabulary("territory").name(code, lang)


def section_trajectory(section: IndicatorSection, register: Register, lang: str) -> Trajectory:
    """The trajectory a section's chart and table draw: its series and targets, each year's kind and sources."""
    return trajectory_of(section.series, section.results, register, lang, kinds=section.year_kinds,
                         sources=section.year_sources)


def section_title(section: IndicatorSection, register: Register, lang: str) -> str:
    """"Đơn đăng ký sáng chế · TP Cần Thơ (cũ)"."""
    return t("report.section_title", lang, indicator=register.indicators[section.indicator].name(lang),
             territory=territory_name(section.territory, lang))


def target_heading(result: TargetResult, register: Register, lang: str) -> str:
    """"KH 151 · đến 2030, cách hiểu a": the plan and what sets the target apart, never its code."""
    target = register.target(result.target_id)
    return f"{register.plan_name(target.plan, lang, short=True)} · {target_tag(target, lang)}"


def describe_latest(result: TargetResult, register: Register, lang: str, with_target: bool = False) -> str:
    """"5.391 (2025)", a period total as "1.317 (2021–2025)"; with the target: "… · mục tiêu 5.500 (2030)"."""
    a = result.assessment
    target = register.target(result.target_id)
    if a.latest_value is None:
        latest = "–"
    elif target.is_period_total:
        latest = t("report.value_period", lang, value=format_value(a.latest_value, a.unit, lang),
                   first=target.target["period"][0], last=a.latest_year)
    else:
        latest = t("report.value_year", lang, value=format_value(a.latest_value, a.unit, lang), year=a.latest_year)
    if not with_target:
        return latest
    aim = "–" if a.target_value is None else t("report.value_year", lang,
                                               value=format_value(a.target_value, a.unit, lang), year=a.target_year)
    return t("report.latest_and_target", lang, latest=latest, target=aim)


FOLLOWED_YEARS = 5  # the years a followed indicator shows in the report: enough to see its direction


def followed_years(data: ReportData) -> list[int]:
    """The last years the followed indicators have figures for, up to the edition's year, oldest first."""
    years = sorted({year for section in data.followed for year in section.series.values})
    return years[-FOLLOWED_YEARS:]


def describe_followed(data: ReportData, lang: str) -> tuple[list[str], list[list[str]]]:
    """The indicators followed without a target as a table: name, territory, then one column a year
    with each value in its unit (6.000 người, 1,2 tỷ đồng); "–" where a year has no figure."""
    years = followed_years(data)
    headers = [t("report.col_indicator", lang), t("report.col_territory", lang), *map(str, years)]
    rows = []
    for section in data.followed:
        unit = section.series.unit
        rows.append([data.register.indicators[section.indicator].name(lang), territory_name(section.territory, lang),
                     *(format_value(section.series.values.get(year), unit, lang) for year in years)])
    return headers, rows


def aims_by_target(register: Register, lang: str) -> dict[str, str]:
    """Target id -> what it aims for, worded as on the Method page's register."""
    return {target.id: describe_aim(target, lang) for target in register.targets}


def source_label(row, lang: str) -> str:
    """"illustrative-2026: Chuỗi số liệu minh họa … (IP Monitor 2030; minh họa)". A source an upload
    created may have no publisher (a missing value, NaN in a frame)."""
    publisher = row["publisher"] if isinstance(row["publisher"], str) else None
    details = "; ".join(part for part in (publisher, t(f"source_kind.{row['kind']}", lang)) if part)
    return f"{row['code']}: {row['title']} ({details})"


def describe_sources_line(section: IndicatorSection, data: ReportData, lang: str) -> str:
    """Every source behind one section's values, with their titles."""
    codes = list(dict.fromkeys(code for year in sorted(section.year_sources) for code in section.year_sources[year]))
    rows = {row["code"]: row for _, row in data.sources.iterrows()}
    return t("report.notes_sources", lang, sources="; ".join(source_label(rows[code], lang) if code in rows else code
                                                             for code in codes) or "–")


def illustrative_lines(data: ReportData, lang: str) -> list[str]:
    """One line per territory and measure: how many illustrative figures, which years and IP types."""
    frame = data.illustrative
    lines = []
    measures, types = load_vocabulary("measure"), load_vocabulary("ip_type")
    for (territory, measure), group in frame.groupby(["territory", "measure"], sort=False):
        lines.append(t("report.illustrative_row", lang, territory=territory_name(territory, lang),
                       measure=measures.name(measure, lang), count=format_number(int(group["figures"].sum()), lang),
                       first=int(group["first_year"].min()), last=int(group["last_year"].max()),
                       types=", ".join(types.name(code, lang) for code in dict.fromkeys(group["ip_type"]))))
    return lines
