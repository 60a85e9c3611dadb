"""Presentation mode through dashboard.py: screens from the link, stepping, both languages."""
from __future__ import annotations

import json
import re

import pytest

from tests.app.conftest import open_page


def plain(markdown: str) -> str:
    """A markdown line without its HTML tags (the status chip's span)."""
    return re.sub(r"<[^>]+>", "", markdown).replace("\u00a0", " ")


def chart_traces(app):
    return app.get("plotly_chart")[0].proto.spec


@pytest.mark.parametrize("lang, title, position", [
    ("vi", "Đơn đăng ký mới (mọi loại, kể cả quyền tác giả)", "Màn hình 1/2 · phím ← → để chuyển"),
    ("en", "New applications (all types, copyright included)", "Screen 1/2 · ← → keys to move"),
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
    assert [t.value for t in app.title] == ["Đơn đăng ký mới (mọi loại, kể cả quyền tác giả)"]


def test_each_screen_shows_its_status_and_one_sentence_per_target(app):
    open_page(app, "pages/presentation.py", "en", screens="titles_stock")
    lines = [plain(m.value) for m in app.markdown if "Plan 151 (" in m.value]
    assert len(lines) == 1 and lines[0].startswith("■ achieved · Plan 151 (by 2030, reading a): ")
    assert 'style="color:#0969DA;' in next(m.value for m in app.markdown if "Plan 151 (" in m.value)


def test_the_language_button_switches_to_english(app):
    open_page(app, "pages/presentation.py", "vi", screens="titles_stock")
    app.button(key="presentation_language").click().run()
    assert [t.value for t in app.title] == ["Titles held (cumulative, end of year)"]


def test_the_merged_citys_targets_get_their_own_screen_on_the_merged_citys_figures(app):
    open_page(app, "pages/presentation.py", "en", screens="applications_patent,applications_patent@can_tho")
    first = [m.value for m in app.markdown if "·" in m.value and "(" in m.value]
    assert any("Plan 151 (by 2030)" in line for line in first) and not any("Decision 2724" in line for line in first)
    assert any("Former Can Tho City" in caption.value for caption in app.caption)
    app.button(key="presentation_next").click().run()
    second = [m.value for m in app.markdown if "·" in m.value and "(" in m.value]
    assert any("Decision 2724 (by 2030)" in line for line in second)
    assert not any("Plan 151 (by 2030)" in line for line in second)
    assert any("merged" in caption.value for caption in app.caption)


def test_the_screens_chart_heads_its_legend_with_the_illustrative_notice(app):
    open_page(app, "pages/presentation.py", "en", screens="titles_stock")
    spec = json.loads(chart_traces(app))
    assert spec["layout"]["legend"]["title"]["text"] == "⚠ Illustrative figures, not official"
    names = {trace.get("name") for trace in spec["data"] if trace.get("showlegend") is not False}
    assert {"Actual", "Actual – illustrative"} <= names


def test_the_screen_offers_its_chart_and_its_figures_for_download(app):
    open_page(app, "pages/presentation.py", "vi", screens="titles_stock")
    labels = [element.proto.label for element in app.get("download_button")]
    assert labels == ["Tải ảnh PNG", "Tải ảnh SVG", "Số liệu của biểu đồ (CSV)", "Số liệu của biểu đồ (Excel)"]
