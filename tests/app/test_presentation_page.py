"""Presentation mode through dashboard.py: screens from the link, stepping, both languages."""
from __future__ import annotations

import pytest

from tests.app.conftest import open_page


def chart_traces(app):
    return app.get("plotly_chart")[0].proto.spec


@pytest.mark.parametrize("lang, title, position", [
    ("vi", "Đơn đăng ký mới (mọi loại)", "Màn hình 1/2 · phím ← → để chuyển"),
    ("en", "New applications (all types)", "Screen 1/2 · ← → keys to move"),
])
def test_the_link_chooses_the_screens_and_their_order(app, lang, title, position):
    open_page(app, "pages/presentation.py", lang, screens="applications_all,titles_stock")
    assert [t.value for t in app.title] == [title]
    assert position in [m.value for m in app.markdown]
    assert len(app.get("plotly_chart")) == 1


def test_next_and_previous_step_through_the_screens_and_the_link_follows(app):
    open_page(app, "pages/presentation.py", "vi", screens="applications_all,titles_stock")
    assert app.button(key="presentation_previous").disabled
    app.button(key="presentation_next").click().run()
    assert [t.value for t in app.title] == ["Văn bằng bảo hộ lũy kế (cuối năm)"]
    assert app.query_params["screen"] == "2"
    assert app.button(key="presentation_next").disabled
    app.button(key="presentation_previous").click().run()
    assert [t.value for t in app.title] == ["Đơn đăng ký mới (mọi loại)"]


def test_each_screen_shows_its_status_and_one_sentence_per_target(app):
    open_page(app, "pages/presentation.py", "en", screens="titles_stock")
    lines = [m.value for m in app.markdown if "(T1a)" in m.value]
    assert len(lines) == 1 and lines[0].startswith("**🟢 on track** · Plan 151 (T1a): ")


def test_the_language_button_switches_to_english(app):
    open_page(app, "pages/presentation.py", "vi", screens="titles_stock")
    app.button(key="presentation_language").click().run()
    assert [t.value for t in app.title] == ["Titles held (cumulative, end of year)"]
