"""The plan register page through dashboard.py with AppTest: only an admin reaches it; a real workbook
(handed over through the session, AppTest has no file uploader) previews its entries and the statuses
it moves, is written as one batch, and shows on the Overview, Trajectories and Tasks; History shows the
batch and its revert removes the plan from every page. Both languages."""
from __future__ import annotations

import pytest

from tests.app.conftest import open_page
from tests.app.test_analyst_pages import accounts, sign_in  # noqa: F401 - the fixture is used by name
from tests.integration.plan_register_files import TARGET_ROWS, new_plan_workbook, write_workbook

WORDS = {
    "vi": {"title": "Sổ kế hoạch", "preview": "Xem trước: thêm 6, sửa 0, rút 0 mục.", "plan": "QĐ 888",
           "task": "QĐ 888 · 1.a", "committed": "Đã ghi lô", "reverted": "Đã hoàn tác lô số"},
    "en": {"title": "Plan register", "preview": "Preview: 6 added, 0 changed, 0 withdrawn.", "plan": "Decision 888",
           "task": "Decision 888 · 1.a", "committed": "Batch", "reverted": "reverted by new batch"},
}


def page_text(app) -> str:
    parts = [element.value for kind in ("markdown", "caption", "title", "subheader", "info", "warning", "success")
             for element in getattr(app, kind)]
    for frame in app.dataframe:
        parts.append(frame.value.to_string())
    return " ".join(str(part) for part in parts)


def hand_over(app, path) -> None:
    app.session_state["plans_incoming"] = path.read_bytes()
    app.run()
    assert not app.exception, app.exception


def test_an_analyst_does_not_reach_the_plan_register(app, accounts):  # noqa: F811
    sign_in(app, "lan")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page("pages/plans.py")



@pytest.mark.parametrize("lang", ["vi", "en"])
def test_an_admin_adds_a_plan_with_two_targets_and_three_tasks_that_every_page_shows_until_reverted(
        app, accounts, tmp_path, lang):  # noqa: F811
    words = WORDS[lang]
    sign_in(app, "minh", lang)
    app.switch_page("pages/plans.py").run()
    assert app.title[0].value == words["title"]
    hand_over(app, new_plan_workbook(tmp_path / "new-plan.xlsx", lang))
    assert any(warning.value.startswith(words["preview"]) for warning in app.warning)
    preview = page_text(app)
    assert "Đến năm 2030 có 400 bằng độc quyền sáng chế" in preview  # the status table names the target
    app.button(key="plans_commit").click().run()
    assert not app.exception, app.exception
    assert app.success[0].value.startswith(words["committed"])

    open_page(app, "pages/overview.py", lang)
    assert words["plan"] in page_text(app)
    open_page(app, "pages/trajectories.py", lang, indicator="titles_patent", view="table", territory="can_tho")
    assert any(words["plan"] in column for column in app.dataframe[0].value.columns)
    open_page(app, "pages/tasks.py", lang)
    assert words["task"] in page_text(app)

    app.switch_page("pages/history.py").run()
    assert words["plan"] in page_text(app)  # the batch's entries, and the statuses it moved
    app.checkbox(key="history_revert_sure").check().run()
    app.button(key="history_revert").click().run()
    assert not app.exception, app.exception
    assert words["reverted"] in app.success[0].value
    for page, params in (("pages/overview.py", {}), ("pages/tasks.py", {}),
                         ("pages/trajectories.py", {"indicator": "titles_patent", "view": "table",
                                                    "territory": "can_tho"})):
        open_page(app, page, lang, **params)
        assert words["plan"] not in page_text(app)


@pytest.mark.parametrize("lang, heading, where", [("vi", "Tệp có 2 lỗi; chưa ghi gì.", "Trang tính"),
                                                  ("en", "The file has 2 problems; nothing was written.", "Sheet")])
def test_a_workbook_with_mistakes_lists_every_problem_with_sheet_row_and_column_and_offers_no_write(
        app, accounts, tmp_path, lang, heading, where):  # noqa: F811
    sign_in(app, "minh", lang)
    app.switch_page("pages/plans.py").run()
    rows = [dict(TARGET_ROWS[0], **{"target.value": "5,500"}), dict(TARGET_ROWS[0])]
    hand_over(app, write_workbook(tmp_path / "bad.xlsx", {"Targets": rows}))
    assert app.error[0].value.startswith(heading)
    problems = app.dataframe[0].value
    assert where in " ".join(problems.columns)
    assert set(problems.iloc[:, 2]) == {"2", "3"}
    assert "plans_commit" not in [button.key for button in app.button]


@pytest.mark.parametrize("lang, moved", [("vi", "đã đạt"), ("en", "achieved")])
def test_an_admin_corrects_one_target_value_in_place_and_sees_the_status_it_moves_before_writing_it(
        app, accounts, db_path, lang, moved):  # noqa: F811
    import duckdb

    from ipmonitor.register.register_store import load_target_register_from

    sign_in(app, "minh", lang)
    app.switch_page("pages/plans.py").run()
    app.selectbox(key="plans_edit_kind").set_value("target").run()
    app.selectbox(key="plans_edit_id").set_value("T1a").run()
    app.selectbox(key="plans_edit_field").set_value("target.value").run()
    box = app.text_input(key="plans_edit_value_target_T1a_target.value")
    assert box.value == "5500"
    box.input("50.000").run()  # Vietnamese notation: fifty thousand
    app.button(key="plans_edit_preview").click().run()
    assert not app.exception, app.exception
    text = page_text(app)
    assert "target.value: 5500 → 50000" in text
    assert moved in text  # T1a, achieved on the shipped figures, is no longer achieved at 50,000
    app.button(key="plans_commit").click().run()
    with duckdb.connect(str(db_path), read_only=True) as con:
        assert load_target_register_from(con).target("T1a").target["value"] == 50_000
