"""Blocked tasks in headless Chromium, on a phone and a desktop, in both languages: the Tasks page opens
with the blocked task's list (its difficulty and the agency that must act) above the table, whose first
row is that task; the Overview names it under the tracker line. Screenshots go to $IPMONITOR_SCREENSHOTS
when it is set (for a person to look at), nowhere otherwise."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from etl.tracker_writes import TaskStatusChange, commit_tracker_review, prepare_task_changes
from ipmonitor.store import db
from ipmonitor.vietnam_time import vietnam_today
from ipmonitor.register.plan_register import load_plan_register
from ipmonitor.tracker.task_board import FIRST_YEAR, LAST_YEAR
from tests.e2e.conftest import running_dashboard
from tests.e2e.test_data_page_in_browser import wait_until_idle

YEAR = min(max(vietnam_today().year, FIRST_YEAR), LAST_YEAR)  # the Overview's year
DIFFICULTY = "Chưa có kinh phí đối ứng cho dự án"
TEXTS = {
    "vi": {"heading": f"Nhiệm vụ vướng mắc năm {YEAR}", "status": "▣ vướng mắc", "agency": "Sở Tài chính",
           "overview": f"▣ Vướng mắc: 5.a (Sở Tài chính phải xử lý): {DIFFICULTY}"},
    "en": {"heading": f"Blocked tasks in {YEAR}", "status": "▣ blocked", "agency": "DOF",
           "overview": f"▣ Blocked: 5.a (DOF must act): {DIFFICULTY}"},
}


@pytest.fixture(scope="module")
def blocked_app(initialised_template: Path, tmp_path_factory: pytest.TempPathFactory, browser):
    folder = tmp_path_factory.mktemp("e2e-blocked")
    db_path = folder / "ipmonitor.duckdb"
    shutil.copy(initialised_template, db_path)
    with db.open_database(db_path) as con:
        review = prepare_task_changes(con, [
            TaskStatusChange("1.a", YEAR, "done", evidence="Báo cáo số 123/BC-SKHCN"),
            TaskStatusChange("5.a", YEAR, "blocked", note=DIFFICULTY, acting_agency_id="finance")],
            load_plan_register())
        assert review.ok
        commit_tracker_review(con, review, loaded_by="lan", note=None)
    with running_dashboard(db_path, folder, browser) as url:
        yield url


def screenshot(page, name: str) -> None:
    folder = os.environ.get("IPMONITOR_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / f"{name}.png"))


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_tasks_page_opens_with_the_blocked_task_first(blocked_app, browser, lang, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{blocked_app}/nhiem-vu?year={YEAR}&lang={lang}")
        wait_until_idle(page)
        expect(page.get_by_role("heading", name=TEXTS[lang]["heading"])).to_be_visible()
        blocked, table = page.get_by_test_id("stDataFrame").nth(0), page.get_by_test_id("stDataFrame").nth(1)
        expect(blocked.locator("[role=row]").nth(1)).to_contain_text(DIFFICULTY)
        expect(blocked.locator("[role=row]").nth(1)).to_contain_text(TEXTS[lang]["agency"])
        first = table.locator("[role=row]").nth(1)
        expect(first).to_contain_text("5.a")
        if width >= 1280:  # on a phone the wide table's status column is a scroll away (the grid draws what shows)
            expect(first).to_contain_text(TEXTS[lang]["status"])
        page.get_by_role("heading", name=TEXTS[lang]["heading"]).scroll_into_view_if_needed()
        screenshot(page, f"tasks-{lang}-{width}")
        page.goto(f"{blocked_app}/?lang={lang}")
        wait_until_idle(page)
        expect(page.get_by_text(TEXTS[lang]["overview"])).to_be_visible()
        page.get_by_text(TEXTS[lang]["overview"]).scroll_into_view_if_needed()
        screenshot(page, f"overview-{lang}-{width}")
    finally:
        context.close()
