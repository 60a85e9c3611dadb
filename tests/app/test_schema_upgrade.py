"""A database made by an older version gets the current schema when the app opens it."""
from __future__ import annotations

import duckdb

from ipmonitor.store import db
from tests.app.conftest import open_page


def test_the_app_brings_an_older_database_up_to_date_before_any_page_reads_it(app, db_path):
    with db.open_database(db_path) as con:  # as the version before accounts left it
        con.execute("DROP TABLE app_user; DROP TABLE audit_event; DROP SEQUENCE audit_event_id_seq;"
                    " DELETE FROM schema_migration WHERE version = 4")
    open_page(app, "pages/sign_in.py", "vi")
    app.text_input(key="sign_in_name").input("lan")
    app.text_input(key="sign_in_password").input("mat-khau-dai-du")
    app.button(key="FormSubmitter:sign_in_form-Đăng nhập").click().run()
    assert not app.exception, app.exception
    assert [e.value for e in app.error] == ["Tên đăng nhập hoặc mật khẩu không đúng."]
    with duckdb.connect(str(db_path), read_only=True) as con:
        # The newest migration's number (numbers may skip: branches take theirs in parallel).
        newest = int(db.list_migrations()[-1].name[:3])
        assert con.execute("SELECT max(version) FROM schema_migration").fetchone()[0] == newest


def test_a_database_from_before_the_register_moved_in_gets_the_shipped_register_when_the_app_opens_it(app, db_path):
    from ipmonitor.register.register_store import load_registers
    from ipmonitor.register.targets import load_target_register

    with db.open_database(db_path) as con:  # as the version before migration 013 left it
        con.execute("DROP VIEW current_plan_register; DROP TABLE plan_register_version;"
                    " DROP SEQUENCE plan_register_version_id_seq; DELETE FROM schema_migration WHERE version = 13")
    open_page(app, "pages/overview.py", "vi")
    assert not app.exception, app.exception
    assert app.title[0].value
    with duckdb.connect(str(db_path), read_only=True) as con:
        assert load_registers(con).targets == load_target_register()
