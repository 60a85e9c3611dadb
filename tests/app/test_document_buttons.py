"""The Overview's documents through dashboard.py: "Prepare" builds a document under a progress bar
that ends on what is ready, and the button becomes its download; without Chromium the PDF's button is
off and the page says why, in the reader's language."""
from __future__ import annotations

import io

import pytest
from pptx import Presentation

from ipmonitor.documents.kept_documents import forget_documents
from ipmonitor.chart_images import ImagesUnavailable
from tests.app.conftest import open_page


@pytest.fixture(autouse=True)
def no_documents_kept():
    forget_documents()
    yield
    forget_documents()


def download_buttons(app) -> dict[str, object]:
    return {element.proto.label: element.proto for element in app.get("download_button")}


def test_the_deck_is_prepared_under_a_progress_bar_and_then_downloads(app):
    open_page(app, None, "en")
    assert [button.label for button in app.button] == ["Prepare the deck", "Prepare the PDF report"]
    assert not download_buttons(app)

    app.button(key="overview_prepare_pptx").click().run()
    assert not app.exception, app.exception
    [bar] = app.get("progress")
    assert bar.proto.value == 100 and bar.proto.text.startswith("The deck is ready (")
    assert [button.label for button in app.button] == ["Prepare the PDF report"]
    [deck] = download_buttons(app)
    assert deck == "Download the deck (PPTX)"
    file = app.session_state["overview_pptx_document"][1]
    assert len(Presentation(io.BytesIO(file)).slides) > 2

    app.run()  # the next run, for the same data: the download at once, no bar
    assert list(download_buttons(app)) == ["Download the deck (PPTX)"] and not app.get("progress")


def test_without_chromium_the_pdf_button_is_off_and_the_page_says_how_to_install_it(app, monkeypatch, tmp_path):
    monkeypatch.setenv("CHROMIUM_PATH", str(tmp_path / "no-chromium"))
    open_page(app, None, "vi")
    pdf = next(button for button in app.button if button.key == "overview_prepare_pdf")
    assert pdf.label == "Chuẩn bị báo cáo PDF" and pdf.disabled
    message = ImagesUnavailable("chromium_missing", path=str(tmp_path / "no-chromium")).message("vi")
    assert message in [caption.value for caption in app.caption]
    deck = next(button for button in app.button if button.key == "overview_prepare_pptx")
    assert not deck.disabled
