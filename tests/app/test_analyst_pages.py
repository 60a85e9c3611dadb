"""Analysts' pages through dashboard.py with AppTest: sign-in, the update page, history, accounts.

The signed-in state is reached through the real sign-in form (accounts made in the real database),
and files are handed to the upload page through the session (AppTest has no file uploader; the
browser tests upload real files).
"""
from __future__ import annotations

import shutil

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from ipmonitor.store import db
from tests.app.conftest import open_page
from ui.page_registry import PAGES, READER

PASSWORD = "mat-khau-dai-du"
HEADER = "year,ip_type,measure,territory,value,source\n"
# 2020 trademark applications of the former city: 505 in the shipped data.
CHANGE_2020 = HEADER + "2020,trademark,applications_filed,can_tho_former,999,illustrative-2026\n"


@pytest.fixture
def accounts(db_path, template_with_accounts):
    """The analyst "lan" and the admin "minh" in the test's copy of the database (before the app opens it)."""
    shutil.copy(template_with_accounts(("lan", "analyst", PASSWORD, "test"), ("minh", "admin", PASSWORD, "test")),
                db_path)


def sign_in(app: AppTest, name: str, lang: str = "vi", password: str = PASSWORD) -> AppTest:
    open_page(app, "pages/sign_in.py", lang)
    app.text_input(key="sign_in_name").input(name)
    app.text_input(key="sign_in_password").input(password)
    app.button(key="FormSubmitter:sign_in_form-" + ("Đăng nhập" if lang == "vi" else "Sign in")).click().run()
    assert not app.exception, app.exception
    return app


def upload(app: AppTest, text: str, name: str = "cap-nhat.csv") -> AppTest:
    app.switch_page("pages/upload.py").run()
    app.session_state["upload_incoming"] = (name, text.encode("utf-8"))
    app.run()
    assert not app.exception, app.exception
    return app


def current_value(db_path, year=2020, ip_type="trademark", measure="applications_filed", territory="can_tho_former"):
    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute("SELECT value FROM current_figure WHERE year=? AND ip_type=? AND measure=? AND territory=?",
                           [year, ip_type, measure, territory]).fetchone()[0]


def page_titles(app: AppTest) -> list[str]:
    return [title.value for title in app.title]


def test_a_viewer_has_no_page_that_changes_data(app, accounts):
    open_page(app, None, "vi")
    for page in [entry.file for entry in PAGES if entry.role != READER]:
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            app.switch_page(page)
    assert "upload_review" not in app.session_state


def test_an_analyst_signs_in_and_sees_the_update_and_history_pages_but_not_accounts(app, accounts):
    sign_in(app, "lan")
    assert app.success[0].value == "Đã đăng nhập: lan (cán bộ phân tích)"
    app.switch_page("pages/upload.py").run()
    assert page_titles(app) == ["Cập nhật số liệu"]
    app.switch_page("pages/history.py").run()
    assert page_titles(app) == ["Lịch sử cập nhật"]
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page("pages/accounts.py")


@pytest.mark.parametrize("lang, message", [
    ("vi", "Tên đăng nhập hoặc mật khẩu không đúng."),
    ("en", "Wrong user name or password."),
])
def test_a_wrong_password_is_refused_in_the_readers_language(app, accounts, lang, message):
    sign_in(app, "lan", lang, password="sai mật khẩu")
    assert [e.value for e in app.error] == [message]
    assert "auth_account" not in app.session_state


def test_the_fifth_wrong_password_asks_to_wait_and_an_unknown_name_gets_the_same_words(app, accounts):
    answers = {}
    for name in ("lan", "khong-co-ai"):
        for _ in range(5):
            sign_in(app, name, password="sai mật khẩu")
        answers[name] = [e.value for e in app.error]
    assert answers["lan"] == answers["khong-co-ai"] == [
        "Tên đăng nhập hoặc mật khẩu không đúng. Đã thử đăng nhập sai quá nhiều lần: hãy chờ 1 giây rồi thử lại."]
    assert "auth_account" not in app.session_state


def test_a_file_with_mistakes_lists_every_problem_with_row_and_column_and_writes_nothing(app, accounts, db_path):
    sign_in(app, "lan")
    upload(app, HEADER + "2020,trademark,applications_filed,can_tho_former,abc,illustrative-2026\n"
                        "1850,no_such_type,applications_filed,can_tho_former,5,illustrative-2026\n")
    assert app.error[0].value.startswith("Tệp «cap-nhat.csv» có ")
    problems = app.dataframe[0].value
    assert {"Dòng", "Cột", "Giá trị", "Nội dung"} <= set(problems.columns)
    assert {"2", "3"} <= set(problems["Dòng"])
    assert "abc" in set(problems["Giá trị"])
    assert "upload_review_commit" not in [button.key for button in app.button]
    assert current_value(db_path) == 505


def test_a_large_jump_must_be_confirmed_before_the_commit_and_the_pages_then_show_the_new_figure(app, accounts,
                                                                                                db_path):
    sign_in(app, "lan")
    upload(app, CHANGE_2020)
    assert [m.value for m in app.metric] == ["0", "1", "0"]
    assert app.warning[-1].value.startswith("1 số liệu thay đổi hơn 50% so với năm trước")
    preview = app.dataframe[0].value
    assert list(preview["Giá trị cũ"]) == ["505"] and list(preview["Giá trị mới"]) == ["999"]
    assert preview["So với năm trước"].iloc[0].startswith("⚠️ +")
    commit = app.button(key="upload_review_commit")
    assert commit.disabled
    app.checkbox(key="upload_review_confirm").check().run()
    app.text_input(key="upload_review_note").input("Số liệu Cục SHTT 2020").run()
    app.button(key="upload_review_commit").click().run()
    assert not app.exception, app.exception
    assert app.success[0].value.startswith("Đã ghi lô cập nhật số ")
    assert current_value(db_path) == 999
    app.switch_page("pages/data.py").run()
    assert "999" in set(app.dataframe[0].value["Giá trị"])


def test_a_commit_after_someone_else_committed_is_refused_with_a_fresh_preview(app, accounts, db_path):
    sign_in(app, "lan")
    upload(app, CHANGE_2020)
    with db.open_database(db_path) as con:  # another analyst, from the command line
        from etl.pipeline import commit_prepared, prepare_bytes
        other = prepare_bytes(con, (HEADER + "2020,trademark,applications_filed,can_tho_former,600,"
                                    "illustrative-2026\n").encode(), "other.csv")
        commit_prepared(con, other, loaded_by="someone")
    app.checkbox(key="upload_review_confirm").check().run()
    app.button(key="upload_review_commit").click().run()
    assert any(w.value.startswith("Có người vừa cập nhật số liệu trước bạn") for w in app.warning)
    assert list(app.dataframe[0].value["Giá trị cũ"]) == ["600"]  # the fresh preview
    assert current_value(db_path) == 600
    with duckdb.connect(str(db_path), read_only=True) as con:
        actions = [row[0] for row in con.execute("SELECT action FROM audit_event ORDER BY event_id").fetchall()]
    assert "commit_refused" in actions and "commit" not in actions


def test_the_history_shows_the_batch_cell_by_cell_and_reverts_it(app, accounts, db_path):
    sign_in(app, "lan")
    upload(app, CHANGE_2020)
    app.checkbox(key="upload_review_confirm").check().run()
    app.button(key="upload_review_commit").click().run()
    app.switch_page("pages/history.py").run()
    batches = app.dataframe[0].value
    newest = batches.iloc[0]
    assert newest["Người thực hiện"] == "lan" and newest["Tệp"] == "cap-nhat.csv" and len(newest["SHA-256"]) == 64
    changes = app.dataframe[1].value
    assert list(changes["Giá trị cũ"]) == ["505"] and list(changes["Giá trị mới"]) == ["999"]
    app.checkbox(key="history_revert_sure").check().run()
    app.button(key="history_revert").click().run()
    assert not app.exception, app.exception
    assert app.success[0].value.startswith(f"Đã hoàn tác lô số {newest['Lô']} bằng lô mới số ")
    assert current_value(db_path) == 505
    log = app.dataframe[-1].value
    assert list(log["Hoạt động"])[:3] == ["Hoàn tác lô", "Ghi lô cập nhật", "Kiểm tra tệp"]
    app.run()  # the next run's sidebar names the revert, not an empty file ("tệp –")
    last_update = next(c.value for c in app.sidebar.caption if c.value.startswith("Cập nhật lần cuối:"))
    assert last_update.endswith(f", lan, hoàn tác lô {newest['Lô']})")


def test_the_audit_log_filters_by_action(app, accounts):
    sign_in(app, "lan")
    app.switch_page("pages/history.py").run()
    app.selectbox(key="history_action").set_value("sign_in").run()
    log = app.dataframe[-1].value
    assert set(log["Hoạt động"]) == {"Đăng nhập"} and set(log["Người thực hiện"]) == {"lan"}


def test_an_admin_adds_and_disables_an_account_and_the_disabled_analyst_loses_the_pages(app, accounts, db_path):
    sign_in(app, "minh", "en")
    app.switch_page("pages/accounts.py").run()
    assert page_titles(app) == ["Accounts"]
    app.text_input(key="accounts_add_name").input("hoa")
    app.text_input(key="accounts_add_password").input("mat-khau-cua-hoa")
    app.text_input(key="accounts_add_again").input("mat-khau-cua-hoa")
    app.button(key="FormSubmitter:accounts_add-Add the account").click().run()
    assert app.success[0].value == "Account hoa added."
    app.selectbox(key="accounts_status_name").set_value("lan").run()
    app.button(key="accounts_toggle").click().run()
    assert app.success[0].value == "Account lan disabled."

    analyst = AppTest.from_file(app._script_path, default_timeout=60)
    sign_in(analyst, "lan", "en")
    assert [e.value for e in analyst.error] == ["This account has been disabled. Please contact an admin."]


def test_the_update_page_reads_in_english(app, accounts):
    sign_in(app, "lan", "en")
    upload(app, CHANGE_2020)
    assert page_titles(app) == ["Update figures"]
    assert app.warning[-1].value.startswith("Changes of more than 50% from the year before: 1.")
    assert list(app.dataframe[0].value["Old value"]) == ["505"]


def test_a_commit_whose_backup_cannot_be_made_is_refused_and_writes_nothing(app, accounts, db_path, monkeypatch,
                                                                           tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the backups folder should be")
    monkeypatch.setenv("IPMONITOR_BACKUP_DIR", str(blocked))
    sign_in(app, "lan")
    upload(app, CHANGE_2020)
    app.checkbox(key="upload_review_confirm").check().run()
    app.button(key="upload_review_commit").click().run()
    assert not app.exception, app.exception
    assert any(w.value.startswith("Chưa ghi gì: không tạo được bản sao lưu") for w in app.warning)
    assert current_value(db_path) == 505
    with duckdb.connect(str(db_path), read_only=True) as con:
        refused = con.execute("SELECT detail FROM audit_event WHERE action = 'commit_refused'").fetchall()
    assert len(refused) == 1 and '"reason": "backup"' in refused[0][0]


def test_signing_out_removes_the_data_pages_and_is_audited(app, accounts, db_path):
    sign_in(app, "lan")
    app.sidebar.button(key="frame_sign_out").click().run()
    assert not app.exception, app.exception
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page("pages/upload.py")
    with duckdb.connect(str(db_path), read_only=True) as con:
        assert con.execute("SELECT actor FROM audit_event WHERE action = 'sign_out'").fetchall() == [("lan",)]


@pytest.mark.parametrize("lang, note", [("vi", "được đọc là «Thành phố Cần Thơ (cũ)» cho năm 2020"),
                                        ("en", "was read as “Former Can Tho City” for 2020")])
def test_a_plain_can_tho_is_previewed_with_a_line_saying_how_it_was_read_and_lands_on_the_former_city(
        app, accounts, db_path, lang, note):
    sign_in(app, "lan", lang)
    upload(app, "Năm,Loại đối tượng,Chỉ tiêu,Địa bàn,Giá trị,Nguồn\n"
                "2020,Nhãn hiệu,Số đơn đăng ký,Cần Thơ,506,illustrative-2026\n")
    assert app.info[0].value.startswith("Cách đọc tệp (1 ghi chú)" if lang == "vi" else "How the file was read (notes: 1)")
    notes = app.dataframe[0].value
    assert any(note in message for message in notes["Nội dung" if lang == "vi" else "Message"])
    app.button(key="upload_review_commit").click().run()
    assert current_value(db_path) == 506  # the former city's 2020 figure, not the merged city's


def test_an_uploaded_files_name_is_shown_as_written_never_as_a_link_or_bold(app, accounts):
    sign_in(app, "lan")
    upload(app, HEADER + "2020,trademark,applications_filed,can_tho_former,abc,illustrative-2026\n",
           name="[x](javascript:alert(1)) **b**.csv")
    assert r"«\[x\]\(javascript:alert\(1\)\) \*\*b\*\*.csv»" in app.error[0].value
