"""Registrations supported at home and abroad, and the enterprises supported: `etl init` on a fresh
database has the three measures and their illustrative figures (parts adding up to every total); real
CSV and XLSX files in both languages' headers, long and wide, load the split; a file whose parts and
total disagree, alone or with the figures already in the database, is refused at the cell, the database
untouched; and the split's download carries each value's kind and source."""
from __future__ import annotations

import io

import duckdb
import openpyxl
import pandas as pd
import pytest

from etl.cli import main
from etl.seed import initialise_database
from ipmonitor.documents.chart_data import load_split_sheets
from ipmonitor.formats import CSV, XLSX

PARTS = ("registrations_supported_domestic", "registrations_supported_abroad")


def current(db_path, measure: str, territory: str = "can_tho") -> dict[int, int]:
    with duckdb.connect(str(db_path), read_only=True) as con:
        rows = con.execute("SELECT year, value FROM current_figure WHERE measure = ? AND territory = ?",
                           [measure, territory]).fetchall()
    return {year: int(value) for year, value in rows}


def figure_count(db_path) -> int:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute("SELECT count(*) FROM figure_version").fetchone()[0]


def load(path, db_path, capsys, lang: str = "vi") -> tuple[int, str]:
    capsys.readouterr()
    code = main(["load", str(path), "--db", str(db_path), "--lang", lang])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_a_fresh_init_has_the_three_measures_and_their_illustrative_split(tmp_path):
    path = tmp_path / "fresh.duckdb"
    report = initialise_database(path)
    assert all(prepared.ok for prepared, _ in report.loads)
    with duckdb.connect(str(path), read_only=True) as con:
        units = dict(con.execute("SELECT code, unit FROM measure WHERE code IN (?, ?, ?)",
                                 [*PARTS, "enterprises_supported"]).fetchall())
        kinds = con.execute("""SELECT DISTINCT s.kind FROM current_figure c JOIN source s USING (source_id)
                               WHERE c.measure IN (?, ?, ?)""", [*PARTS, "enterprises_supported"]).fetchall()
        totals = con.execute("""
            SELECT t.year, t.territory, t.value, sum(p.value), count(p.value)
            FROM current_figure t JOIN current_figure p
              ON p.year = t.year AND p.territory = t.territory AND p.measure IN (?, ?)
            WHERE t.measure = 'registrations_supported' GROUP BY ALL""", list(PARTS)).fetchall()
    assert units == {PARTS[0]: "dossiers", PARTS[1]: "dossiers", "enterprises_supported": "enterprises"}
    assert kinds == [("illustrative",)]
    assert len(totals) == 4 * 3 + 2  # every year and territory with a total: 2021-2024 former, 2025-2026 merged
    assert all(total == added and parts == 2 for _, _, total, added, parts in totals)


def test_a_vietnamese_csv_with_the_split_loads(db_path, tmp_path, capsys):
    upload = tmp_path / "ho-tro-2027.csv"
    upload.write_text("Năm;Địa bàn;Loại đối tượng;Chỉ tiêu;Giá trị;Nguồn\n"
                      "2027;Cần Thơ;;Số hồ sơ đăng ký được thành phố hỗ trợ;101;Báo cáo 12/BC-SKHCN\n"
                      "2027;Cần Thơ;;Hồ sơ trong nước;92;Báo cáo 12/BC-SKHCN\n"
                      "2027;Cần Thơ;;Hồ sơ nước ngoài;9;Báo cáo 12/BC-SKHCN\n"
                      "2027;Cần Thơ;;Số doanh nghiệp được hỗ trợ;61;Báo cáo 12/BC-SKHCN\n", encoding="utf-8-sig")
    code, out = load(upload, db_path, capsys)
    assert code == 0, out
    assert current(db_path, "registrations_supported")[2027] == 101
    assert (current(db_path, PARTS[0])[2027], current(db_path, PARTS[1])[2027]) == (92, 9)
    assert current(db_path, "enterprises_supported")[2027] == 61


def test_an_english_wide_workbook_with_the_split_loads(db_path, tmp_path, capsys):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Support"
    sheet.append(["Territory: Can Tho City (merged)"])
    sheet.append(["Source: Department of Science and Technology, report 12/BC-SKHCN"])
    sheet.append([])
    sheet.append(["Measure", "IP type", "2027", "2028"])
    sheet.append(["Registration dossiers supported by the city", None, 101, 110])
    sheet.append(["Dossiers supported at home", None, 92, 100])
    sheet.append(["Dossiers abroad", None, 9, 10])
    sheet.append(["Enterprises supported", None, 61, 66])
    upload = tmp_path / "support-2027-2028.xlsx"
    book.save(upload)
    code, out = load(upload, db_path, capsys, "en")
    assert code == 0, out
    assert {y: current(db_path, PARTS[0])[y] + current(db_path, PARTS[1])[y] for y in (2027, 2028)} == \
        {2027: 101, 2028: 110}
    assert current(db_path, "enterprises_supported")[2028] == 66


def test_parts_that_disagree_with_their_total_in_the_file_are_refused_at_the_totals_cell(db_path, tmp_path, capsys):
    upload = tmp_path / "lech.csv"
    upload.write_text("Năm,Địa bàn,Loại đối tượng,Chỉ tiêu,Giá trị,Nguồn\n"
                      "2027,can_tho,,registrations_supported,95,Test\n"
                      "2027,can_tho,,registrations_supported_domestic,80,Test\n"
                      "2027,can_tho,,registrations_supported_abroad,10,Test\n", encoding="utf-8")
    before = figure_count(db_path)
    code, out = load(upload, db_path, capsys)
    assert code == 2, out
    line = next(line for line in out.splitlines() if line.startswith("Lỗi"))
    assert line.startswith("Lỗi dòng 2, cột E (Giá trị):")
    assert "80 (dòng 3)" in line and "10 (dòng 4)" in line and "= 90" in line and "là 95" in line
    assert figure_count(db_path) == before
    code, out = load(upload, db_path, capsys, "en")
    assert "Error row 2, column E (Giá trị):" in out and "80 (row 3)" in out and "is 95" in out


def test_a_part_that_breaks_the_databases_total_is_refused_in_an_english_workbook(db_path, tmp_path, capsys):
    # The database holds 2024 former Can Tho: 45 in all, 41 at home, 4 abroad (the shipped figures).
    assert (current(db_path, "registrations_supported", "can_tho_former")[2024],
            current(db_path, PARTS[0], "can_tho_former")[2024]) == (45, 41)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Abroad"
    sheet.append(["Year", "Territory", "IP type", "Measure", "Value", "Source"])
    sheet.append([2024, "Former Can Tho City", None, "Dossiers abroad", 9, "Test"])
    upload = tmp_path / "abroad.xlsx"
    book.save(upload)
    before = figure_count(db_path)
    code, out = load(upload, db_path, capsys, "en")
    assert code == 2, out
    assert "Error row 2, column E (Value):" in out
    assert "41 (already in the database)" in out and "9 (row 2)" in out and "= 50" in out
    assert "is 45 (already in the database)" in out
    assert figure_count(db_path) == before


def test_a_part_above_its_total_is_refused_even_with_the_other_part_missing(db_path, tmp_path, capsys):
    upload = tmp_path / "qua-tong.csv"
    upload.write_text("Năm,Địa bàn,Loại đối tượng,Chỉ tiêu,Giá trị,Nguồn\n"
                      "2027,can_tho,,registrations_supported,20,Test\n"
                      "2027,can_tho,,Hồ sơ nước ngoài,25,Test\n", encoding="utf-8")
    code, out = load(upload, db_path, capsys)
    assert code == 2 and "Lỗi dòng 2, cột E (Giá trị):" in out and "lớn hơn" in out, out


def test_a_total_alone_and_one_part_below_it_load(db_path, tmp_path, capsys):
    upload = tmp_path / "mot-phan.csv"
    upload.write_text("Năm,Địa bàn,Loại đối tượng,Chỉ tiêu,Giá trị,Nguồn\n"
                      "2027,can_tho,,registrations_supported,20,Test\n"
                      "2027,can_tho,,Hồ sơ nước ngoài,5,Test\n"
                      "2028,can_tho,,registrations_supported,22,Test\n", encoding="utf-8")
    code, out = load(upload, db_path, capsys)
    assert code == 0, out


def test_the_splits_download_carries_kind_and_source(db_path):
    frame = pd.read_csv(io.BytesIO(CSV.write(load_split_sheets(db_path, "registrations_supported", "en"))),
                        encoding="utf-8-sig")
    assert {"Registration dossiers supported by the city: at home", "Registration dossiers supported by the city: abroad",
            "Enterprises supported by the city in registering IP"} <= set(frame["Series"])
    assert set(frame["Kind of figure"]) == {"illustrative, not official"}
    assert set(frame["Sources"]) == {"illustrative-2026-plan-indicators"}
    sheets = pd.read_excel(io.BytesIO(XLSX.write(load_split_sheets(db_path, "registrations_supported", "vi"))),
                           sheet_name=None, engine="openpyxl")
    assert len(sheets) == 2 and "illustrative-2026-plan-indicators" in sheets[list(sheets)[1]].to_string()


@pytest.mark.parametrize("lang, names", [
    ("vi", {"Số hồ sơ đăng ký bảo hộ trong nước được thành phố hỗ trợ",
            "Số hồ sơ đăng ký bảo hộ ở nước ngoài được thành phố hỗ trợ",
            "Số doanh nghiệp được thành phố hỗ trợ đăng ký bảo hộ"}),
    ("en", {"Registration dossiers supported by the city: at home (in Viet Nam)",
            "Registration dossiers supported by the city: abroad",
            "Enterprises supported by the city in registering IP"}),
])
def test_the_upload_template_lists_the_new_measures_and_holds_their_figures(db_path, lang, names):
    from etl.template import export_template_csv, export_template_workbook
    book = openpyxl.load_workbook(io.BytesIO(export_template_workbook(db_path, lang)))
    lists = book.worksheets[-1]
    assert lists.sheet_state == "hidden"
    assert names <= {row[1] for row in lists.iter_rows(min_row=2, values_only=True)}
    figures = book.worksheets[1]
    assert names <= {row[2] for row in figures.iter_rows(min_row=2, values_only=True)}
    csv = export_template_csv(db_path, lang).decode("utf-8-sig")
    assert all(name in csv for name in names)
