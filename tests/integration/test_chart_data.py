"""The figures behind the Trajectories chart as CSV and XLSX, with the targets and sources beside them."""
import io

import duckdb
import openpyxl
import pandas as pd
import pytest

from ipmonitor.chart_data import build_chart_data_csv, build_trajectory_data, export_trajectory_data
from ipmonitor.scoreboard import assess_register
from ipmonitor.targets import load_target_register

REGISTER = load_target_register()


@pytest.fixture(scope="module")
def t2(initialised_template):
    with duckdb.connect(str(initialised_template), read_only=True) as con:
        return next(r for r in assess_register(con) if r.target_id == "T2")


def test_the_chart_data_has_the_actual_values_the_required_path_and_the_target_year_by_year(t2):
    entries = [(REGISTER.target("T2"), t2.assessment, "KH 151")]
    data = build_trajectory_data(t2.series, entries, "vi", {2015: ("dost-cantho-2015", "illustrative-2026")})
    rows = data.set_index("Năm")
    assert list(rows.index) == list(range(min(t2.series.values), 2031))
    assert rows["Thực tế"].dropna().to_dict() == t2.series.values
    path = rows["KH 151: lộ trình (T2)"]
    assert path[2020] == t2.series.values[2020] and path[2030] == pytest.approx(t2.assessment.target_value, abs=0.05)
    assert pd.isna(path[2019])
    assert rows["KH 151: mục tiêu (T2)"].dropna().to_dict() == {2030: round(t2.assessment.target_value, 1)}
    assert rows.loc[2015, "Nguồn"] == "dost-cantho-2015, illustrative-2026"
    assert rows["Dự báo"].first_valid_index() == max(t2.series.values) + 1


def test_the_csv_carries_a_byte_order_mark_and_the_vietnamese_headers(t2):
    entries = [(REGISTER.target("T2"), t2.assessment, "KH 151")]
    csv = build_chart_data_csv(build_trajectory_data(t2.series, entries, "vi"))
    assert csv.startswith(b"\xef\xbb\xbf") and csv.decode("utf-8-sig").startswith("Năm,Thực tế,Cách có số liệu,Nguồn,")


def test_the_workbook_puts_the_targets_and_the_sources_beside_the_figures(db_path):
    workbook = openpyxl.load_workbook(io.BytesIO(export_trajectory_data(db_path, "applications_patent", "vi")))
    assert workbook.sheetnames == ["Số liệu biểu đồ", "Mục tiêu", "Nguồn"]
    figures = pd.DataFrame(workbook["Số liệu biểu đồ"].values)
    assert figures.iloc[0, 0] == "Năm" and figures.iloc[1, 0] == 2010
    targets = [row[1] for row in workbook["Mục tiêu"].iter_rows(min_row=2, values_only=True)]
    assert targets == ["T3_patent", "D2724_patent_applications", "D1068_patent"]
    codes = [row[0] for row in workbook["Nguồn"].iter_rows(min_row=2, values_only=True)]
    assert codes == ["dost-cantho-2015", "illustrative-2026"]


def test_the_csv_export_in_english_reads_back_with_the_databases_values(db_path, initialised_template):
    csv = export_trajectory_data(db_path, "titles_stock", "en", "csv")
    frame = pd.read_csv(io.BytesIO(csv), encoding="utf-8-sig")
    with duckdb.connect(str(initialised_template), read_only=True) as con:
        series = next(r for r in assess_register(con) if r.target_id == "T1a").series
    assert frame.dropna(subset=["Actual"]).set_index("Year")["Actual"].to_dict() == series.values
    assert frame.set_index("Year")["Sources"][2020] == "plan-151-2020"
