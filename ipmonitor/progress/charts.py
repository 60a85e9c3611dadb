"""Figure builders: plain data in, a Plotly go.Figure out, every label in the reader's language.

No Streamlit here; pages show the figures, exports will render them. Numbers follow the reader's
convention through the layout's separators (5.500 and 3,5 in Vietnamese).

Every value carries its kind (ipmonitor.value_kinds) on hover. Illustrative values are drawn apart:
dotted, lighter lines and open markers, or hatched pale bars, named so in the legend; and a figure
that shows any carries a one-line notice inside it, so that a PNG or SVG made from it says so too.
"""
from __future__ import annotations

from numbers import Real
from typing import Iterable, Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

from ipmonitor.progress.assessment import MIDTERM_YEAR
from ipmonitor.chart_style import (
    ACTUAL_COLOUR, NOTICE_SIGN, PLAN_COLOURS, SCENARIO_COLOUR, lighter, value_axis_title,
)
from ipmonitor.i18n import t
from ipmonitor.progress.trajectory import Trajectory
from ipmonitor.value_kinds import ILLUSTRATIVE, describe_kind, kind_of
from ipmonitor.register.target_words import target_tag

SEPARATORS = {"vi": ",.", "en": ".,"}
MERGER_X = 2025.5  # 1 July 2025, half-way through the year
FAN_COLOUR = "9, 105, 218"
TYPE_COLOURS = ["#0969da", "#bf3989", "#1a7f37", "#d4a72c", "#8250df", "#e16f24", "#57606a", "#0a3069", "#cf222e"]


GRID = "#ebf0f8"
NOTICE_COLOUR = "#cf222e"
EDGE_COLOUR = "#cf222e"               # the plan's 5% a year edge
NOTICE_SIZE = 15
NOTICE_PAD = 6                         # pixels above the notice
LABEL_SIZE = 12                        # the period markers' and the targets' labels, in pixels
LABEL_BACKGROUND = "rgba(255, 255, 255, 0.85)"  # a label stays legible where a line runs under it
PERIOD_LABEL = "period_marker"         # the annotations naming the mid-term and merger lines
TARGET_LABEL = "target_label"          # the annotations naming each target's plan beside its star
STAR_SIZE = 16
PRESENTATION_LABEL_SIZE = 18
PRESENTATION_PLOT = (980, 230)         # pixels: the presentation's plot on a 1280×720 projector, at its smallest
HEADROOM = 0.15                        # share of the value axis kept above the highest value, for a label
SMALLEST_PLOT = (280, 160)             # pixels: a trajectory's plot on a phone, under its legend and notice
ILLUSTRATIVE_SYMBOL = "diamond-open"   # rebuilt values already have open circles
ILLUSTRATIVE_PATTERN = "/"
BASE_YEAR_COLOUR, LATEST_YEAR_COLOUR = "#8c959f", "#0969da"  # the composition's two years
SHARE_TEXT_ROOM = 60                   # pixels right of the composition's plot

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


def add_illustrative_notice(figure: go.Figure, lang: str) -> go.Figure:
    """The one-line notice "Số liệu minh họa, không phải số liệu chính thức" at the top of the figure, so
    that every image made from it carries it.

    It is the figure's title, placed in the figure's own coordinates: it starts at the image's left edge
    (an annotation could only start at the plot's, after the tick labels, and ran off a phone's screen),
    and the top margin holds it above the period markers' labels."""
    figure.update_layout(title=dict(
        text=NOTICE_SIGN + t("chart.illustrative_notice", lang), x=0, xref="container", xanchor="left",
        y=1, yref="container", yanchor="top", pad=dict(t=NOTICE_PAD, l=4), automargin=True,
        font=dict(color=NOTICE_COLOUR, size=NOTICE_SIZE)))
    _fit_top_margin(figure)
    return figure


def move_notice_to_legend(figure: go.Figure) -> go.Figure:
    """The notice as the legend's title, for a legend above the plot: a line above the plot would run
    into the legend's rows, however many they are; as its title it heads them."""
    text = figure.layout.title.text
    if text and text.startswith(NOTICE_SIGN):
        # In the legend's own size: a smaller title read as a footnote from the back of a room.
        size = figure.layout.legend.font.size or NOTICE_SIZE
        figure.update_layout(title=dict(text=None), legend_title=dict(text=text, side="top",
                                                                      font=dict(color=NOTICE_COLOUR, size=size)))
    return figure


def notice_text(figure: go.Figure) -> str | None:
    """The illustrative notice the figure carries (what an exported image then shows), or None."""
    for text in (figure.layout.title.text, figure.layout.legend.title.text):  # the legend: move_notice_to_legend
        if text and text.startswith(NOTICE_SIGN):
            return text
    return None


def _fit_top_margin(figure: go.Figure) -> None:
    """Room above the plot for what sits there, one band under the other: the notice (as the title) and
    the rows of the period markers' labels. Annotations push no margin in Plotly, so it is counted
    here, in pixels at the figure's size; a legend above the plot reserves its own room."""
    top = 8
    if notice_text(figure) and figure.layout.title.text:
        top += NOTICE_PAD + round(NOTICE_SIZE * 1.4) + 4
    rows, size = _period_rows(figure)
    if rows:
        top += rows * _label_row(size) + 2
    figure.update_layout(margin=dict(t=max(top, 20)))


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
    # every figure (about 20 ms each, bench/bench_pages.py). For the same reason nothing here may rest on
    # the template: in the dashboard's process Streamlit's is the default, and it has no automargin, so
    # the tick labels of a PNG, SVG or PDF made there were cut at the image's edge under the axis title.
    figure.update_layout(
        separators=SEPARATORS.get(lang, SEPARATORS["vi"]), paper_bgcolor="white", plot_bgcolor="white",
        hovermode="x unified", margin=dict(l=10, r=10, b=10), font=dict(size=14),
        # In the figure's own coordinates, the legend's rows are reserved at the bottom of the image, under
        # the tick labels, however many rows a narrow screen needs (below the plot in its coordinates, it ran
        # into the tick labels of a short plot).
        legend=dict(orientation="h", xref="container", yref="container", x=0, y=0, xanchor="left", yanchor="bottom",
                    tracegroupgap=4),
        # The margins above are minimums: automargin widens them to hold the tick labels and the titles.
        yaxis=dict(title=dict(text=y_title, standoff=10), automargin=True, tickformat=".0%" if percent else ",d",
                   rangemode="tozero", gridcolor=GRID, zerolinecolor=GRID),
        xaxis=dict(automargin=True, tickformat="d", gridcolor=GRID, zerolinecolor=GRID))
    _fit_top_margin(figure)
    return figure


def value_hover(unit: str) -> str:
    """How a value shows on hover: a share with one decimal and its sign (40,0%), else whole."""
    return "%{y:,.1f}%" if unit == "percent" else "%{y:,.0f}"


def _whole_year_ticks(figure: go.Figure) -> None:
    """Year ticks on whole years: over a short span (under ten years) Plotly steps by half a year, and
    the year format then wrote 2022 twice. A phone turns the ten labels rather than crowd them. Over a
    longer span the ticks step by two or five years counted back from the last year, so that the year
    the targets are set for (2030) is always labelled: Plotly's own steps may stop at 2028."""
    years = [x for trace in figure.data for x in (trace.x or ()) if isinstance(x, Real)]
    years += [shape.x0 for shape in figure.layout.shapes if shape.xref == "x" and isinstance(shape.x0, Real)]
    if not years:
        return
    span = max(years) - min(years)
    if span < 10:
        figure.update_xaxes(tick0=int(min(years)), dtick=1)
    else:
        figure.update_xaxes(tick0=int(max(years)), dtick=2 if span <= 20 else 5)
    # Half a year of room at each end: a line that ends in 2030 with no marker there would end the axis
    # on 2030 itself, and Plotly hides a tick label that sits on the plot's edge.
    figure.update_xaxes(range=[min(years) - 0.5, max(years) + 0.5])


def _period_rows(figure: go.Figure) -> tuple[int, float]:
    """How many rows the period markers' labels take above the plot, and their size in pixels."""
    labels = [annotation for annotation in figure.layout.annotations if annotation.name == PERIOD_LABEL]
    return len({label.yshift for label in labels}), max((label.font.size or LABEL_SIZE for label in labels), default=0)


def _reserve_label_rows(figure: go.Figure) -> None:
    """The rows of the markers' labels kept free between the plot and a legend above it, whose height
    only the browser knows. Plotly stacks an axis's labels under such a legend (a top margin would
    only overlap it), so an empty axis above the plot holds one blank tick label as high as the rows;
    it draws nothing, and its trace has no point."""
    rows, size = _period_rows(figure)
    if not rows:
        return
    figure.add_trace(go.Scatter(x=[], y=[], xaxis="x2", showlegend=False, hoverinfo="skip"))
    figure.update_layout(xaxis2=dict(overlaying="x", matches="x", side="top", tickmode="array", tickvals=[MIDTERM_YEAR],
                                     ticktext=["<br>".join(["&nbsp;"] * rows)], tickfont=dict(size=size), ticks="",
                                     showgrid=False, zeroline=False, showline=False, automargin=True))


def _label_row(size: float) -> int:
    """The height of one row of labels of `size` pixels, with its gap."""
    return round(size * 1.3) + 6


def _text_width(text: str, size: float) -> float:
    """A generous estimate of a one-line text's width in pixels (sans-serif: about 0.55 em a letter)."""
    return len(text) * size * 0.6


def _add_period_markers(figure: go.Figure, lang: str, size: float = LABEL_SIZE,
                        plot_width: float = SMALLEST_PLOT[0]) -> None:
    """Vertical lines for the 2025 mid-term review and the 1 July 2025 merger, labelled above the plot.

    The labels sit in the top margin, never over the data or a target's label, and each line goes up
    to its own label. Half a year apart, the two labels share one row only if they can run away from
    each other (the mid-term's leftwards, the merger's rightwards) on the narrowest plot the figure is
    drawn in (`plot_width`, pixels): a projector's. Otherwise they take two rows and both run towards
    the middle of the plot (leftwards from lines in its right half, where they usually are); the line
    whose label would cross the other's line takes the lower row.
    Written straight into the layout (add_vline resolves subplots for each call, about 18 ms a figure)."""
    years = [x for trace in figure.data for x in (trace.x or ()) if isinstance(x, Real)]
    low, high = (min(years), max(years)) if years else (MIDTERM_YEAR, MERGER_X)
    per_year = plot_width / max(high - low, 1)
    midterm, merger = (MIDTERM_YEAR, "dot", t("chart.midterm", lang)), (MERGER_X, "dashdot", t("chart.merger", lang))
    apart = ((MIDTERM_YEAR - low) * per_year >= _text_width(midterm[2], size) + 6
             and (high - MERGER_X) * per_year >= _text_width(merger[2], size) + 6)
    if apart:
        placed = [(midterm, 0, "right"), (merger, 0, "left")]
    else:
        leftwards = MERGER_X >= (low + high) / 2
        lower, upper = (midterm, merger) if leftwards else (merger, midterm)
        placed = [(lower, 0, "right" if leftwards else "left"), (upper, 1, "right" if leftwards else "left")]
    row = _label_row(size)
    shapes, notes = [], []
    for (x, dash, text), position, anchor in placed:
        line = dict(type="line", xref="x", x0=x, x1=x, line=dict(color="#8c959f", width=1, dash=dash))
        # Through the plot, and on above it up to the top of its label.
        shapes += [dict(line, yref="paper", y0=0, y1=1),
                   dict(line, yref="paper", ysizemode="pixel", yanchor=1, y0=0, y1=(position + 1) * row - 2)]
        notes.append(dict(name=PERIOD_LABEL, x=x, xref="x", y=1, yref="paper", yanchor="bottom",
                          yshift=2 + position * row, xanchor=anchor, xshift=-3 if anchor == "right" else 3, text=text,
                          showarrow=False, font=dict(size=size, color="#57606a")))
    figure.update_layout(shapes=[*figure.layout.shapes, *shapes], annotations=[*figure.layout.annotations, *notes])
    _fit_top_margin(figure)
    _whole_year_ticks(figure)


def _add_projection_fan(figure: go.Figure, projection: Mapping, lang: str, hover: str) -> None:
    """The trend's projection as a dotted line in its 80% and 95% bands, from the latest year on."""
    fan_years, projections = list(projection), list(projection.values())
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


def _add_required_paths(figure: go.Figure, trajectory: Trajectory, lang: str,
                        hover: str) -> list[tuple[int, float, str, str]]:
    """Each target's required path (dashed; a band's high edge dotted) and its star in the plan's colour;
    returns the stars (year, level, plan, colour) for their labels."""
    stars: list[tuple[int, float, str, str]] = []
    for planned in trajectory.targets:
        target, plan_label, path = planned.target, planned.plan_label, planned.path
        colour = PLAN_COLOURS.get(target.plan, "#57606a")
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
        year, level = planned.star
        figure.add_trace(go.Scatter(
            x=[year], y=[level], mode="markers", marker=dict(symbol="star", size=STAR_SIZE, color=colour),
            name=t("chart.target_marker", lang, plan=plan_label, target=target_tag(target, lang)),
            hovertemplate=hover))
        stars.append((year, level, plan_label, colour))
    return stars


def build_trajectory_figure(trajectory: Trajectory, lang: str, show_projection: bool = True,
                            first_year: int | None = None, *, label_size: float = LABEL_SIZE,
                            plot_size: tuple[float, float] = SMALLEST_PLOT,
                            scenario: tuple[str, Mapping[int, float]] | None = None) -> go.Figure:
    """The trajectory drawn: actual values, each target's required path (dashed) and marker labelled by
    plan, the projection fan (80% and 95%) to the last target year, and the mid-term and merger markers;
    with `scenario` (its name and path), a what-if line drawn apart from every reported value.

    Illustrative values (the trajectory's kinds) are drawn apart and named so, and the figure then
    carries the illustrative notice. `label_size`: the plans' and the markers' labels, in pixels;
    `plot_size`: the smallest plot the figure is drawn in, in pixels (a phone's, unless a projector's)."""
    series = trajectory.series
    figure = go.Figure()
    hover = value_hover(series.unit)
    years = [year for year in series.values if first_year is None or year >= first_year]
    # An indicator followed without a target has no year to project to: it is shown as it is.
    if show_projection and trajectory.projection:
        _add_projection_fan(figure, trajectory.projection, lang, hover)
    stars = _add_required_paths(figure, trajectory, lang, hover)
    year_kinds = [kind_of(trajectory.kinds, year) for year in years]
    add_line_by_kind(
        figure, years, [series.values[year] for year in years], year_kinds,
        [describe_kind(kind, lang, series.basis.get(year)) for year, kind in zip(years, year_kinds)],
        name=t("chart.actual", lang), colour=ACTUAL_COLOUR, hover=hover, width=3,
        symbols=["circle-open" if kind == "rebuilt" else "circle" for kind in year_kinds],
        illustrative_name=t("chart.actual_illustrative", lang))
    if scenario is not None:
        # A scenario must never read as reported data: its own colour, a long dash and open squares.
        name, path = scenario
        figure.add_trace(go.Scatter(x=list(path), y=list(path.values()), mode="lines+markers", name=name,
                                    line=dict(color=SCENARIO_COLOUR, dash="longdash", width=2.5),
                                    marker=dict(symbol="square-open", size=7, color=SCENARIO_COLOUR),
                                    hovertemplate=hover))
    _base_layout(figure, lang, value_axis_title(series.unit, lang))
    _add_period_markers(figure, lang, label_size, plot_size[0])
    _label_targets(figure, stars, label_size, plot_size)
    if series.unit == "percent":  # shares are stored in percentage points: 40 is 40%
        figure.update_yaxes(tickformat=",.0f", ticksuffix="%")
    figure.update_layout(height=560)
    if ILLUSTRATIVE in year_kinds:
        add_illustrative_notice(figure, lang)
    return figure


def _highest_value(figure: go.Figure) -> float | None:
    """The highest value any trace draws (a fan's upper edge, a target, an actual value)."""
    values = [y for trace in figure.data for y in (trace.y or ()) if isinstance(y, Real)]
    return max(values) if values else None


def _marker_points(figure: go.Figure) -> list[tuple[float, float]]:
    """(x, y) of every point drawn as a marker (the actual values, the target stars)."""
    return [(x, y) for trace in figure.data if trace.mode and "markers" in trace.mode
            for x, y in zip(trace.x or (), trace.y or ()) if isinstance(x, Real) and isinstance(y, Real)]


def _label_targets(figure: go.Figure, stars: Sequence[tuple[int, float, str, str]], size: float,
                   plot_size: tuple[float, float] = SMALLEST_PLOT) -> None:
    """Each target's plan written beside its star, to the left of it, in the plan's colour: the year
    axis ends at the last target year.

    Targets of one year are taken from the highest down: the highest is labelled above its star, the
    lowest below its own, any between them level with theirs, so that two plans' labels never share a
    line however close their targets (Decisions 2724 and 1068 on patents). A target alone in its year is
    labelled above its star (the path climbs to it from below), or below it where the label would cover
    an actual value. The value axis keeps HEADROOM above the highest value, for the highest label."""
    highest = _highest_value(figure)
    if not stars or not highest or highest <= 0:
        return
    top = highest * (1 + HEADROOM)
    years = [x for trace in figure.data for x in (trace.x or ()) if isinstance(x, Real)]
    # A label's box measured in years and values on the smallest plot it is drawn in covers its box on
    # every larger one, since it grows from its star: what it misses there it misses everywhere.
    per_year = plot_size[0] / max(max(years) - min(years), 1)
    per_value = plot_size[1] / top
    points = _marker_points(figure)
    gap = STAR_SIZE / 2 + 3

    def covers_a_point(year: float, value: float, text: str, above: bool) -> bool:
        width, height, pad = _text_width(text, size), size * 1.3 + 4, 6  # pad: a marker's radius
        left, right = year - (gap + width + pad) / per_year, year - (gap - pad) / per_year
        low, high = (value - pad / per_value, value + (height + pad) / per_value) if above \
            else (value - (height + pad) / per_value, value + pad / per_value)
        return any(left <= x <= right and low <= y <= high for x, y in points if (x, y) != (year, value))

    by_year: dict[int, list] = {}
    for star in stars:
        by_year.setdefault(star[0], []).append(star)
    notes = []
    for group in by_year.values():
        group.sort(key=lambda star: -star[1])
        for position, (year, value, text, colour) in enumerate(group):
            if len(group) == 1:
                above = not covers_a_point(year, value, text, True) or covers_a_point(year, value, text, False)
                anchor = "bottom" if above else "top"
            else:
                anchor = "bottom" if position == 0 else "top" if position == len(group) - 1 else "middle"
            notes.append(dict(name=TARGET_LABEL, x=year, y=value, xref="x", yref="y", text=text, showarrow=False,
                              xanchor="right", xshift=-gap, yanchor=anchor,
                              yshift={"bottom": 2, "top": -2, "middle": 0}[anchor], bgcolor=LABEL_BACKGROUND,
                              font=dict(size=size, color=colour)))
    figure.update_layout(annotations=[*figure.layout.annotations, *notes])
    figure.update_yaxes(range=[0, top])


def _bar_traces(figure: go.Figure, x: Sequence, y: Sequence, kinds: Sequence[str], colours: Sequence[str], *,
                name: str, illustrative_name: str, hover: str, lang: str, group: str, text: str | None = None,
                horizontal: bool = False, slot: str | None = None) -> None:
    """Bars of one series: published, derived and rebuilt ones plain; illustrative ones pale and hatched,
    a trace of their own in the same slot (offsetgroup, `slot` when several series stack in one),
    named so in the legend. `x` the categories, `y` the values, drawn across the page when `horizontal`."""
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
        place = dict(x=pick(y), y=pick(x), orientation="h") if horizontal else dict(x=pick(x), y=pick(y))
        figure.add_trace(go.Bar(
            **place, name=illustrative_name if drawn_illustrative else name, offsetgroup=slot or group,
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
    # The edge is named in the legend: written on the plot, its label sat on the first bar.
    figure.add_shape(type="line", xref="paper", x0=0, x1=1, yref="y", y0=edge, y1=edge,
                     line=dict(color=EDGE_COLOUR, dash="dash"))
    figure.add_trace(go.Scatter(x=[None], y=[None], mode="lines", line=dict(color=EDGE_COLOUR, dash="dash"),
                                name=t("chart.edge", lang, edge=f"{edge:.0%}"), hoverinfo="skip"))
    _base_layout(figure, lang, t("chart.cagr_axis", lang), percent=True)
    # The plain bars have no legend entry: blue for a type and grey for all types, as the page says.
    figure.update_layout(hovermode="closest", showlegend=True)
    figure.update_traces(showlegend=False, selector=dict(name=t("chart.cagr", lang)))
    # Room above the highest bar (and below the lowest) for its value, written outside it.
    rates = [value for value in growth["cagr"] if not pd.isna(value)] + [edge]
    figure.update_traces(cliponaxis=False, selector=dict(type="bar"))
    figure.update_yaxes(tickformat=".0%", range=[min(0, min(rates)) * 1.25, max(0, max(rates)) * 1.2])
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
                                    line=dict(color=EDGE_COLOUR, dash="dash"), name=t("chart.edge", lang, edge=f"{edge:.0%}"),
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


def build_composition_figure(shares: pd.DataFrame, lang: str, base_year: int | None = None) -> go.Figure:
    """Each IP type's share of the total in the base year and the latest year, a bar each with its share
    written at its end, largest type on top. `shares`: year, name, share, kind (breakdown.compute_shares).

    Stacked over time (an area per type), the types Plan 151 cares most about (patents, utility
    solutions, plant varieties: 1-2% each beside trademarks' three quarters) were slivers no one could
    read; as bars with their shares written they read at any size. An illustrative year's bars are pale
    and hatched, named so in the legend, as on the other charts."""
    figure = go.Figure()
    years = sorted(set(shares["year"])) if not shares.empty else []
    if years:
        latest = int(years[-1])
        first = base_year if base_year in years and base_year < latest else int(years[0])
        # The largest share on top: Plotly draws a category axis's first category at the bottom.
        order = list(shares[shares["year"] == latest].sort_values("share", kind="stable")["name"])
        for year in dict.fromkeys((first, latest)):  # one year alone is drawn once, as the latest
            colour = LATEST_YEAR_COLOUR if year == latest else BASE_YEAR_COLOUR
            of_year = shares[shares["year"] == year].set_index("name").reindex(order)
            name = t("chart.share_in_year", lang, year=year)
            _bar_traces(figure, order, list(of_year["share"]), [kind or None for kind in of_year["kind"]],
                        [colour] * len(order), name=name, illustrative_name=t("chart.illustrative_bars", lang, name=name),
                        hover="%{x:.1%}", lang=lang, group=str(year), text="%{text:.1%}", horizontal=True)
    _base_layout(figure, lang, "", percent=True)
    highest = float(shares["share"].max()) if not shares.empty else 1.0
    figure.update_layout(barmode="group", hovermode="closest", height=max(450, 90 + 44 * len(set(shares["name"]))))
    # The shares are written past the bars' ends, the largest one's partly in the right margin, which is
    # wider than any share written ("100,0%"): so on a phone's narrow plot too.
    figure.update_traces(cliponaxis=False, textposition="outside", selector=dict(type="bar"))
    figure.update_layout(margin=dict(r=SHARE_TEXT_ROOM))
    figure.update_xaxes(tickformat=".0%", range=[0, highest * 1.12], title=dict(text=t("chart.share_axis", lang)))
    figure.update_yaxes(title=None, tickformat=None, type="category", categoryorder="array",
                        categoryarray=order if years else [], rangemode="normal")
    if ILLUSTRATIVE in set(shares["kind"]):
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


SPLIT_COLOURS = {"part": ["#0969da", "#bf3989", "#d4a72c"], "unsplit": "#8c959f", "beside": "#1a7f37"}


def build_split_figure(split: pd.DataFrame, names: Mapping[str, str], lang: str,
                       first_year: int | None = None) -> go.Figure:
    """An indicator with its parts: the parts stacked year by year (dossiers at home and abroad), the
    rest of the total that no part accounts for as a grey "not split" bar, and the series shown beside
    them as a line (enterprises supported). `split` is splits.compute_split's frame, `names` indicator
    -> name; a year whose parts and total disagree is in split.attrs["disagree"] (the page names it).
    Illustrative values are pale and hatched (a bar) or dotted (the line), named so in the legend."""
    figure = go.Figure()
    frame = split if first_year is None else split[split["year"] >= first_year]
    kinds_seen: set = set(frame["kind"].dropna())
    parts = list(dict.fromkeys(frame.loc[frame["role"] == "part", "indicator"]))
    for position, indicator in enumerate(parts):
        group = frame[(frame["role"] == "part") & (frame["indicator"] == indicator)]
        colour = SPLIT_COLOURS["part"][position % len(SPLIT_COLOURS["part"])]
        name = names.get(indicator, indicator)
        _bar_traces(figure, list(group["year"]), list(group["value"]), list(group["kind"]), [colour] * len(group),
                    name=name, illustrative_name=t("chart.illustrative_bars", lang, name=name), hover="%{y:,.0f}",
                    lang=lang, group=indicator, slot="split")
    rest = frame[frame["role"] == "unsplit"]
    if not rest.empty:
        name = t("split.unsplit", lang)
        _bar_traces(figure, list(rest["year"]), list(rest["value"]), list(rest["kind"]),
                    [SPLIT_COLOURS["unsplit"]] * len(rest), name=name,
                    illustrative_name=t("chart.illustrative_bars", lang, name=name), hover="%{y:,.0f}", lang=lang,
                    group="unsplit", slot="split")
    for indicator in dict.fromkeys(frame.loc[frame["role"] == "beside", "indicator"]):
        group = frame[(frame["role"] == "beside") & (frame["indicator"] == indicator)]
        kinds = list(group["kind"])
        name = names.get(indicator, indicator)
        add_line_by_kind(figure, list(group["year"]), list(group["value"]), kinds, kind_labels(kinds, lang), name=name,
                         colour=SPLIT_COLOURS["beside"], hover="%{y:,.0f}",
                         illustrative_name=t("chart.illustrative_line", lang, name=name))
    _add_period_markers(figure, lang)
    _base_layout(figure, lang, t("split.axis", lang))
    figure.update_layout(barmode="stack")
    if ILLUSTRATIVE in kinds_seen:
        add_illustrative_notice(figure, lang)
    return figure


def build_presentation_figure(trajectory: Trajectory, lang: str, height: int | None = None,
                              width: int | None = None) -> go.Figure:
    """The trajectory chart for a projector: the same content, in type legible from the back of a room.

    Without a height the chart takes the room the page gives it. The legend sits above the plot and
    names only the actual values, each plan's path and the projection, so that it stays on a 1280×720
    screen; the targets are labelled on the chart, and the intervals read as the projection's band."""
    figure = build_trajectory_figure(trajectory, lang, show_projection=True, first_year=2015,
                                     label_size=PRESENTATION_LABEL_SIZE, plot_size=PRESENTATION_PLOT)
    kept = {t("chart.actual", lang), t("chart.actual_illustrative", lang), t("chart.projection", lang)}
    for trace in figure.data:
        if trace.name not in kept and (trace.line is None or trace.line.dash != "dash"):
            trace.showlegend = False
    # The legend in the figure's own coordinates, at its top: its rows are reserved above the markers'
    # labels, however many rows it wraps into on a narrower screen.
    figure.update_layout(height=height, width=width, autosize=height is None, font=dict(size=22),
                         legend=dict(font=dict(size=20), orientation="h", xref="container", yref="container", x=0,
                                     y=1, xanchor="left", yanchor="top"),
                         margin=dict(l=10, r=10, t=10, b=10))
    move_notice_to_legend(figure)
    _reserve_label_rows(figure)
    figure.update_xaxes(tickfont_size=20)
    figure.update_yaxes(tickfont_size=20, title_font_size=20)
    return figure
