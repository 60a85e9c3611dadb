"""Figure builders: plain data in, a Plotly go.Figure out, every label in the reader's language.

No Streamlit here; pages show the figures, exports will render them. Numbers follow the reader's
convention through the layout's separators (5.500 and 3,5 in Vietnamese).
"""
from __future__ import annotations

from typing import Iterable

import pandas as pd
import plotly.graph_objects as go

from ipmonitor.assessment import MIDTERM_YEAR, Assessment, build_required_path
from ipmonitor.i18n import t
from ipmonitor.projection import project_years
from ipmonitor.series import IndicatorSeries
from ipmonitor.targets import Target

SEPARATORS = {"vi": ",.", "en": ".,"}
MERGER_X = 2025.5  # 1 July 2025, half-way through the year
PLAN_COLOURS = {"plan_151": "#0969da", "decision_2724": "#8250df", "decision_1068": "#57606a"}
ACTUAL_COLOUR = "#1f2328"
FAN_COLOUR = "9, 105, 218"
TYPE_COLOURS = ["#0969da", "#bf3989", "#1a7f37", "#d4a72c", "#8250df", "#e16f24", "#57606a", "#0a3069", "#cf222e"]


GRID = "#ebf0f8"


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
                            lang: str, show_projection: bool = True, first_year: int | None = None) -> go.Figure:
    """Actual values, each target's required path (dashed) and marker labelled by plan, the projection
    fan (80% and 95%) to the last target year, and the mid-term and merger markers.

    `targets` holds (target, its assessment, the plan's short name)."""
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
            name=t("chart.required_path", lang, plan=plan_label, target=target.id)))
        if path.high is not None:
            figure.add_trace(go.Scatter(
                x=list(path.high), y=list(path.high.values()),
                mode="lines", line=dict(color=colour, dash="dot", width=1), hovertemplate=hover,
                name=t("chart.high_edge", lang, plan=plan_label, target=target.id)))
        figure.add_trace(go.Scatter(
            x=[assessment.target_year], y=[assessment.target_value], mode="markers+text",
            marker=dict(symbol="star", size=16, color=colour), text=[plan_label], textposition="top left",
            name=t("chart.target_marker", lang, plan=plan_label, target=target.id), hovertemplate=hover))

    symbols = ["circle" if series.basis.get(year, "reported") == "reported" else "circle-open" for year in years]
    figure.add_trace(go.Scatter(
        x=years, y=[series.values[year] for year in years], mode="lines+markers", name=t("chart.actual", lang),
        line=dict(color=ACTUAL_COLOUR, width=3), marker=dict(size=8, symbol=symbols, color=ACTUAL_COLOUR),
        customdata=[t(f"chart.basis_{series.basis.get(year, 'reported')}", lang) for year in years],
        hovertemplate=hover + " (%{customdata})"))
    _add_period_markers(figure, lang)
    _base_layout(figure, lang, value_axis_title(series.unit, lang))
    if series.unit == "percent":  # shares are stored in percentage points: 40 is 40%
        figure.update_yaxes(tickformat=",.0f", ticksuffix="%")
    figure.update_layout(height=560)
    return figure


def build_type_growth_figure(growth: pd.DataFrame, lang: str, edge: float = 0.05) -> go.Figure:
    """Average yearly growth of each type beside the all-types rate, with the plan's 5% edge.

    `growth` has columns name, cagr, is_total."""
    colours = ["#57606a" if total else "#0969da" for total in growth["is_total"]]
    figure = go.Figure(go.Bar(x=growth["name"], y=growth["cagr"], marker_color=colours,
                              text=[None if pd.isna(v) else v for v in growth["cagr"]], texttemplate="%{text:.1%}",
                              textposition="outside", hovertemplate="%{y:.1%}", name=t("chart.cagr", lang)))
    figure.add_hline(y=edge, line=dict(color="#cf222e", dash="dash"),
                     annotation=dict(text=t("chart.edge", lang, edge=f"{edge:.0%}"), xanchor="left", x=0))
    _base_layout(figure, lang, t("chart.cagr_axis", lang), percent=True)
    figure.update_layout(hovermode="closest", showlegend=False)
    figure.update_yaxes(tickformat=".0%", rangemode="normal")
    return figure


def build_index_figure(indexed: pd.DataFrame, lang: str, base_year: int, edge: float = 0.05) -> go.Figure:
    """Each series as an index (base year = 100) with the path the 5% edge implies.

    `indexed` has columns year, name, index."""
    figure = go.Figure()
    for position, (name, group) in enumerate(indexed.groupby("name", sort=False)):
        figure.add_trace(go.Scatter(x=group["year"], y=group["index"], mode="lines+markers", name=name,
                                    line=dict(color=TYPE_COLOURS[position % len(TYPE_COLOURS)], width=2),
                                    hovertemplate="%{y:,.0f}"))
    if not indexed.empty:
        years = list(range(base_year, int(indexed["year"].max()) + 1))
        figure.add_trace(go.Scatter(x=years, y=[100 * (1 + edge) ** (y - base_year) for y in years], mode="lines",
                                    line=dict(color="#cf222e", dash="dash"), name=t("chart.edge", lang, edge=f"{edge:.0%}"),
                                    hovertemplate="%{y:,.0f}"))
    _add_period_markers(figure, lang)
    _base_layout(figure, lang, t("chart.index_axis", lang, year=base_year))
    figure.update_yaxes(rangemode="normal")
    return figure


def build_composition_figure(shares: pd.DataFrame, lang: str) -> go.Figure:
    """Each IP type's share of the total over time, stacked to 100%. `shares`: year, name, share."""
    figure = go.Figure()
    for position, (name, group) in enumerate(shares.groupby("name", sort=False)):
        figure.add_trace(go.Scatter(x=group["year"], y=group["share"], mode="lines", stackgroup="share", name=name,
                                    line=dict(width=0.5, color=TYPE_COLOURS[position % len(TYPE_COLOURS)]),
                                    hovertemplate="%{y:.1%}"))
    _base_layout(figure, lang, t("chart.share_axis", lang), percent=True)
    figure.update_yaxes(range=[0, 1])
    return figure


def build_applications_grants_figure(flows: pd.DataFrame, lang: str) -> go.Figure:
    """Applications filed against titles granted for one type. `flows`: year, measure_name, value."""
    figure = go.Figure()
    for position, (name, group) in enumerate(flows.groupby("measure_name", sort=False)):
        figure.add_trace(go.Bar(x=group["year"], y=group["value"], name=name,
                                marker_color=TYPE_COLOURS[position % len(TYPE_COLOURS)], hovertemplate="%{y:,.0f}"))
    _add_period_markers(figure, lang)
    _base_layout(figure, lang, t("chart.value_axis", lang))
    figure.update_layout(barmode="group")
    return figure


def build_presentation_figure(series: IndicatorSeries, targets: Iterable[tuple[Target, Assessment, str]],
                              lang: str, height: int | None = None, width: int | None = None) -> go.Figure:
    """The trajectory chart for a projector: the same content, in type legible from the back of a room.

    Without a height the chart takes the room the page gives it. The legend sits above the plot and
    names only the actual values, each plan's path and the projection, so that it stays on a 1280×720
    screen; the targets are labelled on the chart, and the intervals read as the projection's band."""
    figure = build_trajectory_figure(series, targets, lang, show_projection=True, first_year=2015)
    kept = {t("chart.actual", lang), t("chart.projection", lang)}
    for trace in figure.data:
        if trace.name not in kept and (trace.line is None or trace.line.dash != "dash"):
            trace.showlegend = False
    figure.update_layout(height=height, width=width, autosize=height is None, font=dict(size=22),
                         legend=dict(font=dict(size=20), orientation="h", x=0, y=1.02, xanchor="left",
                                     yanchor="bottom"),
                         margin=dict(l=10, r=10, t=10, b=10))
    figure.update_annotations(font_size=18)
    figure.update_xaxes(tickfont_size=20)
    figure.update_yaxes(tickfont_size=20, title_font_size=20)
    return figure
