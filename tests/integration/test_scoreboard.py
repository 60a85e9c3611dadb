"""Indicator series from the database's current figures, like for like across the 2025 merger."""
import duckdb
import pytest

from etl.cli import main
from ipmonitor.store.queries import load_indicator_rows
from ipmonitor.progress.scoreboard import assess_register, group_by_series_territory, load_series
from ipmonitor.register.targets import load_target_register

REGISTER = load_target_register()


def test_all_top_level_types_sum_every_type_that_is_not_a_sub_type_or_total(db_path):
    with duckdb.connect(str(db_path), read_only=True) as con:
        rows = load_indicator_rows(con, "applications_filed", ["all_top_level"], ["can_tho_former"])
        patents = load_indicator_rows(con, "applications_filed", ["patent"], ["can_tho_former"])
    total = dict(zip(rows["year"], rows["value"]))
    # The four published types (421), the illustrative rest: no GI or layout design, plant varieties, copyright.
    assert total[2015] == 421 + 0 + 4 + 67
    assert dict(zip(patents["year"], patents["value"]))[2015] == 12
    assert sorted(total) == list(range(2010, 2026))
    assert set(rows["types"]) == {8}


def test_the_merged_citys_past_is_the_sum_of_the_three_former_provinces(db_path):
    with duckdb.connect(str(db_path), read_only=True) as con:
        merged = load_series(con, REGISTER.indicators["applications_all"], "can_tho")
        parts = [load_series(con, REGISTER.indicators["applications_all"], code)
                 for code in ("can_tho_former", "hau_giang_former", "soc_trang_former")]
    assert merged.basis[2020] == "rebuilt" and merged.basis[2025] == "reported"
    assert merged.values[2020] == sum(part.values[2020] for part in parts)
    assert merged.values[2025] == sum(part.values[2025] for part in parts)  # the shipped 2025 is their sum


def test_the_stock_is_carried_forward_by_grants_where_only_grants_are_reported(db_path, tmp_path):
    upload = tmp_path / "grants-2026.csv"
    upload.write_text("Năm,Địa bàn,Loại đối tượng,Chỉ tiêu,Giá trị,Nguồn\n"
                      + "".join(f"2026,can_tho,{code},titles_granted,10,Test source\n"
                                for code in ("patent", "trademark", "copyright")), encoding="utf-8")
    with duckdb.connect(str(db_path)) as con:
        stock_2025 = load_series(con, REGISTER.indicators["titles_stock"], "can_tho").values[2025]
    assert main(["load", str(upload), "--db", str(db_path), "--user", "test"]) == 0
    with duckdb.connect(str(db_path), read_only=True) as con:
        series = load_series(con, REGISTER.indicators["titles_stock"], "can_tho")
    assert series.basis[2026] == "derived"
    assert series.values[2026] == stock_2025 + 20  # copyright certificates are not văn bằng


def test_strong_growth_is_set_beside_the_all_types_rate(db_path):
    with duckdb.connect(str(db_path), read_only=True) as con:
        results = {r.target_id: r.assessment for r in assess_register(con)}
    assert results["T3_plant_variety"].comparison_cagr == pytest.approx(results["T2b"].pace.actual)


def test_as_registered_each_plans_targets_are_grouped_on_their_own_territorys_series(db_path):
    with duckdb.connect(str(db_path), read_only=True) as con:
        patents = [r for r in assess_register(con) if r.indicator == "applications_patent"]
        same_place = [r for r in assess_register(con, territory="can_tho") if r.indicator == "applications_patent"]
    groups = group_by_series_territory(patents)
    assert list(groups) == ["can_tho_former", "can_tho"]
    assert {r.plan for r in groups["can_tho_former"]} == {"plan_151"}
    assert {r.plan for r in groups["can_tho"]} == {"decision_2724", "decision_1068"}
    assert all(r.series is groups["can_tho"][0].series for r in groups["can_tho"])
    assert list(group_by_series_territory(same_place)) == ["can_tho"]
