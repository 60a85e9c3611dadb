"""Presentation mode in headless Chromium at a projector's size: the arrow keys step through the
screens of the link, with no sidebar."""
from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.test_data_page_in_browser import wait_until_idle


def test_the_arrow_keys_step_through_the_chosen_screens(app_url, browser):
    page = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    try:
        page.goto(f"{app_url}/trinh-chieu?screens=applications_all,titles_stock")
        expect(page.get_by_role("heading", name="Đơn đăng ký mới (mọi loại, kể cả quyền tác giả)")).to_be_visible()
        expect(page.get_by_test_id("stSidebar")).to_be_hidden()
        expect(page.locator(".js-plotly-plot")).to_be_visible()
        wait_until_idle(page)
        page.keyboard.press("ArrowRight")
        expect(page.get_by_role("heading", name="Văn bằng bảo hộ lũy kế (cuối năm)")).to_be_visible()
        page.wait_for_url("**screen=2**")
        wait_until_idle(page)
        page.keyboard.press("ArrowLeft")
        expect(page.get_by_role("heading", name="Đơn đăng ký mới (mọi loại, kể cả quyền tác giả)")).to_be_visible()
        page.wait_for_url("**screen=1**")
    finally:
        page.context.close()


def test_the_whole_chart_and_its_legend_fit_a_1280_by_720_screen(app_url, browser):
    # The busiest screen: two plans' paths, targets and the projection on the merged city.
    page = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    try:
        page.goto(f"{app_url}/trinh-chieu?screens=applications_patent@can_tho")
        expect(page.locator(".js-plotly-plot .legend")).to_be_visible()
        wait_until_idle(page)
        for part in (".js-plotly-plot .main-svg", ".js-plotly-plot .legend", ".js-plotly-plot .xtick"):
            box = page.locator(part).first.bounding_box()
            assert box["y"] >= 0 and box["y"] + box["height"] <= 720, (part, box)
        assert page.evaluate("document.scrollingElement.scrollHeight") <= 720 + 1
    finally:
        page.context.close()
