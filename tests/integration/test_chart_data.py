"""The figures behind the Trajectories chart as CSV and XLSX, with the targets and sources beside them."""
import io

import duckdb
import openpyxl
import pandas as pd
import pytest

from ipmonitor.progress.breakdown import compute_type_growth, load_type_frame, select_flows
from ipmonitor.documents.chart_data import (
    build_chart_data_sheets, build_trajectory_data, load_breakdown_sheets, load_trajectory_sheets,
)
from ipmonitor.formats import CSV, TABLE_FORMATS
from ipmonitor.progress.scoreboard import assess_register
from ipmonitor.register.targets import load_target_register
from ipmonitor.progress.trajectory import build_trajectory
from tests.readable_text import find_codes

REGISTER = load_target_register()


def export_trajectory_data(path, indicator, lang, file_format="xlsx", **options) -> bytes:
    """The Trajectories chart's figures as its download button in `file_format` writes them."""
    return TABLE_FORMATS[file_format].write(load_trajectory_sheets(path, indicator, lang, **options))


def export_breakdown_data(path, frame, measures, territory, lang, file_format) -> bytes:
    """A By-IP-type chart's figures as its download button in `file_format` writes them."""
    return TABLE_FORMATS[file_format].write(load_breakdown_sheets(path, frame, measures, territory, lang))


@pytest.fixture(scope="module")
def t2(initialised_template):
    with duckdb.connect(str(initialised_template), read_only=True) as con:
        return next(r for r in assess_register(con) if r.target_id == "T2b")


def test_the_chart_data_has_the_actual_values_the_required_path_and_the_target_year_by_year(t2):
    entries = [(REGISTER.target("T2b"), t2.assessment, "KH 151")]
    data = build_trajectory_data(build_trajectory(t2.series, entries, sources={2015: ("dost-cantho-2015", "illustrative-2026")},
                                                  kinds={year: "illustrative" for year in t2.series.values}), "vi")
    rows = data.set_index("Năm")
    assert list(rows.index) == list(range(min(t2.series.values), 2031))
    assert rows["Thực tế"].dropna().to_dict() == t2.series.values
    path = rows["KH 151: lộ trình (đến 2030)"]
    assert path[2020] == t2.series.values[2020] and path[2030] == pytest.approx(t2.assessment.target_value, abs=0.05)
    assert pd.isna(path[2019])
    assert rows["KH 151: mục tiêu (đến 2030)"].dropna().to_dict() == {2030: round(t2.assessment.target_value, 1)}
    assert rows.loc[2015, "Nguồn"] == "dost-cantho-2015, illustrative-2026"
    assert rows["Dự báo"].first_valid_index() == max(t2.series.values) + 1


def test_the_csv_carries_a_byte_order_mark_and_the_vietnamese_headers(t2):
    entries = [(REGISTER.target("T2b"), t2.assessment, "KH 151")]
    csv = CSV.write(build_chart_data_sheets(build_trajectory_data(build_trajectory(t2.series, entries, kinds={}), "vi"), "vi"))
    assert csv.startswith(b"\xef\xbb\xbf")
    assert csv.decode("utf-8-sig").startswith("Năm,Đơn vị,Thực tế,Cách có số liệu,Loại số liệu,Nguồn,")


def test_the_workbook_puts_the_targets_and_the_sources_beside_the_figures(db_path):
    workbook = openpyxl.load_workbook(io.BytesIO(export_trajectory_data(db_path, "applications_patent", "vi")))
    assert workbook.sheetnames == ["Số liệu biểu đồ", "Mục tiêu", "Nguồn"]
    figures = pd.DataFrame(workbook["Số liệu biểu đồ"].values)
    assert figures.iloc[0, 0] == "Năm" and figures.iloc[1, 0] == 2010
    targets = [row[:2] for row in workbook["Mục tiêu"].iter_rows(min_row=2, values_only=True)]
    assert targets == [("KH 151", "đến 2030")]  # Plan 151 judges the former city; the decisions the merged one
    codes = [row[0] for row in workbook["Nguồn"].iter_rows(min_row=2, values_only=True)]
    assert codes == ["dost-cantho-2015", "illustrative-2026"]


def test_the_merged_citys_targets_come_with_the_merged_citys_figures(db_path):
    data = export_trajectory_data(db_path, "applications_patent", "vi", series_territory="can_tho")
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    targets = [row[:2] for row in workbook["Mục tiêu"].iter_rows(min_row=2, values_only=True)]
    assert targets == [("QĐ 2724", "đến 2030"), ("QĐ 1068 (quốc gia)", "đến 2030")]
    with duckdb.connect(str(db_path), read_only=True) as con:
        merged = next(r for r in assess_register(con) if r.target_id == "D1068_patent").series
    header, *rows = workbook["Số liệu biểu đồ"].values
    figures = pd.DataFrame(rows, columns=header)
    actual = figures.dropna(subset=["Thực tế"]).set_index("Năm")["Thực tế"].to_dict()
    assert actual == {year: value for year, value in merged.values.items() if year >= min(actual)}
    with pytest.raises(ValueError):
        export_trajectory_data(db_path, "titles_stock", "vi", series_territory="can_tho")


def test_the_csv_export_in_english_reads_back_with_the_databases_values(db_path, initialised_template):
    csv = export_trajectory_data(db_path, "titles_stock", "en", "csv")
    frame = pd.read_csv(io.BytesIO(csv), encoding="utf-8-sig")
    with duckdb.connect(str(initialised_template), read_only=True) as con:
        series = next(r for r in assess_register(con) if r.target_id == "T1a").series
    assert frame.dropna(subset=["Actual"]).set_index("Year")["Actual"].to_dict() == series.values
    assert frame.set_index("Year")["Sources"][2020] == "plan-151-2020"


@pytest.mark.parametrize("lang, kind, derived, illustrative, reported", [
    ("vi", "Loại số liệu", "suy ra từ văn bản công bố", "minh họa, không chính thức", "báo cáo"),
    ("en", "Kind of figure", "derived from a published text", "illustrative, not official", "reported"),
])
def test_each_year_of_the_chart_data_says_its_kind_beside_its_sources_and_never_calls_an_illustrative_one_reported(
        db_path, lang, kind, derived, illustrative, reported):
    for file_format in ("csv", "xlsx"):
        data = export_trajectory_data(db_path, "titles_stock", lang, file_format)
        if file_format == "csv":
            frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
        else:
            header, *rows = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0].values
            frame = pd.DataFrame(rows, columns=header)
        columns = list(frame.columns)
        assert columns.index(kind) + 1 == columns.index("Nguồn" if lang == "vi" else "Sources")
        kinds = frame.dropna(subset=[kind]).set_index(frame.columns[0])[kind].to_dict()
        # 4,074 in 2020 is 5,500 / 1.35 from Plan 151's text; the shipped series around it is made up, and a
        # stock carried forward from it by illustrative grants is illustrative too.
        assert kinds[2020] == derived and kinds[2019] == illustrative and kinds[2025] == illustrative
        assert set(kinds.values()) == {derived, illustrative}
        assert not frame.astype(str).apply(lambda column: column.str.contains(reported)).any().any()


def test_a_by_type_chart_goes_out_with_its_years_headers_and_sources(db_path):
    with duckdb.connect(str(db_path), read_only=True) as con:
        frame = load_type_frame(con, "applications_filed", "can_tho_former")
    growth = compute_type_growth(frame, {"patent": "Sáng chế"}, 2020, "Tổng các loại")
    rows = pd.read_csv(io.BytesIO(export_breakdown_data(db_path, growth, ["applications_filed"], "can_tho_former",
                                                        "vi", "csv")), encoding="utf-8-sig")
    assert list(rows.columns) == ["Chuỗi", "Từ năm", "Đến năm", "Tăng bình quân năm", "Loại số liệu"]
    assert set(rows["Loại số liệu"]) == {"minh họa, không chính thức"}
    assert rows.iloc[-1]["Chuỗi"] == "Tổng các loại" and rows.iloc[0]["Từ năm"] == 2020
    assert rows.iloc[-1]["Đến năm"] == growth.attrs["latest_year"]
    assert rows.iloc[-1]["Tăng bình quân năm"] == pytest.approx(growth["cagr"].iloc[-1], abs=1e-4)
    workbook = openpyxl.load_workbook(io.BytesIO(export_breakdown_data(
        db_path, growth, ["applications_filed"], "can_tho_former", "en", "xlsx")))
    assert workbook.sheetnames == ["Chart figures", "Sources"]
    codes = [row[0] for row in workbook["Sources"].iter_rows(min_row=2, values_only=True)]
    assert codes == ["dost-cantho-2015", "illustrative-2026"]


def test_the_flows_chart_carries_both_measures_values_year_by_year(db_path):
    with duckdb.connect(str(db_path), read_only=True) as con:
        frames = {name: load_type_frame(con, code, "can_tho") for name, code in
                  (("Applications", "applications_filed"), ("Grants", "titles_granted"))}
    flows = select_flows(frames, "patent")
    rows = pd.read_csv(io.BytesIO(export_breakdown_data(db_path, flows, ["applications_filed", "titles_granted"],
                                                        "can_tho", "en", "csv")), encoding="utf-8-sig")
    assert list(rows.columns) == ["Year", "Series", "Value", "Kind of figure"]
    # Every merged-city year adds up three provinces' figures, at least one of them made up.
    assert set(rows["Kind of figure"]) == {"illustrative, not official"}
    assert rows["Value"].sum() == flows["value"].sum() and set(rows["Series"]) == {"Applications", "Grants"}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_chart_data_workbook_names_no_target_code(db_path, lang):
    """The headers of the required paths and target columns and the targets sheet name each target by
    plan and year, as the chart's legend does, never by the register's code."""
    for territory in (None, "can_tho"):
        data = export_trajectory_data(db_path, "titles_stock" if territory is None else "applications_patent",
                                      lang, series_territory=territory)
        workbook = openpyxl.load_workbook(io.BytesIO(data))
        texts = [str(cell) for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row
                 if cell is not None]
        assert len(texts) > 50
        assert find_codes(texts) == []
