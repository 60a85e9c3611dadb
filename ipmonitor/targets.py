"""The target register: the plans' indicators and quantitative targets, read from data/targets/targets.yaml."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ipmonitor.paths import DATA_DIR

TARGETS_FILE = DATA_DIR / "targets" / "targets.yaml"
KINDS = ("level", "growth", "strong_growth")


@dataclass(frozen=True)
class Indicator:
    """A measure summed over IP types; a stock may name the flow it grows by."""

    id: str
    measure: str
    ip_types: tuple[str, ...]
    name_vi: str
    name_en: str
    derive_from: dict[str, Any] | None = None

    def name(self, lang: str) -> str:
        return self.name_vi if lang == "vi" else self.name_en


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

    def plan_name(self, plan: str, lang: str, short: bool = False) -> str:
        return self.plans[plan][("short_" if short else "name_") + ("vi" if lang == "vi" else "en")]


@lru_cache(maxsize=None)
def load_target_register(path: Path = TARGETS_FILE) -> Register:
    """The register, checked: known plan, indicator and kind, unique ids, a quote for each target."""
    with path.open(encoding="utf-8") as f:
        raw = yaml.safe_load(f)
    indicators = {key: Indicator(id=key, **{**entry, "ip_types": tuple(entry["ip_types"])})
                  for key, entry in raw["indicators"].items()}
    targets = tuple(Target(**entry) for entry in raw["targets"])
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
    return Register(raw["plans"], indicators, targets)
