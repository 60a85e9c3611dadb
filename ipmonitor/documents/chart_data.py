"""The figures behind a chart as tables people open: the figures, then the targets and the sources on
sheets beside them (ipmonitor.formats writes them: a CSV holds the figures alone).

Numbers stay numbers (a spreadsheet shows them in its reader's format; the CSV is for any tool), and
headers are in the reader's language. Text cells are neutralised against formula injection, as in
ipmonitor.documents.figure_files.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Sequence

import pandas as pd

from ipmonitor.store import db, queries
from ipmonitor.documents.figure_files import build_sources_frame
from ipmonitor.spreadsheet_safety import neutralise_frame
from ipmonitor.i18n import t
from ipmonitor.progress.year_sources import compute_series_kinds, load_year_sources
from ipmonitor.progress.scoreboard import (
    AS_REGISTERED, assess_register, group_by_series_territory, load_indicator_series,
)
from ipmonitor.progress.series import load_mergers, territories_needed
from ipmonitor.progress.splits import load_split
from ipmonitor.progress.tables import required_path_header
from ipmonitor.register.target_words import describe_aim
from ipmonitor.register.register_store import load_target_register_from
from ipmonitor.register.targets import Register
from ipmonitor.value_kinds import describe_kind, kind_of
from ipmonitor.progress.trajectory import Trajectory, trajectory_of
from ipmonitor.progress.verdicts import describe_assessment
from ipmonitor.register.target_words import target_tag

DIGITS = 1  # required paths and projections are not counts: one decimal is as precise as they are


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(float(value), DIGITS)


def build_trajectory_data(trajectory: Trajectory, lang: str, show_projection: bool = True,
                          first_year: int | None = None) -> pd.DataFrame:
    """The numbers behind the Trajectories chart, one row per year: the actual value, how it was
    obtained, its kind (published, derived, rebuilt, illustrative) and its sources, each target's
    required path and its target value in the target year, and the trend projection with its 80% interval."""
    series = trajectory.series
    end = trajectory.end_year
    start = min(series.values, default=end) if first_year is None else first_year
    unit = t(f"indicators.unit_{series.unit}", lang)
    rows = []
    for year in range(start, end + 1):
        # The unit on every row, so that a share in percentage points (40.0) or an amount in đồng reads
        # as such wherever the rows are pasted.
        row: dict[str, object] = {
            t("table.year", lang): year,
            t("indicators.col_unit", lang): unit,
            t("table.actual", lang): series.values.get(year),
            t("table.basis", lang): t(f"chart.basis_{series.basis[year]}", lang) if year in series.basis else None,
            t("table.kind", lang): describe_kind(kind_of(trajectory.kinds, year), lang)
            if year in series.values else None,
            t("report.col_sources", lang): ", ".join(trajectory.sources.get(year, ())) or None,
        }
        for planned in trajectory.targets:
            target, a, plan, path = planned.target, planned.assessment, planned.plan_label, planned.path
            if path is not None:
                row[required_path_header(path, plan, target_tag(target, lang), lang)] = _rounded(path.values.get(year))
            target_value = a.target_value if a.target_value is not None and year == a.target_year else None
            row[t("chart.target_marker", lang, plan=plan, target=target_tag(target, lang))] = _rounded(target_value)
        projection = trajectory.projected(year) if show_projection else None
        row[t("table.projection", lang)] = _rounded(projection.value) if projection else None
        row[t("report.col_interval_low", lang)] = _rounded(projection.intervals[0.80][0]) if projection else None
        row[t("report.col_interval_high", lang)] = _rounded(projection.intervals[0.80][1]) if projection else None
        rows.append(row)
    return pd.DataFrame(rows)


def build_targets_frame(trajectory: Trajectory, register: Register, lang: str) -> pd.DataFrame:
    """One row per target beside a chart: what it aims for, from which base, the latest value, the
    growth actual and required, its status and sentence, and the text it comes from."""
    rows = []
    for planned in trajectory.targets:
        target, a = planned.target, planned.assessment
        # A share or a running total grows by its unit a year (percentage points, people), not by a rate.
        actual, required = a.pace.actual, a.pace.required
        rows.append({
            t("report.col_plan", lang): register.plan_name(target.plan, lang, short=True),
            t("report.col_target", lang): target_tag(target, lang),
            t("report.col_indicator", lang): register.indicators[target.indicator].name(lang),
            t("report.col_aim", lang): describe_aim(target, lang),
            t("report.col_territory", lang): t(f"controls.territory_{a.territory or target.territory_basis}", lang),
            t("indicators.col_unit", lang): t(f"indicators.unit_{a.unit}", lang),
            t("report.col_base_year", lang): a.base_year,
            t("report.col_base_value", lang): _rounded(a.base_value),
            t("report.col_target_year", lang): a.target_year,
            t("report.col_target_value", lang): _rounded(a.target_value),
            t("report.col_target_value_high", lang): _rounded(a.target_value_high),
            t("report.col_latest_year", lang): a.latest_year,
            t("report.col_latest_value", lang): _rounded(a.latest_value),
            t("report.col_actual_growth", lang): None if actual is None else round(actual, 4),
            t("report.col_required_growth", lang): None if required is None else round(required, 4),
            t("report.col_status", lang): t(f"status.{a.status}", lang),
            t("report.col_sentence", lang): describe_assessment(a, lang),
            t("register.quote", lang): target.quote
            + ("" if target.quote_verified else " " + t("register.unverified", lang)),
        })
    return pd.DataFrame(rows)


def build_chart_data_sheets(data: pd.DataFrame, lang: str, targets: pd.DataFrame | None = None,
                            sources: pd.DataFrame | None = None) -> list[tuple[str, pd.DataFrame]]:
    """One chart's figures as sheets: the figures, then the targets and the sources beside them.

    `sources` is a frame of queries.load_sources_in_use (code, title, publisher, address, published,
    kind, note); any chart's data frame fits `data`."""
    sheets = [(t("report.sheet_chart_data", lang), neutralise_frame(data))]
    if targets is not None and not targets.empty:
        sheets.append((t("report.sheet_targets", lang), neutralise_frame(targets)))
    if sources is not None and not sources.empty:
        sheets.append((t("export.sheet_sources", lang), build_sources_frame(sources, lang)))
    return sheets


def load_trajectory_sheets(path: Path | str, indicator: str, lang: str,
                           method: str = "eurostat", territory: str = AS_REGISTERED,
                           first_year: int | None = None, show_projection: bool = True,
                           series_territory: str | None = None) -> list[tuple[str, pd.DataFrame]]:
    """The Trajectories chart's figures for one indicator as sheets, read and assessed on a short
    connection of its own (the app's configuration). The series and targets are the page's own: the
    targets judged on `series_territory` (by default the first target's), on that territory's series.
    A page that has drawn the chart passes its trajectory to load_drawn_trajectory_sheets instead."""
    with db.open_database(path, config=db.APP_CONFIG) as con:
        register = load_target_register_from(con)
        if indicator not in register.indicators:
            raise ValueError(f"unknown indicator {indicator!r}")
        results = [r for r in assess_register(con, method, territory, register) if r.indicator == indicator]
        if results:
            groups = group_by_series_territory(results)
            results = groups.get(series_territory or results[0].series.territory)
            if results is None:
                raise ValueError(f"no target on {indicator!r} is judged on {series_territory!r}")
            series = results[0].series
        else:  # an indicator followed without a target: its figures alone, on the territory shown
            series = load_indicator_series(con, indicator, series_territory or territory, register)
        by_year = load_year_sources(con, register, indicator, series)
        sources = queries.load_sources_in_use(con, _source_codes(by_year) or ["-"])
    trajectory = trajectory_of(series, results, register, lang, sources=_codes_by_year(by_year),
                               kinds=compute_series_kinds(register.indicators[indicator], series, by_year))
    return _trajectory_sheets(trajectory, register, lang, sources, show_projection, first_year)


def load_drawn_trajectory_sheets(path: Path | str, indicator: str, trajectory: Trajectory, lang: str,
                                 first_year: int | None = None,
                                 show_projection: bool = True) -> list[tuple[str, pd.DataFrame]]:
    """The figures of a trajectory a page has drawn, as sheets: the chart's own numbers, with each
    year's sources read on a short connection of the app's configuration when a button is pressed
    (nothing is assessed again)."""
    with db.open_database(path, config=db.APP_CONFIG) as con:
        register = load_target_register_from(con)
        by_year = load_year_sources(con, register, indicator, trajectory.series)
        sources = queries.load_sources_in_use(con, _source_codes(by_year) or ["-"])
    trajectory = replace(trajectory, sources=_codes_by_year(by_year))
    return _trajectory_sheets(trajectory, register, lang, sources, show_projection, first_year)


def _codes_by_year(by_year: dict[int, tuple[tuple[str, ...], tuple[str, ...]]]) -> dict[int, tuple[str, ...]]:
    return {year: codes for year, (codes, _) in by_year.items()}


def _source_codes(by_year: dict[int, tuple[tuple[str, ...], tuple[str, ...]]]) -> list[str]:
    return sorted({code for codes, _ in by_year.values() for code in codes})


def _trajectory_sheets(trajectory: Trajectory, register: Register, lang: str, sources: pd.DataFrame,
                       show_projection: bool, first_year: int | None) -> list[tuple[str, pd.DataFrame]]:
    data = build_trajectory_data(trajectory, lang, show_projection, first_year)
    targets = build_targets_frame(trajectory, register, lang) if trajectory.targets else None
    return build_chart_data_sheets(data, lang, targets, sources)


# The By-IP-type frames' columns, as the reader's headers; internal columns (codes, flags) stay out.
BREAKDOWN_HEADERS = {"year": "table.year", "name": "chart_data.col_series", "measure_name": "chart_data.col_series",
                     "cagr": "chart.cagr", "index": "chart_data.col_index", "share": "chart.share_axis",
                     "value": "chart_data.col_value", "kind": "table.kind"}


def build_breakdown_data(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A By-IP-type chart's frame (growth, index, composition or flows) with headers in `lang` and each
    value's kind in words; a growth frame says over which years its rates run."""
    data = frame[[column for column in frame.columns if column in BREAKDOWN_HEADERS]].copy()
    if "kind" in data:
        data["kind"] = data["kind"].map(lambda kind: None if not isinstance(kind, str) else describe_kind(kind, lang))
    for column in ("cagr", "share"):
        if column in data:  # rates and shares as fractions, rounded as a spreadsheet would show them
            data[column] = data[column].map(lambda v: None if pd.isna(v) else round(float(v), 4))
    if "index" in data:
        data["index"] = data["index"].map(lambda v: None if pd.isna(v) else round(float(v), DIGITS))
    data = data.rename(columns={column: t(key, lang) for column, key in BREAKDOWN_HEADERS.items()})
    if "base_year" in frame.attrs and "cagr" in frame:
        data.insert(1, t("chart_data.col_from", lang), frame.attrs["base_year"])
        data.insert(2, t("chart_data.col_to", lang), frame.attrs["latest_year"])
    return data


def load_breakdown_sheets(path: Path | str, frame: pd.DataFrame, measures: Sequence[str], territory: str,
                          lang: str) -> list[tuple[str, pd.DataFrame]]:
    """A By-IP-type chart's figures as sheets, with the sources of the figures behind them (read on a
    short connection of the app's configuration, when a button is pressed)."""
    data = build_breakdown_data(frame, lang)
    with db.open_database(path, config=db.APP_CONFIG) as con:
        codes = queries.load_breakdown_sources(con, measures, territories_needed(territory, load_mergers()))
        sources = queries.load_sources_in_use(con, codes or ["-"])
    return build_chart_data_sheets(data, lang, None, sources)


def build_split_data(split: pd.DataFrame, names: dict[str, str], lang: str) -> pd.DataFrame:
    """The figures behind the split chart, one row per year and series (the total, each part, the rest
    not split, the series beside): its unit, value, kind and sources, headed in `lang`."""
    order = {"total": 0, "part": 1, "unsplit": 2, "beside": 3}
    frame = split.assign(_order=split["role"].map(order)).sort_values(["year", "_order"], kind="stable")
    return pd.DataFrame({
        t("table.year", lang): frame["year"].astype(int).tolist(),
        t("chart_data.col_series", lang): [t("split.unsplit", lang) if role == "unsplit" else names.get(key, key)
                                           for key, role in zip(frame["indicator"], frame["role"])],
        t("indicators.col_unit", lang): [t(f"indicators.unit_{unit}", lang) for unit in frame["unit"]],
        t("chart_data.col_value", lang): [int(v) if float(v).is_integer() else v for v in frame["value"]],
        t("table.kind", lang): [describe_kind(kind, lang) if isinstance(kind, str) else None for kind in frame["kind"]],
        t("report.col_sources", lang): [sources or None for sources in frame["sources"]],
    })


def load_split_sheets(path: Path | str, indicator: str, lang: str, territory: str = AS_REGISTERED,
                      first_year: int | None = None) -> list[tuple[str, pd.DataFrame]]:
    """The split chart's figures (an indicator with its parts) as sheets with the sources, read on a
    short connection of its own when a download button is pressed."""
    with db.open_database(path, config=db.APP_CONFIG) as con:
        register = load_target_register_from(con)
        split = load_split(con, indicator, territory, register)
        if split is None:
            raise ValueError(f"{indicator!r} has no parts")
        if first_year is not None:
            split = split[split["year"] >= first_year]
        codes = sorted({code for text in split["sources"] for code in text.split(", ") if code})
        sources = queries.load_sources_in_use(con, codes or ["-"])
    names = {key: indicator.name(lang) for key, indicator in register.indicators.items()}
    return build_chart_data_sheets(build_split_data(split, names, lang), lang, None, sources)
