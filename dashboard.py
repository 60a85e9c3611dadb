"""IP Monitor 2030, the frame: page config, language switch, sign-in state, navigation, provenance."""
from urllib.parse import urlparse

import streamlit as st

from ipmonitor.i18n import t
from pages.access import current_account, render_account_box
from pages.common import (
    current_language, render_frame_style, render_language_switch, render_provenance, require_database,
)

st.set_page_config(page_title=t("app.short_title", current_language()), page_icon="📊", layout="wide")
render_frame_style()
lang = render_language_switch()
account = current_account()
viewing = [
    # The front page lives at "/": Streamlit gives the default page no address of its own.
    st.Page("pages/overview.py", title=t("nav.overview", lang), icon=":material/traffic:", default=True),
    st.Page("pages/trajectories.py", title=t("nav.trajectories", lang), icon=":material/timeline:",
            url_path="lo-trinh"),
    st.Page("pages/scenario.py", title=t("nav.scenario", lang), icon=":material/tune:", url_path="kich-ban"),
    st.Page("pages/by_type.py", title=t("nav.by_type", lang), icon=":material/category:", url_path="theo-loai"),
    st.Page("pages/tasks.py", title=t("nav.tasks", lang), icon=":material/checklist:", url_path="nhiem-vu"),
    st.Page("pages/reports.py", title=t("nav.reports", lang), icon=":material/event_available:",
            url_path="bao-cao-dinh-ky"),
    st.Page("pages/data.py", title=t("nav.data", lang), icon=":material/table_chart:", url_path="du-lieu"),
    st.Page("pages/method.py", title=t("nav.method", lang), icon=":material/functions:", url_path="phuong-phap"),
    st.Page("pages/presentation.py", title=t("nav.presentation", lang), icon=":material/slideshow:",
            url_path="trinh-chieu"),
]
# Pages that change data are listed only for a signed-in analyst (the accounts page for an admin). A
# link to one opened without that sign-in (a bookmark, a session that ended) still reaches the page,
# whose guard says in the reader's language that it needs a sign-in and links to it, rather than
# Streamlit's English "Page not found" box.
asked_for = urlparse(st.context.url or "").path.rstrip("/").rsplit("/", 1)[-1]
working = [page for page, allowed in (
    (st.Page("pages/upload.py", title=t("nav.upload", lang), icon=":material/upload_file:", url_path="cap-nhat"),
     account is not None),
    (st.Page("pages/history.py", title=t("nav.history", lang), icon=":material/history:", url_path="lich-su"),
     account is not None),
    (st.Page("pages/accounts.py", title=t("nav.accounts", lang), icon=":material/group:", url_path="tai-khoan"),
     account is not None and account.is_admin),
    (st.Page("pages/plans.py", title=t("nav.plans", lang), icon=":material/menu_book:", url_path="so-ke-hoach"),
     account is not None and account.is_admin),
) if allowed or page.url_path == asked_for]
working.append(st.Page("pages/sign_in.py", title=t("nav.sign_in" if account is None else "nav.my_account", lang),
                       icon=":material/login:", url_path="dang-nhap"))
# Always every link: past twelve (an admin's fourteen) Streamlit would fold the rest under its own English
# "View 4 more", hiding the admin's pages behind words the reader may not read.
navigation = st.navigation({t("nav.section_view", lang): viewing, t("nav.section_work", lang): working},
                           expanded=True)
st.sidebar.caption(t("app.title", lang))
render_account_box(account, lang)
require_database(lang)
render_provenance(lang)
navigation.run()
