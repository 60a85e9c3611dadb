"""A command that builds no document starts without the document stack: python-pptx, fpdf2, Plotly,
kaleido, openpyxl, scipy and pandera stay out of its process (each import costs start-up time and memory in
every `etl` call, issue 18). In a fresh interpreter, since what a process has imported is the point."""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("pptx", "fpdf", "plotly", "kaleido", "openpyxl", "scipy", "streamlit", "pandera")
RUN = """
import sys
from etl.cli import main
code = main(sys.argv[1:])
print(code, ",".join(sorted(name for name in {heavy!r} if name in sys.modules)))
"""


@pytest.fixture(scope="module")
def shipped(initialised_template, tmp_path_factory) -> Path:
    """A copy of the session's initialised database (the commands here only read it)."""
    path = tmp_path_factory.mktemp("imports") / "ipmonitor.duckdb"
    shutil.copy(initialised_template, path)
    return path


def imported_by(*arguments: str) -> tuple[str, set[str]]:
    out = subprocess.run([sys.executable, "-c", RUN.format(heavy=HEAVY), *arguments], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1]
    code, _, names = out.partition(" ")
    return code, set(filter(None, names.split(",")))


@pytest.mark.parametrize("command", [["history"], ["status"], ["backups"]])
def test_a_command_that_builds_no_document_imports_none_of_the_document_stack(shipped, command):
    code, heavy = imported_by(*command, "--db", str(shipped))
    assert code == "0" and heavy == set(), heavy


def test_loading_a_csv_file_imports_neither_the_document_stack_nor_a_schema_library(shipped, tmp_path):
    # The rules are checked over whole columns with pandas: pandera's import alone was 0.3 s of a load.
    figures = tmp_path / "so-lieu.csv"
    figures.write_text("Năm,Loại đối tượng,Chỉ tiêu,Địa bàn,Giá trị,Nguồn\n"
                       "2020,Sáng chế,Số đơn đăng ký,Cần Thơ cũ,9,Cục SHTT\n", encoding="utf-8")
    code, heavy = imported_by("load", str(figures), "--dry-run", "--db", str(shipped))
    assert code == "0" and heavy == set(), heavy


def test_the_report_command_imports_what_its_format_needs(shipped, tmp_path):
    code, heavy = imported_by("report", "--format", "pptx", "--db", str(shipped), "--out", str(tmp_path / "d.pptx"))
    # A deck draws native PowerPoint charts: no fpdf2, no Plotly or kaleido (the colours it shares with
    # the Plotly charts live in ipmonitor.chart_style), no openpyxl (imported by a workbook's writing only).
    assert code == "0" and heavy == {"pptx"}, heavy
