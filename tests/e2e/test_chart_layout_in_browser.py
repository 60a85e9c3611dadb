"""Every chart builder laid out by plotly.js in headless Chromium at every size the product draws it
(PNG and SVG downloads, the PDF's chart, the presentation's slide-size files, and the pages from a
390 px phone to a 1920 px screen): tick labels, axis titles, legend, notice and labels all inside the
image, and no label over another, over a tick, over the legend or over a data point.

Plotly knows the size of a text only once a browser has laid it out, so the boxes are read from the
drawn SVG (getBoundingClientRect), one Chromium page for the whole module. The figures are built as the
dashboard's process builds them (Streamlit's Plotly template is then the default, and it sets no
automargin) from the shipped database, whose charts all carry the illustrative notice."""
from __future__ import annotations

import json
from pathlib import Path

import duckdb
import plotly
import plotly.io as pio
import pytest

from ipmonitor.progress.breakdown import (compute_index, compute_shares, compute_type_growth, load_type_frame,
                                          select_flows)
from ipmonitor.progress.charts import (
    build_applications_grants_figure, build_composition_figure, build_index_figure, build_presentation_figure,
    build_split_figure, build_trajectory_figure, build_type_growth_figure,
)
from ipmonitor.i18n import t
from ipmonitor.progress.trajectory import trajectory_of
from ipmonitor.store.queries import load_reference_names
from ipmonitor.documents.pdf import CHART_HEIGHT_PX, CHART_WIDTH_PX, build_section_figure
from ipmonitor.documents.edition_data import load_report_data, load_year_kinds
from ipmonitor.progress.scoreboard import AS_REGISTERED, assess_register, group_by_series_territory
from ipmonitor.progress.splits import load_split
from ipmonitor.register.targets import load_target_register
from tests.dashboard_template import dashboards_plotly_template

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
# (width, height) of the chart where the reader sees it: a 390 px phone, then 1280, 1440 and 1920 px
# screens with the sidebar open (measured on the pages).
PAGE_WIDTHS = (358, 820, 980, 1460)
# The presentation page has no sidebar and gives the chart what its text leaves (busiest screen). It is
# a projector's page, from 1280×720 up: its 20 px legend entries are wider than a phone.
PRESENTATION_SCREENS = ((1120, 413), (1280, 511), (1760, 740))
DOWNLOAD = (1000, 560)          # PNG (2x) and SVG downloads of a figure without a size of its own
STREAMLIT_HEIGHT = 450          # st.plotly_chart's height for a figure without one
SLIDE = (1600, 900)             # the presentation's downloads
# Five-digit ticks; two plans' targets in one year; a percentage over five years with a 2025 target; a
# period total (the yearly average needed, with no target point at its end).
INDICATORS = ("titles_stock@can_tho_former", "applications_patent@can_tho",
              "key_products_supported_share@can_tho_former", "titles_granted_all@can_tho_former")
TOLERANCE = 0.5                 # px: boxes that only touch do not overlap

MEASURE = """
async (jobs) => {
  const found = [];
  for (const job of jobs) {
    const div = document.createElement('div');
    document.body.appendChild(div);
    const figure = JSON.parse(job.figure);
    Object.assign(figure.layout, {width: job.width, height: job.height, autosize: false});
    await Plotly.newPlot(div, figure.data, figure.layout, {staticPlot: true});
    const origin = div.querySelector('.main-svg').getBoundingClientRect();
    const box = (node) => {
      const r = node.getBoundingClientRect();
      return {x0: r.left - origin.left, y0: r.top - origin.top, x1: r.right - origin.left, y1: r.bottom - origin.top,
              text: node.textContent, index: node.getAttribute('data-index')};
    };
    const boxes = (selector) => [...div.querySelectorAll(selector)].map(box).filter(b => b.x1 > b.x0 && b.y1 > b.y0);
    const size = div._fullLayout._size;
    found.push({
      size: [job.width, job.height], plot: {x0: size.l, y0: size.t, x1: size.l + size.w, y1: size.t + size.h},
      annotations: boxes('.annotation'), title: boxes('.gtitle'), xticks: boxes('.xtick text'),
      yticks: boxes('.ytick text'), axis_titles: boxes('.g-xtitle text, .g-ytitle text'),
      legend: boxes('.legend > .bg'), legend_entries: boxes('.legend .traces'), legend_title: boxes('.legendtitletext'),
      data_labels: boxes('.textpoint text, .bartext'), points: boxes('.scatterlayer .point'),
      data_anchored: (figure.layout.annotations || []).map(a => (a.xref || 'x') !== 'paper' && (a.yref || 'y') !== 'paper'),
    });
    Plotly.purge(div);
    div.remove();
  }
  return found;
}
"""


@pytest.fixture(scope="module")
def plotly_page(browser):
    """One page with plotly.js (the copy Plotly for Python ships), for every layout of the module."""
    page = browser.new_page()
    page.set_content("<html><body style='margin:0'></body></html>")
    page.add_script_tag(path=str(PLOTLY_JS))
    yield page
    page.close()


@pytest.fixture(scope="module")
def charts(initialised_template) -> dict[tuple[str, str], list]:
    return build_every_chart(initialised_template)


def build_every_chart(database: Path) -> dict[tuple[str, str], list]:
    """(chart, lang) -> [(figure, width, height)]: each figure at each size it is drawn at."""
    register = load_target_register()
    found: dict[tuple[str, str], list] = {}
    with duckdb.connect(str(database), read_only=True) as con, dashboards_plotly_template():
        results = assess_register(con, "eurostat", AS_REGISTERED)
        midterm = load_report_data(con, "midterm")
        for lang in ("vi", "en"):
            for wanted in INDICATORS:
                indicator, territory = wanted.split("@")
                group = group_by_series_territory([r for r in results if r.indicator == indicator])[territory]
                series = group[0].series
                kinds = load_year_kinds(con, indicator, series.territory)
                trajectory = trajectory_of(series, group, register, lang, kinds=kinds)
                page = build_trajectory_figure(trajectory, lang, True, 2015)
                found[(f"trajectory {wanted}", lang)] = [(page, DOWNLOAD[0], page.layout.height)] + [
                    (page, width, page.layout.height) for width in PAGE_WIDTHS]
                slide = build_presentation_figure(trajectory, lang, height=SLIDE[1], width=SLIDE[0])
                screen = build_presentation_figure(trajectory, lang)
                found[(f"presentation {wanted}", lang)] = [(slide, *SLIDE)] + [
                    (screen, width, height) for width, height in PRESENTATION_SCREENS]
                section = next(s for s in midterm.sections if s.indicator == indicator and s.series.territory == territory)
                found[(f"PDF chart {wanted}", lang)] = [
                    (build_section_figure(section, midterm, lang), CHART_WIDTH_PX, CHART_HEIGHT_PX)]
            names = load_reference_names(con, lang)
            frame = load_type_frame(con, "applications_filed", "can_tho_former")
            total = t("by_type.total", lang)
            flows = select_flows({names["measure"][code]: load_type_frame(con, code, "can_tho_former")
                                  for code in ("applications_filed", "titles_granted")}, "patent")
            for name, figure in (
                    ("growth", build_type_growth_figure(compute_type_growth(frame, names["ip_type"], 2020, total), lang)),
                    ("index", build_index_figure(compute_index(frame, names["ip_type"], 2020, total), lang, 2020)),
                    ("composition", build_composition_figure(compute_shares(frame, names["ip_type"]), lang, 2020)),
                    ("flows", build_applications_grants_figure(flows, lang)),
                    ("split", build_split_figure(load_split(con, "registrations_supported", "can_tho", register),
                                                 {k: i.short_name(lang) for k, i in register.indicators.items()},
                                                 lang, 2015))):
                found[(name, lang)] = [(figure, DOWNLOAD[0], figure.layout.height or DOWNLOAD[1])] + [
                    (figure, width, figure.layout.height or STREAMLIT_HEIGHT) for width in PAGE_WIDTHS]
    return found


def overlap(a: dict, b: dict) -> bool:
    return (min(a["x1"], b["x1"]) - max(a["x0"], b["x0"]) > TOLERANCE
            and min(a["y1"], b["y1"]) - max(a["y0"], b["y0"]) > TOLERANCE)


def inside(a: dict, frame: dict) -> bool:
    return (a["x0"] >= frame["x0"] - TOLERANCE and a["y0"] >= frame["y0"] - TOLERANCE
            and a["x1"] <= frame["x1"] + TOLERANCE and a["y1"] <= frame["y1"] + TOLERANCE)


def describe(part: str, box: dict) -> str:
    return f"{part} «{box['text'][:40]}» at ({box['x0']:.0f}, {box['y0']:.0f})–({box['x1']:.0f}, {box['y1']:.0f})"


def layout_faults(drawn: dict) -> list[str]:
    """What a reader would find wrong in one drawn figure, each fault in words."""
    width, height = drawn["size"]
    image = {"x0": 0, "y0": 0, "x1": width, "y1": height}
    faults = []
    texts = {part: drawn[part] for part in ("xticks", "yticks", "axis_titles", "title", "legend", "annotations",
                                            "data_labels")}
    for part, boxes in texts.items():
        faults += [describe(part, b) + " leaves the image" for b in boxes if not inside(b, image)]
    ticks = drawn["xticks"] + drawn["yticks"]
    for axis in ("xticks", "yticks"):  # a year written twice: ticks half a year apart, rounded
        texts = [b["text"] for b in drawn[axis]]
        faults += [f"{axis} «{text}» written twice" for text in sorted({t for t in texts if texts.count(t) > 1})]
    faults += [f"{describe('axis title', a)} over {describe('tick', b)}"
               for a in drawn["axis_titles"] for b in ticks if overlap(a, b)]
    # Labels: each clear of every other text, of the legend and of the data points.
    others = {"tick": ticks, "axis title": drawn["axis_titles"], "title": drawn["title"], "legend": drawn["legend"],
              "data label": drawn["data_labels"], "data point": drawn["points"]}
    annotations = drawn["annotations"]
    for i, a in enumerate(annotations):
        if drawn["data_anchored"][int(a["index"])] and not inside(a, drawn["plot"]):
            faults.append(describe("label", a) + " leaves the plot")
        faults += [f"{describe('label', a)} over {describe('label', b)}" for b in annotations[i + 1:] if overlap(a, b)]
        faults += [f"{describe('label', a)} over {describe(part, b)}" for part, boxes in others.items()
                   for b in boxes if overlap(a, b)]
    labels = drawn["data_labels"]
    faults += [f"{describe('data label', a)} over {describe('data label', b)}"
               for i, a in enumerate(labels) for b in labels[i + 1:] if overlap(a, b)]
    faults += [f"{describe('title', a)} over {describe(part, b)}" for a in drawn["title"]
               for part, boxes in (("legend", drawn["legend"]), ("tick", ticks)) for b in boxes if overlap(a, b)]
    for legend in drawn["legend"]:
        if overlap(legend, drawn["plot"]):
            faults.append(describe("legend", legend) + " over the plot")
        faults += [f"{describe('legend', legend)} over {describe('axis text', b)}"
                   for b in ticks + drawn["axis_titles"] if overlap(legend, b)]
        # A legend taller than Plotly allows scrolls: entries below its box are cut from an image.
        faults += [describe("legend entry", entry) + " cut by the legend's box"
                   for entry in drawn["legend_entries"] + drawn["legend_title"] if not inside(entry, legend)]
    return faults


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("chart", [*(f"trajectory {i}" for i in INDICATORS), *(f"PDF chart {i}" for i in INDICATORS),
                                   *(f"presentation {i}" for i in INDICATORS), "growth", "index", "composition",
                                   "flows", "split"])
def test_every_chart_is_laid_out_clear_at_every_size_it_is_drawn(charts, plotly_page, chart, lang):
    jobs = [{"figure": pio.to_json(figure, validate=False), "width": width, "height": height}
            for figure, width, height in charts[(chart, lang)]]
    # A trajectory ends in the year of its last target: that year is labelled on the axis (Plotly hides
    # a tick label that would cross the image's edge, and its own steps may stop short of it).
    last_years = [str(max(x for trace in figure.data for x in (trace.x or ()) if isinstance(x, (int, float))))
                  if not chart.startswith(("growth", "index", "composition", "flows")) else None
                  for figure, _, _ in charts[(chart, lang)]]
    faults = {f"{drawn['size'][0]}×{drawn['size'][1]}": layout_faults(drawn) + (
              [f"the last year {last} has no tick label"] if last and last not in [b["text"] for b in drawn["xticks"]]
              else [])
              for drawn, last in zip(plotly_page.evaluate(MEASURE, jobs), last_years)}
    faults = {size: found for size, found in faults.items() if found}
    assert not faults, json.dumps(faults, ensure_ascii=False, indent=1)
