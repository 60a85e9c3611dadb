"""Presentation (Trình chiếu): a projector's page. One indicator per screen (its status, its chart, one
sentence), stepped with the buttons or the Left and Right arrow keys, through a set and order of
screens kept in the link; no sidebar, large type."""
import html
from functools import partial

import streamlit as st

from ipmonitor.documents.chart_data import load_drawn_trajectory_sheets
from ipmonitor.progress.charts import build_presentation_figure, chart_config
from ipmonitor.i18n import LANGUAGES, t
from ipmonitor.paths import database_path
from ipmonitor.documents.presentation_screens import (format_screens, list_screens, parse_position,
                                                      parse_screens)
from ipmonitor.register.register_store import load_target_register_from
from ipmonitor.documents.edition_data import load_year_kinds
from ipmonitor.progress.scoreboard import AS_REGISTERED, assess_register
from ipmonitor.progress.trajectory import trajectory_of
from ipmonitor.progress.verdicts import describe_target
from ipmonitor.register.target_words import target_tag
from ui.cached_reads import read
from ui.language import LANG_KEY, current_language
from ui.status_chip import status_chip
from ui.controls import territory_label, visible_targets
from ui.downloads import render_chart_downloads

# Fixed styling, no user text: the sidebar hidden, the type enlarged for a room, and the page exactly
# one screen high so that the chart takes what the text leaves (1920×1080 and 1280×720 alike).
PROJECTOR_STYLE = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"] {display: none;}
.block-container {padding-top: 0.5rem; padding-bottom: 0.5rem; max-width: 100%; height: 100vh;}
.block-container > [data-testid="stVerticalBlock"] {height: 100%; flex-wrap: nowrap;}
.st-key-presentation_chart {flex: 1 1 0; min-height: 0;}
.stApp h1 {font-size: 2.6rem; padding: 0.2rem 0;}
.st-key-presentation_status p {font-size: 1.5rem;}
[data-testid="stAlertContainer"] {padding: 0.25rem 0.75rem;}
[data-testid="stAlertContainer"] p {font-size: 0.85rem;}
@media (max-height: 800px) {
  .stApp h1 {font-size: 1.9rem; padding: 0;}
  .st-key-presentation_status p {font-size: 1.1rem; margin-bottom: 0.2rem;}
}
</style>"""


def switch_language(to: str) -> None:
    """The sidebar's switch is hidden here: the link's ?lang= changes and the switch starts from it."""
    st.session_state.pop(LANG_KEY, None)
    st.query_params["lang"] = to


lang = current_language()
register = read(load_target_register_from)
# Target 1 in its default reading (a): titles held at the end of each year.
results = [r for r in read(assess_register, "eurostat", AS_REGISTERED) if visible_targets(r, register, "a")]
by_screen = list_screens(results)
available = list(by_screen)
screens = parse_screens(st.query_params.get("screens"), available)
position = parse_position(st.query_params.get("screen"), len(screens))
st.html(PROJECTOR_STYLE)



def step(by: int, count: int) -> None:
    """Before the rerun, so that the buttons are drawn for the screen the reader lands on."""
    st.query_params["screen"] = str(parse_position(st.query_params.get("screen"), count) + by)


def choose_screens() -> None:
    st.query_params["screens"] = format_screens(st.session_state["presentation_screens"])
    st.query_params["screen"] = "1"


def screen_label(key: str) -> str:
    """The indicator's name, and the territory when the indicator has a screen on another one."""
    own = by_screen[key]
    name = register.indicators[own[0].indicator].name(lang)
    shared = sum(1 for other in by_screen.values() if other[0].indicator == own[0].indicator) > 1
    return f"{name} · {territory_label(own[0].series.territory, lang)}" if shared else name


back_col, where_col, next_col, choose_col, save_col, lang_col = st.columns([1, 1.2, 1, 1.4, 1.2, 1],
                                                                          vertical_alignment="center")
back_col.button(t("presentation.previous", lang), shortcut="Left", disabled=position == 1, key="presentation_previous",
                icon=":material/arrow_back:", on_click=step, args=(-1, len(screens)))
next_col.button(t("presentation.next", lang), shortcut="Right", disabled=position == len(screens),
                key="presentation_next", icon=":material/arrow_forward:", icon_position="right", on_click=step,
                args=(1, len(screens)))
with choose_col.popover(t("presentation.choose", lang), icon=":material/tune:"):
    st.caption(t("presentation.choose_help", lang))
    st.multiselect(t("presentation.screens", lang), available, default=screens, key="presentation_screens",
                   format_func=screen_label, on_change=choose_screens)
other = next(code for code in LANGUAGES if code != lang)
lang_col.button(t(f"app.language_{other}", lang), key="presentation_language", on_click=switch_language,
                args=(other,), icon=":material/translate:")
where_col.markdown(t("presentation.position", lang, position=position, count=len(screens)))
st.query_params["screens"] = format_screens(screens)
st.query_params["screen"] = str(position)

screen = screens[position - 1]
results = by_screen[screen]
series = results[0].series
st.title(register.indicators[results[0].indicator].name(lang))
status = st.container(key="presentation_status")
status.caption(t("trajectories.territory_shown", lang, territory=territory_label(series.territory, lang)))
for result in results:
    target = register.target(result.target_id)
    # The chip is our own HTML; the plan, the tag and the sentence are ours too, escaped all the same.
    said = (f"{register.plan_name(target.plan, lang, short=True)} ({target_tag(target, lang)}): "
            f"{describe_target(result, lang)}")
    status.markdown(f"{status_chip(result.assessment.status, lang)} · {html.escape(said)}", unsafe_allow_html=True)
kinds = read(load_year_kinds, results[0].indicator, series.territory)
trajectory = trajectory_of(series, results, register, lang, kinds=kinds)
st.plotly_chart(build_presentation_figure(trajectory, lang), key="presentation_chart",
                config=chart_config(lang), height="stretch")
with save_col.popover(t("presentation.downloads", lang), icon=":material/download:"):
    data = partial(load_drawn_trajectory_sheets, database_path(), results[0].indicator, trajectory, lang, first_year=2015)
    # The files are drawn at a slide's size, whatever the screen in the room.
    render_chart_downloads(build_presentation_figure(trajectory, lang, height=900, width=1600),
                           f"ipmonitor-{results[0].indicator}-{series.territory}", data, "presentation", lang,
                           in_row=False)
