"""The Overview, Trajectories and Presentation pages, in both languages, name targets by plan and year,
never by the register's code, and show statuses as shapes and words, never as colour emoji."""
from __future__ import annotations

import json

import pytest

from ipmonitor.i18n import LANGUAGES
from tests.app.conftest import open_page
from tests.readable_text import find_codes, find_emoji

# The screens where codes used to reach readers: targets of three plans on one indicator, two targets
# of one plan on one indicator, and Target 1's two readings.
INDICATORS = ["applications_patent", "people_trained_since_2021", "titles_stock"]


def page_texts(app) -> list[str]:
    """Every text the page shows: titles, markdown, captions, metrics, choices, buttons, tables, and
    each chart's trace names and texts, legend and annotations."""
    texts = [element.value for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning")
             for element in getattr(app, kind)]
    texts += [f"{metric.label} {metric.value}" for metric in app.metric]
    texts += [widget.label for kind in ("selectbox", "radio", "multiselect", "button") for widget in getattr(app, kind)]
    texts += [str(option) for kind in ("selectbox", "radio", "multiselect") for widget in getattr(app, kind)
              for option in widget.options]
    for frame in app.dataframe:
        table = frame.value
        texts += [str(column) for column in table.columns] + [str(v) for v in table.astype(str).to_numpy().ravel()]
    for chart in app.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        for trace in spec.get("data", []):
            texts += [str(trace.get("name", "")), str(trace.get("hovertemplate", ""))]
            texts += [str(text) for text in (trace.get("text") or []) if isinstance(trace.get("text"), list)]
        texts += [str(note.get("text", "")) for note in spec.get("layout", {}).get("annotations", [])]
    return texts


def assert_readable(app) -> None:
    texts = page_texts(app)
    assert len(texts) > 5
    assert find_codes(texts) == []
    assert find_emoji(texts) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_overview_names_no_target_code_and_shows_no_emoji_status(app, lang):
    open_page(app, None, lang)
    assert_readable(app)
    assert any("ipm-status-" in m.value for m in app.markdown)  # the statuses are there, as chips


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("indicator", INDICATORS)
def test_the_trajectories_page_names_no_target_code_and_shows_no_emoji_status(app, lang, indicator):
    open_page(app, "pages/trajectories.py", lang, indicator=indicator)
    assert_readable(app)
    open_page(app, "pages/trajectories.py", lang, indicator=indicator, view="table")
    assert_readable(app)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("screen", [*INDICATORS, "applications_patent@can_tho"])
def test_the_presentation_screens_name_no_target_code_and_show_no_emoji_status(app, lang, screen):
    open_page(app, "pages/presentation.py", lang, screens=screen)
    assert_readable(app)
    assert any("ipm-status-" in m.value for m in app.markdown)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_method_pages_register_names_targets_by_plan_indicator_and_year_not_code(app, lang):
    open_page(app, "pages/method.py", lang)
    assert_readable(app)
