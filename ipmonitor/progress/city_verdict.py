"""The city as it is now in one line: which plans are in force for it, and how their targets stand,
worst first; the other plans labelled as history ("KH 151 – former Can Tho City, to 30/6/2025").

The register has no "in force" field, so it is derived from what it does say (see `compute_plan_spans`).
"""
from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from dataclasses import dataclass

from ipmonitor.i18n import t
from ipmonitor.numbers import format_date
from ipmonitor.progress.growth import STATUSES
from ipmonitor.store.reference import Vocabulary
from ipmonitor.progress.scoreboard import TargetResult
from ipmonitor.register.targets import DEFAULT_TERRITORY, Register
from ipmonitor.progress.verdicts import target_label

# Worst first; "not assessable" says nothing about direction, so it comes last.
WORST_FIRST = ("moving_away", "limited_progress", "needs_acceleration", "on_track", "achieved", "not_assessable")
assert set(WORST_FIRST) == set(STATUSES), f"WORST_FIRST {WORST_FIRST} does not match STATUSES {STATUSES}"


@dataclass(frozen=True)
class PlanSpan:
    """Where and when a plan speaks: its targets' territories, the first day they all exist and the last
    day it can apply."""

    plan: str
    territories: tuple[str, ...]
    start: dt.date | None
    end: dt.date | None


@dataclass(frozen=True)
class StatusGroup:
    """The targets in one status, in the register's order."""

    status: str
    results: tuple[TargetResult, ...]


@dataclass(frozen=True)
class CityLine:
    """How the targets of the plans in force for one territory stand, grouped worst first."""

    territory: str
    plans: tuple[str, ...]
    groups: tuple[StatusGroup, ...]

    @property
    def total(self) -> int:
        return sum(len(group.results) for group in self.groups)


def compute_plan_spans(register: Register, territories: Vocabulary) -> dict[str, PlanSpan]:
    """Each plan's territories (its targets' territory_basis, in order); its start, the day the last of
    them came to exist (valid_from in data/reference/territories.csv: the merged city on 1/7/2025); and its
    end, the earliest of the day one of them ceased to exist (valid_to: Plan 151's former Can Tho City on
    30/6/2025) and 31 December of its last target year."""
    spans = {}
    for plan in register.plans:
        targets = [target for target in register.targets if target.plan == plan]
        places = tuple(dict.fromkeys(target.territory_basis for target in targets))
        starts = [start for start in (territories.validity.get(place, (None, None))[0] for place in places) if start]
        ends = [territories.validity.get(place, (None, None))[1] for place in places]
        if targets:
            ends.append(dt.date(max(target.target_year for target in targets), 12, 31))
        known = [end for end in ends if end is not None]
        spans[plan] = PlanSpan(plan, places, max(starts) if starts else None, min(known) if known else None)
    return spans


def is_in_force(span: PlanSpan, territory: str, today: dt.date) -> bool:
    """A plan is in force for `territory` on `today` when all its targets speak of that territory, the
    territory exists (its start has come) and the plan's end (territory gone, or last target year over)
    is not yet past. The national decisions are registered on the merged city, so they count; Plan 151,
    on the former city, does not. The register gives no issue date, so a plan counts from its territory's
    start, not from its own signing."""
    return span.territories == (territory,) and (span.start is None or span.start <= today) \
        and (span.end is None or span.end >= today)


def is_history(span: PlanSpan, today: dt.date) -> bool:
    """A plan whose end has passed: read as a record of what was, not as a verdict on today."""
    return span.end is not None and span.end < today


def order_plans(register: Register, spans: dict[str, PlanSpan], today: dt.date,
                territory: str = DEFAULT_TERRITORY) -> list[str]:
    """The plans in force for `territory` first, then the others, then the history; register order within."""
    def rank(plan: str) -> int:
        span = spans[plan]
        return 0 if is_in_force(span, territory, today) else 2 if is_history(span, today) else 1
    return sorted(register.plans, key=rank)  # sorted is stable: the register's order is kept within a rank


def plan_heading(plan: str, register: Register, spans: dict[str, PlanSpan], territories: Vocabulary,
                 today: dt.date, lang: str) -> str:
    """A plan's heading: its name, or for a plan whose end has passed, "KH 151 – Thành phố Cần Thơ (cũ),
    đến 30/06/2025" from its short name, its territories' names and its end."""
    span = spans[plan]
    if not is_history(span, today):
        return register.plan_name(plan, lang)
    places = ", ".join(territories.name(place, lang) for place in span.territories)
    return t("city_verdict.plan_history", lang, plan=register.plan_name(plan, lang, short=True), territory=places,
             end=format_date(span.end, lang))


def compute_city_line(results: list[TargetResult], register: Register, territories: Vocabulary, today: dt.date,
                      territory: str = DEFAULT_TERRITORY) -> CityLine:
    """The targets of the plans in force for `territory` on `today`, grouped by status, worst first;
    empty groups left out."""
    spans = compute_plan_spans(register, territories)
    plans = tuple(plan for plan in register.plans if is_in_force(spans[plan], territory, today))
    own = [result for result in results if result.plan in plans]
    groups = tuple(StatusGroup(status, tuple(r for r in own if r.assessment.status == status))
                   for status in WORST_FIRST)
    return CityLine(territory, plans, tuple(group for group in groups if group.results))


def _plain(status: str, lang: str) -> str:
    return t(f"status.{status}", lang)


def describe_city_line(line: CityLine, register: Register, territories: Vocabulary, lang: str,
                       chip: Callable[[str, str], str] | None = None) -> str:
    """«Thành phố Cần Thơ (sau hợp nhất): 2 chỉ tiêu đi ngược mục tiêu, 3 cần tăng tốc, 1 đúng lộ trình
    — trên 6 chỉ tiêu của các kế hoạch đang có hiệu lực: QĐ 2724, …». With `chip` (status, lang) -> HTML,
    the statuses are drawn by it and every other word is escaped, for st.markdown(unsafe_allow_html=True)."""
    escape = html.escape if chip is not None else (lambda text: text)
    chip = chip or _plain
    name = escape(territories.name(line.territory, lang))
    if not line.plans:
        return t("city_verdict.no_plan", lang, territory=name)
    plans = escape(", ".join(register.plan_name(plan, lang, short=True) for plan in line.plans))
    if not line.groups:
        return t("city_verdict.no_target", lang, territory=name, plans=plans)
    parts = []
    for position, group in enumerate(line.groups):
        count = len(group.results)
        key = "city_verdict." + ("group_first" if position == 0 else "group") + ("_one" if count == 1 else "")
        parts.append(t(key, lang, count=count, status=chip(group.status, lang)))
    total = line.total
    return t("city_verdict.line_one" if total == 1 else "city_verdict.line", lang, territory=name,
             groups=t("city_verdict.separator", lang).join(parts), total=total, plans=plans)


def group_links(group: StatusGroup, register: Register, lang: str) -> list[tuple[str, str]]:
    """(label, indicator) for each target of a group: what a link to its trajectory needs."""
    return [(target_label(result, register, lang), result.indicator) for result in group.results]
