"""A lower-is-better target (infringement cases to fall to 150 by 2030) rated and drawn the right way
round everywhere a meeting sees it: the Overview's card and the Trajectories chart in the browser, the
deck and the PDF of the same database and register."""
from __future__ import annotations

import io
import shutil
import subprocess

import duckdb
import pytest
from playwright.sync_api import expect
from pptx import Presentation

from etl.cli import main
from ipmonitor.documents.deck import build_deck
from ipmonitor.documents.pdf import build_report_pdf
from ipmonitor.documents.edition_data import load_report_data
from ipmonitor.register.targets import TARGETS_ENV_VAR, load_target_register
from tests.app.test_lower_is_better_target import REGISTER
from tests.e2e.conftest import running_dashboard

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def rising_cases(initialised_template, tmp_path_factory):
    """The shipped database with the merged city's cases rising from 200 (2025) to 220 (2026): moving away
    from a target to fall to 150; and the small register holding that one target, for this process and
    the dashboard it starts."""
    folder = tmp_path_factory.mktemp("lower-is-better")
    register = folder / "targets.yaml"
    register.write_text(REGISTER, encoding="utf-8")
    patch = pytest.MonkeyPatch()
    patch.setenv(TARGETS_ENV_VAR, str(register))
    db_path = folder / "ipmonitor.duckdb"
    shutil.copy(initialised_template, db_path)
    assert main(["init", "--db", str(db_path)]) == 0  # the small register becomes the database's
    upload = folder / "cases.csv"
    upload.write_text("Năm,Địa bàn,Loại đối tượng,Chỉ tiêu,Giá trị,Nguồn\n"
                      "2025,can_tho,not_applicable,enforcement_cases,200,Báo cáo thử\n"
                      "2026,can_tho,not_applicable,enforcement_cases,220,Báo cáo thử\n", encoding="utf-8")
    assert main(["load", str(upload), "--db", str(db_path), "--user", "test"]) == 0
    assert load_target_register().targets[0].direction == "decrease"
    yield folder, db_path
    patch.undo()


def test_the_card_and_the_chart_say_moving_away_and_draw_the_path_downwards(rising_cases, browser):
    folder, db_path = rising_cases
    with running_dashboard(db_path, folder, browser) as url:
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(url + "/?lang=en")
        expect(page.get_by_text("moving away").first).to_be_visible(timeout=30_000)
        page.goto(url + "/lo-trinh?indicator=enforcement_cases&lang=en")
        chart = page.locator(".js-plotly-plot").first
        expect(chart).to_be_visible(timeout=30_000)
        expect(page.get_by_text("moving away").first).to_be_visible()
        # The required path is the dashed trace: from the 2025 base of 200 down to 150 in 2030.
        paths = chart.evaluate("""plot => plot.data.filter(trace => trace.line && trace.line.dash === 'dash')
                                           .map(trace => [trace.y[0], trace.y[trace.y.length - 1]])""")
        assert paths and all(first == pytest.approx(200) and last == pytest.approx(150) for first, last in paths), paths
        page.close()


def test_the_deck_and_the_pdf_say_moving_away(rising_cases, tmp_path):
    _, db_path = rising_cases
    with duckdb.connect(str(db_path), read_only=True) as con:
        data = load_report_data(con, "annual", 2026)
    [result] = [r for r in data.results if r.target_id == "E1"]
    assert result.assessment.status == "moving_away"
    deck = Presentation(io.BytesIO(build_deck(data, "en")))
    text = " ".join(shape.text_frame.text for slide in deck.slides for shape in slide.shapes if shape.has_text_frame)
    assert "moving away" in text.lower() and "rising 10.0% a year where a fall" in text.lower()
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(build_report_pdf(data, "en", charts=[None] * len(data.sections)))
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True)
    assert "moving away" in " ".join(out.stdout.split()).lower()
