"""IP Monitor 2030, the frame: page config, language switch, navigation, provenance. Nothing else."""
import streamlit as st

from ipmonitor.i18n import t
from pages.common import current_language, render_language_switch, render_provenance, require_database

st.set_page_config(page_title=t("app.short_title", current_language()), page_icon="📊", layout="wide")
lang = render_language_switch()
navigation = st.navigation([
    st.Page("pages/data.py", title=t("nav.data", lang), icon=":material/table_chart:", url_path="du-lieu",
            default=True),
])
st.sidebar.caption(t("app.title", lang))
require_database(lang)
render_provenance(lang)
navigation.run()
