"""Choices the progress pages share: which territory, which reading of T1, which targets to show."""
from __future__ import annotations

from ipmonitor.i18n import t
from ipmonitor.store.reference import Vocabulary, load_vocabulary
from ipmonitor.progress.scoreboard import AS_REGISTERED, TargetResult
from ipmonitor.register.targets import Register

READINGS = ["a", "b"]


def territory_choices(territories: Vocabulary) -> list[str]:
    """Each target's own territory first, then the reference list's territories in its order, except that a
    territory answering to the same name as an earlier one (the merged Cần Thơ, after the former city)
    comes right after it: a reader looking for "Cần Thơ" finds both together."""
    ordered: list[str] = []
    for code in territories.codes:
        if code not in ordered:
            ordered += [code, *(other for other in territories.codes
                                if other not in ordered and other != code and _share_a_name(territories, code, other))]
    return [AS_REGISTERED, *ordered]


def _share_a_name(territories: Vocabulary, first: str, second: str) -> bool:
    return any(first in codes and second in codes for codes in territories.shared.values())


TERRITORY_CHOICES = territory_choices(load_vocabulary("territory"))


def territory_label(code: str, lang: str) -> str:
    return t(f"controls.territory_{code}", lang)


def visible_targets(result: TargetResult, register: Register, reading: str) -> bool:
    """T1 is shown in the chosen reading only; every other target always."""
    target = register.target(result.target_id)
    return target.reading is None or target.reading == reading
