"""The reader's language: chosen in the sidebar, kept in ?lang= so that a link keeps it."""
from __future__ import annotations

import streamlit as st

from ipmonitor.i18n import LANGUAGES, normalise_language, t
from ui.url_choices import url_choice

LANG_KEY = "frame_lang"


def current_language() -> str:
    """The reader's language: the switch's value once it exists, before that ?lang= in the URL."""
    return normalise_language(st.session_state.get(LANG_KEY) or st.query_params.get("lang"))


def render_language_switch() -> str:
    """The sidebar switch, kept in ?lang= like every other choice, so that a link keeps it."""
    return url_choice(st.sidebar.radio, t("app.language_switch"), list(LANGUAGES), "lang", current_language(),
                      key=LANG_KEY, horizontal=True, format_func=lambda code: t(f"app.language_{code}", code))
