"""Leadership's path in headless Chromium: the Overview opens first, the trajectory chart shows its
target line, and a copied link reopens the same view."""
from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.test_data_page_in_browser import wait_until_idle


def plotly_trace_names(page: Page) -> list[str]:
    """The names of the traces Plotly drew in the first chart (its own data, read in the browser)."""
    chart = page.locator(".js-plotly-plot").first
    expect(chart).to_be_visible()
    return chart.evaluate("node => node.data.map(trace => trace.name)")


def test_the_overview_is_the_front_page_with_a_verdict_per_plan(app_url, page):
    page.goto(app_url)
    expect(page.get_by_role("heading", name="Tổng quan: tiến độ đến năm 2030")).to_be_visible()
    expect(page.get_by_text("Kế hoạch 151/KH-UBND (24/11/2020): 6 trên 6 chỉ tiêu đã đạt hoặc đúng lộ trình.")).to_be_visible()
    expect(page.get_by_text("Văn bằng bảo hộ lũy kế (cuối năm)", exact=True)).to_be_visible()


def test_the_trajectory_chart_draws_the_actual_series_the_required_path_and_the_target(app_url, page):
    page.goto(f"{app_url}/lo-trinh?indicator=titles_stock")
    expect(page.get_by_role("heading", name="Văn bằng bảo hộ lũy kế (cuối năm)")).to_be_visible()
    names = plotly_trace_names(page)
    assert {"Thực tế", "KH 151: lộ trình cần đi (đến 2030, cách hiểu a)", "KH 151: mục tiêu (đến 2030, cách hiểu a)",
            "Khoảng dự báo 80%"} <= set(names)
    target = page.locator(".js-plotly-plot").first.evaluate(
        "node => node.data.find(trace => trace.name === 'KH 151: mục tiêu (đến 2030, cách hiểu a)').y[0]")
    assert target == 5500


def test_a_copied_link_reopens_the_same_view_in_the_same_language(app_url, page, browser):
    page.goto(f"{app_url}/lo-trinh")
    wait_until_idle(page)
    page.locator("label").filter(has_text="English").click()
    expect(page.get_by_role("heading", name="Trajectories to the targets")).to_be_visible()
    wait_until_idle(page)
    page.get_by_role("combobox").nth(1).click()
    page.get_by_role("option", name="Can Tho City (merged, baseline rebuilt from the 3 provinces)").click()
    page.wait_for_url("**territory=can_tho&**")
    wait_until_idle(page)
    page.locator("label").filter(has_text="Table").click()
    page.wait_for_url("**view=table**")
    expect(page.get_by_text("Territory shown: Can Tho City (merged, baseline rebuilt from the 3 provinces).")).to_be_visible()
    link = page.url
    assert "view=table" in link and "lang=en" in link
    other = browser.new_context().new_page()
    try:
        other.goto(link)
        expect(other.get_by_role("heading", name="Trajectories to the targets")).to_be_visible()
        expect(other.get_by_text("Territory shown: Can Tho City (merged, baseline rebuilt from the 3 provinces).")).to_be_visible()
        expect(other.get_by_test_id("stDataFrame")).to_be_visible()
    finally:
        other.close()


CITY = {"vi": "Thành phố Cần Thơ (sau hợp nhất):", "en": "Can Tho City (merged):"}
SCREENS = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1280, "height": 720},
           "desktop": {"width": 1440, "height": 900}}


def test_the_citys_one_line_and_its_worst_targets_links_are_above_the_fold_on_every_screen(app_url, browser):
    """Leadership's one glance: the merged city's line and the first link to a trajectory of its worst
    status are on the first screen, without scrolling, on a phone, a laptop and a desktop, in both languages."""
    for name, viewport in SCREENS.items():
        context = browser.new_context(viewport=viewport)
        try:
            page = context.new_page()
            for lang in ("vi", "en"):
                page.goto(f"{app_url}/?lang={lang}")
                line = page.locator("p", has_text=CITY[lang]).first
                expect(line).to_be_visible()
                wait_until_idle(page)
                first_link = page.get_by_test_id("stMain").locator("a[href*='lo-trinh']").first
                for element, what in ((line, "the city's line"), (first_link, "the first trajectory link")):
                    box = element.bounding_box()
                    assert box is not None and 0 <= box["y"] and box["y"] + box["height"] <= viewport["height"], \
                        f"{what} is below the fold on the {name} in {lang}: {box}"
                # Every link's label is read whole: a long indicator name wraps rather than being cut.
                clipped = page.get_by_test_id("stMain").get_by_test_id("stPageLink-NavLink").evaluate_all(
                    "links => links.filter(link => link.getClientRects().length && "
                    "[...link.querySelectorAll('span, p')].some(el => el.scrollWidth > el.clientWidth + 1))"
                    ".map(link => link.innerText)")
                assert not clipped, f"link labels cut on the {name} in {lang}: {clipped}"
        finally:
            context.close()
