"""AppTest through dashboard.py on a real copy of the database: open a page in a language."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from ipmonitor.paths import DB_ENV_VAR, PROJECT_ROOT

DASHBOARD = PROJECT_ROOT / "dashboard.py"


@pytest.fixture
def app(db_path, monkeypatch) -> AppTest:
    monkeypatch.setenv(DB_ENV_VAR, str(db_path))
    return AppTest.from_file(str(DASHBOARD), default_timeout=60)


def open_page(app: AppTest, page: str | None, lang: str, **params: str) -> AppTest:
    """Run the app with ?lang= and other URL parameters, then switch to `page` (None: the default)."""
    app.query_params["lang"] = lang
    for name, value in params.items():
        app.query_params[name] = value
    app.run()
    if page is not None:
        app.switch_page(page).run()
    assert not app.exception, app.exception
    return app
