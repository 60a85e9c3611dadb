"""Vietnamese all the way: Plotly's own menu and the Method page's formulas speak the reader's language."""
from __future__ import annotations

import json

import pytest

from tests.app.conftest import open_page


@pytest.mark.parametrize("page", ["pages/trajectories.py", "pages/what_if.py", "pages/by_type.py"])
def test_a_chart_page_gives_plotly_its_menu_in_vietnamese(app, page):
    open_page(app, page, "vi")
    config = json.loads(app.get("plotly_chart")[0].proto.config)
    assert config["locale"] == "vi"
    assert config["locales"]["vi"]["dictionary"]["Download plot as a PNG"] == "Tải biểu đồ dạng ảnh PNG"
    assert "autoScale2d" in config["modeBarButtonsToRemove"]


def test_the_same_chart_in_english_has_the_english_menu(app):
    open_page(app, "pages/trajectories.py", "en")
    config = json.loads(app.get("plotly_chart")[0].proto.config)
    assert config["locale"] == "en"
    assert config["locales"]["en"]["dictionary"]["Reset axes"] == "Back to the whole chart"


@pytest.mark.parametrize(("lang", "words"), [("vi", ("thực tế", "cần")), ("en", ("actual", "required"))])
def test_the_method_page_formula_names_its_subscripts_in_the_readers_language(app, lang, words):
    open_page(app, "pages/method.py", lang)
    ratio = next(latex.value for latex in app.latex if "R = d" in latex.value)
    assert all(r"\text{" + word + "}" in ratio for word in words)
    if lang == "vi":
        assert "actual" not in ratio and "required" not in ratio
