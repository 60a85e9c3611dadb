"""The audit log's details read as sentences in the reader's language."""
from __future__ import annotations

import json

import pandas as pd

from ipmonitor.i18n import load_catalogue
from ipmonitor.progress.tables import build_audit_table, describe_audit_detail, describe_last_update


def test_an_upload_check_reads_as_a_sentence_with_vietnamese_numbers():
    detail = json.dumps({"origin": "upload", "file": "so-lieu.xlsx", "errors": 0, "warnings": 2, "added": 1200,
                         "reason": "stale"})
    assert describe_audit_detail(detail, "vi") == (
        "Tệp tải lên; tệp so-lieu.xlsx; 0 lỗi; 2 cảnh báo; 1.200 mục thêm mới; lý do: dữ liệu đã đổi sau khi xem trước.")


def test_the_same_detail_reads_in_english_with_english_numbers():
    detail = json.dumps({"origin": "upload", "added": 1200, "reason": "stale"})
    assert describe_audit_detail(detail, "en") == "Uploaded file; 1,200 added; reason: the data changed after the preview."


def test_codes_go_through_their_translations_and_the_batch_number_is_left_to_its_own_column():
    detail = json.dumps({"batch_id": 7, "subject": "task_status", "counts": {"restored": 2, "withdrawn": 1},
                         "role": "analyst", "other_database": False})
    assert describe_audit_detail(detail, "vi") == (
        "Tiến độ nhiệm vụ; 2 mục trở lại như trước; 1 mục được rút; vai trò cán bộ phân tích; "
        "từ cơ sở dữ liệu khác: không.")


def test_an_unknown_key_or_code_falls_back_to_key_and_value():
    assert describe_audit_detail(json.dumps({"mystery": 3, "reason": "new_reason"}), "en") == (
        "Mystery: 3; reason: new_reason.")


def test_text_a_person_typed_is_shown_as_written():
    note = "{value} **bold** <b>x</b>"
    assert describe_audit_detail(json.dumps({"note": note}), "vi") == f"Ghi chú: {note}."


def test_an_empty_or_non_json_detail_is_shown_as_it_is():
    assert describe_audit_detail(None, "vi") == ""
    assert describe_audit_detail(float("nan"), "vi") == ""
    assert describe_audit_detail("not json", "vi") == "not json"


def test_every_detail_key_has_a_translation_in_both_languages():
    assert {k for k in load_catalogue("vi") if k.startswith("audit_detail.")} == {
        k for k in load_catalogue("en") if k.startswith("audit_detail.")}


def test_the_audit_table_shows_the_sentence_in_its_detail_column():
    events = pd.DataFrame({"occurred_at": [pd.Timestamp("2026-01-02 03:00")], "actor": ["lan"], "channel": ["app"],
                           "action": ["sign_in_failed"], "batch_id": [None],
                           "detail": [json.dumps({"reason": "wrong_password", "client": "10.0.0.1"})]})
    table = build_audit_table(events, "vi")
    assert table["Chi tiết"].tolist() == ["Lý do: sai mật khẩu; từ địa chỉ 10.0.0.1."]


def _batch(**fields) -> dict:
    return {"batch_id": 7, "kind": "load", "reverts_batch": None, "loaded_by": "lan",
            "loaded_at": pd.Timestamp("2026-12-02 15:01"), "file_name": None, **fields}


def test_the_last_update_names_the_file_of_a_load():
    line = describe_last_update(_batch(file_name="so_lieu_2026.xlsx"), "vi")
    assert line == "Cập nhật lần cuối: 02/12/2026 22:01 (lô số 7, lan, tệp so\\_lieu\\_2026.xlsx)"


def test_the_last_update_of_a_revert_names_the_batch_it_undid_instead_of_an_empty_file():
    assert describe_last_update(_batch(kind="revert", reverts_batch=5), "vi") == \
        "Cập nhật lần cuối: 02/12/2026 22:01 (lô số 7, lan, hoàn tác lô 5)"
    assert describe_last_update(_batch(kind="revert", reverts_batch=5), "en").endswith("(batch 7, lan, undoing batch 5)")
    assert describe_last_update(_batch(), "en").endswith("(batch 7, lan)")
