"""The target register is data: every target names a known plan, a kind and the sentence it comes from."""
from ipmonitor.reference import load_vocabulary
from ipmonitor.targets import load_target_register


def test_the_register_holds_plan_151s_targets_with_both_readings_of_t1():
    plans, targets = load_target_register()
    by_id = {target.id: target for target in targets}
    assert {"T1a", "T1b", "T2", "T3_patent", "T3_utility_solution", "T3_plant_variety"} <= set(by_id)
    assert (by_id["T1a"].reading, by_id["T1b"].reading) == ("a", "b")
    assert by_id["T1a"].target["value"] == 5500
    assert (by_id["T2"].target["growth_low"], by_id["T2"].target["growth_high"]) == (0.03, 0.05)
    assert "5.500 văn bằng" in by_id["T1a"].quote
    assert "plan_151" in plans


def test_every_target_uses_measures_types_and_territories_that_exist():
    _, targets = load_target_register()
    measures = set(load_vocabulary("measure").codes)
    types = set(load_vocabulary("ip_type").codes) | {"all_top_level"}
    territories = set(load_vocabulary("territory").codes)
    for target in targets:
        assert target.indicator["measure"] in measures, target.id
        assert set(target.indicator["ip_types"]) <= types, target.id
        assert target.territory_basis in territories, target.id
