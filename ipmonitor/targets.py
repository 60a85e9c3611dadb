"""The target register: the plans' quantitative targets read from data/targets/targets.yaml."""
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
class Target:
    """One target of one plan, with the sentence it comes from."""

    id: str
    plan: str
    indicator: dict[str, Any]
    kind: str
    baseline: dict[str, Any]
    target: dict[str, Any]
    direction: str
    territory_basis: str
    quote: str
    reading: str | None = None
    note_en: str | None = None


@lru_cache(maxsize=None)
def load_target_register(path: Path = TARGETS_FILE) -> tuple[dict[str, dict[str, str]], tuple[Target, ...]]:
    """Plans (id -> names) and targets, checked: known plan, known kind, unique id, a quote each."""
    with path.open(encoding="utf-8") as f:
        raw = yaml.safe_load(f)
    plans = raw["plans"]
    targets = tuple(Target(**entry) for entry in raw["targets"])
    ids = [target.id for target in targets]
    if len(ids) != len(set(ids)):
        raise ValueError(f"duplicate target ids in {path}")
    for target in targets:
        if target.plan not in plans:
            raise ValueError(f"{target.id}: unknown plan {target.plan}")
        if target.kind not in KINDS:
            raise ValueError(f"{target.id}: unknown kind {target.kind}")
        if not target.quote.strip():
            raise ValueError(f"{target.id}: a target needs the sentence it comes from")
    return plans, targets
