"""Sign-in (Đăng nhập) for analysts and admins; viewers need none. Once signed in: who you are."""
import streamlit as st

from ipmonitor.store.analyst_accounts import sign_in
from ipmonitor.i18n import t
from ipmonitor.store.session_routes import routes_mounted
from ipmonitor.store.sessions import SESSION_LENGTH
from ui.access import (AUTH_KEY, client_address, current_account, oidc_settings, start_browser_session,
                       write_connection)
from ui.language import current_language
from ui.page_registry import HISTORY, SIGN_IN, UPLOAD

lang = current_language()
account = current_account()
st.title(t("sign_in.title", lang))

if account is not None:
    st.success(t("sign_in.signed_in_as", lang, name=account.name, role=t(f"sign_in.role_{account.role}", lang)))
    for page in (UPLOAD, HISTORY):
        st.page_link(page.file, label=t(page.title_key, lang), icon=page.icon)
elif oidc_settings() is not None:
    st.caption(t("sign_in.intro_oidc", lang))
    if st.user.is_logged_in:  # signed in with the city, but not listed as an analyst or admin
        st.warning(t("sign_in.no_role", lang, email=st.user.get("email") or "?"))
    elif st.button(t("sign_in.with_city_account", lang), key="sign_in_oidc", type="primary"):
        st.login()
else:
    st.caption(t("sign_in.intro", lang))
    with st.form("sign_in_form"):
        name = st.text_input(t("sign_in.name", lang), key="sign_in_name", autocomplete="username")
        password = st.text_input(t("sign_in.password", lang), type="password", key="sign_in_password",
                                 autocomplete="current-password")
        submitted = st.form_submit_button(t("sign_in.submit", lang), type="primary")
    if routes_mounted():  # served through app.py: the sign-in outlives a reload
        st.caption(t("sign_in.session_note", lang, hours=int(SESSION_LENGTH.total_seconds() // 3600)))
    if submitted:
        with write_connection(lang, changes=False) as con:
            result = sign_in(con, name, password, client=client_address())
        if result.ok:
            st.session_state[AUTH_KEY] = result.account
            # With the cookie routes the browser leaves for them and comes back signed in (saying so only
            # then, so that nobody acts on a page about to be replaced); without, the page runs again.
            # The browser comes back to this page after the cookie.
            if not start_browser_session(result.account, lang, SIGN_IN.url_path):
                st.rerun()
        elif result.outcome == "disabled":
            st.error(t("sign_in.disabled", lang))
        else:  # a wrong name and a wrong password get the same answer, and so does a refused attempt
            said = [t("sign_in.failed", lang)] if result.outcome == "wrong" else []
            if result.retry_after:
                said.append(t("sign_in.throttled", lang, seconds=result.retry_after))
            st.error(" ".join(said))
