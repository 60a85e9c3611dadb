"""The target register: the plans' indicators and quantitative targets, read from data/targets/targets.yaml."""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

from ipmonitor.units import UNITS
from ipmonitor.paths import DATA_DIR
from ipmonitor.directions import DIRECTIONS, direction_sign
from ipmonitor.yaml_files import read_yaml

TARGETS_FILE = DATA_DIR / "targets" / "targets.yaml"
# Another register for a test or a trial deployment; the shipped one otherwise.
TARGETS_ENV_VAR = "IPMONITOR_TARGETS"
KINDS = ("level", "level_band", "growth", "strong_growth")
# The conditions a level sets: an absolute value, and a growth on the baseline (T1a's "5,500 and +35%
# on 2020"). Both may be given; each is kept and the stricter for the direction binds.
LEVEL_CONDITIONS = ("value", "min_growth_on_baseline")
# How a required path runs from the baseline to the target: compound growth for counts and amounts;
# a straight line for a share (growth rates of a percentage mean nothing) and for a total counted from
# a year (it grows by a yearly flow, not by a rate).
SHAPES = ("compound", "linear")
DEFAULT_TERRITORY = "can_tho"


@dataclass(frozen=True)
class Component:
    """One summed measure: a measure over IP types, optionally added up year by year from a year on."""

    measure: str
    ip_types: tuple[str, ...]
    cumulative_from: int | None = None


@dataclass(frozen=True)
class Indicator:
    """A measure summed over IP types (a stock may name the flow it grows by), or a ratio of two such
    sums in percent; optionally a running total from a year. A ratio's `measure` and `ip_types` are
    its numerator's."""

    id: str
    measure: str
    ip_types: tuple[str, ...]
    name_vi: str
    name_en: str
    derive_from: dict[str, Any] | None = None
    unit: str = "count"
    cumulative_from: int | None = None
    numerator: Component | None = None
    denominator: Component | None = None
    territory_basis: str | None = None         # where an indicator without targets is shown by default
    note_vi: str | None = None
    note_en: str | None = None
    # Indicators that split this one (dossiers at home and abroad add up to all dossiers supported), and
    # others shown beside the split (the enterprises supported); the pages draw them with it.
    parts: tuple[str, ...] = ()
    shown_with: tuple[str, ...] = ()
    short_vi: str | None = None                # a legend's name beside its total ("Trong nước")
    short_en: str | None = None

    def name(self, lang: str) -> str:
        return self.name_vi if lang == "vi" else self.name_en

    def short_name(self, lang: str) -> str:
        return (self.short_vi if lang == "vi" else self.short_en) or self.name(lang)

    def note(self, lang: str) -> str | None:
        return self.note_vi if lang == "vi" else self.note_en

    @property
    def is_ratio(self) -> bool:
        return self.numerator is not None

    @property
    def shape(self) -> str:
        """"linear" for a share or a running total, "compound" otherwise."""
        return "linear" if self.unit == "percent" or self.cumulative_from is not None else "compound"

    @property
    def components(self) -> tuple[Component, ...]:
        """What is read from the database: the numerator and denominator, or the one summed measure."""
        if self.is_ratio:
            return (self.numerator, self.denominator)
        return (Component(self.measure, self.ip_types, self.cumulative_from),)


@dataclass(frozen=True)
class Target:
    """One target of one plan, with the sentence it comes from."""

    id: str
    plan: str
    indicator: str
    kind: str
    baseline: dict[str, Any]
    target: dict[str, Any]
    direction: str
    territory_basis: str
    quote: str
    reading: str | None = None
    reference: bool = False
    quote_verified: bool = True
    # Where the sentence was read (the register's quote_checks section): its address, the day it was
    # read, and whether the text could be read in full; when not, what remains unknown.
    quote_source: str | None = None
    quote_read: str | None = None
    quote_complete: bool = True
    quote_unknown_vi: str | None = None
    quote_unknown_en: str | None = None
    note_vi: str | None = None
    note_en: str | None = None
    # Set from the indicator when the register is read, never written in the file.
    unit: str = "count"
    shape: str = "compound"

    @property
    def is_band(self) -> bool:
        """A growth band or a level band: judged on its low edge, reported on its high edge."""
        return self.kind == "level_band" or (self.kind == "growth" and "growth_low" in self.target)

    @property
    def is_period_total(self) -> bool:
        return "period" in self.baseline

    @property
    def base_year(self) -> int:
        return self.baseline["period"][1] if self.is_period_total else self.baseline["year"]

    @property
    def target_year(self) -> int:
        return self.target["period"][1] if self.is_period_total else self.target["year"]

    @property
    def sign(self) -> int:
        """+1 when more is better, -1 when less is (a lower-is-better target such as infringement cases)."""
        return direction_sign(self.direction)

    @property
    def is_relative(self) -> bool:
        """Set against the baseline (a growth rate, or "+35% on 2020"): no baseline figure, no target."""
        return self.kind in ("growth", "strong_growth") or "min_growth_on_baseline" in self.target

    def note(self, lang: str) -> str | None:
        return self.note_vi if lang == "vi" else self.note_en


@dataclass(frozen=True)
class Register:
    """Plans (id -> names), indicators and targets, in the file's order."""

    plans: dict[str, dict[str, str]]
    indicators: dict[str, Indicator]
    targets: tuple[Target, ...]

    def target(self, target_id: str) -> Target:
        return next(target for target in self.targets if target.id == target_id)

    def targets_of(self, indicator_id: str) -> tuple[Target, ...]:
        return tuple(target for target in self.targets if target.indicator == indicator_id)

    def split_of(self, indicator_id: str) -> str | None:
        """The indicator shown with its parts that `indicator_id` is, or is a part of or shown with."""
        for key, indicator in self.indicators.items():
            if indicator.parts and (key == indicator_id or indicator_id in (*indicator.parts, *indicator.shown_with)):
                return key
        return None

    def untargeted(self) -> tuple[str, ...]:
        """Indicators the plans name without a number (registrations supported, enforcement cases):
        charted and exported like the others, never assessed."""
        return tuple(key for key in self.indicators if not self.targets_of(key))

    def territory_of(self, indicator_id: str) -> str:
        """Where an indicator is shown by default: its first target's territory, else its own."""
        targets = self.targets_of(indicator_id)
        if targets:
            return targets[0].territory_basis
        return self.indicators[indicator_id].territory_basis or DEFAULT_TERRITORY

    def plan_name(self, plan: str, lang: str, short: bool = False) -> str:
        return self.plans[plan][("short_" if short else "name_") + ("vi" if lang == "vi" else "en")]


def load_target_register(path: Path | None = None) -> Register:
    """The register at `path`, else at $IPMONITOR_TARGETS, else the shipped one; read again only when
    the file changes."""
    path = Path(path or os.environ.get(TARGETS_ENV_VAR) or TARGETS_FILE)
    stat = path.stat()
    return _read_register(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=None)
def _read_register(path: Path, mtime_ns: int, size: int) -> Register:
    """The register in the file. The file's time and size are only the cache's key: a register
    rewritten in place (a test, an edit while the app runs) is read again."""
    return build_target_register(read_yaml(path), origin=str(path))


def build_target_register(raw: dict[str, Any], origin: str = "the register") -> Register:
    """The register from its mapping (the YAML file's shape, or the database's entries put back into
    it), checked: known plan, indicator, kind and direction, unique ids, a quote for each target, and
    conditions that agree with the direction. Every problem found goes in one ValueError, a line each,
    each line opening with the id of the indicator or target at fault ("T9: unknown plan x")."""
    problems: list[str] = []
    # A day read from YAML is a date, from the database text: both kept as text (YYYY-MM-DD).
    plans = {plan_id: {name: value.isoformat() if isinstance(value, dt.date) else value
                       for name, value in entry.items()} if isinstance(entry, dict) else entry
             for plan_id, entry in (raw.get("plans") or {}).items()}
    for plan_id, entry in plans.items():
        problems += [f"{plan_id}: {problem}" for problem in plan_problems(entry, plans)]
    indicators: dict[str, Indicator] = {}
    for key, entry in (raw.get("indicators") or {}).items():
        try:
            indicators[key] = _read_indicator(key, entry)
        except (ValueError, TypeError, KeyError) as error:
            problems.append(f"{key}: {_entry_problem(error)}")
    for key, indicator in indicators.items():
        named = (*indicator.parts, *indicator.shown_with)
        if any(name not in indicators or name == key or indicators[name].parts for name in named):
            problems.append(f"{key}: parts and shown_with name other indicators, which have no parts of their own")
        elif any(indicators[part].unit != indicator.unit for part in indicator.parts):
            problems.append(f"{key}: a part is counted in its total's unit")
    checks = raw.get("quote_checks") or {}
    unknown = set(checks) - {entry.get("id") for entry in raw.get("targets") or []}
    if unknown:
        problems.append(f"quote_checks names no target: {sorted(unknown)}")
    targets: list[Target] = []
    for entry in raw.get("targets") or []:
        try:
            if entry.get("indicator") not in indicators:
                raise ValueError(f"unknown indicator {entry.get('indicator')}")
            targets.append(Target(**entry, **_quote_check(checks.get(entry["id"], {})),
                                  unit=indicators[entry["indicator"]].unit,
                                  shape=indicators[entry["indicator"]].shape))
        except (ValueError, TypeError, KeyError) as error:
            problems.append(f"{entry.get('id')}: {_entry_problem(error)}")
    ids = [target.id for target in targets]
    if len(ids) != len(set(ids)):
        problems.append(f"duplicate target ids in {origin}: "
                        f"{sorted({i for i in ids if ids.count(i) > 1})}")
    for target in targets:
        try:
            _check_target(target, plans, indicators, ids)
        except ValueError as error:
            problems.append(str(error))
    if not problems:
        try:
            _check_told_apart(tuple(targets))
        except ValueError as error:
            problems.append(str(error))
    if problems:
        raise ValueError("\n".join(problems))
    return Register(plans, indicators, tuple(targets))


PLAN_NAMES = ("name_vi", "name_en", "short_vi", "short_en")
# What a plan may say of itself besides its names (issue 17): its number and day, who issued it, the
# territory and years it covers, whether it is in force or replaced (and by which plan), where its text
# is. Each is optional: where it is not known it is left out, never guessed.
PLAN_FIELDS = ("number", "issued_on", "issuer_vi", "issuer_en", "territory", "period", "status", "replaced_by",
               "link", "source")
PLAN_STATUSES = ("in_force", "replaced")


def plan_problems(entry: object, plans: dict[str, Any]) -> list[str]:
    """What is wrong with one plan's entry: a missing name, an unknown field, a field of the wrong shape."""
    if not isinstance(entry, dict):
        return ["a plan is a set of fields (name_vi, name_en, short_vi, short_en, ...)"]
    problems = [f"missing field {name}" for name in PLAN_NAMES
                if not isinstance(entry.get(name), str) or not entry[name].strip()]
    problems += [f"unknown field {name!r}" for name in entry if name not in PLAN_NAMES and name not in PLAN_FIELDS]
    issued = entry.get("issued_on")
    if issued is not None:
        try:
            dt.date.fromisoformat(str(issued))
        except ValueError:
            problems.append(f"issued_on must be a date YYYY-MM-DD, not {issued!r}")
    period = entry.get("period")
    if period is not None and not (isinstance(period, list) and len(period) == 2
                                   and all(isinstance(year, int) for year in period) and period[0] <= period[1]):
        problems.append(f"period must be [first, last] years, not {period!r}")
    if entry.get("status") is not None and entry["status"] not in PLAN_STATUSES:
        problems.append(f"status is one of {', '.join(PLAN_STATUSES)}, not {entry['status']!r}")
    if entry.get("replaced_by") is not None and (entry.get("status") != "replaced" or entry["replaced_by"] not in plans):
        problems.append("replaced_by names a plan of the register, for a plan whose status is replaced")
    link = entry.get("link")
    if link is not None and not str(link).lower().startswith(("https://", "http://")):
        problems.append("link must be an http(s) address")
    return problems


def _entry_problem(error: Exception) -> str:
    """A construction error as the register's reader needs it: the fields missing or unknown."""
    text = str(error)
    if isinstance(error, TypeError) and "missing" in text:
        return "missing field(s) " + text.split(":", 1)[-1].strip()
    if isinstance(error, TypeError) and "unexpected keyword argument" in text:
        return "unknown field " + text.rsplit("argument", 1)[-1].strip()
    if isinstance(error, KeyError):
        return f"missing field {text}"
    return text


def _check_target(target: Target, plans: dict, indicators: dict[str, Indicator], ids: list[str]) -> None:
    """One target's own rules; ValueError names the target and the rule."""
    if target.plan not in plans:
        raise ValueError(f"{target.id}: unknown plan {target.plan}")
    if target.indicator not in indicators:
        raise ValueError(f"{target.id}: unknown indicator {target.indicator}")
    if target.kind not in KINDS:
        raise ValueError(f"{target.id}: unknown kind {target.kind}")
    if not isinstance(target.quote, str) or not target.quote.strip():
        raise ValueError(f"{target.id}: a target needs the sentence it comes from")
    if not isinstance(target.target, dict) or not isinstance(target.baseline, dict):
        raise ValueError(f"{target.id}: baseline and target each need their fields (year, value, ...)")
    compare_with = target.target.get("compare_with")
    if compare_with and compare_with not in ids:
        raise ValueError(f"{target.id}: compares with unknown target {compare_with}")
    if target.kind == "level_band" and not \
            target.target.get("value_low", 0) < target.target.get("value_high", 0):
        raise ValueError(f"{target.id}: a level band needs value_low below value_high")
    if target.shape == "linear" and target.kind in ("growth", "strong_growth"):
        raise ValueError(f"{target.id}: a share or a running total has a level, not a growth rate")
    _check_direction(target)


QUOTE_CHECK_FIELDS = ("quote_source", "quote_read", "quote_complete", "quote_unknown_vi", "quote_unknown_en")


def _quote_check(entry: dict[str, Any]) -> dict[str, Any]:
    """One target's quote check, with its day as text (YAML reads 2026-12-02 as a date)."""
    extra = set(entry) - set(QUOTE_CHECK_FIELDS)
    if extra:
        raise ValueError(f"quote_checks: unknown fields {sorted(extra)}")
    check = dict(entry)
    if check.get("quote_read") is not None:
        check["quote_read"] = str(check["quote_read"])
    if check.get("quote_complete") is False and not (check.get("quote_unknown_vi") and check.get("quote_unknown_en")):
        raise ValueError("quote_checks: a quote not read in full says what is unknown, in both languages")
    return check


def _check_told_apart(targets: Sequence[Target]) -> None:
    """Readers tell one plan's targets on an indicator apart by their year and reading ("đến 2030,
    cách hiểu a"), never by the register's code; two that agree on both would share a legend entry and
    a column of the chart's data, one silently hiding the other."""
    seen: dict[tuple, str] = {}
    for target in targets:
        key = (target.plan, target.indicator, target.territory_basis, target.target_year, target.reading)
        if key in seen:
            raise ValueError(f"{seen[key]} and {target.id}: two targets of one plan on one indicator need "
                             "different target years or readings, which is how readers tell them apart")
        seen[key] = target.id


def _check_direction(target: Target) -> None:
    """A known direction, and conditions pointing the same way: a lower-is-better target falls (its
    rates are negative), a higher-is-better one does not. A level names at least one condition."""
    if target.direction not in DIRECTIONS:
        raise ValueError(f"{target.id}: direction is one of {', '.join(DIRECTIONS)}, not {target.direction!r}")
    if target.kind == "level" and not any(key in target.target for key in LEVEL_CONDITIONS):
        raise ValueError(f"{target.id}: a level needs a value, a min_growth_on_baseline, or both")
    # "Strong growth" has no number to turn round, and a total over a period counts what was achieved
    # (it can only be judged "at most" once the period is over): both are higher-is-better only.
    if target.sign < 0 and (target.kind == "strong_growth" or target.is_period_total):
        raise ValueError(f"{target.id}: a {'period total' if target.is_period_total else target.kind} "
                         "target can only increase")
    for key in ("growth_low", "growth_high", "min_growth_on_baseline"):
        rate = target.target.get(key)
        if rate is not None and target.sign * rate < 0:
            raise ValueError(f"{target.id}: {key} {rate} points against the direction {target.direction}")


def _component(entry: dict[str, Any]) -> Component:
    return Component(entry["measure"], tuple(entry["ip_types"]), entry.get("cumulative_from"))


def _read_indicator(key: str, entry: dict[str, Any]) -> Indicator:
    """One indicator, checked: a known unit; a ratio has both parts and is in percent, and only a ratio is."""
    entry = dict(entry)
    unit = entry.setdefault("unit", "count")
    if unit not in UNITS:
        raise ValueError(f"{key}: unknown unit {unit}")
    if "numerator" in entry or "denominator" in entry:
        if not ("numerator" in entry and "denominator" in entry):
            raise ValueError(f"{key}: a ratio needs a numerator and a denominator")
        if unit != "percent" or "measure" in entry or "cumulative_from" in entry:
            raise ValueError(f"{key}: a ratio is in percent and names its measures in its numerator and denominator")
        entry["numerator"], entry["denominator"] = _component(entry["numerator"]), _component(entry["denominator"])
        entry.update(measure=entry["numerator"].measure, ip_types=entry["numerator"].ip_types)
    elif unit == "percent":
        raise ValueError(f"{key}: a percent is never stored; give a numerator and a denominator")
    entry.update(parts=tuple(entry.get("parts", ())), shown_with=tuple(entry.get("shown_with", ())))
    return Indicator(id=key, **{**entry, "ip_types": tuple(entry["ip_types"])})
