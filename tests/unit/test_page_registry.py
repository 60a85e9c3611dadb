"""The page registry (ui/page_registry.py) is the one list of pages: every file in pages/ is a registered
page (a helper module belongs in ui/), addresses are unique, and who sees which page follows the roles."""
from __future__ import annotations

from ipmonitor.store.analyst_accounts import Account
from ipmonitor.i18n import LANGUAGES, t
from ipmonitor.paths import PROJECT_ROOT
from ui.page_registry import ADMIN, ANALYST, PAGES, READER, SIGN_IN, VIEW_SECTION, WORK_SECTION, pages_shown

ANALYST_ACCOUNT, ADMIN_ACCOUNT = Account("lan", "analyst"), Account("root", "admin")


def test_every_file_in_pages_is_a_registered_page_and_every_registered_page_a_file():
    files = {f"pages/{path.name}" for path in (PROJECT_ROOT / "pages").glob("*.py")}
    assert files == {page.file for page in PAGES}
    assert not (PROJECT_ROOT / "pages" / "__init__.py").exists()


def test_addresses_are_unique_and_only_the_front_page_has_none():
    assert len({page.url_path for page in PAGES}) == len(PAGES)
    assert [page for page in PAGES if page.default] == [page for page in PAGES if page.url_path == ""]
    assert len([page for page in PAGES if page.default]) == 1


def test_every_title_and_section_has_a_translation():
    for lang in LANGUAGES:
        for page in PAGES:
            for key in {page.title_key, page.title_key_for(ANALYST_ACCOUNT), page.section}:
                assert t(key, lang) != key, (lang, key)


def test_a_reader_sees_the_reader_pages_an_analyst_adds_the_analyst_pages_an_admin_every_page():
    assert pages_shown(None, "") == [page for page in PAGES if page.role == READER]
    assert pages_shown(ANALYST_ACCOUNT, "") == [page for page in PAGES if page.role in (READER, ANALYST)]
    assert pages_shown(ADMIN_ACCOUNT, "") == list(PAGES)


def test_the_following_section_comes_first_and_the_sign_in_page_last():
    sections = [page.section for page in PAGES]
    assert sections == sorted(sections, key=[VIEW_SECTION, WORK_SECTION].index)
    assert PAGES[-1] == SIGN_IN
    assert SIGN_IN.title_key_for(None) == "nav.sign_in" and SIGN_IN.title_key_for(ANALYST_ACCOUNT) == "nav.my_account"


def test_a_page_asked_for_by_its_address_is_listed_so_that_its_guard_can_ask_for_the_sign_in():
    for page in PAGES:
        if page.role != READER:
            assert page in pages_shown(None, page.url_path)
            assert len(pages_shown(None, page.url_path)) == len(pages_shown(None, "")) + 1
    plans = next(page for page in PAGES if page.role == ADMIN and page.url_path == "so-ke-hoach")
    assert pages_shown(ANALYST_ACCOUNT, "so-ke-hoach") == [page for page in PAGES if page.role != ADMIN or page == plans]
    assert {page.role for page in PAGES} == {READER, ANALYST, ADMIN}
