"""The city as it is now in one line: the plans in force for the merged city, their targets counted by
status worst first, in both languages; the former territories' plans labelled as history."""
import datetime as dt
from types import SimpleNamespace

import pytest

from ipmonitor.progress.city_verdict import (WORST_FIRST, compute_city_line, compute_plan_spans,
                                             describe_city_line, group_links, order_plans, plan_heading)
from ipmonitor.progress.growth import STATUSES
from ipmonitor.store.reference import load_vocabulary
from ipmonitor.register.targets import load_target_register

REGISTER = load_target_register()
TERRITORIES = load_vocabulary("territory")
TODAY = dt.date(2026, 12, 1)
SPANS = compute_plan_spans(REGISTER, TERRITORIES)


def results(statuses: dict[str, str], default: str = "on_track") -> list:
    """Every registered target with a status: the given ones, `default` for the rest. The line reads only
    the plan, the indicator, the id and the status."""
    return [SimpleNamespace(target_id=target.id, plan=target.plan, indicator=target.indicator,
                            assessment=SimpleNamespace(status=statuses.get(target.id, default)))
            for target in REGISTER.targets]


def test_the_merged_citys_plans_in_force_are_decision_2724_and_the_two_national_decisions():
    line = compute_city_line(results({}), REGISTER, TERRITORIES, TODAY)
    assert line.territory == "can_tho"
    assert line.plans == ("decision_2724", "decision_1068", "decision_2205")
    assert line.total == sum(1 for target in REGISTER.targets if target.plan in line.plans) == 12


def test_the_former_territories_plans_end_when_their_territory_ceased_on_30_june_2025():
    for plan in ("plan_151", "decision_3032", "plan_110_soc_trang"):
        assert SPANS[plan].end == dt.date(2025, 6, 30), plan
    assert SPANS["plan_151"].territories == ("can_tho_former",)
    assert (SPANS["decision_2724"].start, SPANS["decision_2724"].end) == (dt.date(2025, 7, 1), dt.date(2030, 12, 31))


def test_no_plan_is_in_force_for_the_merged_city_before_it_existed_or_after_its_plans_end():
    assert compute_city_line(results({}), REGISTER, TERRITORIES, dt.date(2025, 6, 30)).plans == ()
    assert compute_city_line(results({}), REGISTER, TERRITORIES, dt.date(2025, 7, 1)).plans == \
        ("decision_2724", "decision_1068", "decision_2205")
    assert compute_city_line(results({}), REGISTER, TERRITORIES, dt.date(2031, 1, 1)).plans == ()


def test_the_counts_come_worst_first_with_empty_statuses_left_out():
    statuses = {"D2724_patent_applications": "moving_away", "D1068_patent": "moving_away",
                "D2724_patent_titles": "needs_acceleration", "D2205_plant_variety": "achieved",
                "D2724_people_trained": "not_assessable", "T1a": "moving_away"}  # T1a: Plan 151, not counted
    line = compute_city_line(results(statuses), REGISTER, TERRITORIES, TODAY)
    assert [(group.status, len(group.results)) for group in line.groups] == [
        ("moving_away", 2), ("needs_acceleration", 1), ("on_track", 7), ("achieved", 1), ("not_assessable", 1)]
    assert [result.target_id for result in line.groups[0].results] == ["D2724_patent_applications", "D1068_patent"]


def test_worst_first_covers_every_status_with_not_assessable_last():
    assert sorted(WORST_FIRST) == sorted(STATUSES) and WORST_FIRST[-1] == "not_assessable"
    assert WORST_FIRST.index("moving_away") < WORST_FIRST.index("limited_progress") < \
        WORST_FIRST.index("needs_acceleration") < WORST_FIRST.index("on_track") < WORST_FIRST.index("achieved")


def test_the_line_reads_as_one_vietnamese_sentence():
    statuses = {"D2724_patent_applications": "moving_away", "D1068_patent": "moving_away",
                "D2724_patent_titles": "needs_acceleration"}
    line = compute_city_line(results(statuses), REGISTER, TERRITORIES, TODAY)
    assert describe_city_line(line, REGISTER, TERRITORIES, "vi") == (
        "Thành phố Cần Thơ (sau hợp nhất): 2 chỉ tiêu đi ngược mục tiêu, 1 cần tăng tốc, 9 đúng lộ trình "
        "— trên 12 chỉ tiêu của các kế hoạch đang có hiệu lực: QĐ 2724, QĐ 1068 (quốc gia), QĐ 2205 (quốc gia).")


@pytest.mark.parametrize("moving_away, expected", [
    (["D2724_patent_applications"], "Can Tho City (merged): moving away: 1 target; on track: 11 — out of 12 targets"),
    (["D2724_patent_applications", "D1068_patent"],
     "Can Tho City (merged): moving away: 2 targets; on track: 10 — out of 12 targets"),
])
def test_the_english_line_says_target_for_one_and_targets_for_more(moving_away, expected):
    line = compute_city_line(results(dict.fromkeys(moving_away, "moving_away")), REGISTER, TERRITORIES, TODAY)
    assert describe_city_line(line, REGISTER, TERRITORIES, "en").startswith(expected)


def test_a_single_target_in_force_is_one_target_in_english():
    only = [r for r in results({}) if r.target_id == "D2205_plant_variety"]
    line = compute_city_line(only, REGISTER, TERRITORIES, TODAY)
    assert "out of 1 target of the plans in force" in describe_city_line(line, REGISTER, TERRITORIES, "en")


def test_with_a_chip_the_statuses_are_drawn_by_it_and_the_words_escaped():
    line = compute_city_line(results({"D1068_patent": "moving_away"}), REGISTER, TERRITORIES, TODAY)
    text = describe_city_line(line, REGISTER, TERRITORIES, "en", chip=lambda status, lang: f"<b>{status}</b>")
    assert text.startswith("Can Tho City (merged): <b>moving_away</b>: 1 target; <b>on_track</b>: 11")


def test_each_group_links_to_its_targets_by_plan_and_name():
    line = compute_city_line(results({"D1068_patent": "moving_away"}), REGISTER, TERRITORIES, TODAY)
    assert group_links(line.groups[0], REGISTER, "vi") == [("QĐ 1068 (quốc gia) · Đơn đăng ký sáng chế",
                                                            "applications_patent")]


def test_plan_151_is_labelled_as_the_former_citys_history_from_the_register_and_the_territories():
    assert plan_heading("plan_151", REGISTER, SPANS, TERRITORIES, TODAY, "vi") == \
        "KH 151 – Thành phố Cần Thơ (cũ), đến 30/06/2025"
    assert plan_heading("plan_151", REGISTER, SPANS, TERRITORIES, TODAY, "en") == \
        "Plan 151 – Former Can Tho City, to 30 Jun 2025"
    assert plan_heading("decision_2724", REGISTER, SPANS, TERRITORIES, TODAY, "vi") == \
        REGISTER.plan_name("decision_2724", "vi")
    # Before the merger Plan 151 was the city's plan, not history.
    assert plan_heading("plan_151", REGISTER, SPANS, TERRITORIES, dt.date(2025, 3, 1), "en") == \
        REGISTER.plan_name("plan_151", "en")


def test_the_plans_in_force_come_first_and_the_former_territories_plans_last():
    assert order_plans(REGISTER, SPANS, TODAY) == ["decision_2724", "decision_1068", "decision_2205",
                                                   "plan_151", "decision_3032", "plan_110_soc_trang"]
