"""The server: the dashboard (dashboard.py) as Streamlit's ASGI app, plus the two routes that set and
clear the HttpOnly session cookie (ipmonitor/store/session_routes.py), so that a page reload keeps an analyst
signed in. Started by `make run` (`streamlit run app.py`), which the browser tests use too.
"""
import threading

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from ipmonitor.store.session_routes import build_routes

# dashboard.py builds its navigation itself (st.navigation). Streamlit, seeing a pages/ folder beside
# it, would otherwise run the first visit after a server start as an old-style multipage app: every
# file in pages/ listed in the sidebar and a bookmarked address (/lo-trinh) answered "Page not found"
# until the script ran. st.navigation clears this flag on its first call; clearing it before any visit
# gives the first visitor the same screen as every later one (tests/e2e/test_first_visit_in_browser.py).
PagesManager.uses_pages_directory = False

# Routes follow server.baseUrlPath like Streamlit's own (the option is read before this file is).
app = st.App("dashboard.py", routes=build_routes(st.get_option("server.baseUrlPath")))


def _import_what_the_pages_use() -> None:
    """The libraries and domain modules the pages need, imported once while the server waits for its
    first visitor, so that the visitor's first run does not pay for them (bench/bench_first_visit.py).
    The front page's first (it draws no Plotly chart), then the chart pages': a visitor arriving early
    shares the imports' time with this thread, and should share only what the front page needs."""
    import pandas  # noqa: F401

    import ipmonitor.progress.city_verdict  # noqa: F401
    import ipmonitor.documents.edition_data  # noqa: F401
    import ipmonitor.progress.scoreboard  # noqa: F401
    import ipmonitor.tracker.summaries  # noqa: F401
    import ipmonitor.progress.verdicts  # noqa: F401
    import ui.controls  # noqa: F401
    import ui.downloads  # noqa: F401
    import ui.frame  # noqa: F401
    import ui.status_chip  # noqa: F401
    import ui.url_choices  # noqa: F401

    from streamlit.string_util import is_emoji
    from ipmonitor.store import db
    from ipmonitor.i18n import load_catalogue
    from ipmonitor.paths import database_path
    from ipmonitor.store.reference import load_vocabulary
    from ipmonitor.register.register_store import load_registers

    # What the first run reads and keeps for the process: the plan register (built from the database's
    # entries and checked), the lists (CSV), both catalogues, and Streamlit's emoji pattern (0.3 s to
    # compile, for the page icon). A database that is missing, busy or without a register is left for
    # the first visit to report.
    is_emoji("📊")
    try:
        with db.open_database(database_path(), read_only=True, config=db.APP_CONFIG) as con:
            load_registers(con)
    except Exception:  # noqa: BLE001 - a warm-up never stops the server
        pass
    for kind in ("ip_type", "measure", "territory"):
        load_vocabulary(kind)
    for lang in ("vi", "en"):
        load_catalogue(lang)

    import plotly.graph_objects  # noqa: F401

    import ipmonitor.progress.charts  # noqa: F401


threading.Thread(target=_import_what_the_pages_use, name="import-warm-up", daemon=True).start()
