"""The corpus of bad uploads (tests/fixtures/bad): each is refused with the message its manifest names,
at the row and column it names, in Vietnamese and English, and leaves the database byte for byte as it was.
"""
from __future__ import annotations

import hashlib
import io
import itertools
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
import yaml

import etl.read
from etl.cli import EXIT_INVALID, main
from etl.pipeline import Prepared, prepare_bytes
from etl.problems import ERROR, Problem
from etl.read import DEFAULT_LIMITS, FileRefused, ReadLimits, read_bytes
from ipmonitor.store.db import open_database
from ipmonitor.i18n import load_catalogue
from ipmonitor.store.reference import load_vocabulary
from tests.integration.database_state import assert_only_the_refusal_was_recorded, data_state

ROOT = Path(__file__).resolve().parents[2]
BAD = ROOT / "tests" / "fixtures" / "bad"
MANIFEST = yaml.safe_load((BAD / "expected.yaml").read_text(encoding="utf-8"))
FILES = {entry["file"]: entry for entry in MANIFEST["files"]}
BUILT = {entry["file"]: entry for entry in MANIFEST["built_by_the_test"]}
NOT_UPLOADS = {"expected.yaml", "make_bad_files.py", "__pycache__"}
# A handful through the command line too (its preview, exit code and audit record; the checks are the ones above).
THROUGH_THE_COMMAND_LINE = ["encoding_tcvn3_font.csv", "legacy.xls", "zip_bomb.xlsx",
                            "merged_title_and_header_rows.xlsx", "all_problems_at_once.csv",
                            "text_starting_with_formula_signs.csv"]
LONG_HEADER = "Năm,Loại đối tượng,Chỉ tiêu,Địa bàn,Giá trị,Nguồn\n"
GOOD_ROW = "2026,Sáng chế,Số đơn đăng ký,Cần Thơ (sau hợp nhất),31,Báo cáo 2026\n"


def digest(path: Path) -> str:
    """The sha256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def database_files(db_path: Path) -> dict[str, str]:
    """The database file and any file DuckDB keeps beside it (a write-ahead log), by digest."""
    return {p.name: digest(p) for p in db_path.parent.iterdir() if p.name.startswith(db_path.name)}


def prepare(db_path: Path, data: bytes, name: str, limits: ReadLimits = DEFAULT_LIMITS) -> Prepared:
    """As the app does it: a read-write connection, a preview, no commit."""
    with open_database(db_path) as con:
        return prepare_bytes(con, data, name, limits)


def load_in_process(path: Path, db_path: Path, capsys: pytest.CaptureFixture) -> subprocess.CompletedProcess:
    """`etl load FILE --db DB` through etl.cli.main in this process: its exit code and what it printed."""
    capsys.readouterr()
    code = main(["load", str(path), "--db", str(db_path)])
    out, err = capsys.readouterr()
    return subprocess.CompletedProcess(["load", str(path)], code, out, err)


def run_load(path: Path, db_path: Path) -> subprocess.CompletedProcess:
    """`python -m etl load FILE --db DB` in a new process; a hang fails the test after two minutes (the
    bound the hundred-thousand-row test is about, which only a process of its own can be held to)."""
    return subprocess.run([sys.executable, "-m", "etl", "load", str(path), "--db", str(db_path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)


def matches(problem: Problem, expected: dict) -> bool:
    """An error with the expected code, and the expected row and column where the manifest gives them."""
    return (problem.code == expected["code"] and problem.severity == ERROR
            and all(getattr(problem, key) == expected[key] for key in ("row", "column") if key in expected))


def assert_reported_as_the_manifest_says(prepared: Prepared, entry: dict) -> None:
    """Refused; every expected problem present where expected; the first one's message in both languages."""
    found = [f"{p.code} row={p.row} column={p.column}" for p in prepared.problems]
    assert not prepared.ok and prepared.changes is None, found
    for expected in entry["problems"]:
        assert any(matches(p, expected) for p in prepared.problems), (expected, found)
    if entry.get("only"):
        errors = [p for p in prepared.problems if p.severity == ERROR]
        assert len(errors) == len(entry["problems"]), found
    first = next(p for p in prepared.problems if matches(p, entry["problems"][0]))
    assert entry["vi"] in first.message("vi"), first.message("vi")
    assert entry["en"] in first.message("en"), first.message("en")
    assert first.message("vi") != first.message("en")
    for problem in prepared.problems:  # every problem is worded, with its placeholders filled, in both
        for lang in ("vi", "en"):
            assert "{" not in problem.message(lang), problem.message(lang)


def test_the_manifest_describes_every_file_of_the_folder_and_nothing_more():
    on_disk = {p.name for p in BAD.iterdir()} - NOT_UPLOADS
    assert on_disk == set(FILES)
    assert len(FILES) >= 30
    assert not set(BUILT) & on_disk, "files built by the test are not kept in the repository"


def test_the_kept_files_are_small():
    sizes = {name: (BAD / name).stat().st_size for name in FILES}
    assert max(sizes.values()) < 100_000, sizes


def test_every_expected_code_is_a_problem_worded_in_both_languages():
    entries = [*FILES.values(), *BUILT.values()]
    codes = {expected["code"] for entry in entries for expected in entry["problems"]}
    for lang in ("vi", "en"):
        assert {f"problem.{code}" for code in codes} <= set(load_catalogue(lang))


@pytest.mark.parametrize("name", sorted(FILES))
def test_a_bad_file_is_refused_with_its_message_and_the_database_is_left_unchanged(db_path, name):
    before = database_files(db_path)
    prepared = prepare(db_path, (BAD / name).read_bytes(), name)
    assert database_files(db_path) == before
    assert_reported_as_the_manifest_says(prepared, FILES[name])


@pytest.mark.parametrize("name", THROUGH_THE_COMMAND_LINE)
def test_the_command_line_refuses_a_bad_file_with_exit_code_2_in_vietnamese(db_path, name, capsys):
    before = data_state(db_path)
    result = load_in_process(BAD / name, db_path, capsys)
    assert result.returncode == EXIT_INVALID, result.stdout + result.stderr
    assert FILES[name]["vi"] in result.stdout
    refusal = assert_only_the_refusal_was_recorded(db_path, before, 0, "invalid")
    assert refusal["file"] == name and refusal["errors"] >= 1


def test_a_file_over_the_size_limit_is_refused_with_the_size_message(db_path):
    data = (LONG_HEADER + GOOD_ROW * 40).encode()
    before = database_files(db_path)
    prepared = prepare(db_path, data, "over_the_size_limit.csv", ReadLimits(max_bytes=len(data) - 1))
    assert database_files(db_path) == before
    assert_reported_as_the_manifest_says(prepared, BUILT["over_the_size_limit.csv"])


def test_a_file_just_over_the_default_limit_is_refused_before_any_parsing(monkeypatch):
    def parse(*args):
        pytest.fail("a file over the size limit reached the parser")
    monkeypatch.setattr(etl.read, "_decode_text", parse)
    monkeypatch.setattr(etl.read, "_check_zip", parse)
    row = GOOD_ROW.encode()
    size = DEFAULT_LIMITS.max_bytes + 1
    csv = (LONG_HEADER.encode() + row * (size // len(row) + 1))[:size]
    xlsx = etl.read.ZIP_MAGIC + csv[len(etl.read.ZIP_MAGIC):]
    for name, data in (("figures.csv", csv), ("figures.xlsx", xlsx)):
        assert len(data) == size
        with pytest.raises(FileRefused) as refused:
            read_bytes(data, name)
        assert refused.value.problem.code == "file_too_large"
        assert "giới hạn là 20 MB" in refused.value.problem.message("vi")


def test_the_command_line_refuses_a_file_over_the_default_limit_by_its_size_alone(db_path, tmp_path, capsys):
    path = tmp_path / "over_the_size_limit.csv"
    with path.open("wb") as f:  # sparse: it costs no disk, and it is never read
        f.truncate(DEFAULT_LIMITS.max_bytes + 1)
    before = data_state(db_path)
    result = load_in_process(path, db_path, capsys)
    assert result.returncode == EXIT_INVALID
    assert BUILT["over_the_size_limit.csv"]["vi"] in result.stdout
    assert assert_only_the_refusal_was_recorded(db_path, before, 0, "invalid")["problems"] == ["file_too_large"]


def write_hundred_thousand_rows(path: Path, bad_row: int) -> None:
    """100,000 rows cycling through every year, type, measure and territory; one word for a count."""
    keys = itertools.cycle(itertools.product(range(1981, 2101), *(load_vocabulary(kind).codes for kind in
                                                                  ("ip_type", "measure", "territory"))))
    lines = [LONG_HEADER]
    for number in range(2, 100_002):
        year, ip_type, measure, territory = next(keys)
        value = "khoảng 50" if number == bad_row else str(number % 997)
        lines.append(f"{year},{ip_type},{measure},{territory},{value},Báo cáo 2026\n")
    path.write_text("".join(lines), encoding="utf-8")


def test_a_hundred_thousand_row_file_is_answered_within_two_minutes_naming_its_bad_row(db_path, tmp_path):
    entry = BUILT["hundred_thousand_rows.csv"]
    [expected] = entry["problems"]
    path = tmp_path / "hundred_thousand_rows.csv"
    write_hundred_thousand_rows(path, bad_row=expected["row"])
    assert path.stat().st_size < DEFAULT_LIMITS.max_bytes
    before = data_state(db_path)
    result = run_load(path, db_path)  # a hang fails here, by the timeout
    assert result.returncode == EXIT_INVALID, result.stderr
    assert_only_the_refusal_was_recorded(db_path, before, 0, "invalid")
    refused_by_the_limit = "vượt giới hạn" in result.stdout
    bad_cell = f"Lỗi dòng {expected['row']}, cột {expected['column']}: {entry['vi']}"
    assert refused_by_the_limit or bad_cell in result.stdout, result.stdout[-2000:]


def near_misses() -> dict[str, bytes]:
    """Good files that look like bad ones: none of the checks above may refuse them."""
    def workbook(fill) -> bytes:
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "Số liệu"
        fill(sheet)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    def offset(sheet) -> None:
        for r, values in enumerate([LONG_HEADER.strip().split(","), GOOD_ROW.strip().split(",")], start=3):
            for c, value in enumerate(values, start=3):
                sheet.cell(row=r, column=c, value=value)

    def formula_in_an_ignored_column(sheet) -> None:
        sheet.append([*LONG_HEADER.strip().split(","), "Ghi chú"])
        sheet.append([*GOOD_ROW.strip().split(","), "=E2*2"])

    quoted = ('2026,Sáng chế,Số đơn đăng ký,Cần Thơ (sau hợp nhất),31,'
              '"Báo cáo ""Sở hữu trí tuệ"", 2026; so sánh với INPI (France), Österreichisches Patentamt"\n')
    return {
        "foreign_names_and_quotes.csv": (LONG_HEADER + quoted).encode("utf-8"),
        "guillemets.csv": (LONG_HEADER + "2026,Sáng chế,Số đơn đăng ký,Cần Thơ (sau hợp nhất),31,"
                           "«Báo cáo» «Sở» «KH&CN» «Cần» «Thơ»\n").encode("utf-8"),
        "table_at_c3.xlsx": workbook(offset),
        "formula_in_an_ignored_column.xlsx": workbook(formula_in_an_ignored_column),
    }


@pytest.mark.parametrize("name", sorted(near_misses()))
def test_a_good_file_that_looks_like_a_bad_one_is_accepted(db_path, name):
    prepared = prepare(db_path, near_misses()[name], name)
    assert prepared.ok, [p.describe("en") for p in prepared.problems]
    assert prepared.changes.count("added") + prepared.changes.count("changed") == 1
