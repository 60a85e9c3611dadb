"""Registrations at home and abroad in headless Chromium, on a phone and a desktop, in both languages:
Trajectories draws the split chart (both parts stacked, the enterprises as a line, the illustrative
notice) and its downloads; screenshots go to the test's folder for a look."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.test_data_page_in_browser import wait_until_idle

TEXTS = {"vi": ("Trong nước và nước ngoài; doanh nghiệp được hỗ trợ", "Hồ sơ trong nước", "Hồ sơ nước ngoài",
                "Doanh nghiệp"),
         "en": ("At home and abroad; enterprises supported", "Dossiers at home", "Dossiers abroad",
                "Enterprises")}


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_split_chart_shows_both_parts_and_the_enterprises(app_url, browser, lang, width, tmp_path):
    title, home, abroad, enterprises = TEXTS[lang]
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{app_url}/lo-trinh?indicator=registrations_supported&lang={lang}")
        heading = page.get_by_role("heading", name=title)
        expect(heading).to_be_visible()
        wait_until_idle(page)
        chart = page.locator(".js-plotly-plot").nth(1)
        chart.scroll_into_view_if_needed()
        expect(chart).to_be_visible()
        names = chart.evaluate("node => node.data.map(trace => trace.name)")
        assert any(name.startswith(home) for name in names) and any(name.startswith(abroad) for name in names)
        assert any(name.startswith(enterprises) for name in names)
        assert chart.evaluate("node => node.layout.barmode") == "stack"
        expect(chart.locator(".legendtext").filter(has_text=abroad).first).to_be_visible()
        heading.scroll_into_view_if_needed()
        page.screenshot(path=str(tmp_path / f"split-{lang}-{width}.png"), full_page=False)
        print(tmp_path / f"split-{lang}-{width}.png")
    finally:
        context.close()
