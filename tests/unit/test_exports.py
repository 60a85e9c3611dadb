"""Exports neutralise cells a spreadsheet would run as formulas (OWASP CSV injection)."""
import pandas as pd
import pytest

from ipmonitor.exports import neutralise, neutralise_frame, write_csv


@pytest.mark.parametrize("cell", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx"])
def test_text_that_starts_like_a_formula_is_prefixed_with_an_apostrophe(cell):
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Sáng chế", "5.500", 42, -3, None, "a=b"])
def test_other_cells_pass_through_unchanged(cell):
    assert neutralise(cell) == cell


def test_a_frame_keeps_its_numbers_and_neutralises_its_text():
    frame = pd.DataFrame({"value": [-1, 2], "title": ["=HYPERLINK(\"x\")", "ok"]})
    out = neutralise_frame(frame)
    assert out["value"].tolist() == [-1, 2]
    assert out["title"].tolist() == ["'=HYPERLINK(\"x\")", "ok"]


def test_csv_exports_carry_a_byte_order_mark_for_excel():
    data = write_csv(pd.DataFrame({"Năm": [2020]}))
    assert data.startswith(b"\xef\xbb\xbf") and "Năm".encode() in data
