"""A control's change reruns only the part of the page it drives (issue 18): in headless Chromium, the
Trajectories page's indicator is changed and everything that follows the choice is redrawn, while the
frame (sidebar, title) is not sent again."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from ipmonitor.i18n import t
from ipmonitor.register.targets import load_target_register
from ui.controls import territory_label
from tests.e2e.test_data_page_in_browser import wait_until_idle

SIDEBAR = 1  # Streamlit's root containers, the first number of an element's place: 0 the main area, 1 the sidebar


class Conversation:
    """The messages between the page and the server (Streamlit's protocol buffers on its websocket): what
    the browser asked for and which parts of the page the server drew, from `start()` on."""

    def __init__(self, page: Page) -> None:
        self.sent: list[BackMsg] = []
        self.received: list[ForwardMsg] = []
        self.listening = False
        page.on("websocket", self._follow)

    def _follow(self, socket) -> None:
        socket.on("framesent", lambda payload: self._keep(payload, BackMsg, self.sent))
        socket.on("framereceived", lambda payload: self._keep(payload, ForwardMsg, self.received))

    def _keep(self, payload, kind, into: list) -> None:
        if self.listening and isinstance(payload, bytes):
            message = kind()
            message.ParseFromString(payload)
            into.append(message)

    def start(self) -> None:
        self.sent.clear()
        self.received.clear()
        self.listening = True

    def reruns_asked(self) -> list:
        return [message.rerun_script for message in self.sent if message.WhichOneof("type") == "rerun_script"]

    def drawn_in(self, root: int) -> list[ForwardMsg]:
        return [message for message in self.received
                if message.WhichOneof("type") == "delta" and message.metadata.delta_path[:1] == [root]]


def choose_option(page: Page, combobox: int, option: str) -> None:
    """Open the page's `combobox`-th selectbox and pick `option`, as a person does."""
    wait_until_idle(page)
    page.get_by_role("combobox").nth(combobox).click()
    page.get_by_role("option", name=option, exact=True).click()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_changing_the_indicator_redraws_its_part_of_the_trajectories_page_and_leaves_the_frame(app_url, page,
                                                                                                lang):
    register = load_target_register()
    before, after = (register.indicators[key].name(lang) for key in ("titles_stock", "applications_patent"))
    conversation = Conversation(page)
    page.goto(f"{app_url}/lo-trinh?indicator=titles_stock&lang={lang}")
    expect(page.get_by_role("heading", name=before)).to_be_visible()
    chart = page.locator(".js-plotly-plot").first
    expect(chart).to_be_visible()
    wait_until_idle(page)
    drawn_before = chart.evaluate("node => JSON.stringify(node.data.map(trace => [trace.name, trace.y]))")

    conversation.start()
    choose_option(page, 0, after)
    page.wait_for_url("**indicator=applications_patent**")  # the choice is kept in the link
    expect(page.get_by_role("heading", name=after)).to_be_visible()
    wait_until_idle(page)

    # The rest of the page stayed: the browser asked to rerun the fragment alone, and the server drew
    # nothing in the sidebar; the page's title is still there.
    asked = conversation.reruns_asked()
    assert asked and all(rerun.fragment_id for rerun in asked), [rerun.fragment_id for rerun in asked]
    redrawn = conversation.drawn_in(SIDEBAR)
    assert not redrawn, f"{len(redrawn)} elements of the sidebar sent again"
    expect(page.get_by_role("heading", name=t("trajectories.title", lang), level=1)).to_be_visible()
    expect(page.get_by_test_id("stSidebar").get_by_text(t("app.title", lang))).to_be_visible()

    # Everything that follows the choice shows the new indicator: its name, the territory line, the chart
    # and the chart's data download.
    expect(page.get_by_role("heading", name=before)).to_have_count(0)
    shown_on = territory_label("can_tho_former", lang)
    expect(page.get_by_text(t("trajectories.territory_shown", lang, territory=shown_on))).to_be_visible()
    assert chart.evaluate("node => JSON.stringify(node.data.map(trace => [trace.name, trace.y]))") != drawn_before
    with page.expect_download(timeout=120_000) as arrival:
        page.get_by_role("button", name=t("downloads.data", lang, format="CSV")).click()
    assert arrival.value.suggested_filename == "ipmonitor-applications_patent-can_tho_former.csv"


def test_changing_the_chart_on_the_by_type_page_redraws_its_part_and_leaves_the_frame(app_url, page):
    conversation = Conversation(page)
    page.goto(f"{app_url}/theo-loai?lang=vi")
    expect(page.get_by_text(t("by_type.growth_help", "vi"))).to_be_visible()
    wait_until_idle(page)

    conversation.start()
    page.locator("label").filter(has_text=t("by_type.chart_index", "vi")).click()
    page.wait_for_url("**chart=index**")
    expect(page.get_by_role("heading", name=t("by_type.index_title", "vi", base=2020))).to_be_visible()
    wait_until_idle(page)

    asked = conversation.reruns_asked()
    assert asked and all(rerun.fragment_id for rerun in asked), [rerun.fragment_id for rerun in asked]
    redrawn = conversation.drawn_in(SIDEBAR)
    assert not redrawn, f"{len(redrawn)} elements of the sidebar sent again"
    expect(page.get_by_role("heading", name=t("by_type.title", "vi"), level=1)).to_be_visible()
    # The growth chart's heading and note went with it; the downloads are the index chart's.
    expect(page.get_by_text(t("by_type.growth_help", "vi"))).to_have_count(0)
    with page.expect_download(timeout=120_000) as arrival:
        page.get_by_role("button", name=t("downloads.data", "vi", format="CSV")).click()
    assert arrival.value.suggested_filename == "ipmonitor-index-applications_filed-can_tho_former.csv"
