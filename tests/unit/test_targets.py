"""The target register is data: every target names a known plan, indicator and kind, and its sentence."""
from ipmonitor.reference import load_vocabulary
from ipmonitor.targets import load_target_register


def test_the_register_holds_plan_151s_targets_with_both_readings_of_t1():
    register = load_target_register()
    by_id = {target.id: target for target in register.targets}
    assert {"T1a", "T1b", "T2", "T3_patent", "T3_utility_solution", "T3_plant_variety"} <= set(by_id)
    assert (by_id["T1a"].reading, by_id["T1b"].reading) == ("a", "b")
    assert by_id["T1a"].target["value"] == 5500
    assert (by_id["T2"].target["growth_low"], by_id["T2"].target["growth_high"]) == (0.03, 0.05)
    assert "5.500 văn bằng" in by_id["T1a"].quote
    assert "plan_151" in register.plans


def test_decision_2724_sets_the_merged_citys_patent_and_plant_variety_bands_from_its_2025_base():
    register = load_target_register()
    bands = {target.id: (target.target["growth_low"], target.target["growth_high"], target.territory_basis,
                         target.baseline["year"]) for target in register.targets
             if target.plan == "decision_2724" and target.kind == "growth"}
    assert bands == {"D2724_patent_applications": (0.16, 0.18, "can_tho", 2025),
                     "D2724_patent_titles": (0.16, 0.18, "can_tho", 2025),
                     "D2724_plant_variety_applications": (0.12, 0.14, "can_tho", 2025)}


def test_decision_1068s_national_rates_are_reference_lines_with_their_bands():
    register = load_target_register()
    national = {register.indicators[target.indicator].ip_types[0]: (target.target["growth_low"],
                                                                    target.target["growth_high"])
                for target in register.targets if target.plan == "decision_1068"}
    assert national == {"patent": (0.16, 0.18), "industrial_design": (0.06, 0.08),
                        "trademark": (0.08, 0.10), "plant_variety": (0.12, 0.14)}
    assert all(target.reference for target in register.targets if target.plan == "decision_1068")
    assert not any(target.reference for target in register.targets if target.plan != "decision_1068")


def test_one_indicator_carries_targets_from_several_plans():
    register = load_target_register()
    assert {target.plan for target in register.targets_of("applications_patent")} == \
        {"plan_151", "decision_2724", "decision_1068"}


def test_paraphrased_sentences_are_marked_as_not_yet_checked_against_the_signed_text():
    register = load_target_register()
    assert all(target.quote_verified for target in register.targets if target.plan == "plan_151")
    assert not any(target.quote_verified for target in register.targets if target.plan != "plan_151")


def test_every_target_uses_measures_types_and_territories_that_exist():
    register = load_target_register()
    measures = set(load_vocabulary("measure").codes)
    types = set(load_vocabulary("ip_type").codes) | {"all_top_level"}
    territories = set(load_vocabulary("territory").codes)
    for indicator in register.indicators.values():
        assert indicator.measure in measures, indicator.id
        assert set(indicator.ip_types) <= types, indicator.id
        if indicator.derive_from:
            assert set(indicator.derive_from["ip_types"]) <= types, indicator.id
    for target in register.targets:
        assert target.territory_basis in territories, target.id
