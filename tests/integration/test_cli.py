"""Every command of `python -m etl` against a real DuckDB file and real CSV and XLSX files."""
from __future__ import annotations

import hashlib
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest

from etl.cli import EXIT_INVALID, main
from tests.database_holder import database_held
from tests.integration.database_state import assert_only_the_refusal_was_recorded, data_state, refused_loads
from tests.unit.test_read import encode_windows_1258

ROOT = Path(__file__).resolve().parents[2]
LONG_HEADER = "Năm,Loại đối tượng,Chỉ tiêu,Địa bàn,Giá trị,Nguồn\n"


CURRENT = ("SELECT year, ip_type, measure, territory, value, s.code AS source "
           "FROM current_figure JOIN source s USING (source_id) "
           "ORDER BY year, ip_type, measure, territory")


def current(db_path: Path) -> pd.DataFrame:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute(CURRENT).df()


def batches(db_path: Path) -> pd.DataFrame:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute("SELECT * FROM load_batch ORDER BY batch_id").df()


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_wide_workbook(path: Path, rows: list[list], measure="Số đơn đăng ký", territory="Hậu Giang",
                        source="Báo cáo Sở KH&CN Hậu Giang 2026") -> Path:
    """The wide layout analysts keep: a labelled block, then a row per IP type and a column per year."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Số liệu"
    sheet.append(["SỐ LIỆU SỞ HỮU TRÍ TUỆ"])
    sheet.append(["Chỉ tiêu:", measure])
    sheet.append(["Địa bàn:", territory])
    sheet.append(["Nguồn:", source])
    sheet.append([])
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def test_init_builds_the_database_with_the_shipped_figures_and_a_second_init_changes_nothing(tmp_path, capsys):
    path = tmp_path / "new.duckdb"
    assert main(["init", "--db", str(path)]) == 0
    assert "001_reference_tables.sql" in capsys.readouterr().out
    figures = current(path)
    assert len(figures) == 988
    assert main(["init", "--db", str(path), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "up to date" in out and "not loaded again" in out
    assert len(batches(path)) == 1
    pd.testing.assert_frame_equal(current(path), figures)


def test_the_shipped_data_holds_the_published_points_with_their_sources(db_path):
    figures = current(db_path).set_index(["year", "ip_type", "measure", "territory"])
    for ip_type, value in {"trademark": 395, "industrial_design": 12, "patent": 12, "utility_solution": 2}.items():
        row = figures.loc[(2015, ip_type, "applications_filed", "can_tho_former")]
        assert (row["value"], row["source"]) == (value, "dost-cantho-2015")
    stock = figures.loc[(2020, "all_types", "titles_cumulative", "can_tho_former")]
    assert (stock["value"], stock["source"]) == (4074, "plan-151-2020")
    patents = figures.xs(("patent", "applications_filed", "can_tho_former"),
                         level=("ip_type", "measure", "territory"))
    assert patents.loc[2011:2020, "value"].sum() == 82  # most.gov.vn news 19823


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "windows-1258"])
def test_load_reads_a_csv_in_each_encoding_analysts_save(db_path, tmp_path, capsys, encoding):
    text = LONG_HEADER + "2026,Sáng chế,Số đơn đăng ký,Cần Thơ (sau hợp nhất),31,Báo cáo năm 2026\n"
    data = encode_windows_1258(text) if encoding == "windows-1258" else text.encode(encoding)
    path = tmp_path / "figures.csv"
    path.write_bytes(data)
    assert main(["load", str(path), "--db", str(db_path), "--user", "an"]) == 0
    assert "thêm 1, thay đổi 0, giữ nguyên 0" in capsys.readouterr().out
    row = current(db_path).query("year == 2026 and ip_type != 'not_applicable'").iloc[0]
    assert (row["ip_type"], row["territory"], row["value"]) == ("patent", "can_tho", 31)


def test_load_reads_the_wide_workbook_with_vietnamese_headers(db_path, tmp_path, capsys):
    # Former Hau Giang's years: the province merged into Can Tho City on 1 July 2025.
    path = write_wide_workbook(tmp_path / "hau-giang.xlsx", [
        ["Loại đối tượng", "Năm 2022", "Năm 2023", "Năm 2024"],
        ["Sáng chế", 4, 5, 3],
        ["Nhãn hiệu", "1.200", None, 140],
    ])
    assert main(["load", str(path), "--db", str(db_path), "--user", "an", "--note", "năm 2026"]) == 0
    out = capsys.readouterr().out
    assert "thêm 0, thay đổi 5, giữ nguyên 0" in out  # 2024's patents keep 3, from a new source
    figures = current(db_path).set_index(["year", "ip_type", "measure", "territory"])
    assert figures.loc[(2024, "trademark", "applications_filed", "hau_giang_former"), "value"] == 140
    assert figures.loc[(2022, "trademark", "applications_filed", "hau_giang_former"), "value"] == 1200
    batch = batches(db_path).iloc[-1]
    assert (batch["loaded_by"], batch["note"], batch["file_name"]) == ("an", "năm 2026", "hau-giang.xlsx")
    assert batch["sha256"] == file_digest(path)
    assert (batch["rows_added"], batch["rows_changed"], batch["rows_unchanged"]) == (0, 5, 0)


def test_dry_run_prints_the_changes_and_leaves_the_database_file_untouched(db_path, tmp_path, capsys):
    path = tmp_path / "f.csv"
    path.write_text(LONG_HEADER + "2015,Sáng chế,Số đơn đăng ký,Cần Thơ cũ,13,dost-cantho-2015\n")
    before = file_digest(db_path)
    assert main(["load", str(path), "--db", str(db_path), "--dry-run", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "0 to add, 1 to change, 0 unchanged" in out
    assert "12 → 13" in out and "Dry run" in out
    assert file_digest(db_path) == before


def test_a_file_with_errors_exits_2_lists_each_problem_on_its_own_line_and_writes_nothing(db_path, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(LONG_HEADER
                    + "1975,Sáng chế,Số đơn đăng ký,Cần Thơ cũ,3,x\n"
                    + "2024,Bằng khen,Số đơn đăng ký,Cần Thơ cũ,3,x\n"
                    + "2024,Sáng chế,Số đơn đăng ký,Cần Thơ cũ,\"1,5\",x\n"
                    + "2024,Sáng chế,Số đơn đăng ký,Cần Thơ cũ,-4,\n")
    before = data_state(db_path)
    result = subprocess.run([sys.executable, "-m", "etl", "load", str(path), "--db", str(db_path)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 2
    lines = [line for line in result.stdout.splitlines() if line.startswith("Lỗi")]
    assert lines == [
        "Lỗi dòng 2, cột A (Năm): Năm nằm ngoài khoảng 1981–2100. (giá trị: «1975»)",
        "Lỗi dòng 3, cột B (Loại đối tượng): " + lines[1].split(": ", 1)[1],
        "Lỗi dòng 4, cột E (Giá trị): Số liệu phải là số nguyên (số đơn, số văn bằng, số người, số tiền tính bằng "
        "đồng không có phần lẻ). Tỷ lệ phần trăm không nhập: bảng điều khiển tự tính từ hai số đếm. (giá trị: «1,5»)",
        "Lỗi dòng 5: Trùng với dòng 4: cùng năm, loại đối tượng, chỉ tiêu và địa bàn.",
        "Lỗi dòng 5, cột E (Giá trị): Số đếm không được âm. (giá trị: «-4»)",
        "Lỗi dòng 5, cột F (Nguồn): Thiếu nguồn.",
    ]
    assert "Bằng khen" in lines[1]
    assert "Không ghi gì: tệp có 6 lỗi." in result.stdout
    refusal = assert_only_the_refusal_was_recorded(db_path, before, 0, "invalid")
    assert (refusal["file"], refusal["errors"], refusal["sha256"]) == ("bad.csv", 6, file_digest(path))
    assert refusal["problems"] == sorted(refusal["problems"]) and refusal["os_user"]


def test_a_refused_file_type_exits_2_with_its_reason(db_path, tmp_path, capsys):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1000)
    assert main(["load", str(path), "--db", str(db_path), "--lang", "en"]) == 2
    assert "save it as .xlsx" in capsys.readouterr().out


def test_reloading_the_same_file_changes_nothing_and_says_so(db_path, tmp_path, capsys):
    path = tmp_path / "f.csv"
    path.write_text(LONG_HEADER + "2026,Sáng chế,Số đơn đăng ký,Cần Thơ (sau hợp nhất),31,Báo cáo 2026\n")
    assert main(["load", str(path), "--db", str(db_path)]) == 0
    figures, history = current(db_path), batches(db_path)
    capsys.readouterr()
    assert main(["load", str(path), "--db", str(db_path)]) == 0
    assert "Không có gì thay đổi" in capsys.readouterr().out
    pd.testing.assert_frame_equal(current(db_path), figures)
    assert len(batches(db_path)) == len(history)


def test_an_unknown_source_title_becomes_a_new_source_with_a_warning(db_path, tmp_path, capsys):
    path = tmp_path / "f.csv"
    path.write_text("year,ip_type,measure,territory,value,source,source_address\n"
                    "2026,patent,applications_filed,can_tho,31,Báo cáo Cục SHTT 2026,https://ipvietnam.gov.vn\n")
    assert main(["load", str(path), "--db", str(db_path), "--lang", "en"]) == 0
    assert "A new source will be added" in capsys.readouterr().out
    with duckdb.connect(str(db_path), read_only=True) as con:
        title, address, kind = con.execute(
            "SELECT title, address, kind FROM source WHERE title LIKE 'Báo cáo Cục SHTT%'").fetchone()
    assert (title, address, kind) == ("Báo cáo Cục SHTT 2026", "https://ipvietnam.gov.vn", "published")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_unedited_export_loads_back_without_any_change(db_path, tmp_path, capsys, fmt):
    out = tmp_path / f"export.{fmt}"
    assert main(["export", "--db", str(db_path), "--format", fmt, "--out", str(out)]) == 0
    capsys.readouterr()
    assert main(["load", str(out), "--db", str(db_path)]) == 0
    assert "thêm 0, thay đổi 0, giữ nguyên 988" in capsys.readouterr().out
    assert len(batches(db_path)) == 1


def test_an_edited_export_loads_back_only_the_edit(db_path, tmp_path, capsys):
    out = tmp_path / "export.xlsx"
    assert main(["export", "--db", str(db_path), "--format", "xlsx", "--out", str(out), "--lang", "en"]) == 0
    workbook = openpyxl.load_workbook(out)
    sheet = workbook["Figures"]
    header = [c.value for c in sheet[1]]
    assert header[:6] == ["Year", "IP type", "Measure", "Territory", "Value", "Source"]
    sheet.cell(row=2, column=5).value = 999
    workbook.save(out)
    capsys.readouterr()
    assert main(["load", str(out), "--db", str(db_path), "--lang", "en"]) == 0
    assert "0 to add, 1 to change, 987 unchanged" in capsys.readouterr().out


@pytest.mark.parametrize("title", ['=HYPERLINK("x")', "+1", "-Báo cáo-", "@cmd"])
def test_a_source_that_starts_like_a_formula_is_refused(db_path, tmp_path, capsys, title):
    figures = tmp_path / "f.csv"
    quoted = title.replace('"', '""')
    figures.write_text(LONG_HEADER + f'2026,Sáng chế,Số đơn đăng ký,Cần Thơ (sau hợp nhất),31,"{quoted}"\n')
    before = data_state(db_path)
    assert main(["load", str(figures), "--db", str(db_path), "--lang", "en"]) == 2
    assert "Error row 2, column F (Nguồn): Text may not start with" in capsys.readouterr().out
    assert_only_the_refusal_was_recorded(db_path, before, 0, "invalid")


def test_export_neutralises_text_that_a_spreadsheet_would_run(db_path, tmp_path):
    # A title stored before the load refused such text (or typed into the source register) is
    # still made harmless on the way out.
    with duckdb.connect(str(db_path)) as con:
        con.execute("UPDATE source SET title = '=cmd|calc' WHERE code = 'dost-cantho-2015'")
    for fmt in ("csv", "xlsx"):
        out = tmp_path / f"export.{fmt}"
        assert main(["export", "--db", str(db_path), "--format", fmt, "--out", str(out)]) == 0
        if fmt == "csv":
            exported = pd.read_csv(out, encoding="utf-8-sig", dtype=str)
        else:
            exported = pd.read_excel(out, sheet_name=None, dtype=str, engine="calamine")["Số liệu"]
        assert "'=cmd|calc" in set(exported["Tiêu đề nguồn"])
        assert not exported.map(lambda v: isinstance(v, str) and v[:1] in "=+-@").any().any()


def test_export_writes_parquet_with_codes_for_analysis(db_path, tmp_path):
    out = tmp_path / "figures.parquet"
    assert main(["export", "--db", str(db_path), "--format", "parquet", "--out", str(out)]) == 0
    frame = pd.read_parquet(out)
    assert len(frame) == 988 and {"ip_type", "source", "batch_id", "source_kind"} <= set(frame.columns)


def test_history_lists_batches_and_revert_restores_the_exact_earlier_figures(db_path, tmp_path, capsys):
    before = current(db_path)
    path = write_wide_workbook(tmp_path / "f.xlsx", [["Loại đối tượng", 2024, 2026], ["Sáng chế", 40, 41]],
                               territory="Cần Thơ")  # read by year: the former city, then the merged one
    assert main(["load", str(path), "--db", str(db_path), "--user", "an"]) == 0
    assert not current(db_path).equals(before)
    capsys.readouterr()
    assert main(["revert", "2", "--db", str(db_path), "--user", "binh", "--lang", "en"]) == 0
    assert "1 restored, 1 withdrawn" in capsys.readouterr().out
    pd.testing.assert_frame_equal(current(db_path), before)
    assert main(["history", "--db", str(db_path)]) == 0
    history = capsys.readouterr().out.splitlines()
    assert history[0].startswith("Lô | Loại | Loại dữ liệu | Người thực hiện | Thời điểm | Tệp | Thêm | Sửa")
    assert history[1].startswith("3 | Hoàn tác lô 2 | Số liệu | binh | ")
    assert history[2].startswith("2 | Cập nhật | Số liệu | an | ")
    with duckdb.connect(str(db_path), read_only=True) as con:
        versions = con.execute("SELECT count(*) FROM figure_version").fetchone()[0]
    assert versions == 988 + 2 + 2  # nothing deleted: the load's and the revert's versions are kept


def test_reverting_a_revert_brings_the_change_back(db_path, tmp_path):
    path = write_wide_workbook(tmp_path / "f.xlsx", [["Loại đối tượng", 2024], ["Sáng chế", 40]])
    main(["load", str(path), "--db", str(db_path)])
    after_load = current(db_path)
    main(["revert", "2", "--db", str(db_path)])
    main(["revert", "3", "--db", str(db_path)])
    pd.testing.assert_frame_equal(current(db_path), after_load)


def test_a_revert_leaves_figures_a_later_batch_changed_and_names_them(db_path, tmp_path, capsys):
    first = write_wide_workbook(tmp_path / "a.xlsx", [["Loại đối tượng", 2024, 2025], ["Sáng chế", 40, 50]])
    second = write_wide_workbook(tmp_path / "b.xlsx", [["Loại đối tượng", 2025], ["Sáng chế", 55]])
    main(["load", str(first), "--db", str(db_path)])
    main(["load", str(second), "--db", str(db_path)])
    capsys.readouterr()
    assert main(["revert", "2", "--db", str(db_path), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "changed them again (1)" in out and "2025 patent applications_filed hau_giang_former" in out
    figures = current(db_path).set_index(["year", "ip_type", "measure", "territory"])
    assert figures.loc[(2025, "patent", "applications_filed", "hau_giang_former"), "value"] == 55


def test_reverting_a_batch_that_does_not_exist_is_refused(db_path, capsys):
    assert main(["revert", "99", "--db", str(db_path), "--lang", "en"]) == 1
    assert "There is no batch 99" in capsys.readouterr().err


def test_commands_on_a_missing_database_say_to_run_init(tmp_path, capsys):
    assert main(["history", "--db", str(tmp_path / "none.duckdb"), "--lang", "en"]) == 1
    assert "python -m etl init" in capsys.readouterr().err


def _status_json(db_path, capsys, *extra) -> dict:
    import json
    assert main(["status", "--db", str(db_path), "--json", *extra]) == 0
    return {row["target_id"]: row for row in json.loads(capsys.readouterr().out)}


def test_status_assesses_every_target_of_the_register_as_json(db_path, capsys):
    results = _status_json(db_path, capsys)
    assert {"T1a", "T1b", "T2a", "T2b", "T3_patent", "D2724_patent_applications", "D1068_trademark"} <= set(results)
    t1a = results["T1a"]
    assert (t1a["base_year"], t1a["base_value"], t1a["target_value"], t1a["latest_year"]) == (2020, 4074, 5500, 2025)
    assert t1a["required_cagr"] == pytest.approx(0.0305, abs=1e-4)
    assert t1a["checkpoint_value"] == pytest.approx(4734, abs=1)
    low, high = t1a["trend_pi80"]
    assert low < t1a["trend_value"] < high
    assert t1a["trend_pi95"][0] < low and t1a["trend_pi95"][1] > high
    assert t1a["status"] in {"achieved", "on_track", "needs_acceleration", "limited_progress", "moving_away"}
    assert results["T2b"]["territory"] == "can_tho_former" and results["T2b"]["method"] == "eurostat"
    assert results["T3_patent"]["comparison_cagr"] == pytest.approx(results["T2b"]["actual_cagr"])


def test_decision_2724_waits_for_the_merged_citys_2026_figures(db_path, capsys, tmp_path):
    before = _status_json(db_path, capsys)["D2724_patent_applications"]
    assert (before["status"], before["reason"], before["base_year"]) == ("not_assessable", "fewer_than_two_points", 2025)
    assert before["trend_value"] is not None  # the projection is still drawn
    upload = tmp_path / "2026.csv"
    upload.write_text("Năm,Địa bàn,Loại đối tượng,Chỉ tiêu,Giá trị,Nguồn\n"
                      f"2026,can_tho,patent,applications_filed,{round(before['base_value'] * 1.17)},Test source\n",
                      encoding="utf-8")
    assert main(["load", str(upload), "--db", str(db_path), "--user", "test"]) == 0
    capsys.readouterr()
    after = _status_json(db_path, capsys)["D2724_patent_applications"]
    assert after["latest_year"] == 2026 and after["actual_cagr"] == pytest.approx(0.17, abs=0.02)
    assert after["status"] == "on_track" and after["status_high_edge"] in {"on_track", "needs_acceleration"}


def test_on_the_merged_city_the_baseline_is_rebuilt_from_the_three_former_provinces(db_path, capsys):
    own = _status_json(db_path, capsys)
    merged = _status_json(db_path, capsys, "--territory", "can_tho")
    parts = [_status_json(db_path, capsys, "--territory", code)["T2b"]["base_value"]
             for code in ("can_tho_former", "hau_giang_former", "soc_trang_former")]
    assert merged["T2b"]["territory"] == "can_tho" and merged["T2b"]["basis_rebuilt"]
    assert merged["T2b"]["base_value"] == sum(parts)
    # The plan's 5,500 is about the former city; on the merged base only "+35% on 2020" applies.
    assert merged["T1a"]["target_recomputed"] and not own["T1a"]["target_recomputed"]
    assert merged["T1a"]["target_value"] == pytest.approx(merged["T1a"]["base_value"] * 1.35)


@pytest.mark.parametrize("method", ["eurostat", "un", "destatis"])
def test_every_method_gives_every_target_a_known_status(db_path, capsys, method):
    results = _status_json(db_path, capsys, "--method", method)
    statuses = {"achieved", "on_track", "needs_acceleration", "limited_progress", "moving_away", "not_assessable"}
    assert all(row["method"] == method and row["status"] in statuses for row in results.values())
    assert all(row["reason"] for row in results.values() if row["status"] == "not_assessable")


def test_status_refuses_an_unknown_territory(db_path, capsys):
    assert main(["status", "--db", str(db_path), "--territory", "hanoi", "--lang", "en"]) == 1
    assert "hanoi" in capsys.readouterr().err


def test_status_speaks_the_readers_language(db_path, capsys):
    assert main(["status", "--db", str(db_path), "--lang", "en", "--method", "un"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Progress toward the targets (method: United Nations (progress chart))"
    assert lines[1].startswith("Plan 151 · Titles held (cumulative, end of year) (reading a) · by 2030: ")
    assert "required 3.0%" in lines[1] and "projected 2030: " in lines[1]
    assert main(["status", "--db", str(db_path)]) == 0
    assert "cần 3,0%/năm" in capsys.readouterr().out


def test_load_waits_while_another_program_holds_the_database_briefly_then_writes(db_path, tmp_path, capsys):
    path = tmp_path / "f.csv"
    path.write_text(LONG_HEADER + "2026,Sáng chế,Số đơn đăng ký,Cần Thơ (sau hợp nhất),31,Báo cáo 2026\n")
    with database_held(db_path, seconds=2):
        start = time.monotonic()
        assert main(["load", str(path), "--db", str(db_path), "--lang", "en"]) == 0
        waited = time.monotonic() - start
    out, err = capsys.readouterr()
    assert "waiting up to 10 s" in err and "Wrote batch 2." in out
    assert 1.0 < waited < 10, waited
    assert current(db_path).query("year == 2026 and ip_type != 'not_applicable'")["value"].tolist() == [31]


def test_load_gives_up_after_its_wait_with_exit_3_a_clear_message_and_nothing_written(db_path, tmp_path, capsys):
    path = tmp_path / "f.csv"
    path.write_text(LONG_HEADER + "2026,Sáng chế,Số đơn đăng ký,Cần Thơ (sau hợp nhất),31,Báo cáo 2026\n")
    before_figures, before_batches = current(db_path), batches(db_path)
    with database_held(db_path, seconds=60):
        start = time.monotonic()
        assert main(["load", str(path), "--db", str(db_path), "--lang", "en", "--wait", "1.5"]) == 3
        assert main(["revert", "1", "--db", str(db_path), "--wait", "0.5"]) == 3
        waited = time.monotonic() - start
    err = capsys.readouterr().err
    assert "Another program is using the database" in err and "did not let go within 1.5 s" in err
    assert "Nothing was written" in err and "--wait SECONDS" in err
    assert "chưa ghi gì" in err.lower() and "0,5 giây" in err
    assert 2.0 <= waited < 5, waited
    pd.testing.assert_frame_equal(current(db_path), before_figures)
    pd.testing.assert_frame_equal(batches(db_path), before_batches)
    assert not (tmp_path / "backups").exists()


def test_load_succeeds_beside_a_dashboard_that_reads_the_database_all_the_time(db_path, tmp_path, capsys):
    path = write_wide_workbook(tmp_path / "f.xlsx", [["Loại đối tượng", 2024, 2026], ["Sáng chế", 40, 41]],
                               territory="Cần Thơ")  # read by year: the former city, then the merged one
    with database_held(db_path, seconds=30, every=0.02):
        assert main(["load", str(path), "--db", str(db_path), "--lang", "en"]) == 0
        assert main(["revert", "2", "--db", str(db_path), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Wrote batch 2." in out and "Reverted batch 2 with new batch 3" in out
    assert batches(db_path)["kind"].tolist() == ["load", "load", "revert"]


def test_a_load_and_a_revert_from_the_command_line_go_to_the_audit_log(db_path, tmp_path, capsys):
    path = tmp_path / "cap-nhat.csv"
    path.write_text("year,ip_type,measure,territory,value,source\n"
                    "2020,trademark,applications_filed,can_tho_former,510,illustrative-2026\n", encoding="utf-8")
    assert main(["load", str(path), "--db", str(db_path), "--user", "lan", "--note", "sửa số 2020"]) == 0
    batch = int(batches(db_path)["batch_id"].max())
    assert main(["revert", str(batch), "--db", str(db_path), "--user", "lan"]) == 0
    assert main(["history", "--db", str(db_path)]) == 0
    assert "nan" not in capsys.readouterr().out
    with duckdb.connect(str(db_path), read_only=True) as con:
        events = con.execute("SELECT actor, channel, action, batch_id, detail FROM audit_event ORDER BY event_id").fetchall()
    assert [event[:4] for event in events] == [("lan", "cli", "commit", batch), ("lan", "cli", "revert", batch + 1)]
    assert '"file": "cap-nhat.csv"' in events[0][4] and '"note": "sửa số 2020"' in events[0][4]


@pytest.mark.parametrize("kind", ["folder", "device", "pipe"])
def test_load_of_a_folder_a_device_or_a_pipe_is_refused_with_a_sentence_not_read(db_path, tmp_path, capsys, kind):
    import os
    if kind == "folder":
        path = tmp_path / "a-folder.csv"
        path.mkdir()
    elif kind == "device":
        path = Path("/dev/zero")  # reports size 0 and never ends: reading it would exhaust the memory
    else:
        path = tmp_path / "pipe.csv"
        os.mkfifo(path)  # opening it would block until someone writes
    before = data_state(db_path)
    assert main(["load", str(path), "--db", str(db_path), "--lang", "en"]) == EXIT_INVALID
    out = capsys.readouterr()
    assert f"“{path.name}” is not a regular file" in out.out and "Traceback" not in out.out + out.err
    assert assert_only_the_refusal_was_recorded(db_path, before, 0, "invalid")["problems"] == ["not_a_file"]


def test_a_backup_from_the_command_line_goes_to_the_audit_log_with_the_account_that_ran_it(
        db_path, tmp_path, monkeypatch):
    import getpass
    import json

    from ipmonitor.store.audit import load_audit_log
    monkeypatch.setenv("IPMONITOR_BACKUP_DIR", str(tmp_path / "backups"))
    assert main(["backup", "--db", str(db_path)]) == 0
    with duckdb.connect(str(db_path), read_only=True) as con:
        backup = load_audit_log(con, action="backup").iloc[0]
    detail = json.loads(backup["detail"])
    assert detail["backup"].startswith("ipmonitor-") and detail["os_user"] == getpass.getuser()


def test_refused_and_failed_loads_are_audited_with_their_reason_but_a_dry_run_is_not(db_path, tmp_path, capsys,
                                                                                     monkeypatch):
    before = data_state(db_path)
    assert main(["load", str(tmp_path / "missing.csv"), "--db", str(db_path), "--user", "<b>an</b>"]) == 1
    refusal = assert_only_the_refusal_was_recorded(db_path, before, 0, "file_not_found")
    with duckdb.connect(str(db_path), read_only=True) as con:
        actor, channel = con.execute("SELECT actor, channel FROM audit_event WHERE action = 'load_refused'").fetchone()
    assert (actor, channel, refusal["file"]) == ("<b>an</b>", "cli", "missing.csv")  # stored as given
    bad = tmp_path / "bad.csv"
    bad.write_text(LONG_HEADER + "1975,Sáng chế,Số đơn đăng ký,Cần Thơ cũ,3,x\n")
    assert main(["load", str(bad), "--db", str(db_path), "--dry-run"]) == 2
    assert len(refused_loads(db_path)) == 1  # a dry run writes nothing, not even its refusal
    good = tmp_path / "good.csv"
    good.write_text(LONG_HEADER + "2015,Sáng chế,Số đơn đăng ký,Cần Thơ cũ,13,dost-cantho-2015\n")
    monkeypatch.setenv("IPMONITOR_BACKUP_DIR", str(good))  # a file where the backups folder should be
    assert main(["load", str(good), "--db", str(db_path), "--lang", "en"]) == 4
    capsys.readouterr()
    refusal = assert_only_the_refusal_was_recorded(db_path, before, 1, "backup_failed")
    assert (refusal["file"], refusal["changed"]) == ("good.csv", 1) and refusal["error"]
