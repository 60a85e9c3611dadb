"""The admin's path through the plan register in headless Chromium, with a real upload: sign in, upload a
workbook that adds a plan with two targets and three tasks, read the preview, write it; the Overview,
Trajectories and Tasks show the new plan to a fresh visitor; History reverts the batch and the plan is
gone from every page."""
from __future__ import annotations

import re
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import running_dashboard
from tests.e2e.test_data_page_in_browser import wait_until_idle
from tests.integration.plan_register_files import new_plan_workbook

pytestmark = pytest.mark.e2e

PASSWORD = "mat-khau-dai-du"
WORDS = {
    "vi": {"name": "Tên đăng nhập", "password": "Mật khẩu", "sign_in": "Đăng nhập", "signed_in": "Đã đăng nhập: minh",
           "register": "Sổ kế hoạch", "preview": "Xem trước: thêm 6, sửa 0, rút 0 mục.",
           "write": "Ghi vào sổ kế hoạch", "written": "Đã ghi lô", "plan": "QĐ 888", "plan_name": "Quyết định 888/QĐ-UBND", 
           "tasks_count": "nhiệm vụ của năm", "in_force": "đang có hiệu lực:", "history": "Lịch sử", "expander": "Hoàn tác lô số", "sure": "Tôi muốn hoàn tác lô số",
           "reverted": "Đã hoàn tác lô số"},
    "en": {"name": "User name", "password": "Password", "sign_in": "Sign in", "signed_in": "Signed in: minh",
           "register": "Plan register", "preview": "Preview: 6 added, 0 changed, 0 withdrawn.",
           "write": "Write to the plan register", "written": "Batch", "plan": "Decision 888", "plan_name": "Decision 888/QĐ-UBND",
           "tasks_count": "tasks of", "in_force": "in force:", "history": "History", "expander": "Revert batch", "sure": "I want to revert batch",
           "reverted": "reverted by new batch"},
}


@pytest.fixture(scope="module")
def admin_app(initialised_template: Path, tmp_path_factory: pytest.TempPathFactory, browser):
    from ipmonitor.store import db
    from ipmonitor.store.analyst_accounts import add_account

    folder = tmp_path_factory.mktemp("e2e-plans")
    db_path = folder / "ipmonitor.duckdb"
    shutil.copy(initialised_template, db_path)
    with db.open_database(db_path) as con:
        add_account(con, "minh", "admin", PASSWORD, actor="test")
    with running_dashboard(db_path, folder, browser) as url:
        yield url


@contextmanager
def fresh_visitor(browser, url: str) -> Iterator:
    """The main area of `url` as a new visitor sees it. Checks on it retry until the page settles (a page
    writes some lines last, into places kept under its title, and may run again for its URL)."""
    page = browser.new_context().new_page()
    try:
        page.goto(url)
        yield page.get_by_test_id("stMain")
    finally:
        page.context.close()


def shows(browser, url: str, text: str) -> None:
    with fresh_visitor(browser, url) as main:
        expect(main).to_contain_text(text, timeout=60_000)


def never_shows(browser, url: str, texts: tuple[str, ...], ready: str) -> None:
    """None of `texts` once the page shows `ready`, a line it writes last."""
    with fresh_visitor(browser, url) as main:
        expect(main).to_contain_text(ready, timeout=60_000)
        for text in texts:
            expect(main).not_to_contain_text(text)


TASK_COUNT = r"(?:trong|of the) (\d+) (?:nhiệm vụ|tasks)"


def tasks_of_the_year(browser, url: str) -> int:
    """The year's task count from the Tasks page's caption ("Đang hiển thị 27 trong 27 nhiệm vụ của năm 2026")."""
    with fresh_visitor(browser, url) as main:
        expect(main).to_contain_text(re.compile(TASK_COUNT), timeout=60_000)
        return int(re.search(TASK_COUNT, main.inner_text()).group(1))


def go_to(page: Page, name: str) -> None:
    """Follow a sidebar link, as a person does. An admin's fourteen links are all shown: none is folded
    under Streamlit's English "View 4 more"."""
    wait_until_idle(page)
    expect(page.get_by_test_id("stSidebarNavViewButton")).to_have_count(0)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=name).click()
    wait_until_idle(page)


# Vietnamese here, the readers' language; the same path in English is walked with AppTest
# (tests/app/test_plan_register_page.py), a browser run costing a minute and a half per language.
@pytest.mark.parametrize("lang", ["vi"])
def test_an_admin_adds_a_plan_that_every_page_shows_and_a_revert_removes_it(admin_app, page, browser, tmp_path, lang):
    words = WORDS[lang]
    shown = {"overview": f"{admin_app}/?lang={lang}", "tasks": f"{admin_app}/nhiem-vu?lang={lang}",
             "trajectories": f"{admin_app}/lo-trinh?lang={lang}&indicator=titles_patent&territory=can_tho&view=table"}
    # What each page shows once it has run through: the front page's line of the plans in force (written
    # last, into its place under the title), Decision 2724's name, the count of the year's tasks.
    ready = {"overview": words["in_force"], "trajectories": "2724", "tasks": words["tasks_count"]}
    for name, url in shown.items():
        never_shows(browser, url, (words["plan"], words["plan_name"]), ready[name])
    tasks_before = tasks_of_the_year(browser, shown["tasks"])

    page.goto(f"{admin_app}/dang-nhap?lang={lang}")
    page.get_by_label(words["name"], exact=True).fill("minh")
    page.get_by_label(words["password"], exact=True).fill(PASSWORD)
    page.get_by_role("button", name=words["sign_in"]).click()
    expect(page.get_by_text(words["signed_in"]).first).to_be_visible()

    go_to(page, words["register"])
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
        new_plan_workbook(tmp_path / f"so-ke-hoach-{lang}.xlsx", lang))
    expect(page.get_by_text(words["preview"], exact=False)).to_be_visible()
    page.get_by_role("button", name=words["write"]).click()
    expect(page.get_by_text(words["written"], exact=False).first).to_be_visible()

    # The new plan is among the plans in force on the front page's line, and on the trajectory.
    shows(browser, shown["overview"], words["plan"])
    shows(browser, shown["trajectories"], words["plan_name"])
    # The task table is drawn on a canvas; its caption counts the year's tasks (the three new ones run from 2026).
    with fresh_visitor(browser, shown["tasks"]) as main:
        expect(main).to_contain_text(re.compile(TASK_COUNT.replace(r"(\d+)", str(tasks_before + 3))), timeout=60_000)

    go_to(page, words["history"])
    page.get_by_test_id("stExpander").get_by_text(words["expander"]).first.click()
    sure = page.get_by_role("checkbox", name=re.compile("^" + re.escape(words["sure"])))
    expect(sure).to_have_count(1)
    revert = page.get_by_role("button", name=re.compile("^" + re.escape(words["expander"])))
    # The box is Streamlit's own drawing over the input: its label is what a person clicks. A click that
    # lands while the expander still opens is lost, so it is clicked again until the button is enabled.
    for _ in range(5):
        if revert.is_enabled():
            break
        wait_until_idle(page)
        if not sure.is_checked():
            page.get_by_test_id("stCheckbox").filter(has_text=words["sure"]).locator("label").click()
        page.wait_for_timeout(500)
    expect(revert).to_be_enabled()
    revert.click()
    expect(page.get_by_text(words["reverted"], exact=False).first).to_be_visible()

    for name, url in shown.items():
        never_shows(browser, url, (words["plan"], words["plan_name"]), ready[name])
    with fresh_visitor(browser, shown["tasks"]) as main:
        expect(main).to_contain_text(re.compile(TASK_COUNT.replace(r"(\d+)", str(tasks_before))), timeout=60_000)
