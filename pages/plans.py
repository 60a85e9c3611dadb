"""Plan register (Sổ kế hoạch), for admins: download the register as a workbook, upload it edited, see
every problem at once or a preview (entries added, changed, withdrawn, and the target statuses that
would move), then write it as one batch that History lists and can revert."""
import hashlib

import streamlit as st

from etl.plan_workbook import write_register_workbook
from etl.register_writes import commit_register_review, prepare_field_edit, prepare_register_workbook
from etl.problems import sort_problems
from ipmonitor.formats import XLSX
from ipmonitor.changes.change_tables import build_problem_table
from ipmonitor.i18n import t
from ipmonitor.numbers import format_number
from ipmonitor.register.register_store import (KINDS, load_plan_register_from, load_register_entries,
                                      load_target_register_from)
from ipmonitor.changes.register_change_tables import (build_register_change_table, build_status_move_table,
                                                cell_text, entry_name, flatten_body)
from ui.access import require_account, write_connection
from ui.cached_reads import read
from ui.language import current_language
from ui.write_outcomes import render_message, write_from_page

lang = current_language()
admin = require_account(lang, admin=True)
st.title(t("plans.title", lang))
st.caption(t("plans.intro", lang))
render_message("plans")

register = read(load_target_register_from)
plan_register = read(load_plan_register_from)
st.markdown(t("plans.counts", lang, plans=format_number(len(register.plans), lang),
              targets=format_number(len(register.targets), lang),
              tasks=format_number(len(plan_register.tasks), lang),
              agencies=format_number(len(plan_register.agencies), lang)))

with write_connection(lang, changes=False) as con:  # the entries as they are now, never from the cache
    entries = load_register_entries(con)
st.download_button(t("plans.download", lang), write_register_workbook(entries, lang),
                   file_name=XLSX.file_name(f"so-ke-hoach-{lang}"), mime=XLSX.mime, on_click="ignore",
                   key="plans_download")

# A new key after each write empties the file box (a file uploader's value cannot be set).
upload = st.file_uploader(t("plans.upload", lang), type=["xlsx"], key=f"plans_upload_{st.session_state.get('plans_round', 0)}")


def check(content: bytes):
    """The upload read and checked against the register as it is now; writes nothing."""
    with write_connection(lang, changes=False) as con:
        return prepare_register_workbook(con, content)


# Tests hand a workbook over through the session (AppTest has no file uploader).
incoming = upload.getvalue() if upload is not None else st.session_state.pop("plans_incoming", None)
if incoming is not None and st.session_state.get("plans_upload_digest") != hashlib.sha256(incoming).hexdigest():
    st.session_state["plans_review"] = check(incoming)
    st.session_state["plans_upload_digest"] = hashlib.sha256(incoming).hexdigest()

with st.expander(t("plans.edit_title", lang)):
    st.caption(t("plans.edit_intro", lang))
    bodies = {entry.key: entry.body for entry in entries}
    kind_col, id_col = st.columns([1, 2])
    kind = kind_col.selectbox(t("plans.col_kind", lang), KINDS, format_func=lambda k: t(f"plans.kind.{k}", lang),
                              key="plans_edit_kind")
    entry_id = id_col.selectbox(t("plans.col_id", lang), [key[1] for key in bodies if key[0] == kind],
                                key="plans_edit_id",
                                format_func=lambda i: " – ".join(filter(None, (i, entry_name(kind, bodies[(kind, i)], lang)))))
    fields = flatten_body(bodies.get((kind, entry_id)))
    field_col, value_col = st.columns([1, 2])
    field = field_col.selectbox(t("plans.edit_field", lang), list(fields), key="plans_edit_field")
    text = value_col.text_input(t("plans.edit_value", lang), value=cell_text(fields.get(field)),
                                key=f"plans_edit_value_{kind}_{entry_id}_{field}")
    if st.button(t("plans.edit_preview", lang), key="plans_edit_preview", disabled=field is None):
        with write_connection(lang, changes=False) as con:
            st.session_state["plans_review"] = prepare_field_edit(con, kind, entry_id, field, text)
review = st.session_state.get("plans_review")
if review is not None:
    if not review.ok:
        problems = sort_problems(review.problems)
        st.error(t("plans.errors_title_one" if len(problems) == 1 else "plans.errors_title", lang,
                   count=format_number(len(problems), lang)))
        st.dataframe(build_problem_table(problems, lang), hide_index=True, width="stretch")
    elif review.is_empty:
        st.info(t("plans.nothing_to_change", lang))
    else:
        counts = {name: format_number(count, lang) for name, count in review.counts.items()}
        st.warning(t("plans.preview_title", lang, **counts))
        st.dataframe(build_register_change_table(review.changes, lang), hide_index=True, width="stretch")
        st.markdown(f"**{t('plans.status_moves_title', lang)}**")
        if review.status_moves:
            st.dataframe(build_status_move_table(review.status_moves, review.registers_before.targets,
                                                 review.registers_after.targets, lang),
                         hide_index=True, width="stretch")
        else:
            st.caption(t("plans.no_status_moves", lang))
        note = st.text_input(t("plans.note", lang), key="plans_note", max_chars=500)
        if st.button(t("plans.commit", lang), type="primary", key="plans_commit"):
            with write_connection(lang) as con:
                outcome = write_from_page(
                    con, lambda: commit_register_review(con, review, loaded_by=admin.name, note=note.strip() or None),
                    actor=admin.name, refusal={"subject": "plan_register"}, lang=lang,
                    committed_key="plans.committed", stale_key="plans.stale")
            message = outcome.message
            for key in ("plans_review", "plans_upload_digest", "plans_note"):
                st.session_state.pop(key, None)
            st.session_state["plans_round"] = st.session_state.get("plans_round", 0) + 1
            st.session_state["plans_message"] = message
            st.rerun()
