"""The plan's reviews in the app, through dashboard.py with AppTest on a real database: an analyst
records the mid-term review on the Yearly reports page (preview with the frozen statuses, nothing written
before the commit), History shows and reverts its batch, the Overview names the last review held and the
next due in both languages; a viewer sees the reviews but no form; bad fields are named one by one."""
from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import duckdb
import pytest
from pptx import Presentation

from ipmonitor.documents.kept_documents import DocumentRequest, build_document
from ipmonitor.documents.pdf import build_report_pdf
from ipmonitor.documents.edition_data import load_report_data

from tests.app.conftest import open_page

PASSWORD = "mat-khau-dai-du"
KEY = "reports_plan_review"


@pytest.fixture
def analyst(db_path, template_with_accounts):
    shutil.copy(template_with_accounts(("lan", "analyst", PASSWORD, "test")), db_path)


def sign_in(app, lang: str = "vi"):
    open_page(app, "pages/sign_in.py", lang)
    app.text_input(key="sign_in_name").input("lan")
    app.text_input(key="sign_in_password").input(PASSWORD)
    app.button(key="FormSubmitter:sign_in_form-" + ("Đăng nhập" if lang == "vi" else "Sign in")).click().run()
    assert not app.exception, app.exception
    return app


def go(app, page: str):
    app.switch_page(page).run()
    assert not app.exception, app.exception
    return app


def click(app, key: str):
    app.button(key=key).click().run()
    assert not app.exception, app.exception
    return app


def table_with(app, column: str):
    for frame in app.dataframe:
        data = getattr(frame.value, "data", frame.value)
        if column in data.columns:
            return data
    raise AssertionError(f"no table with {column!r}: {[list(f.value.columns) for f in app.dataframe]}")


def reviews(db_path) -> int:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute("SELECT count(*) FROM current_plan_review").fetchone()[0]


def fill_midterm(app, document: str = "123/BC-UBND", link: str = "https://cantho.gov.vn/so-ket"):
    app.selectbox(key=f"{KEY}_kind").set_value("midterm").run()
    app.date_input(key=f"{KEY}_held_on").set_value(dt.date(2025, 11, 12))
    app.text_input(key=f"{KEY}_document").input(document)
    app.text_input(key=f"{KEY}_link").input(link)
    app.text_area(key=f"{KEY}_conclusions").input("Đẩy mạnh hỗ trợ đăng ký sáng chế.")


def midterm_pdf_text(db_path, tmp_path) -> str:
    """The mid-term PDF's text (its charts left out: this is about the review's page)."""
    with duckdb.connect(str(db_path), read_only=True) as con:
        data = load_report_data(con, "midterm")
    path = tmp_path / "midterm.pdf"
    path.write_bytes(build_report_pdf(data, "vi", charts=[None] * len(data.sections)))
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_an_analyst_records_the_midterm_review_and_history_reverts_it(app, analyst, db_path, tmp_path):
    sign_in(app)
    go(app, "pages/yearly_reports.py")
    assert "Chưa ghi nhận lần rà soát nào." in [caption.value for caption in app.caption]
    fill_midterm(app)
    click(app, f"{KEY}_preview")
    preview = table_with(app, "Giá trị mới")
    assert list(preview["Giá trị mới"])[:4] == ["12/11/2025", "123/BC-UBND", "https://cantho.gov.vn/so-ket",
                                               "Đẩy mạnh hỗ trợ đăng ký sáng chế."]
    assert list(preview["Kỳ rà soát"])[0] == "Sơ kết giữa kỳ năm 2025"
    frozen = table_with(app, "Số liệu được đánh giá")  # the statuses the review will keep, one per target
    assert len(frozen) >= 20 and "■ đã đạt" in set(frozen["Trạng thái"])
    assert reviews(db_path) == 0  # nothing written before the commit

    click(app, f"{KEY}_commit")
    assert app.success[0].value.startswith("Đã ghi lô số ")
    assert reviews(db_path) == 1
    held = table_with(app, "Ngày tổ chức")
    assert held.iloc[0].tolist()[:3] == ["Sơ kết giữa kỳ năm 2025", "12/11/2025", "123/BC-UBND"]

    # Done when: the review recorded in the app appears in the mid-term PDF (read back with pdftotext)
    # and deck, built from the database file as the document buttons build them.
    text = midterm_pdf_text(db_path, tmp_path)
    assert "Sơ kết giữa kỳ năm 2025" in text and "Ngày tổ chức: 12/11/2025" in text
    assert "Số văn bản: 123/BC-UBND" in text and "chưa tổ chức" not in text
    deck = Presentation(io.BytesIO(build_document(db_path, DocumentRequest("pptx", "midterm", None, "vi",
                                                                           "eurostat"))))
    assert "Số văn bản: 123/BC-UBND" in deck.slides[-1].shapes[1].text_frame.text

    go(app, "pages/history.py")
    newest = app.dataframe[0].value.iloc[0]
    assert (newest["Loại dữ liệu"], newest["Người thực hiện"]) == ("Rà soát kế hoạch", "lan")
    changes = table_with(app, "Kỳ rà soát")
    assert list(changes["Giá trị mới"])[:2] == ["12/11/2025", "123/BC-UBND"]
    app.checkbox(key="history_revert_sure").check().run()
    click(app, "history_revert")
    assert app.success[0].value.startswith("Đã hoàn tác lô số ") and "1 mục được rút" in app.success[0].value
    assert reviews(db_path) == 0


def test_every_wrong_field_is_named_in_english_and_nothing_is_written(app, analyst, db_path):
    sign_in(app, "en")
    go(app, "pages/yearly_reports.py")
    app.selectbox(key=f"{KEY}_kind").set_value("midterm").run()
    app.text_input(key=f"{KEY}_document").input("https://example.org/doc")
    app.text_input(key=f"{KEY}_link").input("javascript:alert(1)")
    click(app, f"{KEY}_preview")
    assert app.error[0].value == "Nothing written: 3 problem(s). Correct them below and preview again."
    problems = table_with(app, "Field")
    assert list(problems["Field"]) == ["Date held", "Document number", "Link to the document"]
    assert f"{KEY}_commit" not in {button.key for button in app.button}
    assert reviews(db_path) == 0


def test_a_viewer_sees_the_reviews_and_the_next_due_but_no_form(app):
    open_page(app, "pages/yearly_reports.py", "vi")
    assert any(text.value.startswith("Kỳ tới: ") for text in [*app.info, *app.warning])
    assert f"{KEY}_preview" not in {button.key for button in app.button}


@pytest.mark.parametrize("lang, last, upcoming", [
    ("vi", "Lần rà soát gần nhất: Sơ kết giữa kỳ năm 2025: tổ chức ngày 12/11/2025, văn bản số 123/BC-UBND",
     "Kỳ tới: "),
    ("en", "Last review held: Mid-term review of 2025: held on 12 Nov 2025, document no. 123/BC-UBND", "Next: "),
])
def test_the_overview_names_the_last_review_held_and_the_next_due(app, analyst, db_path, lang, last, upcoming):
    open_page(app, None, lang)
    line = next(c.value for c in app.caption if " · " in c.value and ("rà soát" in c.value or "review" in c.value))
    assert line.startswith(t_none(lang))
    sign_in(app, lang)
    go(app, "pages/yearly_reports.py")
    fill_midterm(app)
    click(app, f"{KEY}_preview")
    click(app, f"{KEY}_commit")
    go(app, "pages/overview.py")
    line = next(c.value for c in app.caption if c.value.startswith(last))
    next_part = line.split(" · ")[-1]
    assert next_part.startswith(upcoming)
    # From 2026 on the next review is a yearly one (due each October), or the final in 2030.
    assert str(max(dt.date.today().year, 2026)) in next_part or "2030" in next_part


def t_none(lang: str) -> str:
    return {"vi": "Chưa ghi nhận lần rà soát kế hoạch nào", "en": "No review of the plan recorded yet"}[lang]
