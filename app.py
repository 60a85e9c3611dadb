"""The server: the dashboard (dashboard.py) as Streamlit's ASGI app, plus the two routes that set and
clear the HttpOnly session cookie (ipmonitor/session_routes.py), so that a page reload keeps an analyst
signed in. Started by `make run` (`streamlit run app.py`), which the browser tests use too.
"""
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from ipmonitor.session_routes import build_routes

# dashboard.py builds its navigation itself (st.navigation). Streamlit, seeing a pages/ folder beside
# it, would otherwise run the first visit after a server start as an old-style multipage app: every
# file in pages/ listed in the sidebar and a bookmarked address (/lo-trinh) answered "Page not found"
# until the script ran. st.navigation clears this flag on its first call; clearing it before any visit
# gives the first visitor the same screen as every later one (tests/e2e/test_first_visit_in_browser.py).
PagesManager.uses_pages_directory = False

# Routes follow server.baseUrlPath like Streamlit's own (the option is read before this file is).
app = st.App("dashboard.py", routes=build_routes(st.get_option("server.baseUrlPath")))
