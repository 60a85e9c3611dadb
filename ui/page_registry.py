"""Every page of the dashboard, once: its file, address, title, icon, who it is for and where the sidebar
lists it. dashboard.py builds its navigation from this list; the benches and the tests that walk the
pages read it too, so that a page added here is listed, measured and walked everywhere.

Plain data without Streamlit: a bench or a test reads it without starting an app.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ipmonitor.store.analyst_accounts import Account

# Who a page is for: a reader needs no account, an analyst any account, an admin an admin's.
READER, ANALYST, ADMIN = "reader", "analyst", "admin"
# The sidebar's two sections, by the translation key of their heading.
VIEW_SECTION, WORK_SECTION = "nav.section_view", "nav.section_work"


@dataclass(frozen=True)
class PageEntry:
    """One page. `url_path` is its address under the site ("" for the front page, which Streamlit
    serves at "/" and gives no address of its own); titles are translation keys."""

    file: str
    url_path: str
    title_key: str
    icon: str
    role: str
    section: str
    default: bool = False
    signed_in_title_key: str | None = None  # the title once someone is signed in, when it differs

    def title_key_for(self, account: Account | None) -> str:
        return self.title_key if account is None or self.signed_in_title_key is None else self.signed_in_title_key

    def allowed_for(self, account: Account | None) -> bool:
        """Whether the sidebar lists this page for `account` (None: a reader who has not signed in)."""
        if self.role == READER:
            return True
        return account is not None and (self.role == ANALYST or account.is_admin)


OVERVIEW = PageEntry("pages/overview.py", "", "nav.overview", ":material/traffic:", READER, VIEW_SECTION,
                     default=True)
TRAJECTORIES = PageEntry("pages/trajectories.py", "lo-trinh", "nav.trajectories", ":material/timeline:", READER,
                         VIEW_SECTION)
SCENARIO = PageEntry("pages/what_if.py", "kich-ban", "nav.scenario", ":material/tune:", READER, VIEW_SECTION)
BY_TYPE = PageEntry("pages/by_type.py", "theo-loai", "nav.by_type", ":material/category:", READER, VIEW_SECTION)
TASKS = PageEntry("pages/tasks.py", "nhiem-vu", "nav.tasks", ":material/checklist:", READER, VIEW_SECTION)
REPORTS = PageEntry("pages/yearly_reports.py", "bao-cao-dinh-ky", "nav.reports", ":material/event_available:", READER,
                    VIEW_SECTION)
DATA = PageEntry("pages/data.py", "du-lieu", "nav.data", ":material/table_chart:", READER, VIEW_SECTION)
METHOD = PageEntry("pages/method.py", "phuong-phap", "nav.method", ":material/functions:", READER, VIEW_SECTION)
PRESENTATION = PageEntry("pages/presentation.py", "trinh-chieu", "nav.presentation", ":material/slideshow:", READER,
                         VIEW_SECTION)
UPLOAD = PageEntry("pages/upload.py", "cap-nhat", "nav.upload", ":material/upload_file:", ANALYST, WORK_SECTION)
HISTORY = PageEntry("pages/history.py", "lich-su", "nav.history", ":material/history:", ANALYST, WORK_SECTION)
ACCOUNTS = PageEntry("pages/accounts.py", "tai-khoan", "nav.accounts", ":material/group:", ADMIN, WORK_SECTION)
PLANS = PageEntry("pages/plans.py", "so-ke-hoach", "nav.plans", ":material/menu_book:", ADMIN, WORK_SECTION)
# Last in the sidebar, for everyone: "Sign in" before, "My account" after.
SIGN_IN = PageEntry("pages/sign_in.py", "dang-nhap", "nav.sign_in", ":material/login:", READER, WORK_SECTION,
                    signed_in_title_key="nav.my_account")

# The sidebar's order.
PAGES: tuple[PageEntry, ...] = (OVERVIEW, TRAJECTORIES, SCENARIO, BY_TYPE, TASKS, REPORTS, DATA, METHOD,
                                PRESENTATION, UPLOAD, HISTORY, ACCOUNTS, PLANS, SIGN_IN)


def pages_shown(account: Account | None, asked_for: str) -> list[PageEntry]:
    """The pages the sidebar lists for `account`, in order. A page that changes data is listed only for
    a signed-in analyst (the accounts and plan pages for an admin); a link to one opened without that
    sign-in (a bookmark, a session that ended; `asked_for` is the address's last part) still reaches the
    page, whose guard says in the reader's language that it needs a sign-in and links to it, rather than
    Streamlit's English "Page not found" box."""
    return [page for page in PAGES if page.allowed_for(account) or page.url_path == asked_for]


def viewing_pages() -> list[PageEntry]:
    """The pages a reader follows the plan on (the sidebar's first section)."""
    return [page for page in PAGES if page.section == VIEW_SECTION]
