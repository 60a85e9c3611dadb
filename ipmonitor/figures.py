"""Figure builders: plain data in, a Plotly go.Figure out, every label in the reader's language.

No Streamlit here; pages show the figures, exports will render them. Numbers follow the reader's
convention through the layout's separators (5.500 and 3,5 in Vietnamese).

Every value carries its kind (ipmonitor.value_kinds) on hover. Illustrative values are drawn apart:
dotted, lighter lines and open markers, or hatched pale bars, named so in the legend; and a figure
that shows any carries a one-line notice inside it, so that a PNG or SVG made from it says so too.
"""
from __future__ import annotations

from typing import Iterable, Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from ipmonitor.assessment import MIDTERM_YEAR, Assessment, build_required_path
from ipmonitor.i18n import t
from ipmonitor.numbers import year_runs
from ipmonitor.projection import project_years
from ipmonitor.series import IndicatorSeries
from ipmonitor.targets import Target
from ipmonitor.value_kinds import ILLUSTRATIVE, describe_kind, kind_of
from ipmonitor.verdicts import target_tag

SEPARATORS = {"vi": ",.", "en": ".,"}
MERGER_X = 2025.5  # 1 July 2025, half-way through the year
PLAN_COLOURS = {"plan_151": "#0969da", "decision_2724": "#8250df", "decision_1068": "#57606a"}
ACTUAL_COLOUR = "#1f2328"
FAN_COLOUR = "9, 105, 218"
TYPE_COLOURS = ["#0969da", "#bf3989", "#1a7f37", "#d4a72c", "#8250df", "#e16f24", "#57606a", "#0a3069", "#cf222e"]


GRID = "#ebf0f8"
NOTICE_COLOUR = "#cf222e"
NOTICE_NAME = "illustrative_notice"   # the notice's annotation, found by name (tests, presentation layout)
NOTICE_SIGN = "⚠ "
NOTICE_MARGIN = 44                     # room above the plot for the notice, in pixels at the figure's size
ILLUSTRATIVE_SYMBOL = "diamond-open"   # rebuilt values already have open circles
ILLUSTRATIVE_PATTERN = "/"
VEIL = "rgba(255, 255, 255, 0.5)"     # laid over an area chart's illustrative years

# Plotly's own texts (its modebar titles and hints), by the English sentence plotly.js looks up. Its
# bundled "vi" locale translates none of them (plotly.js lib/locales/vi.js has an empty dictionary), and
# Streamlit 1.67 registers no locale at all, so the dictionary goes in the chart's config.
PLOTLY_TEXTS = {
    "Download plot as a PNG": "plotly.download_png", "Download plot": "plotly.download",
    "Zoom": "plotly.zoom", "Pan": "plotly.pan", "Reset axes": "plotly.reset_axes",
    "Double-click to zoom back out": "plotly.double_click_zoom_out",
    "Double-click on legend to isolate one trace": "plotly.double_click_legend",
}
# Buttons that add nothing to a chart of yearly figures (a reader zooms with the box or resets); the
# ones kept are named in PLOTLY_TEXTS. Streamlit's own "Fullscreen" button cannot be translated (README).
MODEBAR_BUTTONS_REMOVED = ["zoomIn2d", "zoomOut2d", "autoScale2d", "toggleSpikelines", "hoverClosestCartesian",
                           "hoverCompareCartesian", "select2d", "lasso2d"]


def chart_config(lang: str) -> dict:
    """The config for st.plotly_chart: Plotly's menu in the reader's language, only the buttons that
    help, and a camera that saves a PNG at twice the size shown."""
    return {"displaylogo": False, "locale": lang, "modeBarButtonsToRemove": MODEBAR_BUTTONS_REMOVED,
            "locales": {lang: {"dictionary": {english: t(key, lang) for english, key in PLOTLY_TEXTS.items()}}},
            "toImageButtonOptions": {"scale": 2}}


def lighter(colour: str, share: float = 0.5) -> str:
    """A hex colour mixed with `share` of white: how an illustrative value is drawn beside a published one."""
    value = colour.lstrip("#")
    red, green, blue = (int(value[i:i + 2], 16) for i in (0, 2, 4))
    return "#" + "".join(f"{round(c + (255 - c) * share):02x}" for c in (red, green, blue))


def add_illustrative_notice(figure: go.Figure, lang: str) -> go.Figure:
    """The one-line notice "Số liệu minh họa, không phải số liệu chính thức" above the plot, inside the
    figure, so that every image made from it carries it; the top margin grows to hold it."""
    notice = dict(name=NOTICE_NAME, text=NOTICE_SIGN + t("chart.illustrative_notice", lang), showarrow=False,
                  xref="paper", yref="paper", x=0, y=1, xanchor="left", yanchor="bottom", yshift=8,
                  font=dict(color=NOTICE_COLOUR, size=15))
    figure.add_annotation(notice)
    figure.update_layout(margin=dict(t=max(figure.layout.margin.t or 0, NOTICE_MARGIN)))
    return figure


def move_notice_to_legend(figure: go.Figure) -> go.Figure:
    """The notice as the legend's title, for a legend above the plot: a line above the plot would run
    into the legend's rows, however many they are; as its title it heads them."""
    notices = [annotation for annotation in figure.layout.annotations if annotation.name == NOTICE_NAME]
    if notices:
        # Assigned, not passed to update_layout: that would merge the shorter list into the old one.
        figure.layout.annotations = [annotation for annotation in figure.layout.annotations
                                     if annotation.name != NOTICE_NAME]
        figure.update_layout(legend_title=dict(text=notices[0].text, side="top", font=dict(color=NOTICE_COLOUR)))
    return figure


def notice_text(figure: go.Figure) -> str | None:
    """The illustrative notice the figure carries (what an exported image then shows), or None."""
    for annotation in figure.layout.annotations:
        if annotation.name == NOTICE_NAME:
            return annotation.text
    title = figure.layout.legend.title.text  # where move_notice_to_legend put it
    return title if title and title.startswith(NOTICE_SIGN) else None


def add_line_by_kind(figure: go.Figure, x: Sequence, y: Sequence, kinds: Sequence[str], labels: Sequence[str], *,
                     name: str, colour: str, hover: str, width: float = 2, symbols: Sequence[str] | None = None,
                     illustrative_name: str | None = None) -> None:
    """One series in two styles: a solid line with filled (or, for a rebuilt value, open) markers through
    its published, derived and rebuilt values; a dotted, lighter line with open diamonds through its
    illustrative ones, and dotted joins between the two. Both hover with each value's kind (`labels`).

    The illustrative part is named `illustrative_name` in the legend; without one it is named as the
    series, and shown there only when the series has no other part (a chart of several series has one
    key for all of them, illustrative_key_trace)."""
    illustrative = [kind == ILLUSTRATIVE for kind in kinds]
    symbols = list(symbols or ["circle"] * len(x))
    pale = lighter(colour, 0.45)
    template = hover + " (%{customdata})"
    if not all(illustrative):
        figure.add_trace(go.Scatter(
            x=list(x), y=[None if ill else v for v, ill in zip(y, illustrative)], mode="lines+markers", name=name,
            legendgroup=name, line=dict(color=colour, width=width), customdata=list(labels), hovertemplate=template,
            marker=dict(size=8, symbol=symbols, color=colour)))
    joins_x: list = []
    joins_y: list = []
    for i in range(len(x) - 1):
        if illustrative[i] != illustrative[i + 1]:
            joins_x += [x[i], x[i + 1], None]
            joins_y += [y[i], y[i + 1], None]
    if joins_x:
        figure.add_trace(go.Scatter(x=joins_x, y=joins_y, mode="lines", line=dict(color=pale, width=width, dash="dot"),
                                    hoverinfo="skip", showlegend=False, legendgroup=name,
                                    name=illustrative_name or name))
    if any(illustrative):
        figure.add_trace(go.Scatter(
            x=list(x), y=[v if ill else None for v, ill in zip(y, illustrative)], mode="lines+markers",
            name=illustrative_name or name, showlegend=illustrative_name is not None or all(illustrative),
            legendgroup=name,
            line=dict(color=pale, width=width, dash="dot"), customdata=list(labels), hovertemplate=template,
            marker=dict(size=9, symbol=ILLUSTRATIVE_SYMBOL, color=pale, line=dict(width=2, color=pale))))


def illustrative_key_trace(lang: str, key: str = "chart.illustrative_key") -> go.Scatter:
    """A legend entry alone (no value): how a chart of several series draws its illustrative values."""
    return go.Scatter(x=[None], y=[None], mode="lines+markers", name=t(key, lang), hoverinfo="skip",
                      line=dict(color=lighter(ACTUAL_COLOUR, 0.45), width=2, dash="dot"),
                      marker=dict(size=9, symbol=ILLUSTRATIVE_SYMBOL, color=lighter(ACTUAL_COLOUR, 0.45)))


def kind_labels(kinds: Iterable[str | None], lang: str) -> list[str]:
    """Each value's kind in words, for hover and tables."""
    return [describe_kind(kind, lang) for kind in kinds]


def _base_layout(figure: go.Figure, lang: str, y_title: str, percent: bool = False) -> go.Figure:
    # Plain white styling set directly: template="plotly_white" deep-copies the whole template into
    # every figure (about 20 ms each, bench/bench_pages.py).
    figure.update_layout(
        separators=SEPARATORS.get(lang, SEPARATORS["vi"]), paper_bgcolor="white", plot_bgcolor="white",
        hovermode="x unified", margin=dict(l=10, r=10, t=30, b=10),
        legend=dict(orientation="h", yanchor="top", y=-0.12, x=0), font=dict(size=14),
        yaxis=dict(title=y_title, tickformat=".0%" if percent else ",d", rangemode="tozero", gridcolor=GRID,
                   zerolinecolor=GRID),
        xaxis=dict(tickformat="d", gridcolor=GRID, zerolinecolor=GRID))
    return figure


def value_hover(unit: str) -> str:
    """How a value shows on hover: a share with one decimal and its sign (40,0%), else whole."""
    return "%{y:,.1f}%" if unit == "percent" else "%{y:,.0f}"


def value_axis_title(unit: str, lang: str) -> str:
    """The value axis of an indicator in its unit: "Số lượng", "Số người", "Kinh phí (đồng)", "Tỷ lệ (%)"."""
    return t("chart.value_axis" if unit == "count" else f"indicators.axis_{unit}", lang)


def _add_period_markers(figure: go.Figure, lang: str) -> None:
    """Vertical lines for the 2025 mid-term review and the 1 July 2025 merger, written straight into
    the layout (add_vline resolves subplots for each call, about 18 ms a figure)."""
    markers = ((MIDTERM_YEAR, "dot", "chart.midterm", "auto"), (MERGER_X, "dashdot", "chart.merger", "left"))
    shapes = [dict(type="line", xref="x", yref="paper", x0=x, x1=x, y0=0, y1=1,
                   line=dict(color="#8c959f", width=1, dash=dash)) for x, dash, _, _ in markers]
    notes = [dict(x=x, xref="x", y=1, yref="paper", text=t(key, lang), textangle=-90, showarrow=False,
                  font=dict(size=12), yanchor="top", xanchor=anchor) for x, _, key, anchor in markers]
    figure.update_layout(shapes=[*figure.layout.shapes, *shapes], annotations=[*figure.layout.annotations, *notes])


def build_trajectory_figure(series: IndicatorSeries, targets: Iterable[tuple[Target, Assessment, str]],
                            lang: str, show_projection: bool = True, first_year: int | None = None, *,
                            kinds: Mapping[int, str]) -> go.Figure:
    """Actual values, each target's required path (dashed) and marker labelled by plan, the projection
    fan (80% and 95%) to the last target year, and the mid-term and merger markers.

    `targets` holds (target, its assessment, the plan's short name); `kinds` each year's kind
    (report_data.load_year_kinds): illustrative values are drawn apart and named so, and the figure
    then carries the illustrative notice."""
    targets = list(targets)
    figure = go.Figure()
    hover = value_hover(series.unit)
    years = [year for year in series.values if first_year is None or year >= first_year]
    end_year = max([a.target_year for _, a, _ in targets if a.target_year] + [max(years, default=2030)])

    # An indicator followed without a target has no year to project to: it is shown as it is.
    fan = project_years(series.values, end_year, series.shape) if show_projection and targets else {}
    if fan:
        fan_years, projections = list(fan), list(fan.values())
        for level, alpha in ((0.95, 0.12), (0.80, 0.22)):
            name = t("chart.interval", lang, level=int(level * 100))
            figure.add_trace(go.Scatter(x=fan_years + fan_years[::-1],
                                        y=[p.intervals[level][1] for p in projections]
                                        + [p.intervals[level][0] for p in projections][::-1],
                                        mode="lines", fill="toself", fillcolor=f"rgba({FAN_COLOUR}, {alpha})", line=dict(width=0),
                                        hoverinfo="skip", name=name, legendgroup="projection"))
        figure.add_trace(go.Scatter(x=fan_years, y=[p.value for p in projections], mode="lines",
                                    line=dict(color=f"rgb({FAN_COLOUR})", dash="dot", width=2),
                                    name=t("chart.projection", lang), legendgroup="projection",
                                    hovertemplate=hover))

    for target, assessment, plan_label in targets:
        colour = PLAN_COLOURS.get(target.plan, "#57606a")
        path = build_required_path(target, assessment)
        if path is None:
            continue
        if path.kind == "average":
            figure.add_trace(go.Scatter(
                x=list(path.values), y=list(path.values.values()), mode="lines",
                line=dict(color=colour, dash="dash", width=2),
                name=t("chart.needed_average", lang, plan=plan_label), hovertemplate=hover))
            continue
        figure.add_trace(go.Scatter(
            x=list(path.values), y=list(path.values.values()), mode="lines",
            line=dict(color=colour, dash="dash", width=2), hovertemplate=hover,
            name=t("chart.required_path", lang, plan=plan_label, target=target_tag(target, lang))))
        if path.high is not None:
            figure.add_trace(go.Scatter(
                x=list(path.high), y=list(path.high.values()),
                mode="lines", line=dict(color=colour, dash="dot", width=1), hovertemplate=hover,
                name=t("chart.high_edge", lang, plan=plan_label, target=target_tag(target, lang))))
        figure.add_trace(go.Scatter(
            x=[assessment.target_year], y=[assessment.target_value], mode="markers+text",
            marker=dict(symbol="star", size=16, color=colour), text=[plan_label], textposition="top left",
            name=t("chart.target_marker", lang, plan=plan_label, target=target_tag(target, lang)),
            hovertemplate=hover))

    year_kinds = [kind_of(kinds, year) for year in years]
    add_line_by_kind(
        figure, years, [series.values[year] for year in years], year_kinds,
        [describe_kind(kind, lang, series.basis.get(year)) for year, kind in zip(years, year_kinds)],
        name=t("chart.actual", lang), colour=ACTUAL_COLOUR, hover=hover, width=3,
        symbols=["circle-open" if kind == "rebuilt" else "circle" for kind in year_kinds],
        illustrative_name=t("chart.actual_illustrative", lang))
    _add_period_markers(figure, lang)
    _base_layout(figure, lang, value_axis_title(series.unit, lang))
    if series.unit == "percent":  # shares are stored in percentage points: 40 is 40%
        figure.update_yaxes(tickformat=",.0f", ticksuffix="%")
    figure.update_layout(height=560)
    if ILLUSTRATIVE in year_kinds:
        add_illustrative_notice(figure, lang)
    return figure


def _bar_traces(figure: go.Figure, x: Sequence, y: Sequence, kinds: Sequence[str], colours: Sequence[str], *,
                name: str, illustrative_name: str, hover: str, lang: str, group: str, text: str | None = None) -> None:
    """Bars of one series: published, derived and rebuilt ones plain; illustrative ones pale and hatched,
    a trace of their own in the same slot (offsetgroup), named so in the legend."""
    illustrative = [kind == ILLUSTRATIVE for kind in kinds]
    labels = kind_labels(kinds, lang)
    for drawn_illustrative in (False, True):
        keep = [ill == drawn_illustrative for ill in illustrative]
        if not any(keep):
            continue
        def pick(values: Sequence) -> list:
            return [value for value, kept in zip(values, keep) if kept]
        colour = [lighter(c, 0.5) if drawn_illustrative else c for c in pick(colours)]
        # Values written over the bars (growth rates), none over a bar with no value.
        written = dict(text=pick(y), texttemplate=text, textposition="outside") if text else {}
        figure.add_trace(go.Bar(
            x=pick(x), y=pick(y), name=illustrative_name if drawn_illustrative else name, offsetgroup=group,
            legendgroup=group, customdata=pick(labels), hovertemplate=hover + " (%{customdata})",
            marker=dict(color=colour, line=dict(color=pick(colours), width=1.5),
                        pattern=dict(shape=ILLUSTRATIVE_PATTERN if drawn_illustrative else "",
                                     fgcolor=pick(colours), solidity=0.25)), **written))


def build_type_growth_figure(growth: pd.DataFrame, lang: str, edge: float = 0.05) -> go.Figure:
    """Average yearly growth of each type beside the all-types rate, with the plan's 5% edge.

    `growth` has columns name, cagr, is_total, kind (breakdown.compute_type_growth): a rate computed
    from an illustrative figure is a pale hatched bar, named so in the legend."""
    colours = ["#57606a" if total else "#0969da" for total in growth["is_total"]]
    kinds = [kind if isinstance(kind, str) else None for kind in growth["kind"]]  # None: no rate, no bar
    figure = go.Figure()
    _bar_traces(figure, list(growth["name"]), [None if pd.isna(v) else v for v in growth["cagr"]], kinds, colours,
                name=t("chart.cagr", lang), illustrative_name=t("chart.illustrative_bars", lang, name=t("chart.cagr", lang)),
                hover="%{y:.1%}", lang=lang, group="growth", text="%{text:.1%}")
    figure.add_hline(y=edge, line=dict(color="#cf222e", dash="dash"),
                     annotation=dict(text=t("chart.edge", lang, edge=f"{edge:.0%}"), xanchor="left", x=0))
    _base_layout(figure, lang, t("chart.cagr_axis", lang), percent=True)
    # Only the hatched bars have a legend entry: blue for a type and grey for all types, as the page says.
    figure.update_layout(hovermode="closest", showlegend=ILLUSTRATIVE in kinds)
    figure.update_traces(showlegend=False, selector=dict(name=t("chart.cagr", lang)))
    figure.update_yaxes(tickformat=".0%", rangemode="normal")
    if ILLUSTRATIVE in kinds:
        add_illustrative_notice(figure, lang)
    return figure


def build_index_figure(indexed: pd.DataFrame, lang: str, base_year: int, edge: float = 0.05) -> go.Figure:
    """Each series as an index (base year = 100) with the path the 5% edge implies.

    `indexed` has columns year, name, index, kind (breakdown.compute_index): illustrative values dotted,
    with open markers, and one legend entry saying so."""
    figure = go.Figure()
    for position, (name, group) in enumerate(indexed.groupby("name", sort=False)):
        kinds = list(group["kind"])
        add_line_by_kind(figure, list(group["year"]), list(group["index"]), kinds, kind_labels(kinds, lang), name=name,
                         colour=TYPE_COLOURS[position % len(TYPE_COLOURS)], hover="%{y:,.0f}")
    if not indexed.empty:
        years = list(range(base_year, int(indexed["year"].max()) + 1))
        figure.add_trace(go.Scatter(x=years, y=[100 * (1 + edge) ** (y - base_year) for y in years], mode="lines",
                                    line=dict(color="#cf222e", dash="dash"), name=t("chart.edge", lang, edge=f"{edge:.0%}"),
                                    hovertemplate="%{y:,.0f}"))
    illustrative = not indexed.empty and ILLUSTRATIVE in set(indexed["kind"])
    if illustrative:
        figure.add_trace(illustrative_key_trace(lang))
    _add_period_markers(figure, lang)
    _base_layout(figure, lang, t("chart.index_axis", lang, year=base_year))
    figure.update_yaxes(rangemode="normal")
    if illustrative:
        add_illustrative_notice(figure, lang)
    return figure


def build_composition_figure(shares: pd.DataFrame, lang: str) -> go.Figure:
    """Each IP type's share of the total over time, stacked to 100%. `shares`: year, name, share, kind
    (breakdown.compute_shares). A stacked area cannot change its line from year to year, so the years
    whose shares are illustrative are veiled pale, and a legend entry in the same pale says so."""
    figure = go.Figure()
    for position, (name, group) in enumerate(shares.groupby("name", sort=False)):
        figure.add_trace(go.Scatter(
            x=group["year"], y=group["share"], mode="lines", stackgroup="share", name=name,
            line=dict(width=0.5, color=TYPE_COLOURS[position % len(TYPE_COLOURS)]),
            customdata=kind_labels(group["kind"], lang), hovertemplate="%{y:.1%} (%{customdata})"))
    years = sorted(set(shares.loc[shares["kind"] == ILLUSTRATIVE, "year"])) if not shares.empty else []
    # A white veil over the illustrative years: the colours stay, paler, and the published years stand out.
    figure.update_layout(shapes=[dict(type="rect", xref="x", yref="paper", x0=first - 0.5, x1=last + 0.5, y0=0, y1=1,
                                      fillcolor=VEIL, line=dict(width=0), layer="above")
                                 for first, last in year_runs(years)])
    if years:
        figure.add_trace(go.Scatter(x=[None], y=[None], mode="lines", fill="toself", name=t("chart.illustrative_area", lang),
                                    fillcolor=lighter(ACTUAL_COLOUR, 0.8), hoverinfo="skip",
                                    line=dict(color=lighter(ACTUAL_COLOUR, 0.45), width=1, dash="dot")))
    _base_layout(figure, lang, t("chart.share_axis", lang), percent=True)
    figure.update_yaxes(range=[0, 1])
    if not shares.empty:  # the veil stops at the first and last years, not half a year beyond
        figure.update_xaxes(range=[int(shares["year"].min()), int(shares["year"].max())])
    if years:
        add_illustrative_notice(figure, lang)
    return figure


def build_applications_grants_figure(flows: pd.DataFrame, lang: str) -> go.Figure:
    """Applications filed against titles granted for one type. `flows`: year, measure_name, value, kind
    (breakdown.select_flows): an illustrative year's bar is pale and hatched, named so in the legend."""
    figure = go.Figure()
    illustrative = False
    for position, (name, group) in enumerate(flows.groupby("measure_name", sort=False)):
        kinds = list(group["kind"])
        illustrative |= ILLUSTRATIVE in kinds
        colour = TYPE_COLOURS[position % len(TYPE_COLOURS)]
        _bar_traces(figure, list(group["year"]), list(group["value"]), kinds, [colour] * len(group), name=name,
                    illustrative_name=t("chart.illustrative_bars", lang, name=name), hover="%{y:,.0f}", lang=lang,
                    group=name)
    _add_period_markers(figure, lang)
    _base_layout(figure, lang, t("chart.value_axis", lang))
    figure.update_layout(barmode="group")
    if illustrative:
        add_illustrative_notice(figure, lang)
    return figure


def build_presentation_figure(series: IndicatorSeries, targets: Iterable[tuple[Target, Assessment, str]],
                              lang: str, height: int | None = None, width: int | None = None, *,
                              kinds: Mapping[int, str]) -> go.Figure:
    """The trajectory chart for a projector: the same content, in type legible from the back of a room.

    Without a height the chart takes the room the page gives it. The legend sits above the plot and
    names only the actual values, each plan's path and the projection, so that it stays on a 1280×720
    screen; the targets are labelled on the chart, and the intervals read as the projection's band."""
    figure = build_trajectory_figure(series, targets, lang, show_projection=True, first_year=2015, kinds=kinds)
    kept = {t("chart.actual", lang), t("chart.actual_illustrative", lang), t("chart.projection", lang)}
    for trace in figure.data:
        if trace.name not in kept and (trace.line is None or trace.line.dash != "dash"):
            trace.showlegend = False
    figure.update_layout(height=height, width=width, autosize=height is None, font=dict(size=22),
                         legend=dict(font=dict(size=20), orientation="h", x=0, y=1.02, xanchor="left",
                                     yanchor="bottom"),
                         margin=dict(l=10, r=10, t=10, b=10))
    move_notice_to_legend(figure)
    figure.update_annotations(font_size=18)
    figure.update_xaxes(tickfont_size=20)
    figure.update_yaxes(tickfont_size=20, title_font_size=20)
    return figure
