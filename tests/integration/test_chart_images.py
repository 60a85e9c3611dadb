"""Chart images through kaleido and Debian's Chromium: PNG at twice the size, SVG that parses, one
browser for every image of the process, and a clear message when Chromium is missing."""
import re
import struct
import threading
import time
import warnings

import defusedxml.ElementTree as ElementTree
import pandas as pd
import plotly.graph_objects as go
import pytest

from ipmonitor import chart_images as images
from ipmonitor.progress.charts import (build_index_figure, build_presentation_figure, build_trajectory_figure,
                                       notice_text)
from ipmonitor.progress.trajectory import build_trajectory
from ipmonitor.chart_images import (ImagesUnavailable, build_png, build_pngs, build_svg, find_chromium,
                                    image_server, start_pngs, stop_image_server)
from ipmonitor.progress.series import IndicatorSeries


@pytest.fixture(scope="module", autouse=True)
def chromium():
    assert find_chromium(), "Debian's chromium is needed (make test installs it; or set CHROMIUM_PATH)"


def figure(width: int | None = 640, height: int | None = 400) -> go.Figure:
    shown = go.Figure(go.Scatter(x=[2020, 2021, 2022], y=[5500, 5600, 5800], name="Văn bằng bảo hộ lũy kế"))
    return shown.update_layout(width=width, height=height, separators=",.", title="Đơn đăng ký sáng chế")


def png_size(png: bytes) -> tuple[int, int]:
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    return struct.unpack(">II", png[16:24])


def test_a_png_is_drawn_at_twice_the_figures_own_size():
    assert png_size(build_png(figure())) == (1280, 800)


def test_a_figure_with_no_size_of_its_own_is_drawn_at_2000_by_1120_pixels():
    assert png_size(build_png(figure(None, None))) == (2 * images.DEFAULT_WIDTH, 2 * images.DEFAULT_HEIGHT)


def test_a_larger_scale_draws_a_larger_png():
    assert png_size(build_png(figure(), scale=3)) == (1920, 1200)


def test_an_svg_parses_and_keeps_the_vietnamese_text_as_text():
    svg = build_svg(figure())
    root = ElementTree.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert (root.get("width"), root.get("height")) == ("640", "400")
    assert "Đơn đăng ký sáng chế" in svg.decode("utf-8")


SERIES = IndicatorSeries.reported({year: 3000 + 200 * (year - 2010) for year in range(2010, 2026)}, "can_tho_former")
ILLUSTRATIVE = {**{year: "illustrative" for year in SERIES.values}, 2020: "derived"}


def svg_text(svg: bytes) -> str:
    """Every text the SVG draws, one string."""
    root = ElementTree.fromstring(svg)
    return " ".join("".join(node.itertext()) for node in root.iter("{http://www.w3.org/2000/svg}text"))


@pytest.mark.parametrize("lang, notice", [("vi", "⚠ Số liệu minh họa, không phải số liệu chính thức"),
                                          ("en", "⚠ Illustrative figures, not official")])
def test_an_image_of_illustrative_values_carries_the_notice_inside_it(lang, notice):
    trajectory = build_trajectory_figure(build_trajectory(SERIES, [], kinds=ILLUSTRATIVE), lang, show_projection=False)
    presentation = build_presentation_figure(build_trajectory(SERIES, [], kinds=ILLUSTRATIVE), lang, height=900,
                                             width=1600)
    index = build_index_figure(pd.DataFrame({"year": [2020, 2021], "name": ["A", "A"], "index": [100, 90],
                                             "kind": ["illustrative"] * 2}), lang, 2020)
    for figure in (trajectory, presentation, index):
        assert notice_text(figure) == notice  # what build_png draws, as the SVG shows
        text = svg_text(build_svg(figure))
        assert notice in text and ("Thực tế – số liệu minh họa" in text or "Actual – illustrative" in text
                                   or figure is index)
    published = build_trajectory_figure(build_trajectory(SERIES, [], kinds={year: "published" for year in SERIES.values}),
                                        lang, show_projection=False)
    assert notice not in svg_text(build_svg(published))


def _boxes(svg: bytes) -> dict[str, tuple[float, float]]:
    """Top and bottom, in pixels, of the plot area, the legend and the notice, as Chromium laid them out."""
    text = svg.decode("utf-8")
    plot = re.search(r'class="axesclip" id="clip\w+xy"><rect x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="([\d.]+)"',
                     text)
    # A legend at the figure's top left corner has no translation at all.
    legend = re.search(r'class="legend" pointer-events="all" transform="(?:translate\([\d.]+,\s?([\d.]+)\))?">'
                       r'<rect class="bg"[^>]* height="([\d.]+)"', text)
    boxes = {"plot": (float(plot[1]), float(plot[1]) + float(plot[2])),
             "legend": (float(legend[1] or 0), float(legend[1] or 0) + float(legend[2]))}
    # The notice is the figure's title, hung from its top (dy 0.7em), one line of 15 px.
    notice = re.search(r'<text class="gtitle"[^>]* y="([\d.]+)"[^>]*>⚠', text)
    if notice:
        boxes["notice"] = (float(notice[1]), float(notice[1]) + 15 * 1.3)
    return boxes


def test_the_notice_runs_into_neither_the_legend_nor_the_plot():
    for lang in ("vi", "en"):
        trajectory = _boxes(build_svg(build_trajectory_figure(build_trajectory(SERIES, [], kinds=ILLUSTRATIVE), lang,
                                                              show_projection=False)))
        assert trajectory["notice"][1] <= trajectory["plot"][0] and trajectory["legend"][0] >= trajectory["plot"][1]
        # On a projector the legend sits above the plot and the notice heads it, as its title.
        presentation = _boxes(build_svg(build_presentation_figure(build_trajectory(SERIES, [], kinds=ILLUSTRATIVE), lang,
                                                                  height=900, width=1600)))
        assert "notice" not in presentation and presentation["legend"][1] <= presentation["plot"][0]


def test_one_browser_serves_every_image_of_the_process():
    server = image_server()
    browser, renders = server._kaleido.subprocess.pid, server.renders
    build_png(figure())
    build_svg(figure())
    build_png(figure(), scale=2.5)
    assert image_server() is server and server._kaleido.subprocess.pid == browser
    assert server.renders == renders + 3


def test_without_chromium_an_image_is_refused_with_a_message_in_the_readers_language(monkeypatch, tmp_path):
    monkeypatch.setattr(images, "_server", None)  # as in a fresh process; the running server comes back after
    monkeypatch.setenv("CHROMIUM_PATH", str(tmp_path / "no-chromium"))
    with pytest.raises(ImagesUnavailable) as refused:
        build_png(figure())
    assert refused.value.reason == "chromium_missing"
    assert "apt-get install chromium" in refused.value.message("vi") and "CHROMIUM_PATH" in refused.value.message("vi")
    assert refused.value.message("en").startswith("Chart images cannot be drawn: Chromium was not found")


def test_several_figures_drawn_at_the_same_time_come_back_in_their_order():
    sizes = [(300, 200), (500, 250), (400, 400)]
    pngs = build_pngs([figure(w, h) for w, h in sizes])
    assert [png_size(png) for png in pngs] == [(2 * w, 2 * h) for w, h in sizes]
    assert build_pngs([]) == []


def test_a_tab_reloaded_now_and_then_between_images_draws_them_all(monkeypatch):
    monkeypatch.setattr(images, "RELOAD_EVERY", 2)  # kaleido's own reload, every second image of a tab
    sizes = [(300, 200), (320, 200), (340, 200), (360, 200), (380, 200)]
    assert [png_size(png) for png in build_pngs([figure(w, h) for w, h in sizes])] == [(2 * w, 2 * h) for w, h in sizes]


def test_a_report_chart_asked_for_again_is_not_drawn_again():
    server = image_server()
    first = list(start_pngs([figure(310, 200), figure(510, 250)]))
    renders = server.renders
    again = list(start_pngs(iter([figure(510, 250), figure(310, 200)])))
    assert again == first[::-1] and server.renders == renders
    assert png_size(list(start_pngs([figure(410, 200)]))[0]) == (820, 400) and server.renders == renders + 1


def test_closing_the_server_leaves_the_warning_filters_as_the_caller_has_them():
    # choreographer's watchdog restores, on close, the filters it saw when the browser started.
    stop_image_server()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        build_png(figure())                      # a browser started under other filters
    outside = list(warnings.filters)
    stop_image_server()
    assert list(warnings.filters) == outside


def test_a_browser_that_died_under_a_report_chart_is_reported_and_the_next_chart_starts_a_new_one():
    dead = image_server()
    dead.close()  # as if Chromium had crashed: the module still holds the server
    outcome: list[BaseException | None] = []

    def draw() -> None:
        try:
            list(start_pngs([figure(330, 210)]))
            outcome.append(None)
        except BaseException as error:  # noqa: BLE001 - handed to the test's thread
            outcome.append(error)

    # In a thread of its own: the failure is handled while the chart cache is locked, and a handler
    # that locked it again would hang the caller (the dashboard's PDF button) for ever.
    drawing = threading.Thread(target=draw, daemon=True)
    drawing.start()
    drawing.join(60)
    assert not drawing.is_alive(), "start_pngs hung on a dead browser"
    assert len(outcome) == 1 and isinstance(outcome[0], ImagesUnavailable)
    assert outcome[0].reason == "chromium_failed"
    assert image_server() is not dead
    assert png_size(list(start_pngs([figure(330, 210)]))[0]) == (660, 420)


def test_asking_for_the_warm_up_while_chromium_starts_returns_at_once():
    # Every chart page asks for it on every run: the second visitor's run waited for Chromium's whole
    # start (seconds) on the lock image_server() holds meanwhile.
    stop_image_server()
    images.warm_image_server()
    deadline = time.monotonic() + 30
    while not images._server_lock.locked() and images._server is None and time.monotonic() < deadline:
        time.sleep(0.001)  # until the warm-up thread is inside image_server(), starting Chromium
    assert images._server_lock.locked(), "the warm-up did not start Chromium"
    start = time.monotonic()
    images.warm_image_server()
    assert time.monotonic() - start < 0.5
    assert png_size(build_png(figure(300, 200))) == (600, 400)  # and the server it started draws


def test_report_charts_kept_on_disk_are_handed_to_the_next_process_without_a_browser(tmp_path):
    kept = tmp_path / "kept-charts"
    drawn = list(start_pngs([figure(312, 200), figure(512, 250)], keep_in=kept))
    deadline = time.monotonic() + 30
    while len(list(kept.glob("*.png"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)  # written as each image is drawn, on the browser's thread
    assert len(list(kept.glob("*.png"))) == 2 and not list(kept.glob(".*"))
    stop_image_server()  # as a new process: no browser, nothing in memory
    assert list(start_pngs([figure(312, 200), figure(512, 250)], keep_in=kept)) == drawn
    assert images._server is None, "a browser was started for charts kept on disk"


def test_a_kept_chart_cut_short_is_drawn_again_and_the_oldest_are_pruned(tmp_path, monkeypatch):
    kept = tmp_path / "kept-charts"
    first = list(start_pngs([figure(314, 200)], keep_in=kept))[0]
    deadline = time.monotonic() + 30
    while not list(kept.glob("*.png")) and time.monotonic() < deadline:
        time.sleep(0.01)
    (path,) = kept.glob("*.png")
    path.write_bytes(first[: len(first) // 2])  # a disk that filled mid-write
    stop_image_server()
    assert list(start_pngs([figure(314, 200)], keep_in=kept)) == [first]
    assert images._server is not None, "half a PNG was handed out as a chart"

    monkeypatch.setattr(images, "KEPT_PNG_FILES", 2)
    for width in (316, 318, 320):
        list(start_pngs([figure(width, 200)], keep_in=kept))
        time.sleep(0.05)  # distinct modification times
    deadline = time.monotonic() + 30
    while len(list(kept.glob("*.png"))) != 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(list(kept.glob("*.png"))) == 2
