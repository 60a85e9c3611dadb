"""`etl report`: the deck and the PDF written where asked, and clear refusals. The command runs in-process
through etl.cli.main; the PDF is also written by `python -m etl report` in a subprocess, which proves the
entry point (it starts Chromium early and closes it at exit) under `-W error`."""
import subprocess
import sys
from pathlib import Path

import pytest
from pptx import Presentation

from ipmonitor import chart_images as images

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def etl(etl_in_process):
    """`python -m etl ARGS`, run in this process: its exit code and what it printed."""
    return etl_in_process


def test_the_command_writes_the_deck_of_the_mid_term_review_in_english(etl, db_path, tmp_path):
    out = tmp_path / "midterm.pptx"
    done = etl("report", "--format", "pptx", "--edition", "midterm", "--lang", "en", "--db", str(db_path),
               "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Wrote {out}: Mid-term review 2025, ")
    deck = Presentation(str(out))
    assert len(deck.slides) == 25 and deck.slides[1].shapes.title.text.startswith("Summary")


def test_python_m_etl_report_writes_the_pdf_of_an_annual_report_as_of_the_chosen_year(db_path, tmp_path):
    out = tmp_path / "reports" / "annual-2024.pdf"
    done = subprocess.run([sys.executable, "-W", "error", "-m", "etl", "report", "--format", "pdf", "--edition",
                           "annual", "--year", "2024", "--db", str(db_path), "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Báo cáo thường niên năm 2024" in done.stdout
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "Báo cáo thường niên năm 2024" in " ".join(text.split())


def test_a_year_given_to_a_review_edition_is_refused_with_the_reason(etl, db_path, tmp_path):
    done = etl("report", "--format", "pdf", "--edition", "midterm", "--year", "2024", "--db", str(db_path),
               "--out", str(tmp_path / "x.pdf"))
    assert done.returncode == 1
    assert "Ấn bản «midterm» tính đến năm 2025" in done.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_without_a_database_the_command_says_so(etl, tmp_path):
    done = etl("report", "--format", "pptx", "--db", str(tmp_path / "none.duckdb"), "--lang", "en")
    assert done.returncode == 1 and "none.duckdb" in done.stderr


def test_without_chromium_the_pdf_is_refused_with_the_fix_and_the_deck_still_works(etl, db_path, tmp_path,
                                                                                   monkeypatch):
    monkeypatch.setenv("CHROMIUM_PATH", str(tmp_path / "no-chromium"))
    # As in a fresh process: no image server (the running one comes back after the test). Under the
    # server's lock, so that a browser another command warmed up finishes starting first.
    with images._server_lock:
        monkeypatch.setattr(images, "_server", None)
    run = ["report", "--db", str(db_path), "--edition", "final"]
    pdf = etl(*run, "--format", "pdf", "--out", str(tmp_path / "f.pdf"))
    assert pdf.returncode == 1 and "apt-get install chromium" in pdf.stderr and not (tmp_path / "f.pdf").exists()
    deck = etl(*run, "--format", "pptx", "--out", str(tmp_path / "f.pptx"))
    assert deck.returncode == 0 and (tmp_path / "f.pptx").exists()


def test_chromium_is_started_ahead_only_for_a_pdf_whose_database_has_no_kept_charts(tmp_path):
    from etl.__main__ import is_a_first_pdf

    database = tmp_path / "ipmonitor.duckdb"
    assert is_a_first_pdf(["report", "--db", str(database)])
    assert is_a_first_pdf(["report", "--format", "pdf", f"--db={database}"])
    assert not is_a_first_pdf(["report", "--format", "pptx", "--db", str(database)])
    assert not is_a_first_pdf(["history", "--db", str(database)])
    (tmp_path / "kept-charts").mkdir()
    assert not is_a_first_pdf(["report", "--db", str(database)])
    assert not is_a_first_pdf(["report", f"--db={database}"])
