"""The target register is data: every target names a known plan, indicator and kind, and its sentence,
as the signed texts give it (shared/plan/targets-sources.md)."""
import pytest
import yaml

from ipmonitor.store.reference import load_vocabulary
from ipmonitor.register.targets import TARGETS_FILE, load_target_register


def test_the_register_holds_plan_151s_targets_with_both_readings_of_t1_and_t2():
    register = load_target_register()
    by_id = {target.id: target for target in register.targets}
    assert {"T1a", "T1b", "T2a", "T2b", "T3_patent", "T3_utility_solution", "T3_plant_variety"} <= set(by_id)
    assert [(by_id[i].reading, by_id[i].plan) for i in ("T1a", "T1b", "T2a", "T2b")] == \
        [("a", "plan_151"), ("b", "plan_151"), (None, "plan_151"), (None, "plan_151")]
    # T2's two readings are shown side by side, told apart by their indicators' names.
    names = [register.indicators[by_id[i].indicator].name("vi") for i in ("T2a", "T2b")]
    assert "không tính quyền tác giả" in names[0] and "kể cả quyền tác giả" in names[1]
    assert by_id["T1a"].target["value"] == 5500
    for t2 in ("T2a", "T2b"):
        assert (by_id[t2].target["growth_low"], by_id[t2].target["growth_high"]) == (0.03, 0.05)
    assert "5.500 văn bằng" in by_id["T1a"].quote
    assert "plan_151" in register.plans


def test_every_reading_of_t1_keeps_the_5500_of_the_sentence_and_its_35_percent():
    register = load_target_register()
    for target_id in ("T1a", "T1b"):
        target = register.target(target_id)
        assert (target.target["value"], target.target["min_growth_on_baseline"]) == (5500, 0.35), target_id
    t1b = register.target("T1b")
    assert (t1b.kind, t1b.baseline, t1b.target["period"]) == \
        ("level", {"period": [2011, 2020], "value": "from_data"}, [2021, 2030])
    # The sentence says "được cấp" (granted): reading (a) counts titles granted, not titles still in force.
    assert "nói «được cấp», không nói «còn hiệu lực»" in register.target("T1a").note_vi


def test_t2s_two_readings_count_applications_without_and_with_copyright_registrations():
    register = load_target_register()
    without, with_copyright = (register.indicators[register.target(t).indicator] for t in ("T2a", "T2b"))
    assert "copyright" not in without.ip_types and "plant_variety" in without.ip_types
    assert with_copyright.ip_types == ("all_top_level",)  # every top-level type, copyright included
    assert all(register.target(t).target["compare_with"] == "T2b"
               for t in ("T3_patent", "T3_utility_solution", "T3_plant_variety"))


def test_decision_2724_sets_the_merged_citys_bands_from_its_2025_base_with_item_5_on_trademarks():
    register = load_target_register()
    bands = {target.id: (target.target["growth_low"], target.target["growth_high"], target.territory_basis,
                         target.baseline["year"]) for target in register.targets
             if target.plan == "decision_2724" and target.kind == "growth"}
    assert bands == {"D2724_patent_applications": (0.16, 0.18, "can_tho", 2025),
                     "D2724_patent_titles": (0.16, 0.18, "can_tho", 2025),
                     "D2724_plant_variety_applications": (0.12, 0.14, "can_tho", 2025),
                     "D2724_trademark_applications": (0.08, 0.10, "can_tho", 2025)}
    assert register.target("D2724_trademark_applications").indicator == "applications_trademark"


def test_decision_2724_counts_training_attendances_and_says_the_start_year_is_a_reading():
    register = load_target_register()
    target = register.target("D2724_people_trained")
    assert "lượt" in target.quote and "6.000" in target.quote
    assert "attendances" in register.indicators[target.indicator].name_en
    assert "Lượt người" in register.indicators[target.indicator].name_vi
    assert "our" in target.note_en and "start year" in target.note_en
    ocop = register.target("D2724_ocop_supported_share")
    assert "sản phẩm, dịch vụ chủ lực, đặc thù" in ocop.quote and "OCOP" in ocop.quote


def test_decision_3032_gives_the_former_citys_2025_checkpoints_and_its_cut_2030_target():
    register = load_target_register()
    targets = {target.id: target for target in register.targets if target.plan == "decision_3032"}
    assert {target_id: (t.indicator, t.target["year"], t.target["value"], t.territory_basis)
            for target_id, t in targets.items()} == {
        "D3032_training_2025": ("people_trained_since_2021", 2025, 3000, "can_tho_former"),
        "D3032_research_bodies_2025": ("research_bodies_supported_share", 2025, 100, "can_tho_former"),
        "D3032_key_products_2025": ("key_products_supported_share", 2025, 40, "can_tho_former"),
        "D3032_training_2030": ("people_trained_since_2021", 2030, 6000, "can_tho_former"),
    }
    assert register.indicators["people_trained_since_2021"].cumulative_from == 2021
    assert "reading" in targets["D3032_training_2025"].note_en
    assert "unknown" in targets["D3032_training_2030"].note_en


def test_soc_trangs_plan_110_counts_every_type_of_application_from_its_2020_base():
    target = load_target_register().target("P110_applications")
    assert (target.plan, target.indicator, target.territory_basis, target.baseline["year"]) == \
        ("plan_110_soc_trang", "applications_all", "soc_trang_former", 2020)
    assert (target.target["growth_low"], target.target["growth_high"]) == (0.10, 0.12)
    assert "quyền tác giả" in target.quote  # why copyright registrations count


def test_the_national_rates_are_reference_lines_with_their_bands_plant_varieties_under_decision_2205():
    register = load_target_register()
    national = {(target.plan, target.indicator): (target.target["growth_low"], target.target["growth_high"])
                for target in register.targets if target.reference}
    assert national == {("decision_1068", "applications_patent"): (0.16, 0.18),
                        ("decision_1068", "titles_patent"): (0.16, 0.18),
                        ("decision_1068", "applications_industrial_design"): (0.06, 0.08),
                        ("decision_1068", "applications_trademark"): (0.08, 0.10),
                        ("decision_2205", "applications_plant_variety"): (0.12, 0.14)}
    assert {target.plan for target in register.targets if target.reference} == {"decision_1068", "decision_2205"}
    # Decision 1068 targets design and trademark applications only, not titles.
    assert all("văn bằng" not in register.target(t).quote for t in ("D1068_industrial_design", "D1068_trademark"))


def test_one_indicator_carries_targets_from_several_plans():
    register = load_target_register()
    assert {target.plan for target in register.targets_of("applications_patent")} == \
        {"plan_151", "decision_2724", "decision_1068"}


def test_only_paraphrased_or_translated_sentences_are_marked_as_not_checked_against_the_published_words():
    register = load_target_register()
    assert {target.id for target in register.targets if not target.quote_verified} == \
        {"D2724_trademark_applications", "D3032_research_bodies_2025", "D2205_plant_variety"}


def test_every_target_says_where_its_sentence_was_read_and_what_a_cut_page_leaves_unknown():
    with TARGETS_FILE.open(encoding="utf-8") as f:
        checks = yaml.safe_load(f)["quote_checks"]
    register = load_target_register()
    assert set(checks) == {target.id for target in register.targets}
    for target_id, check in checks.items():
        assert check["quote_source"].strip() and check["quote_read"] == "2026-12-02", target_id
        if not check["quote_complete"]:
            assert check["quote_unknown_vi"].strip() and check["quote_unknown_en"].strip(), target_id
    assert not checks["D2724_trademark_applications"]["quote_complete"]
    assert not checks["D3032_training_2030"]["quote_complete"]


def test_every_target_uses_measures_types_and_territories_that_exist():
    register = load_target_register()
    measures = set(load_vocabulary("measure").codes)
    types = set(load_vocabulary("ip_type").codes) | {"all_top_level"}
    territories = set(load_vocabulary("territory").codes)
    for indicator in register.indicators.values():
        for component in indicator.components:
            assert component.measure in measures, indicator.id
            assert set(component.ip_types) <= types, indicator.id
        if indicator.derive_from:
            assert set(indicator.derive_from["ip_types"]) <= types, indicator.id
    for target in register.targets:
        assert target.territory_basis in territories, target.id


def test_a_plans_two_targets_on_one_indicator_must_differ_in_year_or_reading(tmp_path):
    """Readers tell a plan's targets apart by year and reading, not by code: two that agree on both
    would share a legend entry and a column of the chart's data."""
    raw = yaml.safe_load(TARGETS_FILE.read_text(encoding="utf-8"))
    twin = dict(next(entry for entry in raw["targets"] if entry["id"] == "T3_patent"), id="T3_patent_twin")
    raw["targets"].append(twin)
    path = tmp_path / "targets.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(ValueError, match="T3_patent and T3_patent_twin"):
        load_target_register(path)
    twin["reading"] = "b"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert load_target_register(path).target("T3_patent_twin").reading == "b"


def test_a_plan_without_its_short_name_or_with_a_wrong_day_status_or_link_is_refused_with_every_problem():
    import copy

    from ipmonitor.register.targets import TARGETS_FILE, build_target_register
    from ipmonitor.yaml_files import read_yaml

    raw = copy.deepcopy(read_yaml(TARGETS_FILE))
    plan = raw["plans"]["decision_2724"]
    del plan["short_vi"]
    plan.update(issued_on="1/12/2025", status="abolished", link="javascript:alert(1)", colour="red")
    with pytest.raises(ValueError) as refused:
        build_target_register(raw)
    lines = str(refused.value).splitlines()
    assert all(line.startswith("decision_2724: ") for line in lines)
    assert len(lines) == 5  # short_vi, issued_on, status, link, the unknown field: each on its own line


def test_the_shipped_plans_say_their_number_day_and_issuer():
    from ipmonitor.register.targets import load_target_register

    plans = load_target_register().plans
    assert plans["plan_151"]["number"] == "151/KH-UBND" and plans["plan_151"]["issued_on"] == "2020-11-24"
    assert all(entry.get("issuer_vi") and entry.get("issuer_en") and entry.get("source") for entry in plans.values())
