"""The plan register: Plan 151's task areas, tasks, agencies and reporting calendar, read from data/plan/."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ipmonitor.paths import DATA_DIR
from ipmonitor.yaml_files import read_yaml

PLAN_DIR = DATA_DIR / "plan"
AGENCIES_FILE = "agencies.yaml"
TASKS_FILE = "tasks.yaml"
REPORTING_FILE = "reporting.yaml"

# "commune" is not in the first sketch of the levels: since 1 July 2025 communes and wards sit directly
# under the city, and filing them as "district" would say the opposite.
LEVELS = ("city_department", "district", "commune", "central_branch", "media", "organisation")
AREA_NUMBERS = range(1, 10)
PLAN_YEARS = (2020, 2030)  # signed in 2020, runs to 2030: no task or review can fall outside
REVIEWS = ("midterm", "final")

_AGENCY_ID = re.compile(r"^[a-z][a-z0-9_]*$")
# Area number, the text's item letter (Vietnamese alphabet: "đ" is an item of its own), optional part.
_TASK_ID = re.compile(r"^([1-9])\.([a-zđ])(\.[1-9])?$")

_AGENCY_KEYS = {"id", "name_vi", "name_en", "short_vi", "short_en", "level", "reports_yearly", "active_from",
                "active_to", "successor", "change_source", "change_verified"}
_AREA_KEYS = {"number", "name_vi", "name_en"}
_AREA_OPTIONAL = {"heading_in_text"}
_TASK_KEYS = {"id", "area", "title_vi", "title_en", "lead", "co_ordinating", "period", "source",
              "assignment_verified"}
# A task belongs to Plan 151 unless it names another plan of the target register (an admin adds a later
# plan's tasks). Such a task's id is "<plan>:<area>.<item>[.<part>]", so ids never collide across plans,
# and its source is the paragraph of that plan, in any form.
_TASK_OPTIONAL = {"plan", "annex_year"}
# A task of Plan 151's annex of priority tasks ("Các nhiệm vụ ưu tiên ...", ten items with their own years)
# is numbered PL.<item> and cites "Phụ lục, TT <item>"; the copy at hand has lost the annex's titles, so
# none is shipped: an admin adds them once the signed annex is at hand.
_ANNEX_ID = re.compile(r"^PL\.(10|[1-9])$")
DEFAULT_TASK_PLAN = "plan_151"
_DEADLINE_KEYS = {"month", "day", "source", "quote_vi"}


@dataclass(frozen=True)
class Agency:
    """An agency the plan assigns work to, with the dates it existed and who took over from it."""

    id: str
    name_vi: str
    name_en: str
    short_vi: str
    short_en: str
    level: str
    reports_yearly: bool
    active_from: dt.date | None
    active_to: dt.date | None
    successor: str | None
    change_source: str | None
    change_verified: bool

    def name(self, lang: str, short: bool = False) -> str:
        """The agency's name in `lang` ("vi" or anything else for English), full or short."""
        if lang == "vi":
            return self.short_vi if short else self.name_vi
        return self.short_en if short else self.name_en

    def active_on(self, day: dt.date) -> bool:
        """True if the agency existed on `day` (both ends included)."""
        return (self.active_from is None or self.active_from <= day) and \
            (self.active_to is None or day <= self.active_to)


@dataclass(frozen=True)
class TaskArea:
    """One of the nine task areas of section II; heading_in_text is False where the copy lost the heading."""

    number: int
    name_vi: str
    name_en: str
    heading_in_text: bool = True

    def name(self, lang: str) -> str:
        """The area's heading in `lang`."""
        return self.name_vi if lang == "vi" else self.name_en


@dataclass(frozen=True)
class Task:
    """A task of section II with its lead and co-ordinating agencies (section III)."""

    id: str
    area: int
    title_vi: str
    title_en: str
    lead: str
    co_ordinating: tuple[str, ...]
    period: tuple[int, int]
    source: str
    assignment_verified: bool
    plan: str = DEFAULT_TASK_PLAN
    annex_year: int | None = None  # the year the annex of priority tasks sets for it, when it is one of them

    def title(self, lang: str) -> str:
        """The task's short title in `lang`."""
        return self.title_vi if lang == "vi" else self.title_en


@dataclass(frozen=True)
class Deadline:
    """A yearly deadline (month, day) with the paragraph and sentence it comes from."""

    month: int
    day: int
    source: str
    quote_vi: str

    def on(self, year: int) -> dt.date:
        """The deadline's date in `year`."""
        return dt.date(year, self.month, self.day)


@dataclass(frozen=True)
class PlanRegister:
    """Areas (by number), tasks and agencies (by id, in file order) and the reporting calendar."""

    areas: dict[int, TaskArea]
    tasks: dict[str, Task]
    agencies: dict[str, Agency]
    agency_deadline: Deadline
    city_deadline: Deadline
    compiler: str
    first_report_year: int
    review_years: dict[str, int]
    # Each plan's short name (vi, en), for a later plan's task numbers; set where the register is built
    # beside the target register (ipmonitor.register.register_store), left out of comparisons.
    plan_short_names: dict[str, tuple[str, str]] = field(default_factory=dict, compare=False)

    def task_number(self, task_id: str, lang: str) -> str:
        """How a reader sees a task's number: "3.b" for Plan 151's, "QĐ 2724 · 1.a" for a later plan's
        (its id carries the plan's code, never shown)."""
        task = self.tasks.get(task_id)
        if task is None or task.plan == DEFAULT_TASK_PLAN:
            return task_id
        vi, en = self.plan_short_names.get(task.plan, (task.plan, task.plan))
        return f"{vi if lang == 'vi' else en} · {task_id.removeprefix(task.plan + ':')}"

    def successor_on(self, agency_id: str, day: dt.date) -> Agency:
        """The agency that holds `agency_id`'s duties on `day`, following successor links past each end date.

        An agency active on `day` is itself; one that ended without a successor stays itself (the last
        one known); one asked about before it began is itself too (no predecessor is guessed)."""
        agency = self.agencies[agency_id]
        while (agency.active_to is not None and day > agency.active_to and agency.successor is not None):
            agency = self.agencies[agency.successor]
        return agency

    def lead_on(self, task_id: str, day: dt.date) -> Agency:
        """The agency leading `task_id` on `day`: the lead the plan names, followed to its successor."""
        return self.successor_on(self.tasks[task_id].lead, day)

    def reporting_agencies(self, year: int) -> list[Agency]:
        """Agencies that owe the yearly assessment for `year`: reports_yearly and active on its deadline."""
        deadline = self.agency_deadline.on(year)
        return [agency for agency in self.agencies.values()
                if agency.reports_yearly and agency.active_on(deadline)]


class _Problems:
    """Every problem found in the folder, so one bad edit reports all it broke at once."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, file: str, item: object, problem: str) -> None:
        self.lines.append(f"{file}: {item}: {problem}")

    def raise_if_any(self, origin: str) -> None:
        if self.lines:
            raise ValueError(f"the plan register in {origin} has {len(self.lines)} problem(s):\n"
                             + "\n".join(self.lines))


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        raw = read_yaml(path)
    except yaml.YAMLError as error:
        raise ValueError(f"{path.name}: not valid YAML: {error}") from None
    if not isinstance(raw, dict):
        raise ValueError(f"{path.name}: expected a mapping at the top level")
    return raw


def _check_keys(problems: _Problems, file: str, item: object, entry: dict[str, Any], required: set[str],
                optional: frozenset[str] | set[str] = frozenset()) -> bool:
    missing = required - set(entry)
    unknown = set(entry) - required - set(optional)
    if missing:
        problems.add(file, item, f"missing field(s) {sorted(missing)}")
    if unknown:
        problems.add(file, item, f"unknown field(s) {sorted(unknown)}")
    return not missing


def _item_name(entry: object, key: str, fallback: object) -> object:
    return entry.get(key, fallback) if isinstance(entry, dict) else fallback


def _optional_date(problems: _Problems, item: object, field: str, value: object) -> dt.date | None:
    # YAML reads 2025-06-30 as a date already; a quoted or misspelt one arrives as text.
    if value is None:
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    problems.add(AGENCIES_FILE, item, f"{field} must be a date (YYYY-MM-DD) or null, not {value!r}")
    return None


def _parse_agencies(raw: dict[str, Any], problems: _Problems) -> dict[str, Agency]:
    agencies: dict[str, Agency] = {}
    for position, entry in enumerate(raw.get("agencies") or []):
        item = _item_name(entry, "id", f"entry {position + 1}")
        if not isinstance(entry, dict) or not _check_keys(problems, AGENCIES_FILE, item, entry, _AGENCY_KEYS):
            continue
        if not isinstance(entry["id"], str) or not _AGENCY_ID.match(entry["id"]):
            problems.add(AGENCIES_FILE, item, "id must be snake_case ascii")
            continue
        if entry["id"] in agencies:
            problems.add(AGENCIES_FILE, item, "duplicate id")
            continue
        if entry["level"] not in LEVELS:
            problems.add(AGENCIES_FILE, item,
                         f"unknown level {entry['level']!r} (one of {', '.join(LEVELS)})")
        for flag in ("reports_yearly", "change_verified"):
            if not isinstance(entry[flag], bool):
                problems.add(AGENCIES_FILE, item, f"{flag} must be true or false")
        agency = Agency(
            id=entry["id"], name_vi=entry["name_vi"], name_en=entry["name_en"], short_vi=entry["short_vi"],
            short_en=entry["short_en"], level=entry["level"], reports_yearly=entry["reports_yearly"] is True,
            active_from=_optional_date(problems, item, "active_from", entry["active_from"]),
            active_to=_optional_date(problems, item, "active_to", entry["active_to"]),
            successor=entry["successor"], change_source=entry["change_source"],
            change_verified=entry["change_verified"] is True)
        if agency.active_from and agency.active_to and agency.active_to < agency.active_from:
            problems.add(AGENCIES_FILE, item,
                         f"active_to {agency.active_to} is before active_from {agency.active_from}")
        agencies[agency.id] = agency
    if not agencies:
        problems.add(AGENCIES_FILE, "agencies", "no agencies")
    return agencies


def _check_successors(agencies: dict[str, Agency], problems: _Problems) -> None:
    for agency in agencies.values():
        if agency.successor is None:
            continue
        successor = agencies.get(agency.successor)
        if successor is None:
            problems.add(AGENCIES_FILE, agency.id, f"unknown successor {agency.successor!r}")
            continue
        if agency.active_to is None:
            problems.add(AGENCIES_FILE, agency.id, "has a successor but no active_to (the day it ended)")
        elif successor.active_from is not None and \
                successor.active_from > agency.active_to + dt.timedelta(days=1):
            problems.add(AGENCIES_FILE, agency.id,
                         f"successor {successor.id} begins {successor.active_from}, "
                         f"leaving a gap after {agency.active_to}")
    for agency in agencies.values():
        seen = [agency.id]
        current = agency
        while current.successor in agencies:
            if current.successor in seen:
                chain = " -> ".join([*seen, current.successor])
                problems.add(AGENCIES_FILE, agency.id, f"successor cycle: {chain}")
                break
            seen.append(current.successor)
            current = agencies[current.successor]


def _parse_areas(raw: dict[str, Any], problems: _Problems) -> dict[int, TaskArea]:
    areas: dict[int, TaskArea] = {}
    for position, entry in enumerate(raw.get("areas") or []):
        item = f"area {_item_name(entry, 'number', position + 1)}"
        if not isinstance(entry, dict) or \
                not _check_keys(problems, TASKS_FILE, item, entry, _AREA_KEYS, _AREA_OPTIONAL):
            continue
        number = entry["number"]
        if not isinstance(number, int) or number not in AREA_NUMBERS:
            problems.add(TASKS_FILE, item, "area number must be 1..9")
            continue
        if number in areas:
            problems.add(TASKS_FILE, item, "duplicate area number")
            continue
        areas[number] = TaskArea(number, entry["name_vi"], entry["name_en"],
                                 heading_in_text=entry.get("heading_in_text", True) is True)
    missing = set(AREA_NUMBERS) - set(areas)
    if missing:
        problems.add(TASKS_FILE, "areas", f"missing area(s) {sorted(missing)}: section II has nine")
    return dict(sorted(areas.items()))


def _parse_tasks(raw: dict[str, Any], areas: dict[int, TaskArea], agencies: dict[str, Agency],
                 problems: _Problems) -> dict[str, Task]:
    tasks: dict[str, Task] = {}
    for position, entry in enumerate(raw.get("tasks") or []):
        item = _item_name(entry, "id", f"task entry {position + 1}")
        if not isinstance(entry, dict) or not _check_keys(problems, TASKS_FILE, item, entry, _TASK_KEYS,
                                                          _TASK_OPTIONAL):
            continue
        task_id, area = str(entry["id"]), entry["area"]
        plan = entry.get("plan") or DEFAULT_TASK_PLAN
        own_id = task_id if plan == DEFAULT_TASK_PLAN else task_id.removeprefix(f"{plan}:")
        if task_id in tasks:
            problems.add(TASKS_FILE, item, "duplicate id")
            continue
        if not isinstance(area, int) or area not in AREA_NUMBERS:
            problems.add(TASKS_FILE, item, f"area {area!r} is not 1..9")
        elif area not in areas:
            problems.add(TASKS_FILE, item, f"area {area} is not among the areas")
        annex_year = entry.get("annex_year")
        annex = annex_year is not None
        if annex and not (isinstance(annex_year, int) and PLAN_YEARS[0] <= annex_year <= PLAN_YEARS[1]):
            problems.add(TASKS_FILE, item, f"annex_year {annex_year!r} is not a year of the plan")
        match = _TASK_ID.match(own_id) if own_id != task_id or plan == DEFAULT_TASK_PLAN else None
        if annex:
            if plan != DEFAULT_TASK_PLAN or not _ANNEX_ID.match(task_id):
                problems.add(TASKS_FILE, item, "a priority task of the annex is numbered PL.1 to PL.10")
            if not str(entry["source"]).startswith("Phụ lục"):
                problems.add(TASKS_FILE, item, "a priority task's source is its annex line, e.g. Phụ lục, TT 3")
        elif not match and plan != DEFAULT_TASK_PLAN:
            problems.add(TASKS_FILE, item, f"id must read {plan}:<area>.<item letter>[.<part>], e.g. {plan}:3.b")
        elif not match:
            problems.add(TASKS_FILE, item, "id must read <area>.<item letter>[.<part>], e.g. 3.b or 3.b.1")
        elif not annex and isinstance(area, int) and area in AREA_NUMBERS and int(match.group(1)) != area:
            problems.add(TASKS_FILE, item, f"id starts with {match.group(1)} but the task is in area {area}")
        lead = entry["lead"]
        if lead not in agencies:
            problems.add(TASKS_FILE, item, f"unknown lead agency {lead!r}")
        co_ordinating = tuple(entry["co_ordinating"] or ())
        for other in co_ordinating:
            if other not in agencies:
                problems.add(TASKS_FILE, item, f"unknown co-ordinating agency {other!r}")
        if lead in co_ordinating:
            problems.add(TASKS_FILE, item, f"{lead} is both lead and co-ordinating")
        period = entry["period"]
        if not (isinstance(period, list) and len(period) == 2 and all(isinstance(y, int) for y in period)):
            problems.add(TASKS_FILE, item, f"period must be [first, last] years, not {period!r}")
            period = list(PLAN_YEARS)
        elif not (PLAN_YEARS[0] <= period[0] <= period[1] <= PLAN_YEARS[1]):
            problems.add(TASKS_FILE, item, f"period {period} is outside {PLAN_YEARS[0]}..{PLAN_YEARS[1]} "
                                           "or runs backwards")
        if not isinstance(entry["assignment_verified"], bool):
            problems.add(TASKS_FILE, item, "assignment_verified must be true or false")
        if annex:
            pass  # its source was checked with its number
        elif plan == DEFAULT_TASK_PLAN and not str(entry["source"]).startswith("II."):
            problems.add(TASKS_FILE, item, "source must start with the section-II paragraph, e.g. II.3.b")
        elif not str(entry["source"] or "").strip():
            problems.add(TASKS_FILE, item, "source must name the plan's paragraph the task comes from")
        tasks[task_id] = Task(task_id, area, entry["title_vi"], entry["title_en"], lead, co_ordinating,
                              (period[0], period[1]), entry["source"], entry["assignment_verified"] is True, plan,
                              annex_year if annex else None)
    return tasks


def _parse_deadline(raw: dict[str, Any], name: str, problems: _Problems) -> Deadline:
    entry = raw.get(name)
    if not isinstance(entry, dict) or not _check_keys(problems, REPORTING_FILE, name, entry, _DEADLINE_KEYS):
        if not isinstance(entry, dict):
            problems.add(REPORTING_FILE, name, "missing")
        return Deadline(1, 1, "", "")
    deadline = Deadline(entry["month"], entry["day"], entry["source"], entry["quote_vi"])
    try:
        deadline.on(2021)  # not a leap year: 29 February would fail three years in four
    except (TypeError, ValueError):
        problems.add(REPORTING_FILE, name, f"{entry['day']}/{entry['month']} is not a day of every year")
    if not str(deadline.quote_vi).strip():
        problems.add(REPORTING_FILE, name, "needs the sentence it comes from (quote_vi)")
    return deadline


def _parse_reporting(raw: dict[str, Any], agencies: dict[str, Agency],
                     problems: _Problems) -> tuple[Deadline, Deadline, str, int, dict[str, int]]:
    agency_deadline = _parse_deadline(raw, "agency_deadline", problems)
    city_deadline = _parse_deadline(raw, "city_deadline", problems)
    compiler = raw.get("compiler")
    if compiler not in agencies:
        problems.add(REPORTING_FILE, "compiler", f"unknown agency {compiler!r}")
    first = raw.get("first_report_year")
    if not isinstance(first, int) or not PLAN_YEARS[0] <= first <= PLAN_YEARS[1]:
        problems.add(REPORTING_FILE, "first_report_year", f"{first!r} is not a year of the plan")
        first = PLAN_YEARS[0]
    reviews = raw.get("reviews") or {}
    review_years: dict[str, int] = {}
    for review in REVIEWS:
        year = (reviews.get(review) or {}).get("year")
        if not isinstance(year, int) or not PLAN_YEARS[0] <= year <= PLAN_YEARS[1]:
            problems.add(REPORTING_FILE, f"reviews.{review}", f"year {year!r} is not a year of the plan")
            continue
        if not str((reviews.get(review) or {}).get("quote_vi") or "").strip():
            problems.add(REPORTING_FILE, f"reviews.{review}", "needs the sentence it comes from (quote_vi)")
        review_years[review] = year
    return agency_deadline, city_deadline, str(compiler), first, review_years


@lru_cache(maxsize=None)
def load_plan_register(folder: Path = PLAN_DIR) -> PlanRegister:
    """The register in `folder`, checked; all problems found go in one ValueError as "file: item: problem"."""
    return build_plan_register(_read_yaml(folder / AGENCIES_FILE), _read_yaml(folder / TASKS_FILE),
                               _read_yaml(folder / REPORTING_FILE), origin=str(folder))


def build_plan_register(agencies_raw: dict[str, Any], tasks_raw: dict[str, Any], reporting_raw: dict[str, Any],
                        origin: str = "the plan register") -> PlanRegister:
    """The register from the three files' mappings (or the database's entries put back into them),
    checked; all problems found go in one ValueError as "file: item: problem"."""
    problems = _Problems()
    agencies = _parse_agencies(agencies_raw, problems)
    _check_successors(agencies, problems)
    areas = _parse_areas(tasks_raw, problems)
    tasks = _parse_tasks(tasks_raw, areas, agencies, problems)
    agency_deadline, city_deadline, compiler, first, review_years = _parse_reporting(reporting_raw, agencies,
                                                                                     problems)
    problems.raise_if_any(origin)
    return PlanRegister(areas=areas, tasks=tasks, agencies=agencies, agency_deadline=agency_deadline,
                        city_deadline=city_deadline, compiler=compiler, first_report_year=first,
                        review_years=review_years)
