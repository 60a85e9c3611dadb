"""Accounts (Tài khoản), for admins: who may change data; add, disable or enable, reset a password."""
import streamlit as st

from ipmonitor.store.analyst_accounts import (ROLES, AccountError, add_account, load_accounts, reset_password,
                                              set_disabled)
from ipmonitor.i18n import t
from ipmonitor.progress.tables import build_accounts_table
from ui.access import require_account, write_connection
from ui.language import current_language
from ui.write_outcomes import render_message

lang = current_language()
admin = require_account(lang, admin=True)
st.title(t("accounts.title", lang))
st.caption(t("accounts.intro", lang))
render_message("accounts")

with write_connection(lang, changes=False) as con:  # never from the cache: a lock shows at once
    accounts = load_accounts(con)
st.dataframe(build_accounts_table(accounts, lang), hide_index=True, width="stretch")


def apply(change, success: str) -> None:
    """Run an account change on a fresh connection; its refusal reason or `success` shows after the rerun."""
    try:
        with write_connection(lang, changes=False) as con:
            change(con)
    except AccountError as refused:
        st.session_state["accounts_message"] = ("warning", t(f"accounts.{refused.code}", lang, **refused.params))
    else:
        st.session_state["accounts_message"] = ("success", success)
    st.rerun()


def refuse_if_different(first: str, second: str) -> None:
    """The password is typed twice; two different ones are refused before anything is written."""
    if first != second:
        st.session_state["accounts_message"] = ("warning", t("accounts.passwords_differ", lang))
        st.rerun()


add_tab, status_tab, reset_tab = st.tabs([t("accounts.add_title", lang), t("accounts.status_title", lang),
                                          t("accounts.reset_title", lang)])
with add_tab, st.form("accounts_add", clear_on_submit=True):
    name = st.text_input(t("sign_in.name", lang), key="accounts_add_name")
    role = st.radio(t("accounts.role", lang), ROLES, horizontal=True, key="accounts_add_role",
                    format_func=lambda r: t(f"sign_in.role_{r}", lang))
    first = st.text_input(t("sign_in.password", lang), type="password", key="accounts_add_password")
    second = st.text_input(t("accounts.password_again", lang), type="password", key="accounts_add_again")
    if st.form_submit_button(t("accounts.add_button", lang)):
        refuse_if_different(first, second)
        apply(lambda con: add_account(con, name, role, first, actor=admin.name, channel="app"),
              t("accounts.added", lang, name=name))
with status_tab:
    names = list(accounts["name"])
    chosen = st.selectbox(t("sign_in.name", lang), names, index=None, key="accounts_status_name")
    if chosen is not None:
        disabled = bool(accounts.loc[accounts["name"] == chosen, "disabled"].iloc[0])
        label = "accounts.enable_button" if disabled else "accounts.disable_button"
        if st.button(t(label, lang, name=chosen), key="accounts_toggle", disabled=chosen == admin.name):
            apply(lambda con: set_disabled(con, chosen, not disabled, actor=admin.name, channel="app"),
                  t("accounts.enabled" if disabled else "accounts.disabled", lang, name=chosen))
with reset_tab, st.form("accounts_reset", clear_on_submit=True):
    chosen = st.selectbox(t("sign_in.name", lang), list(accounts["name"]), index=None, key="accounts_reset_name")
    first = st.text_input(t("sign_in.password", lang), type="password", key="accounts_reset_password")
    second = st.text_input(t("accounts.password_again", lang), type="password", key="accounts_reset_again")
    if st.form_submit_button(t("accounts.reset_button", lang)) and chosen:
        refuse_if_different(first, second)
        apply(lambda con: reset_password(con, chosen, first, actor=admin.name, channel="app"),
              t("accounts.reset_done", lang, name=chosen))
