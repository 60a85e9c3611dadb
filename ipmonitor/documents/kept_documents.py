"""The meeting's documents as a page asks for them: the deck or the PDF of an edition, built with each
step told as it starts (for a progress bar), and kept per data version so that the next reader who asks
for the same one gets it at once.

A document is cached under the database file and its data version (queries.load_data_version: its id,
latest batch, latest restore and reference lists), the day in Viet Nam (the cover's date, the tracker's
lateness), and what was asked (format, edition, year, language, method, and a deck's What-if scenario
with the link that reopens it: a plain value, ipmonitor.progress.scenario.ScenarioChoice), in this process's memory: a
new batch, a revert or a restore changes the version, so the next click builds afresh. The cache is
shared by every session of the server, since a document holds nothing personal.

The document stack (fpdf2, python-pptx, kaleido) is imported on first use; `warm_up()`, called when a page
with a document button opens, starts Chromium for the charts in the background. `etl report` builds
directly (ipmonitor.documents.pdf).
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ipmonitor.store import db
from ipmonitor.formats import DOCUMENT_FORMATS, PDF, PPTX
from ipmonitor.i18n import t
from ipmonitor.numbers import format_number
from ipmonitor.vietnam_time import vietnam_today
from ipmonitor.paths import kept_charts_folder
from ipmonitor.store.queries import load_data_version
from ipmonitor.documents.edition import edition_year
from ipmonitor.documents.edition_data import load_report_data
from ipmonitor.progress.scenario import ScenarioChoice

# A deck with a What-if slide has words of its own on its button (the "done" step names it).
SCENARIO_DOWNLOAD_LABEL = "scenario.download_deck"
# Every edition in both languages and both formats, for one method: six PDFs of about 2.3 MB and six
# decks of 0.25 MB, about 15 MB.
CACHE_ENTRIES = 12
# A command-line commit holds the database for about a second (ui/cached_reads.py waits as long).
LOCK_WAIT_SECONDS = 2.0
# Where each step puts the progress bar: reading is quick, a PDF's charts are most of its time.
READ_DONE, CHARTS_DONE, SLIDES_FROM = 0.08, 0.85, 0.3

# progress(fraction from 0 to 1, the step in the reader's language)
Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class DocumentRequest:
    """One document as a reader asks for it."""

    file_format: str    # a name in ipmonitor.formats.DOCUMENT_FORMATS: pptx | pdf
    edition: str        # annual | midterm | final
    year: int | None    # the annual edition's as-of year; None for the two reviews
    lang: str
    method: str
    scenario: ScenarioChoice | None = None   # a deck's What-if slide

    def __post_init__(self) -> None:
        if self.scenario is not None and self.file_format != PPTX.name:
            raise ValueError("a scenario is added to the deck only")

    @property
    def file_name(self) -> str:
        """ipmonitor-<edition>-<year>-<lang>.<format>, or …-<lang>-scenario-<indicator>.pptx"""
        with_scenario = "" if self.scenario is None else f"-scenario-{self.scenario.indicator}"
        return DOCUMENT_FORMATS[self.file_format].file_name(
            f"ipmonitor-{self.edition}-{self.year or edition_year(self.edition)}-{self.lang}{with_scenario}")

    @property
    def download_label(self) -> str:
        """The translation key of the download button's words."""
        return DOCUMENT_FORMATS[self.file_format].label if self.scenario is None else SCENARIO_DOWNLOAD_LABEL


class _DocumentCache:
    """The newest CACHE_ENTRIES documents by key, safe to share between sessions' threads."""

    def __init__(self, entries: int) -> None:
        self._entries = entries
        self._documents: OrderedDict[tuple, bytes] = OrderedDict()
        self._lock = threading.Lock()
        self._building: dict[tuple, threading.Lock] = {}

    def get(self, key: tuple) -> bytes | None:
        with self._lock:
            content = self._documents.get(key)
            if content is not None:
                self._documents.move_to_end(key)
            return content

    def put(self, key: tuple, content: bytes) -> None:
        with self._lock:
            self._documents[key] = content
            self._documents.move_to_end(key)
            while len(self._documents) > self._entries:
                self._documents.popitem(last=False)

    def building(self, key: tuple) -> threading.Lock:
        """One lock per key: two sessions asking for the same document at once build it once."""
        with self._lock:
            return self._building.setdefault(key, threading.Lock())

    def clear(self) -> None:
        with self._lock:
            self._documents.clear()


_cache = _DocumentCache(CACHE_ENTRIES)


def document_key(path: Path | str, version: tuple, request: DocumentRequest) -> tuple:
    """What a cached document is filed under: the database file, its data version, today in Viet Nam,
    and the request."""
    return str(path), version, vietnam_today().isoformat(), request


def find_document(path: Path | str, version: tuple, request: DocumentRequest) -> bytes | None:
    """The document already built from this database's data version today, or None."""
    return _cache.get(document_key(path, version, request))


def forget_documents() -> None:
    """Drop every cached document (tests, and a benchmark's cold rounds)."""
    _cache.clear()


def build_document(path: Path | str, request: DocumentRequest, progress: Progress | None = None) -> bytes:
    """The document for `request` from the database at `path`: the cached one when the data have not
    changed, else built now, telling `progress` each step in the reader's language (reading the figures,
    each chart, the pages or the slides, done). Raises EditionError for an edition and year that do not
    go together, ImagesUnavailable when the PDF's charts cannot be drawn, duckdb.Error when the database
    cannot be read (busy past the wait, damaged)."""
    if request.file_format not in DOCUMENT_FORMATS:
        raise ValueError(f"unknown format {request.file_format!r}")
    tell = _teller(request, progress)
    tell(0.0, "reading")
    with db.open_database_when_free(path, config=db.APP_CONFIG, wait_seconds=LOCK_WAIT_SECONDS) as con:
        with db.transaction(con):  # the version and the figures read from one snapshot
            version = load_data_version(con)
            key = document_key(path, version, request)
            content = _cache.get(key)
            data = None if content is not None else load_report_data(con, request.edition, request.year,
                                                                     request.method, scenario=request.scenario)
    if content is None:
        with _cache.building(key):
            content = _cache.get(key) or _build(data, request, tell, path)  # another session may have just built it
            _cache.put(key, content)
    tell(1.0, "done", size=format_number(len(content) / 1e6, request.lang, 1),
         button=t(request.download_label, request.lang))
    return content


def _build(data, request: DocumentRequest, tell: Callable[..., None], path: Path | str) -> bytes:
    return write_document(data, request.file_format, request.lang, kept_charts_folder(path), tell)


def _write_deck(data, lang: str, charts_folder: Path, tell: Callable[..., None]) -> bytes:
    from ipmonitor.documents.deck import build_deck  # python-pptx only for a deck

    tell(SLIDES_FROM, "slides")
    return build_deck(data, lang)


def _write_pdf(data, lang: str, charts_folder: Path, tell: Callable[..., None]) -> bytes:
    from ipmonitor.documents.pdf import build_report_pdf  # fpdf2 only for a PDF

    def on_step(step: str, number: int = 0, total: int = 0) -> None:
        if step == "chart":
            tell(READ_DONE + (CHARTS_DONE - READ_DONE) * (number - 1) / total, "chart", number=number, total=total)
        else:
            tell(CHARTS_DONE, "pages")

    return build_report_pdf(data, lang, progress=on_step, keep_charts_in=charts_folder)


# Each document format's builder. ipmonitor.formats names the formats; their builders are here, since
# naming the deck and the PDF there would lift the table writers above them in the import graph.
DOCUMENT_BUILDERS = {PPTX.name: _write_deck, PDF.name: _write_pdf}


def write_document(data, file_format: str, lang: str, charts_folder: Path,
                   tell: Callable[..., None] = lambda fraction, step, **params: None) -> bytes:
    """The document in `file_format` (a name in DOCUMENT_FORMATS) from an edition's data (ReportData),
    the PDF's charts kept in `charts_folder`; `tell(fraction, step, **params)` hears each step. Used by
    the pages' buttons (through build_document) and by `etl report`."""
    return DOCUMENT_BUILDERS[file_format](data, lang, charts_folder, tell)


def _teller(request: DocumentRequest, progress: Progress | None) -> Callable[..., None]:
    """progress() with the step's words in the reader's language ("done" names the document)."""
    def tell(fraction: float, step: str, **params: object) -> None:
        if progress is not None:
            key = f"done_{request.file_format}" if step == "done" else step
            progress(fraction, t(f"documents.step_{key}", request.lang, **params))
    return tell


def warm_up() -> None:
    """Start the chart image server in a background thread, and return at once: a page calls it when it
    shows a document button, so that the first click does not wait for Chromium to start. The document
    libraries (fpdf2, python-pptx: about 40 MB of the dashboard's memory) are imported by the first
    click that needs them, not ahead: most visits make no document (issue 18's memory goal)."""
    from ipmonitor.chart_images import warm_image_server

    warm_image_server()
