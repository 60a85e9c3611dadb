"""The server: the dashboard (dashboard.py) as Streamlit's ASGI app, plus the two routes that set and
clear the HttpOnly session cookie (ipmonitor/session_routes.py), so that a page reload keeps an analyst
signed in. Started by `make run` (`streamlit run app.py`), which the browser tests use too.
"""
import threading

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


def _import_what_the_pages_use() -> None:
    """The libraries and domain modules every page needs, imported once while the server waits for its
    first visitor, so that the visitor's first run does not pay for them (bench/bench_first_visit.py)."""
    import pandas  # noqa: F401
    import plotly.graph_objects  # noqa: F401

    import ipmonitor.city_verdict  # noqa: F401
    import ipmonitor.figures  # noqa: F401
    import ipmonitor.scoreboard  # noqa: F401
    import ipmonitor.verdicts  # noqa: F401
    import pages.common  # noqa: F401
    import pages.downloads  # noqa: F401


threading.Thread(target=_import_what_the_pages_use, name="import-warm-up", daemon=True).start()
