"""The target register: the plans' indicators and quantitative targets, read from data/targets/targets.yaml."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ipmonitor.numbers import UNITS
from ipmonitor.paths import DATA_DIR

TARGETS_FILE = DATA_DIR / "targets" / "targets.yaml"
KINDS = ("level", "level_band", "growth", "strong_growth")
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

    def name(self, lang: str) -> str:
        return self.name_vi if lang == "vi" else self.name_en

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


@lru_cache(maxsize=None)
def load_target_register(path: Path = TARGETS_FILE) -> Register:
    """The register, checked: known plan, indicator and kind, unique ids, a quote for each target."""
    with path.open(encoding="utf-8") as f:
        raw = yaml.safe_load(f)
    indicators = {key: _read_indicator(key, entry) for key, entry in raw["indicators"].items()}
    for entry in raw["targets"]:
        if entry.get("indicator") not in indicators:
            raise ValueError(f"{entry.get('id')}: unknown indicator {entry.get('indicator')}")
    targets = tuple(Target(**entry, unit=indicators[entry["indicator"]].unit,
                           shape=indicators[entry["indicator"]].shape) for entry in raw["targets"])
    ids = [target.id for target in targets]
    if len(ids) != len(set(ids)):
        raise ValueError(f"duplicate target ids in {path}")
    for target in targets:
        if target.plan not in raw["plans"]:
            raise ValueError(f"{target.id}: unknown plan {target.plan}")
        if target.indicator not in indicators:
            raise ValueError(f"{target.id}: unknown indicator {target.indicator}")
        if target.kind not in KINDS:
            raise ValueError(f"{target.id}: unknown kind {target.kind}")
        if not target.quote.strip():
            raise ValueError(f"{target.id}: a target needs the sentence it comes from")
        compare_with = target.target.get("compare_with")
        if compare_with and compare_with not in ids:
            raise ValueError(f"{target.id}: compares with unknown target {compare_with}")
        if target.kind == "level_band" and not \
                target.target.get("value_low", 0) < target.target.get("value_high", 0):
            raise ValueError(f"{target.id}: a level band needs value_low below value_high")
        if target.shape == "linear" and target.kind in ("growth", "strong_growth"):
            raise ValueError(f"{target.id}: a share or a running total has a level, not a growth rate")
    return Register(raw["plans"], indicators, targets)


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
    return Indicator(id=key, **{**entry, "ip_types": tuple(entry["ip_types"])})
