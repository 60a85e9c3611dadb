"""Assessments in words: a sentence per target, a verdict per plan, in both languages."""
from ipmonitor.progress.assessment import compute_assessment
from ipmonitor.progress.scoreboard import TargetResult
from ipmonitor.progress.series import IndicatorSeries
from ipmonitor.progress.verdicts import describe_status_line, describe_target, plan_verdict
from tests.unit.pinned_targets import pinned_register

REGISTER = pinned_register()


def result(target_id: str, values: dict[int, float]) -> TargetResult:
    target = REGISTER.target(target_id)
    series = IndicatorSeries.reported(values, target.territory_basis)
    return TargetResult(target.id, target.plan, target.indicator, target.reference,
                        compute_assessment(target, series), series)


def test_a_lagging_target_says_what_each_remaining_year_now_needs():
    lagging = result("T2", {2020: 800, 2025: 800 * 1.01 ** 5})
    assert describe_target(lagging, "vi") == ("Tăng 1,0%/năm, thấp hơn mức cần 3,0%/năm; từ nay mỗi năm cần tăng "
                                              "5,0% để đạt mục tiêu năm 2030.")


def test_a_period_total_is_told_as_its_yearly_pace_against_the_average_it_needs():
    titles = {year: 100 for year in range(2011, 2021)} | {2021: 110, 2022: 120}
    assert describe_target(result("T1b", titles), "vi") == (
        "Đã cấp 230 văn bằng trong 2021–2022, bình quân 115/năm, thấp hơn mức cần 135/năm; "
        "từ nay mỗi năm cần cấp 140 để đạt 1.350 cho cả 2021–2030.")
    assert describe_target(result("T1b", titles | {2021: 140, 2022: 140}), "en") == (
        "280 granted in 2021–2022, 140 a year on average; 2021–2030 needs 1,350, 135 a year: at this pace it is reached.")
    assert describe_target(result("T1b", titles | {2021: 1400}), "vi").startswith("Đã đạt: đã cấp 1.520 văn bằng")


def test_the_plan_verdict_counts_the_targets_on_course_and_names_those_behind():
    results = [result("T1a", {2020: 4074, 2025: 5000}), result("T2", {2020: 800, 2025: 810}),
               result("T3_patent", {2021: 5})]
    assert plan_verdict(results, "plan_151", REGISTER, "en") == (
        "Plan 151/KH-UBND (24 Nov 2020): 1 of 3 targets achieved or on track. Behind: New applications (all types, copyright included). "
        "1 not assessable yet.")


def test_a_plan_with_nothing_assessable_says_so():
    results = [result("D2724_patent_applications", {2025: 27})]
    assert plan_verdict(results, "decision_2724", REGISTER, "vi") == \
        "Quyết định 2724/QĐ-UBND (01/12/2025): chưa đánh giá được, vì chưa có số liệu sau năm gốc."


def test_the_status_line_names_the_target_its_status_and_the_projection():
    line = describe_status_line(result("T2", {y: 800 * 1.04 ** (y - 2020) for y in range(2016, 2026)}), REGISTER, "en")
    assert line.startswith("Plan 151 · New applications (all types, copyright included) · by 2030: on track · latest 973 (2025); ")
    assert "projected 2030: 1,184 (80% interval: 1,184–1,184)" in line


def linear_result(target_id: str, values: dict[int, float], unit: str) -> TargetResult:
    target = REGISTER.target(target_id)
    series = IndicatorSeries(target.territory_basis, dict(values), {y: "reported" for y in values},
                             {y: 1 for y in values}, (), unit, "linear")
    return TargetResult(target.id, target.plan, target.indicator, target.reference,
                        compute_assessment(target, series), series)


def test_a_share_is_told_in_percentage_points_a_year_not_as_a_growth_rate():
    share = linear_result("D2724_ocop_supported_share", {2025: 35, 2026: 36}, "percent")
    assert describe_target(share, "vi") == ("Tăng 1,0 điểm %/năm, thấp hơn mức cần 5,0 điểm %/năm; từ nay mỗi năm "
                                            "cần tăng 6,0 điểm % để đạt mục tiêu năm 2030.")
    assert "1.0 points a year" in describe_target(share, "en")
    assert "40,0% (2026)" in describe_status_line(linear_result("D2724_ocop_supported_share", {2025: 35, 2026: 40},
                                                                "percent"), REGISTER, "vi")


def test_a_running_total_is_told_as_the_people_a_year_it_needs():
    people = linear_result("D2724_people_trained", {2026: 1100}, "attendances")
    assert describe_target(people, "vi") == ("Bình quân 1.100 lượt người/năm, thấp hơn mức cần khoảng 1.200 lượt người/năm; "
                                             "từ nay mỗi năm cần khoảng 1.225 lượt người để đạt mục tiêu năm 2030.")
    assert describe_target(linear_result("D2724_people_trained", {2026: 1100, 2030: 6100}, "attendances"), "en") == \
        "Achieved: 6,100 attendances in 2030, above the 6,000 attendances aimed for."


def test_a_level_band_tells_its_low_edge_and_its_high_edge_beside_it():
    band = linear_result("D2724_patent_commercialisation", {2025: 5, 2026: 5.7}, "percent")
    sentence = describe_target(band, "vi")
    assert sentence.startswith("Tăng 0,7 điểm %/năm, mức cần là 0,6 điểm %/năm")
    assert sentence.endswith("Cận trên 10,0%: cần 1,0 điểm %/năm (cần tăng tốc).")
