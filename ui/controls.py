"""Choices the progress pages share: which territory, which reading of T1, which targets to show."""
from __future__ import annotations

from ipmonitor.i18n import t
from ipmonitor.scoreboard import AS_REGISTERED, TargetResult
from ipmonitor.targets import Register

TERRITORY_CHOICES = [AS_REGISTERED, "can_tho_former", "can_tho", "hau_giang_former", "soc_trang_former"]
READINGS = ["a", "b"]


def territory_label(code: str, lang: str) -> str:
    return t(f"controls.territory_{code}", lang)


def visible_targets(result: TargetResult, register: Register, reading: str) -> bool:
    """T1 is shown in the chosen reading only; every other target always."""
    target = register.target(result.target_id)
    return target.reading is None or target.reading == reading
