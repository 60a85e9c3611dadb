"""A reader who visits every page and makes no document does not pay for the document libraries: fpdf2
and python-pptx (about 40 MB of the dashboard process) are imported by the first click that builds a
deck or a PDF. Chromium for the charts still starts in the background when a document button shows.
In a fresh interpreter, since what a process has imported is the point."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

from ui.page_registry import viewing_pages

ROOT = Path(__file__).resolve().parents[2]
# The first run shows the front page; then every other page a reader follows the plan on.
VISIT = f"""
import sys
from streamlit.testing.v1 import AppTest
app = AppTest.from_file("dashboard.py", default_timeout=120).run()
for page in {[page.file for page in viewing_pages() if not page.default]!r}:
    app.switch_page(page).run()
    assert not app.exception, (page, app.exception)
print("imported:" + ",".join(sorted(name for name in ("fpdf", "pptx", "openpyxl") if name in sys.modules)))
"""


def test_visiting_every_reader_page_imports_no_document_library(initialised_template, tmp_path):
    database = tmp_path / "ipmonitor.duckdb"
    shutil.copy(initialised_template, database)
    out = subprocess.run([sys.executable, "-c", VISIT], cwd=ROOT, capture_output=True, text=True, check=True,
                         env={**os.environ, "IPMONITOR_DB": str(database)}).stdout.strip().splitlines()[-1]
    assert out == "imported:", out
