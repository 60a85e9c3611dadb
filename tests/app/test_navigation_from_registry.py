"""dashboard.py lists exactly the page registry's pages (ui/page_registry.py) for a reader, an analyst and
an admin: the same files, addresses, titles in the reader's language, icons, sections and order."""
from __future__ import annotations

from pathlib import Path

import pytest
import streamlit

from ipmonitor.store.analyst_accounts import Account
from ipmonitor.i18n import t
from ipmonitor.paths import PROJECT_ROOT
from tests.app.conftest import open_page
from ui.access import AUTH_KEY
from ui.page_registry import PAGES, pages_shown


@pytest.fixture
def navigation_seen(monkeypatch) -> list[dict]:
    """What each run hands st.navigation (the app runs in this process): sections of pages, as plain rows."""
    seen: list[dict] = []
    real_navigation = streamlit.navigation

    def recording_navigation(pages, **kwargs):
        seen.append({section: [(str(Path(page._page).relative_to(PROJECT_ROOT)), page.url_path, page.title, page.icon,
                                page._default) for page in section_pages]
                     for section, section_pages in pages.items()})
        assert kwargs == {"expanded": True}
        return real_navigation(pages, **kwargs)

    monkeypatch.setattr(streamlit, "navigation", recording_navigation)
    return seen


@pytest.mark.parametrize("account", [None, Account("lan", "analyst"), Account("root", "admin")],
                         ids=["reader", "analyst", "admin"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_sidebar_lists_the_registrys_pages_for_each_role(app, navigation_seen, account, lang):
    if account is not None:
        app.session_state[AUTH_KEY] = account
    open_page(app, None, lang)
    expected: dict[str, list] = {}
    for entry in pages_shown(account, ""):
        expected.setdefault(t(entry.section, lang), []).append(
            (entry.file, entry.url_path, t(entry.title_key_for(account), lang), entry.icon, entry.default))
    assert navigation_seen[-1] == expected
    shown = [row[0] for rows in expected.values() for row in rows]
    assert len(shown) == {None: 10, "analyst": 12, "admin": 14}[account and account.role]
    assert shown == [entry.file for entry in PAGES if entry.file in shown]
