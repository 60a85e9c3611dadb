"""IP Monitor 2030, the frame: page config, language switch, sign-in state, navigation, provenance."""
from urllib.parse import urlparse

import streamlit as st

from ipmonitor.i18n import t
from ui.access import current_account, render_account_box
from ui.frame import render_frame_style, render_provenance, require_database
from ui.language import current_language, render_language_switch
from ui.page_registry import pages_shown

st.set_page_config(page_title=t("app.short_title", current_language()), page_icon="📊", layout="wide")
render_frame_style()
lang = render_language_switch()
account = current_account()
# The sidebar lists the registry's pages that the account may use (and the one the address asks for:
# its guard then asks for the sign-in), each section in the registry's order.
asked_for = urlparse(st.context.url or "").path.rstrip("/").rsplit("/", 1)[-1]
sections: dict[str, list] = {}
for entry in pages_shown(account, asked_for):
    sections.setdefault(t(entry.section, lang), []).append(
        st.Page(entry.file, title=t(entry.title_key_for(account), lang), icon=entry.icon,
                url_path=entry.url_path or None, default=entry.default))
# Always every link: past twelve (an admin's fourteen) Streamlit would fold the rest under its own English
# "View 4 more", hiding the admin's pages behind words the reader may not read.
navigation = st.navigation(sections, expanded=True)
st.sidebar.caption(t("app.title", lang))
render_account_box(account, lang)
require_database(lang)
render_provenance(lang)
navigation.run()
