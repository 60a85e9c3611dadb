"""The plans' other indicators on the shipped database: Decision 2724's three targets are assessed on
the merged city, the indicators without a number load as series in their units, and no figure about
no IP type leaks into a sum over IP types."""
import pytest

from etl.cli import main
from ipmonitor.progress.assessment import flat_record
from ipmonitor.store.queries import load_indicator_rows
from ipmonitor.progress.scoreboard import assess_register, load_indicator_series
from ipmonitor.register.targets import load_target_register

REGISTER = load_target_register()
NEW_TARGETS = ("D2724_people_trained", "D2724_ocop_supported_share", "D2724_patent_commercialisation")


def test_decision_2724s_people_shares_and_band_are_assessed_on_the_merged_city(database):
    results = {r.target_id: r for r in assess_register(database)}
    for target_id in NEW_TARGETS:
        a = results[target_id].assessment
        assert a.status != "not_assessable", (target_id, a.reason)
        assert a.territory == "can_tho" and a.shape == "linear"
        # A straight line's pace is a change in the unit, never a growth rate.
        assert a.pace.required is not None and flat_record(a)["actual_cagr"] is None
    people = results["D2724_people_trained"].assessment
    assert (people.unit, people.base_value, people.target_value) == ("attendances", 0, 6000)
    assert people.pace.required == pytest.approx(1200)
    assert people.latest_year == 2026
    share = results["D2724_ocop_supported_share"].assessment
    assert share.unit == "percent" and share.base_year == 2025 and 0 < share.base_value < 60
    band = results["D2724_patent_commercialisation"].assessment
    assert (band.target_value, band.target_value_high) == (8, 10) and band.status_high_edge is not None


def test_the_merged_citys_past_shares_are_rebuilt_from_the_former_provinces_counts(database):
    share = load_indicator_series(database, "key_products_supported_share")
    supported = load_indicator_rows(database, "key_products_ip_supported", ["not_applicable"],
                                    ["can_tho_former", "hau_giang_former", "soc_trang_former"])
    listed = load_indicator_rows(database, "key_products_listed", ["not_applicable"],
                                 ["can_tho_former", "hau_giang_former", "soc_trang_former"])
    in_2023 = lambda frame: frame[frame["year"] == 2023]["value"].sum()  # noqa: E731
    assert share.basis[2023] == "rebuilt" and share.basis[2025] == "reported"
    assert share.values[2023] == pytest.approx(100 * in_2023(supported) / in_2023(listed))
    assert (share.unit, share.territory) == ("percent", "can_tho")


@pytest.mark.parametrize("indicator, unit", [("people_trained", "attendances"), ("registrations_supported", "dossiers"),
                                             ("registration_support_amount", "vnd"),
                                             ("enforcement_cases", "cases")])
def test_indicators_without_a_number_load_as_series_in_their_units(database, indicator, unit):
    assert indicator in REGISTER.untargeted()
    series = load_indicator_series(database, indicator)
    assert series.unit == unit and series.territory == "can_tho"
    assert set(range(2021, 2027)) <= set(series.values)
    assert all(value > 0 for value in series.values.values())


def test_figures_about_no_ip_type_never_enter_a_sum_over_ip_types(database):
    rows = load_indicator_rows(database, "people_trained", ["all_top_level"], ["can_tho"])
    assert rows.empty


def test_every_new_figure_is_marked_illustrative(database):
    kinds = database.execute("""
        SELECT DISTINCT s.kind FROM current_figure c JOIN source s ON s.source_id = c.source_id
        WHERE c.ip_type = 'not_applicable'""").fetchall()
    assert kinds == [("illustrative",)]


def test_a_file_giving_people_trained_under_a_real_type_is_refused_with_row_and_column(db_path, tmp_path, capsys):
    upload = tmp_path / "people.csv"
    upload.write_text("Năm,Địa bàn,Loại đối tượng,Chỉ tiêu,Giá trị,Nguồn\n"
                      "2026,can_tho,Nhãn hiệu,people_trained,1200,Test\n"
                      "2026,can_tho,,registrations_supported,95,Test\n", encoding="utf-8")
    assert main(["load", str(upload), "--db", str(db_path)]) != 0
    out = capsys.readouterr().out + capsys.readouterr().err
    assert "dòng 2" in out and "cột C" in out and "không chia theo loại đối tượng" in out
    assert "dòng 3" not in out  # a blank type cell for a measure about no type is the placeholder
