"""The Method page through dashboard.py: where the dashboard departs from Open SDG's method, in both
languages, and formulas that render (no \\qquad run into the next letter)."""
from __future__ import annotations

import re

import pytest

from ipmonitor.i18n import t
from tests.app.conftest import open_page


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_method_page_lists_every_departure_from_open_sdg_with_its_reason(app, lang):
    open_page(app, "pages/method.py", lang)
    assert t("method_page.departures_title", lang) in [h.value for h in app.subheader]
    listing = next(m.value for m in app.markdown if m.value.startswith("- "))
    items = listing.split("\n")
    assert len(items) == 13 and all(item.startswith("- ") for item in items)
    assert f"- {t('method_page.departure_baseline', lang)}" in items
    assert any("0,001" in item if lang == "vi" else "0.001" in item for item in items)


def test_every_formula_on_the_method_page_is_valid_latex_spacing(app):
    open_page(app, "pages/method.py", "en")
    formulas = [formula.value for formula in app.latex]
    assert formulas and not [f for f in formulas if re.search(r"\\qquad[A-Za-z]", f)], formulas
    # The Eurostat ratio carries the direction and the size of the required growth.
    assert any(r"R = d\," in f and r"\lvert g_{\text{required}} \rvert" in f for f in formulas)
