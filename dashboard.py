"""IP Monitor 2030, the frame: page config, language switch, navigation, provenance. Nothing else."""
import streamlit as st

from ipmonitor.i18n import t
from pages.common import current_language, render_language_switch, render_provenance, require_database

st.set_page_config(page_title=t("app.short_title", current_language()), page_icon="📊", layout="wide")
lang = render_language_switch()
navigation = st.navigation([
    st.Page("pages/overview.py", title=t("nav.overview", lang), icon=":material/traffic:", url_path="tong-quan",
            default=True),
    st.Page("pages/trajectories.py", title=t("nav.trajectories", lang), icon=":material/timeline:",
            url_path="lo-trinh"),
    st.Page("pages/by_type.py", title=t("nav.by_type", lang), icon=":material/category:", url_path="theo-loai"),
    st.Page("pages/data.py", title=t("nav.data", lang), icon=":material/table_chart:", url_path="du-lieu"),
    st.Page("pages/method.py", title=t("nav.method", lang), icon=":material/functions:", url_path="phuong-phap"),
])
st.sidebar.caption(t("app.title", lang))
require_database(lang)
render_provenance(lang)
navigation.run()
