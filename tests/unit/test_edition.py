"""The words a report uses: year spans, latest values and aims in the reader's number format."""
from ipmonitor.progress.assessment import compute_assessment
from ipmonitor.i18n import t
from ipmonitor.documents.edition import aims_by_target, describe_latest, source_label, year_spans
from ipmonitor.progress.scoreboard import TargetResult
from ipmonitor.progress.series import IndicatorSeries
from ipmonitor.register.targets import load_target_register

REGISTER = load_target_register()


def result(target_id: str, values: dict[int, float]) -> TargetResult:
    target = REGISTER.target(target_id)
    series = IndicatorSeries.reported(values, target.territory_basis)
    return TargetResult(target.id, target.plan, target.indicator, target.reference,
                        compute_assessment(target, series), series)


def test_years_are_written_as_spans_of_consecutive_years():
    assert year_spans([2014, 2010, 2011, 2012, 2016, 2017]) == "2010–2012, 2014, 2016–2017"
    assert year_spans([]) == ""


def test_the_latest_value_and_the_target_are_written_the_vietnamese_way():
    stock = result("T1a", {2020: 4074, 2025: 5391})
    assert describe_latest(stock, REGISTER, "vi") == "5.391 (2025)"
    assert describe_latest(stock, REGISTER, "vi", with_target=True) == \
        "Mới nhất: 5.391 (2025) · mục tiêu: 5.500 (2030)."
    assert describe_latest(stock, REGISTER, "en", with_target=True) == "Latest: 5,391 (2025) · target: 5,500 (2030)."


def test_a_period_target_shows_its_total_so_far_with_the_years_it_covers():
    grants = result("T1b", {**{year: 100 for year in range(2011, 2021)}, 2021: 500, 2022: 700})
    assert describe_latest(grants, REGISTER, "vi") == "1.200 (2021–2022)"


def test_every_target_has_an_aim_in_words():
    aims = aims_by_target(REGISTER, "vi")
    assert set(aims) == {target.id for target in REGISTER.targets}
    assert aims["T2a"] == aims["T2b"] == "+3% đến +5%/năm, đến năm 2030"
    assert aims["T1b"] == "ít nhất 5.500 và +35% so với 2011–2020, tổng giai đoạn 2021–2030"


def test_a_source_an_upload_created_without_a_publisher_is_labelled_without_one():
    import pandas as pd
    row = pd.DataFrame([{"code": "src-1", "title": "Báo cáo thử", "publisher": None, "kind": "published"}]).iloc[0]
    assert source_label(row, "vi") == f"src-1: Báo cáo thử ({t('source_kind.published', 'vi')})"
