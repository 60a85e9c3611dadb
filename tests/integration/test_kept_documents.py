"""The meeting's documents as the pages ask for them (ipmonitor/documents/kept_documents.py), on a real database file:
each step told in order in the reader's language (a PDF in Vietnamese, a deck in English: the PDF's
charts make it the slow one), and a document kept until the data change."""
from __future__ import annotations

import io
import re

import pytest
from pptx import Presentation

from etl.pipeline import commit_prepared, prepare_bytes
from ipmonitor.store import db
from ipmonitor.documents.kept_documents import (DocumentRequest, build_document, find_document,
                                                forget_documents)
from ipmonitor.store.queries import load_data_version
from ipmonitor.documents.edition_data import load_report_data

LONG_HEADER = "Năm,Loại đối tượng,Chỉ tiêu,Địa bàn,Giá trị,Nguồn\n"


@pytest.fixture(autouse=True)
def no_documents_kept():
    forget_documents()
    yield
    forget_documents()


def build(db_path, request: DocumentRequest) -> tuple[bytes, list[tuple[float, str]]]:
    steps = []
    content = build_document(db_path, request, progress=lambda fraction, text: steps.append((fraction, text)))
    return content, steps


def test_a_pdf_tells_each_step_in_order_in_vietnamese(db_path):
    content, steps = build(db_path, DocumentRequest("pdf", "midterm", None, "vi", "eurostat"))
    assert content.startswith(b"%PDF")
    with db.open_database(db_path, read_only=True) as con:
        total = len(load_report_data(con, "midterm").sections)
    texts = [text for _, text in steps]
    assert texts[:-1] == ["Đang đọc số liệu…", *(f"Đang vẽ biểu đồ {n}/{total}…" for n in range(1, total + 1)),
                          "Đang dựng trang…"]
    assert re.fullmatch(r"Báo cáo PDF đã sẵn sàng \(\d,\d MB\): bấm «Tải báo cáo PDF»\.", texts[-1]), texts[-1]
    fractions = [fraction for fraction, _ in steps]
    assert fractions == sorted(fractions) and fractions[0] == 0 and fractions[-1] == 1


def test_a_deck_is_built_once_per_data_version_and_again_after_a_figure_changes(db_path):
    request = DocumentRequest("pptx", "midterm", None, "en", "eurostat")
    first, steps = build(db_path, request)
    texts = [text for _, text in steps]
    assert texts[:2] == ["Reading the figures…", "Building the slides…"] and len(texts) == 3
    assert re.fullmatch(r"The deck is ready \(\d\.\d MB\): press “Download the deck \(PPTX\)”\.", texts[2]), texts[2]
    with db.open_database(db_path, read_only=True) as con:
        version = load_data_version(con)
    assert find_document(db_path, version, request) is first

    again, steps = build(db_path, request)
    assert again is first and [text for _, text in steps][0] == "Reading the figures…" and len(steps) == 2

    # A figure loaded through the upload's own checks and write: a new batch, a new version.
    with db.open_database(db_path) as con:
        prepared = prepare_bytes(con, (LONG_HEADER + "2025,Sáng chế,Số đơn đăng ký,Cần Thơ (sau hợp nhất),4321,"
                                       "Báo cáo Sở KH&CN 2026\n").encode(), "figures.csv")
        assert prepared.ok, prepared.problems
        assert commit_prepared(con, prepared, loaded_by="test")
        assert load_data_version(con) != version
    rebuilt, steps = build(db_path, request)
    assert "Building the slides…" in [text for _, text in steps] and rebuilt != first
    values = {value for slide in Presentation(io.BytesIO(rebuilt)).slides for shape in slide.shapes
              if shape.has_chart for series in shape.chart.plots[0].series for value in series.values}
    assert 4321 in values
