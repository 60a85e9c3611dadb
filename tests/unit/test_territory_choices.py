"""The pages' territory choices come from the reference list (data/reference/territories.csv): each target's
own territory first, then every territory of the list, the merged Cần Thơ right after the former city."""
from __future__ import annotations

import pandas as pd

from ipmonitor.i18n import LANGUAGES, t
from ipmonitor.store.reference import build_vocabulary, load_reference_table
from ipmonitor.progress.scoreboard import AS_REGISTERED
from ui.controls import TERRITORY_CHOICES, territory_choices, territory_label


def test_the_choices_are_the_reference_lists_territories_after_each_targets_own():
    listed = list(load_reference_table("territory")["code"])
    assert TERRITORY_CHOICES[0] == AS_REGISTERED
    assert sorted(TERRITORY_CHOICES[1:]) == sorted(listed) and len(set(TERRITORY_CHOICES)) == len(TERRITORY_CHOICES)
    # The order the pages have always shown.
    assert TERRITORY_CHOICES == [AS_REGISTERED, "can_tho_former", "can_tho", "hau_giang_former", "soc_trang_former"]


def test_every_choice_has_a_label_in_each_language():
    for lang in LANGUAGES:
        for code in TERRITORY_CHOICES:
            assert territory_label(code, lang) != f"controls.territory_{code}", (lang, code)
            assert t(f"controls.territory_{code}", lang)


def test_a_territory_added_to_the_list_is_a_choice_and_namesakes_stay_together():
    frame = pd.DataFrame([
        {"code": "a_former", "name_vi": "A cũ", "name_en": "Former A", "aliases": "", "shared_names": "a"},
        {"code": "b_former", "name_vi": "B cũ", "name_en": "Former B", "aliases": "", "shared_names": ""},
        {"code": "c", "name_vi": "C", "name_en": "C", "aliases": "", "shared_names": ""},
        {"code": "a", "name_vi": "A mới", "name_en": "New A", "aliases": "", "shared_names": "a"},
    ])
    assert territory_choices(build_vocabulary("territory", frame)) == [AS_REGISTERED, "a_former", "a", "b_former", "c"]
