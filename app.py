"""The server: the dashboard (dashboard.py) as Streamlit's ASGI app, plus the two routes that set and
clear the HttpOnly session cookie (ipmonitor/session_routes.py), so that a page reload keeps an analyst
signed in. Started by `make run` (`streamlit run app.py`), which the browser tests use too.
"""
import streamlit as st

from ipmonitor.session_routes import build_routes

# Routes follow server.baseUrlPath like Streamlit's own (the option is read before this file is).
app = st.App("dashboard.py", routes=build_routes(st.get_option("server.baseUrlPath")))
