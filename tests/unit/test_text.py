"""Folding text so that headers match with or without diacritics, in any case."""
from ipmonitor.text import fold


def test_diacritics_case_and_punctuation_fold_away():
    assert fold("Số đơn đăng ký") == fold("SO DON DANG KY") == fold("so_don-dang  ky") == "so don dang ky"


def test_the_vietnamese_d_with_stroke_folds_to_d():
    assert fold("Địa bàn") == "dia ban"


def test_none_folds_to_an_empty_string():
    assert fold(None) == ""
