"""One indicator's trajectory on one territory, worked out once and only drawn by every output: the
Trajectories chart (and the presentation's), its table, its CSV/XLSX, the deck's slide and the PDF's page.

Pure: the series, its targets' assessments with the plan's short name, and each year's kind and sources
in; a Trajectory out, holding what every drawing needs: the actual values with their kind and sources,
each target's required path and point, and the trend's projection with its intervals. No renderer
computes a path or a projection of its own, so the five outputs cannot tell different stories.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping

from ipmonitor.progress.assessment import Assessment, RequiredPath, build_required_path
from ipmonitor.progress.projection import TrendProjection, project_years
from ipmonitor.progress.series import IndicatorSeries
from ipmonitor.register.targets import Register, Target

# The last year drawn when there is neither a target nor a figure to end on.
DEFAULT_END_YEAR = 2030


@dataclass(frozen=True)
class PlannedTarget:
    """One target on the chart: the register's target, its assessment, the plan's short name in the
    reader's language ("KH 151"), and the path it asks (None where none is drawn: build_required_path)."""

    target: Target
    assessment: Assessment
    plan_label: str
    path: RequiredPath | None

    @property
    def star(self) -> tuple[int, float] | None:
        """The target's year and level, drawn as a star at the end of its path; none where no path is
        drawn, nor for a period total (its path is the yearly average it needs)."""
        if self.path is None or self.path.kind == "average":
            return None
        return self.assessment.target_year, self.assessment.target_value


@dataclass(frozen=True)
class Trajectory:
    """What a trajectory chart draws, in the reader's language only for the plans' names.

    `kinds` and `sources` are year -> kind (published, derived, rebuilt, illustrative: value_kinds) and
    year -> source codes of the actual values; `projection` is the trend's value and intervals from the
    latest year (the fan's start) to `end_year`, empty without a target or a trend."""

    series: IndicatorSeries
    targets: tuple[PlannedTarget, ...]
    kinds: Mapping[int, str]
    end_year: int
    projection: Mapping[int, TrendProjection] = field(default_factory=dict)
    sources: Mapping[int, tuple[str, ...]] = field(default_factory=dict)

    @property
    def latest_year(self) -> int | None:
        return max(self.series.values, default=None)

    def projected(self, year: int) -> TrendProjection | None:
        """The projection in a year after the latest figure (a table's or a file's row), else None."""
        latest = self.latest_year
        return self.projection.get(year) if latest is not None and year > latest else None

    @property
    def entries(self) -> list[tuple[Target, Assessment, str]]:
        """(target, assessment, plan's short name) of each target, in the register's order."""
        return [(planned.target, planned.assessment, planned.plan_label) for planned in self.targets]


def build_trajectory(series: IndicatorSeries, entries: Iterable[tuple[Target, Assessment, str]], *,
                     kinds: Mapping[int, str], sources: Mapping[int, tuple[str, ...]] | None = None) -> Trajectory:
    """The trajectory of `series` with its targets, each given as (target, its assessment, the plan's
    short name): every required path, and the projection up to the last target year (or the latest
    figure's, when later). An indicator followed without a target has no year to project to."""
    targets = tuple(PlannedTarget(target, assessment, label, build_required_path(target, assessment))
                    for target, assessment, label in entries)
    end = max([planned.assessment.target_year for planned in targets if planned.assessment.target_year]
              + [max(series.values, default=DEFAULT_END_YEAR)])
    projection = project_years(series.values, end, series.shape) if targets else {}
    return Trajectory(series, targets, dict(kinds), end, projection, dict(sources or {}))


def plan_entries(results: Iterable, register: Register, lang: str) -> list[tuple[Target, Assessment, str]]:
    """(target, assessment, plan's short name in `lang`) of each scoreboard.TargetResult."""
    return [(register.target(result.target_id), result.assessment, register.plan_name(result.plan, lang, short=True))
            for result in results]


def trajectory_of(series: IndicatorSeries, results: Iterable, register: Register, lang: str, *,
                  kinds: Mapping[int, str], sources: Mapping[int, tuple[str, ...]] | None = None) -> Trajectory:
    """The trajectory of the targets assessed on `series` (scoreboard.TargetResult), named in `lang`."""
    return build_trajectory(series, plan_entries(results, register, lang), kinds=kinds, sources=sources)
