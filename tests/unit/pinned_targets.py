"""Targets pinned as the arithmetic tests read them, so that an edit of data/targets/targets.yaml (an id
renamed, a condition added) never changes what a test of the assessment or its sentences checks.

Each is written as the register writes it; the plans and indicators come from the shipped register,
which the pinned targets only name."""
from __future__ import annotations

from typing import Any

from ipmonitor.register.targets import Register, Target, load_target_register


def make_target(target_id: str, kind: str, baseline: dict[str, Any], target: dict[str, Any], *,
                indicator: str = "applications_all", direction: str = "increase",
                territory_basis: str = "can_tho_former", plan: str = "plan_151", unit: str = "count",
                shape: str | None = None, reading: str | None = None, reference: bool = False) -> Target:
    """A Target as load_target_register builds it; a percent or a running total is "linear"."""
    return Target(id=target_id, plan=plan, indicator=indicator, kind=kind, baseline=baseline, target=target,
                  direction=direction, territory_basis=territory_basis, quote="...", reading=reading,
                  reference=reference, unit=unit,
                  shape=shape or ("linear" if unit == "percent" else "compound"))


FROM_2020 = {"year": 2020, "value": "from_data"}
FROM_2025 = {"year": 2025, "value": "from_data"}

PINNED = {target.id: target for target in (
    # Plan 151's T1 in its two readings; T1b as it was first registered (growth on the baseline only).
    make_target("T1a", "level", FROM_2020, {"year": 2030, "value": 5500, "min_growth_on_baseline": 0.35},
                indicator="titles_stock", reading="a"),
    make_target("T1b", "level", {"period": [2011, 2020], "value": "from_data"},
                {"period": [2021, 2030], "min_growth_on_baseline": 0.35}, indicator="titles_granted_all",
                reading="b"),
    make_target("T2", "growth", FROM_2020, {"year": 2030, "growth_low": 0.03, "growth_high": 0.05}),
    make_target("T3_patent", "strong_growth", FROM_2020, {"year": 2030, "compare_with": "T2", "growth_high": 0.05},
                indicator="applications_patent"),
    make_target("D2724_patent_applications", "growth", FROM_2025,
                {"year": 2030, "growth_low": 0.16, "growth_high": 0.18}, indicator="applications_patent",
                territory_basis="can_tho", plan="decision_2724"),
    make_target("D1068_trademark", "growth", FROM_2020, {"year": 2030, "growth_low": 0.08, "growth_high": 0.10},
                indicator="applications_trademark", territory_basis="can_tho", plan="decision_1068",
                reference=True),
    make_target("D2724_people_trained", "level", {"year": 2025, "value": 0}, {"year": 2030, "value": 6000},
                indicator="people_trained_since_2026", territory_basis="can_tho", plan="decision_2724",
                unit="attendances", shape="linear"),
    make_target("D2724_ocop_supported_share", "level", FROM_2025, {"year": 2030, "value": 60},
                indicator="key_products_supported_share", territory_basis="can_tho", plan="decision_2724",
                unit="percent"),
    make_target("D2724_patent_commercialisation", "level_band", FROM_2025,
                {"year": 2030, "value_low": 8, "value_high": 10}, indicator="patent_commercialisation_rate",
                territory_basis="can_tho", plan="decision_2724", unit="percent"),
)}


def pinned_register() -> Register:
    """The shipped plans and indicators with the pinned targets, for the sentences that name them."""
    shipped = load_target_register()
    return Register(shipped.plans, shipped.indicators, tuple(PINNED.values()))
