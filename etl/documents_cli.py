"""`python -m etl report --format pptx|pdf --edition annual|midterm|final [--year YYYY] [--out FILE]`:
the report deck or PDF of an edition, in --lang, from the command line.

Exit codes: 0 written; 1 no database, an edition and year that do not go together, or chart images
that could not be drawn (Chromium missing or failing; the message says which); 3 (from etl.cli) when
another program held the database past the wait.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ipmonitor.store import db
from ipmonitor.documents.editions import EDITIONS
from ipmonitor.formats import DOCUMENT_FORMATS, PDF
from ipmonitor.i18n import t
from ipmonitor.numbers import format_number
from ipmonitor.paths import PROJECT_ROOT, kept_charts_folder
from ipmonitor.progress.growth import METHODS

# The same wait as the other commands (etl.cli): a dashboard holds the file for milliseconds per read.
LOCK_WAIT_ENV_VAR, DEFAULT_LOCK_WAIT = "IPMONITOR_LOCK_WAIT", 10.0


def add_report_parser(commands, common: argparse.ArgumentParser) -> None:
    """The `report` command."""
    report = commands.add_parser("report", parents=[common],
                                 help="write an edition of the report as a PowerPoint deck or a PDF")
    report.add_argument("--format", choices=DOCUMENT_FORMATS, default=PDF.name,
                        help="pptx (deck) or pdf (default)")
    report.add_argument("--edition", choices=EDITIONS, default="annual",
                        help="annual (as of --year), midterm (as of 2025) or final (as of 2030)")
    report.add_argument("--year", type=int, default=None,
                        help="the annual edition's year (default: the latest year with figures)")
    report.add_argument("--method", choices=METHODS, default="eurostat", help="assessment method (default: eurostat)")
    report.add_argument("--out", type=Path, default=None,
                        help="output file (default: exports/ipmonitor-report-EDITION-YEAR-LANG.FORMAT)")


def run_report(args: argparse.Namespace) -> int:
    """Gather the edition's data on a read-only connection, then build and write the file."""
    # The document stack (python-pptx, fpdf2, Plotly, kaleido) is imported here, by this command only:
    # every other command starts without it.
    from ipmonitor.documents.kept_documents import write_document
    from ipmonitor.chart_images import ImagesUnavailable
    from ipmonitor.documents.edition import EditionError
    from ipmonitor.documents.edition_data import load_report_data
    from ipmonitor.documents.edition import describe_edition

    lang = args.lang
    if not args.db.exists():
        print(t("cli.no_database", lang, path=args.db), file=sys.stderr)
        return 1
    # Chromium is started ahead only by `python -m etl` (etl/__main__.py), for a database with no kept
    # charts: a report run again on the same figures finds its charts kept beside the database.
    wait = float(os.environ.get(LOCK_WAIT_ENV_VAR) or DEFAULT_LOCK_WAIT)
    try:
        with db.open_database_when_free(args.db, read_only=True, wait_seconds=wait) as con:
            data = load_report_data(con, args.edition, args.year, args.method)
    except EditionError as refused:
        print(t(f"report.error_{refused.code}", lang, **refused.params), file=sys.stderr)
        return 1
    try:
        # Each format imports only its own library (python-pptx, fpdf2).
        content = write_document(data, args.format, lang, kept_charts_folder(args.db))
    except ImagesUnavailable as unavailable:
        print(unavailable.message(lang), file=sys.stderr)
        return 1
    stem = f"ipmonitor-report-{data.edition}-{data.as_of}-{lang}"
    out = args.out or PROJECT_ROOT / "exports" / DOCUMENT_FORMATS[args.format].file_name(stem)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(content)
    print(t("report.cli_written", lang, path=out, edition=describe_edition(data, lang),
            size=format_number(len(content) / 1000, lang)))
    return 0
