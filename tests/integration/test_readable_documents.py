"""The deck and the PDF, in both languages, name targets by plan and year, never by the register's code,
and show statuses as shapes and words in their colours, never as colour emoji."""
from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from pptx import Presentation

from ipmonitor.documents.deck import build_deck
from ipmonitor.i18n import LANGUAGES
from ipmonitor.documents.pdf import build_report_pdf
from ipmonitor.status_style import PROGRESS_LOOKS
from tests.readable_text import find_codes, find_emoji


def deck_texts(deck) -> list[str]:
    """Every slide's text (text boxes, table cells), every chart's series names and title, and the notes."""
    texts = []
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if shape.has_table:
                texts += [cell.text for row in shape.table.rows for cell in row.cells]
            if shape.has_chart:
                chart = shape.chart
                texts += [series.name for plot in chart.plots for series in plot.series]
                if chart.has_title:
                    texts.append(chart.chart_title.text_frame.text)
        if slide.has_notes_slide:
            texts.append(slide.notes_slide.notes_text_frame.text)
    return texts


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_deck_names_no_target_code_and_shows_no_emoji_status(midterm, lang):
    deck = Presentation(io.BytesIO(build_deck(midterm, lang)))
    texts = deck_texts(deck)
    assert find_codes(texts) == []
    assert find_emoji(texts) == []
    shapes = {look.shape for look in PROGRESS_LOOKS.values()}
    assert any(text[:1] in shapes for text in texts)  # the summary's statuses carry their shapes


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_pdf_names_no_target_code_and_shows_no_emoji_status(midterm, lang, tmp_path):
    path = tmp_path / f"midterm-{lang}.pdf"
    # Without the charts' pictures: their words are not text in the PDF (the deck test reads the same names).
    path.write_bytes(build_report_pdf(midterm, lang, charts=[None] * len(midterm.sections)))
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    lines = text.splitlines()
    assert find_codes(lines) == []
    assert find_emoji(lines) == []
    assert any(look.shape in text for look in PROGRESS_LOOKS.values())
