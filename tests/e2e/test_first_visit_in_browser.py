"""The first visitor after a server start sees the same screen as every later one: only the real pages
in the sidebar, in their language, and a bookmarked address opens its page with no "Page not found".

Before app.py cleared Streamlit's old-style flag, that visitor saw every file of pages/ listed
(access, common, controls …) for seconds, and a deep link got an English "Page not found" box.
"""
from __future__ import annotations

import shutil

from playwright.sync_api import expect

from ipmonitor.i18n import t
from tests.e2e.conftest import running_dashboard
from ui.page_registry import PAGES, READER, TRAJECTORIES, pages_shown

# Every text the sidebar's page list ever shows, collected as the page loads, flashes included.
RECORD_SIDEBAR = """
window.__navSeen = new Set();
new MutationObserver(() => {
  document.querySelectorAll('[data-testid="stSidebarNav"] a, [data-testid="stSidebarNavItems"] a')
    .forEach(a => window.__navSeen.add(a.innerText.trim().split('\\n').pop().trim()));
  if (document.body && document.body.innerText.includes('Page not found')) window.__pageNotFound = true;
}).observe(document, {subtree: true, childList: true, characterData: true});
"""


def test_the_first_visit_after_a_start_shows_only_the_real_pages_and_a_deep_link_finds_its_page(
        initialised_template, tmp_path, browser):
    db_path = tmp_path / "ipmonitor.duckdb"
    shutil.copy(initialised_template, db_path)
    with running_dashboard(db_path, tmp_path, browser, first_visit=False) as url:
        context = browser.new_context(viewport={"width": 1280, "height": 720})
        try:
            page = context.new_page()
            page.add_init_script(RECORD_SIDEBAR)
            page.goto(f"{url}/{TRAJECTORIES.url_path}")  # the server's very first visitor, on a bookmarked address
            expect(page.get_by_role("heading", name=t("trajectories.title", "vi"))).to_be_visible(timeout=60_000)
            expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning",
                                                                   timeout=60_000)
            seen = set(page.evaluate("Array.from(window.__navSeen)"))
            assert not page.evaluate("window.__pageNotFound === true")
            expected = {t(entry.title_key_for(None), "vi") for entry in pages_shown(None, TRAJECTORIES.url_path)}
            assert seen == expected, seen ^ expected
        finally:
            context.close()


def test_a_viewer_on_an_analysts_bookmark_is_asked_to_sign_in_in_vietnamese(app_url, browser):
    """Upload, History and the admin's pages are not listed for a viewer; their address, opened without a sign-in (a
    bookmark, a session that ended), says what the page needs and links to the sign-in, instead of
    Streamlit's English "Page not found" over the front page."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        page = context.new_page()
        page.add_init_script(RECORD_SIDEBAR)
        for address in (f"/{entry.url_path}" for entry in PAGES if entry.role != READER):
            page.goto(app_url + address)
            expect(page.get_by_text(t("sign_in.required", "vi"))).to_be_visible(timeout=60_000)
            expect(page.get_by_role("link", name=t("nav.sign_in", "vi")).last).to_be_visible()
            assert not page.evaluate("window.__pageNotFound === true"), address
        page.get_by_role("link", name=t("nav.sign_in", "vi")).last.click()
        expect(page.get_by_label(t("sign_in.name", "vi"))).to_be_visible()
    finally:
        context.close()
