"""Every page, in both languages, passes axe-core's WCAG 2.1 A/AA rules with no serious or critical
violation of ours (run with `-s` to see the per-page counts by impact), and reads right on the same
load: no target code, no emoji status, no "Page not found", nothing wider than the screen."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.e2e.conftest import dashboard_with_analyst, sign_in_as_analyst
from tests.readable_text import find_codes, find_emoji
from ui.page_registry import ANALYST, PAGES, READER, TRAJECTORIES

PASSWORD = "a-long-passphrase-for-axe"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DESKTOP = {"width": 1280, "height": 720}
PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1440, "height": 900}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE, "wide": WIDE}

VIEWER_PAGES = [page.url_path for page in PAGES if page.role == READER]
ANALYST_PAGES = [page.url_path for page in PAGES if page.role == ANALYST]
# The front page and one chart page are also read on a phone and on a wide screen.
PHONE_PAGES = WIDE_PAGES = ["", TRAJECTORIES.url_path]


@dataclass(frozen=True)
class Exemption:
    """A rule broken inside a widget Streamlit or Plotly draws, whose markup the project cannot change."""
    rule: str
    inside: str  # a CSS selector: the violation counts only when its node is outside every match
    why: str


# Kept short on purpose: each entry was checked against the page, and what was ours was fixed instead
# (the captions' contrast: textColor in .streamlit/config.toml).
_NAV_WHY = ("st.navigation with sections draws <ul><div>section<li>page</li></div></ul>: Streamlit's own markup; "
            "the sections (viewing / analyst pages) tell a viewer which pages need an account, so they stay")
EXEMPTIONS = [
    Exemption("list", '[data-testid="stSidebarNav"]', _NAV_WHY),
    Exemption("listitem", '[data-testid="stSidebarNav"]', _NAV_WHY),
]


def _exempt(violation: dict, node: dict, page: Page) -> bool:
    for exemption in EXEMPTIONS:
        if exemption.rule != violation["id"]:
            continue
        # axe's "ancestry" is the node's full path from <html>: one element, whatever Streamlit's class names.
        path = node["ancestry"][-1]
        if isinstance(path, str) and page.evaluate(
                "([path, inside]) => document.querySelector(path)?.closest(inside) != null", [path, exemption.inside]):
            return True
    return False


def settle(page: Page) -> None:
    """The page's title is drawn, the script has finished, and any chart has drawn its axes."""
    expect(page.get_by_role("heading", level=1).first).to_be_visible()
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning")
    page.wait_for_load_state("networkidle")
    if page.locator(".js-plotly-plot").count():
        expect(page.locator(".js-plotly-plot .main-svg").first).to_be_visible()


def audit(page: Page, url: str, label: str) -> list[str]:
    """Open `url`, run axe, print the counts by impact; return the serious and critical problems left."""
    page.goto(url)
    settle(page)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA},
                                        "resultTypes": ["violations"], "ancestry": True})
    counts: Counter[str] = Counter()
    exempted = 0
    problems = []
    for violation in results.response["violations"]:
        for node in violation["nodes"]:
            if _exempt(violation, node, page):
                exempted += 1
                continue
            counts[violation["impact"]] += 1
            if violation["impact"] in ("serious", "critical"):
                problems.append(f"{violation['id']} ({violation['impact']}): {node['target']} {node['html'][:160]}")
    summary = ", ".join(f"{impact} {counts[impact]}" for impact in ("critical", "serious", "moderate", "minor"))
    print(f"axe {label}: {summary}; exempted {exempted}")
    return problems + readability_problems(page)


# What the page shows a reader, checked on the same load as axe: no target code, no emoji status, no
# Streamlit "Page not found", and nothing wider than the screen (a table scrolls inside its own frame).
WIDER_THAN_SCREEN = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  return main.scrollWidth - main.clientWidth;
}"""


def readability_problems(page: Page) -> list[str]:
    text = page.inner_text("body")
    problems = [f"target code {code} in: {context}" for code, context in find_codes([text])]
    problems += [f"emoji {code} in: {context}" for code, context in find_emoji([text])]
    if "Page not found" in text:
        problems.append("Streamlit's «Page not found» box")
    if (overflow := page.evaluate(WIDER_THAN_SCREEN)) > 1:
        problems.append(f"the page is {overflow} px wider than the screen")
    return problems


@pytest.fixture(scope="module")
def analyst_url(initialised_template, tmp_path_factory, browser):
    with dashboard_with_analyst(initialised_template, tmp_path_factory.mktemp("e2e-axe"), browser, PASSWORD) as url:
        yield url


def _context_page(browser, viewport: dict) -> Page:
    page = browser.new_context(viewport=viewport).new_page()
    page.set_default_timeout(30_000)
    return page


# Every page on a laptop screen; on a phone and a wide screen, the front page and one chart page.
SCREENS = ([(path, "desktop") for path in VIEWER_PAGES] + [(path, "phone") for path in PHONE_PAGES]
           + [(path, "wide") for path in WIDE_PAGES])


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("path, viewport", SCREENS)
def test_a_viewer_page_has_no_serious_or_critical_accessibility_violation(analyst_url, browser, path, lang, viewport):
    page = _context_page(browser, VIEWPORTS[viewport])
    try:
        query = "?lang=en" if lang == "en" else ""
        problems = audit(page, f"{analyst_url}/{path}{query}", f"/{path} {lang} {viewport}")
    finally:
        page.context.close()
    assert problems == [], "\n".join(problems)


@pytest.fixture(scope="module")
def analyst_page(analyst_url, browser):
    page = _context_page(browser, DESKTOP)
    sign_in_as_analyst(page, analyst_url, PASSWORD)
    yield page
    page.context.close()


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("path", ANALYST_PAGES)
def test_an_analyst_page_has_no_serious_or_critical_accessibility_violation(analyst_url, analyst_page, path, lang):
    query = "?lang=en" if lang == "en" else ""
    problems = audit(analyst_page, f"{analyst_url}/{path}{query}", f"/{path} {lang} desktop signed in")
    assert problems == [], "\n".join(problems)
