"""The PowerPoint deck of a report edition (python-pptx): 16:9, a title slide, a summary slide of every
target's status, then one slide per indicator and territory with a native, editable chart.

The charts are PowerPoint's own XY charts with their data in the embedded workbook, not pictures, so
that the city's staff can restyle or update them in PowerPoint. Illustrative values are open, pale
diamonds joined by dotted segments (each point's own format; LibreOffice keeps the pale diamonds but
fills them and draws the line solid), repeated as a marker-only series so that the legend names them;
a chart that shows any is titled with the illustrative notice, which travels with it when copied.
Every text is set in Arial, which every Windows and Office install carries with the Vietnamese letters
(LibreOffice maps it to Liberation Sans, which carries them too).
"""
from __future__ import annotations

import io
from typing import Iterable

from pptx import Presentation
from pptx.chart.data import XyChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_MARKER_STYLE
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from ipmonitor.chart_style import (ACTUAL_COLOUR, NOTICE_SIGN, PLAN_COLOURS, SCENARIO_COLOUR, lighter,
                                   value_axis_title)
from ipmonitor.i18n import t
from ipmonitor.numbers import format_date
from ipmonitor.tracker.plan_reviews import build_edition_review
from ipmonitor.documents.edition import (
    EDITION_YEARS, STATUS_COLOURS, IndicatorSection, ReportData, ScenarioSection, aims_by_target,
    describe_edition, describe_followed, describe_latest, describe_sources_line, section_title,
    section_trajectory, target_heading, territory_name, year_spans,
)
from ipmonitor.progress.scenario import count_adds_up
from ipmonitor.status_style import TASK_LOOKS, status_text
from ipmonitor.progress.tables import build_scenario_table
from ipmonitor.progress.trajectory import Trajectory
from ipmonitor.tracker.summaries import (REPORT_STATUS_COLOURS, TASK_STATUS_COLOURS, build_board_rows,
                                         build_task_area_rows, describe_digest, list_blocked_tasks,
                                         list_tasks_behind)
from ipmonitor.value_kinds import ILLUSTRATIVE, kind_of
from ipmonitor.progress.verdicts import describe_scenario, describe_target, plan_verdict
from ipmonitor.register.target_words import target_tag

FONT = "Arial"
SLIDE_WIDTH, SLIDE_HEIGHT = Inches(13.333), Inches(7.5)   # 16:9
MARGIN = Inches(0.45)
TITLE_LAYOUT, TITLE_ONLY_LAYOUT = 0, 5                     # in python-pptx's default template
DIGITS = 1  # required paths and targets are not counts; one decimal in the chart's workbook is enough
GREY, WARNING_RED = RGBColor(0x57, 0x60, 0x6A), RGBColor(0xCF, 0x22, 0x2E)
REVIEW_TEXT_ON_SLIDE, REVIEW_ROWS_ON_SLIDE = 420, 8  # the rest of a review goes to the slide's notes
PALE_ACTUAL = RGBColor.from_string(lighter(ACTUAL_COLOUR, 0.45).lstrip("#").upper())


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def _style_runs(text_frame, size: int, bold: bool = False, colour: RGBColor | None = None) -> None:
    for paragraph in text_frame.paragraphs:
        for run in paragraph.runs:
            run.font.name = FONT
            run.font.size = Pt(size)
            run.font.bold = bold
            if colour is not None:
                run.font.color.rgb = colour


def _add_paragraph(text_frame, text: str, size: int, bold: bool = False, colour: RGBColor | None = None,
                   first: bool = False, space_before: int = 0) -> None:
    paragraph = text_frame.paragraphs[0] if first else text_frame.add_paragraph()
    run = paragraph.add_run()
    run.text = text
    run.font.name, run.font.size, run.font.bold = FONT, Pt(size), bold
    if colour is not None:
        run.font.color.rgb = colour
    paragraph.space_before = Pt(space_before)


def _set_title(slide, text: str, size: int = 28) -> None:
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = MARGIN, Inches(0.3), SLIDE_WIDTH - 2 * MARGIN, Inches(0.9)
    title.text = text
    title.text_frame.word_wrap = True
    title.text_frame.paragraphs[0].alignment = PP_ALIGN.LEFT
    _style_runs(title.text_frame, size, bold=True)


def _text_box(slide, left, top, width, height):
    box = slide.shapes.add_textbox(left, top, width, height)
    box.text_frame.word_wrap = True
    return box.text_frame


def _set_notes(slide, lines: Iterable[str]) -> None:
    slide.notes_slide.notes_text_frame.text = "\n".join(lines)


def _method_note(data: ReportData, lang: str) -> str:
    return t("report.notes_method", lang, method=t(f"method.{data.method}_name", lang),
             thresholds=t(f"report.thresholds_{data.method}", lang))


def _add_title_slide(prs, data: ReportData, lang: str) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_LAYOUT])
    title, subtitle = slide.shapes.title, slide.placeholders[1]
    title.left, title.top, title.width, title.height = MARGIN, Inches(1.2), SLIDE_WIDTH - 2 * MARGIN, Inches(1.8)
    title.text = t("report.title", lang)
    _style_runs(title.text_frame, 34, bold=True)
    subtitle.left, subtitle.top, subtitle.width, subtitle.height = (MARGIN, Inches(3.2), SLIDE_WIDTH - 2 * MARGIN,
                                                                    Inches(3.6))
    frame = subtitle.text_frame
    frame.word_wrap = True
    _add_paragraph(frame, describe_edition(data, lang), 24, bold=True, first=True)
    _add_paragraph(frame, t("report.as_of", lang, year=data.as_of, latest=data.latest_data_year or "–"), 16,
                   colour=GREY, space_before=6)
    _add_paragraph(frame, t("report.generated", lang, date=data.generated_on.strftime("%d/%m/%Y"),
                            method=t(f"method.{data.method}_name", lang)), 16, colour=GREY)
    if data.illustrative_count:
        _add_paragraph(frame, t("report.illustrative_warning", lang, count=data.illustrative_count,
                                total=data.figure_count), 16, bold=True, colour=WARNING_RED, space_before=12)
    for paragraph in frame.paragraphs:
        paragraph.alignment = PP_ALIGN.LEFT
    _set_notes(slide, [describe_edition(data, lang), _method_note(data, lang)])


def _add_summary_slide(prs, data: ReportData, lang: str) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY_LAYOUT])
    _set_title(slide, t("report.summary_title", lang, year=data.as_of))
    register = data.register
    aims = aims_by_target(register, lang)
    # No code column: a reader knows a target by its plan, indicator and aim, never by T1a.
    headers = [t(f"report.col_{name}", lang) for name in ("plan", "indicator", "aim", "latest", "status")]
    widths = [1.9, 3.9, 3.0, 1.6, 2.03]
    rows = len(data.results) + 1
    top = Inches(1.3)
    if any(section.illustrative_years for section in data.sections):
        # The latest values and the statuses rest on illustrative figures: a line under the title says so
        # (above the table, which a long register makes run off the slide's foot).
        notice = _text_box(slide, MARGIN, Inches(1.05), SLIDE_WIDTH - 2 * MARGIN, Inches(0.35))
        _add_paragraph(notice, NOTICE_SIGN + t("chart.illustrative_notice", lang), 12, bold=True, colour=WARNING_RED,
                       first=True)
        top = Inches(1.45)
    height = SLIDE_HEIGHT - top - Inches(0.35)
    table = slide.shapes.add_table(rows, len(headers), MARGIN, top, sum(Inches(w) for w in widths), height).table
    for column, width in enumerate(widths):
        table.columns[column].width = Inches(width)
    for row in range(rows):
        table.rows[row].height = Emu(int(height / rows))
    for column, header in enumerate(headers):
        cell = table.cell(0, column)
        cell.text = header
        _style_runs(cell.text_frame, 11, bold=True, colour=RGBColor(0xFF, 0xFF, 0xFF))
    for row, result in enumerate(data.results, start=1):
        target = register.target(result.target_id)
        a = result.assessment
        values = [register.plan_name(target.plan, lang, short=True),
                  register.indicators[target.indicator].name(lang), aims[result.target_id],
                  describe_latest(result, register, lang), status_text("progress", a.status, lang)]
        for column, value in enumerate(values):
            cell = table.cell(row, column)
            cell.text = value
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            cell.margin_top = cell.margin_bottom = Inches(0.02)
            last = column == len(values) - 1
            _style_runs(cell.text_frame, 10, bold=last, colour=_rgb(STATUS_COLOURS[a.status]) if last else None)
    _set_notes(slide, [plan_verdict(list(data.results), plan, register, lang) for plan in register.plans
                       if any(r.plan == plan for r in data.results)] + [_method_note(data, lang)])


def _add_chart(slide, trajectory: Trajectory, lang: str, left, top, width, height,
               scenario: tuple[str, dict[int, float]] | None = None):
    """The trajectory's actual values, each target's required path (dashed) and target point, as a native
    XY chart; illustrative values drawn apart and named in the legend, and the notice as the chart's
    title. With `scenario` (its name, year -> value), its path as a dashed line in the scenario's colour
    with open squares, and the chart titled as a scenario, so that a copied chart still says so."""
    unit = trajectory.series.unit
    points, everywhere = _chart_years(trajectory, scenario)
    illustrative = [value is not None and kind_of(trajectory.kinds, year) == ILLUSTRATIVE
                    for year, value in points]
    chart_data, styles = _chart_series(trajectory, lang, points, illustrative, scenario)
    frame = slide.shapes.add_chart(XL_CHART_TYPE.XY_SCATTER_LINES, left, top, width, height, chart_data)
    chart = frame.chart
    chart.font.name, chart.font.size = FONT, Pt(12)
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    for series, (kind, plan) in zip(chart.plots[0].series, styles):
        _style_series(series, kind, plan)
    _mark_illustrative_points(chart.plots[0].series[0], illustrative)
    notices = [(t("chart.scenario_notice", lang), _rgb(SCENARIO_COLOUR))] if scenario is not None else []
    notices += [(t("chart.illustrative_notice", lang), WARNING_RED)] if any(illustrative) else []
    if notices:
        chart.has_title = True
        frame = chart.chart_title.text_frame
        for number, (notice, colour) in enumerate(notices):
            _add_paragraph(frame, NOTICE_SIGN + notice, 13, bold=True, colour=colour, first=number == 0)
    _style_axes(chart, unit, everywhere, lang)
    return chart


def _chart_years(trajectory: Trajectory, scenario: tuple[str, dict[int, float]] | None
                 ) -> tuple[list[tuple[int, float | None]], list[int]]:
    """The actual series' points, padded with empty years, and every year the chart draws.

    LibreOffice Impress drops the actual series when a later series has more points (a required path
    from the latest year to 2030 is longer than five years of actual values): the actual and
    illustrative series run, empty, over every year of the chart before and after their values, so
    that no series is longer than they are."""
    ends = [year for planned in trajectory.targets
            for year in (*(planned.path.values if planned.path is not None else ()),
                         planned.assessment.target_year or planned.target.target_year) if year]
    if scenario is not None:
        ends += list(scenario[1])
    values = trajectory.series.values
    everywhere = [*values, *ends]
    before = list(range(min(everywhere), min(values, default=max(everywhere) + 1))) if everywhere else []
    after = list(range(max(values) + 1, max(everywhere) + 1)) if values else []
    return [*((year, None) for year in before), *values.items(), *((year, None) for year in after)], everywhere


def _chart_series(trajectory: Trajectory, lang: str, points: list[tuple[int, float | None]],
                  illustrative: list[bool], scenario: tuple[str, dict[int, float]] | None
                  ) -> tuple[XyChartData, list[tuple[str, str | None]]]:
    """The chart's workbook, one series after another, and each series' style (kind, plan)."""
    # Shares are stored in percentage points (40.0 is 40%): a literal sign, not Excel's x100 percent.
    number_format = '0.0"%"' if trajectory.series.unit == "percent" else "#,##0"
    chart_data = XyChartData()
    actual = chart_data.add_series(t("chart.actual", lang), number_format=number_format)
    for year, value in points:
        actual.add_data_point(year, value)
    styles: list[tuple[str, str | None]] = [("actual", None)]
    if any(illustrative):
        # The same values again, marker only: the legend's entry for them (a point's own format has none).
        key = chart_data.add_series(t("chart.illustrative_points", lang), number_format=number_format)
        for (year, value), drawn in zip(points, illustrative):
            key.add_data_point(year, value if drawn else None)
        styles.append(("illustrative", None))
    if scenario is not None:
        name, scenario_path = scenario
        drawn = chart_data.add_series(name, number_format=number_format)
        for year, value in scenario_path.items():
            drawn.add_data_point(year, round(value, DIGITS))
        styles.append(("scenario", None))
    for planned in trajectory.targets:
        target, plan, path = planned.target, planned.plan_label, planned.path
        if path is None:
            continue
        name = t("chart.needed_average" if path.kind == "average" else "chart.required_path", lang,
                 plan=plan, target=target_tag(target, lang))
        path_series = chart_data.add_series(name, number_format=number_format)
        for year, value in path.values.items():
            path_series.add_data_point(year, round(value, DIGITS))
        styles.append(("path", target.plan))
        if path.kind == "average":
            continue
        point = chart_data.add_series(t("chart.target_marker", lang, plan=plan, target=target_tag(target, lang)),
                                      number_format=number_format)
        year, level = planned.star
        point.add_data_point(year, round(level, DIGITS))
        styles.append(("target", target.plan))
    return chart_data, styles


def _style_series(series, kind: str, plan: str | None) -> None:
    """One series' look by its kind: the actual values, their illustrative key, a scenario, a plan's path
    or its target point."""
    series.smooth = False
    colour = _rgb(ACTUAL_COLOUR if kind == "actual" else PLAN_COLOURS.get(plan, "#57606a"))
    line = series.format.line
    if kind == "illustrative":
        line.fill.background()
        _hollow_marker(series.marker)
        return
    if kind == "scenario":
        line.color.rgb, line.width = _rgb(SCENARIO_COLOUR), Pt(2.5)
        line.dash_style = MSO_LINE_DASH_STYLE.DASH
        series.marker.style, series.marker.size = XL_MARKER_STYLE.SQUARE, 7
        series.marker.format.fill.background()
        series.marker.format.line.color.rgb = _rgb(SCENARIO_COLOUR)
        return
    if kind == "target":
        line.fill.background()
        series.marker.style, series.marker.size = XL_MARKER_STYLE.DIAMOND, 12
    else:
        line.color.rgb, line.width = colour, Pt(3 if kind == "actual" else 2)
        if kind == "path":
            line.dash_style = MSO_LINE_DASH_STYLE.DASH
            series.marker.style = XL_MARKER_STYLE.NONE
        else:
            series.marker.style, series.marker.size = XL_MARKER_STYLE.CIRCLE, 6
    if kind != "path":
        series.marker.format.fill.solid()
        series.marker.format.fill.fore_color.rgb = colour
        series.marker.format.line.color.rgb = colour


def _style_axes(chart, unit: str, everywhere: list[int], lang: str) -> None:
    """The value axis from zero in the indicator's unit, and the year axis over every year drawn."""
    value_axis, year_axis = chart.value_axis, chart.category_axis
    value_axis.tick_labels.number_format = '0"%"' if unit == "percent" else "#,##0"
    value_axis.tick_labels.number_format_is_linked = False
    value_axis.minimum_scale = 0
    value_axis.has_major_gridlines = True
    value_axis.major_gridlines.format.line.color.rgb = RGBColor(0xEB, 0xF0, 0xF8)
    value_axis.has_title = True
    value_axis.axis_title.text_frame.text = value_axis_title(unit, lang)
    _style_runs(value_axis.axis_title.text_frame, 12)
    # Every year drawn, the required paths' included (an indicator without figures yet still has its
    # path to 2030); a single year gets one on each side, or the axis would have no length.
    if everywhere:
        first, last = min(everywhere), max(everywhere)
        first, last = (first - 1, last + 1) if first == last else (first, last)
        year_axis.minimum_scale, year_axis.maximum_scale = first, last
    year_axis.major_unit = 5 if everywhere and max(everywhere) - min(everywhere) > 12 else 1
    year_axis.tick_labels.number_format, year_axis.tick_labels.number_format_is_linked = "0", False


def _hollow_marker(marker) -> None:
    """An open, pale diamond: how an illustrative value is drawn on every chart."""
    marker.style, marker.size = XL_MARKER_STYLE.DIAMOND, 9
    marker.format.fill.background()
    marker.format.line.color.rgb, marker.format.line.width = PALE_ACTUAL, Pt(1.75)


def _mark_illustrative_points(series, illustrative: list[bool]) -> None:
    """Open diamonds on the illustrative points of the actual series, and dotted, pale segments to and
    from them (a point's line is the segment that ends on it)."""
    for index, drawn in enumerate(illustrative):
        point = series.points[index]
        if drawn:
            _hollow_marker(point.marker)
        if drawn or (index > 0 and illustrative[index - 1]):
            point.format.line.color.rgb, point.format.line.width = PALE_ACTUAL, Pt(2.25)
            point.format.line.dash_style = MSO_LINE_DASH_STYLE.ROUND_DOT


def _add_indicator_slide(prs, section: IndicatorSection, data: ReportData, lang: str) -> None:
    register = data.register
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY_LAYOUT])
    _set_title(slide, section_title(section, register, lang), size=24)
    chart_width = Inches(8.2)
    _add_chart(slide, section_trajectory(section, register, lang), lang, MARGIN, Inches(1.3), chart_width,
               SLIDE_HEIGHT - Inches(1.75))
    panel = _text_box(slide, MARGIN + chart_width + Inches(0.2), Inches(1.35),
                      SLIDE_WIDTH - 2 * MARGIN - chart_width - Inches(0.2), SLIDE_HEIGHT - Inches(1.8))
    first = True
    for result in section.results:
        a = result.assessment
        _add_paragraph(panel, target_heading(result, register, lang), 14, bold=True, first=first,
                       space_before=0 if first else 14)
        first = False
        _add_paragraph(panel, status_text("progress", a.status, lang).upper(), 16, bold=True,
                       colour=_rgb(STATUS_COLOURS[a.status]), space_before=2)
        _add_paragraph(panel, describe_target(result, lang), 12, space_before=2)
        _add_paragraph(panel, describe_latest(result, register, lang, with_target=True), 11, colour=GREY,
                       space_before=2)
    if section.illustrative_years:
        _add_paragraph(panel, t("report.illustrative_years", lang, years=year_spans(section.illustrative_years)),
                       11, bold=True, colour=WARNING_RED, space_before=14)
    notes = [describe_sources_line(section, data, lang), _method_note(data, lang)]
    for result in section.results:
        target = register.target(result.target_id)
        notes.append(t("report.notes_quote", lang, target=target_heading(result, register, lang), quote=target.quote)
                     + ("" if target.quote_verified else " " + t("register.unverified", lang)))
    _set_notes(slide, notes)


def _add_table(slide, headers: list[str], rows: list[list[str]], left, top, widths, row_height, size: int,
               colours: dict[tuple[int, int], str] | None = None, right_from: int | None = None):
    """A native table: a header row in white on the theme's colour, then `rows`; `colours` puts some
    cells in bold colour (row, column of `rows`), columns from `right_from` on are aligned right."""
    colours = colours or {}
    table = slide.shapes.add_table(len(rows) + 1, len(headers), left, top, sum(widths),
                                   row_height * (len(rows) + 1)).table
    for column, width in enumerate(widths):
        table.columns[column].width = width
    for column, header in enumerate(headers):
        table.cell(0, column).text = header
        _style_runs(table.cell(0, column).text_frame, size, bold=True, colour=RGBColor(0xFF, 0xFF, 0xFF))
    for r, values in enumerate(rows):
        for column, value in enumerate(values):
            cell = table.cell(r + 1, column)
            cell.text = value
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            cell.margin_top = cell.margin_bottom = Inches(0.02)
            if right_from is not None and column >= right_from:
                cell.text_frame.paragraphs[0].alignment = PP_ALIGN.RIGHT
            colour = colours.get((r, column))
            _style_runs(cell.text_frame, size, bold=colour is not None, colour=_rgb(colour) if colour else None)
    return table


def _add_followed_slide(prs, data: ReportData, lang: str) -> None:
    """One table of the indicators followed without a target: their last years in their units, no status."""
    headers, rows = describe_followed(data, lang)
    if not rows:
        return
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY_LAYOUT])
    _set_title(slide, t("indicators.followed_title", lang))
    intro = _text_box(slide, MARGIN, Inches(1.2), SLIDE_WIDTH - 2 * MARGIN, Inches(0.6))
    _add_paragraph(intro, t("indicators.followed_intro", lang), 14, colour=GREY, first=True)
    widths = [Inches(4.2), Inches(2.4)]
    year_width = int((SLIDE_WIDTH - 2 * MARGIN - sum(widths)) / max(len(headers) - 2, 1))
    widths += [Emu(year_width)] * (len(headers) - 2)
    top = Inches(1.9)
    _add_table(slide, headers, rows, MARGIN, top, widths, Inches(0.5), 12, right_from=2)
    illustrative = sorted({year for section in data.followed for year in section.illustrative_years})
    if illustrative:
        warning = _text_box(slide, MARGIN, top + Inches(0.5) * (len(rows) + 1) + Inches(0.3),
                            SLIDE_WIDTH - 2 * MARGIN, Inches(0.5))
        _add_paragraph(warning, t("report.illustrative_years", lang, years=year_spans(illustrative)), 12, bold=True,
                       colour=WARNING_RED, first=True)
    indicators = [data.register.indicators[section.indicator] for section in data.followed]
    _set_notes(slide, [f"{indicator.name(lang)}: {indicator.note(lang)}" for indicator in indicators if indicator.note(lang)])


def _add_review_slide(prs, data: ReportData, lang: str) -> None:
    """The mid-term or final edition's review: when it was held, under which document, its conclusions
    and the statuses it saw beside today's where they differ; "not yet held" otherwise. The whole
    conclusions and every changed status are in the notes when the slide cannot hold them."""
    if data.edition not in EDITION_YEARS:
        return
    title, lines, headers, rows = build_edition_review(data.review, data.edition, data.as_of, data.results,
                                                       data.register, data.method, lang)
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY_LAYOUT])
    _set_title(slide, title, size=26)
    box = _text_box(slide, MARGIN, Inches(1.2), SLIDE_WIDTH - 2 * MARGIN, Inches(2.3))
    notes = [f"{label}: {value}" for label, value in lines]
    for number, (label, value) in enumerate(lines):
        shown = value if len(value) <= REVIEW_TEXT_ON_SLIDE else value[:REVIEW_TEXT_ON_SLIDE - 1] + "…"
        _add_paragraph(box, f"{label}: {shown}", 16 if data.review is None else 13, bold=data.review is None,
                       first=number == 0)
    if data.review is None:
        _add_paragraph(box, t("plan_review.not_held_note", lang, review=title[:1].lower() + title[1:]), 13,
                       colour=GREY)
    if rows:
        shown_rows = rows[:REVIEW_ROWS_ON_SLIDE]
        widths = [SLIDE_WIDTH - 2 * MARGIN - Inches(6.4), Inches(3.2), Inches(3.2)]
        _add_table(slide, headers, shown_rows, MARGIN, Inches(3.6), widths, Inches(0.36), 10)
        notes += [" – ".join(row) for row in rows]
        if len(rows) > len(shown_rows):
            more = _text_box(slide, MARGIN, Inches(3.6) + Inches(0.36) * (len(shown_rows) + 1) + Inches(0.05),
                             SLIDE_WIDTH - 2 * MARGIN, Inches(0.3))
            _add_paragraph(more, t("plan_review.more_in_notes", lang, count=len(rows) - len(shown_rows)), 11,
                           colour=GREY, first=True)
    _set_notes(slide, notes)


BLOCKED_ON_SLIDE = 6  # blocked tasks written on their slide; the notes list every one


def _add_blocked_slide(prs, digest, notes: list[str], lang: str) -> None:
    """The blocked tasks of the year, before the other tracker slides (they wait for someone to act):
    each with its difficulty and the agency that must act. No slide when none is blocked."""
    blocked = list_blocked_tasks(digest, lang)
    if not blocked:
        return
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY_LAYOUT])
    _set_title(slide, t("tracker_export.blocked_title", lang, year=digest.year), size=26)
    box = _text_box(slide, MARGIN, Inches(1.3), SLIDE_WIDTH - 2 * MARGIN, SLIDE_HEIGHT - Inches(1.6))
    colour = _rgb(TASK_STATUS_COLOURS["blocked"])
    for number, text in enumerate(blocked[:BLOCKED_ON_SLIDE]):
        _add_paragraph(box, f"{TASK_LOOKS['blocked'].shape} {text}", 15, colour=colour, first=number == 0,
                       space_before=0 if number == 0 else 8)
    if len(blocked) > BLOCKED_ON_SLIDE:
        _add_paragraph(box, "…", 15)
    _set_notes(slide, notes + blocked)


def _add_tracker_slides(prs, data: ReportData, lang: str) -> None:
    """The plan's blocked tasks of the as-of year, its tasks by area and status (with those behind),
    then its yearly reports board; notes say the records are analysts' and what "not recorded" means."""
    digest = data.tracker
    if digest is None or digest.task_rows.empty:
        return
    notes = [t("tracker_export.as_of", lang, date=format_date(digest.today, lang)), t("tracker_export.source", lang)]
    _add_blocked_slide(prs, digest, notes, lang)
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY_LAYOUT])
    _set_title(slide, t("tracker_export.tasks_title", lang, year=digest.year), size=26)
    line = _text_box(slide, MARGIN, Inches(1.15), SLIDE_WIDTH - 2 * MARGIN, Inches(0.5))
    _add_paragraph(line, describe_digest(digest, lang), 14, colour=GREY, first=True)
    headers, rows = build_task_area_rows(digest, lang)
    status_width = Emu(int((SLIDE_WIDTH - 2 * MARGIN - Inches(5.4)) / (len(headers) - 1)))
    widths = [Inches(5.4)] + [status_width] * (len(headers) - 1)
    top = Inches(1.75)
    _add_table(slide, headers, rows, MARGIN, top, widths, Inches(0.4), 11, right_from=1)
    behind = list_tasks_behind(digest, lang)
    box = _text_box(slide, MARGIN, top + Inches(0.4) * (len(rows) + 1) + Inches(0.15), SLIDE_WIDTH - 2 * MARGIN,
                    Inches(0.9))
    _add_paragraph(box, t("tracker_export.behind_title", lang), 13, bold=True, first=True)
    # Three lines fit under the table; the notes list every task behind.
    for text in behind[:3] or [t("tracker_export.none_behind", lang, year=digest.year)]:
        _add_paragraph(box, text, 12, colour=_rgb(TASK_STATUS_COLOURS["overdue"]) if behind else GREY)
    if len(behind) > 3:
        _add_paragraph(box, "…", 12)
    _set_notes(slide, notes + behind)

    headers, rows, statuses = build_board_rows(digest, lang)
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY_LAYOUT])
    _set_title(slide, t("tracker_export.reports_title", lang, year=digest.year), size=26)
    if not rows:
        box = _text_box(slide, MARGIN, Inches(1.4), SLIDE_WIDTH - 2 * MARGIN, Inches(0.6))
        _add_paragraph(box, t("tracker_export.no_reports", lang, year=digest.year), 16, first=True)
    else:
        widths = [Inches(4.9), Inches(1.45), Inches(1.45), Inches(3.5), SLIDE_WIDTH - 2 * MARGIN - Inches(11.3)]
        row_height = Emu(int(min(Inches(0.4), (SLIDE_HEIGHT - Inches(1.5) - Inches(0.3)) / (len(rows) + 1))))
        colours = {(r, 3): REPORT_STATUS_COLOURS[status] for r, status in enumerate(statuses)}
        _add_table(slide, headers, rows, MARGIN, Inches(1.35), widths, row_height, 11, colours=colours, right_from=4)
    _set_notes(slide, notes + [t("reporting.deadline_reading", lang)])


def _add_scenario_slide(prs, data: ReportData, lang: str) -> None:
    """A What-if scenario as the page shows it: a title naming it, a band saying it is a scenario, the
    chart with its path drawn apart, and the page's table of the targets; the notes give the scenario's
    sentence and the link that reopens it on the dashboard."""
    scenario: ScenarioSection = data.scenario
    choice, section, view = scenario.choice, scenario.section, scenario.view
    register = data.register
    indicator = register.indicators[choice.indicator]
    series = section.series
    name = describe_scenario(choice.growth, choice.yearly_count, series.unit, count_adds_up(indicator), lang)
    start = max(series.values) if series.values else None
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY_LAYOUT])
    _set_title(slide, t("scenario.deck_title", lang, scenario=name, year=start or "–", indicator=indicator.name(lang),
                        territory=territory_name(series.territory, lang)), size=22)
    band = slide.shapes.add_textbox(MARGIN, Inches(1.22), SLIDE_WIDTH - 2 * MARGIN, Inches(0.4))
    band.fill.solid()
    band.fill.fore_color.rgb = _rgb(SCENARIO_COLOUR)
    band.text_frame.word_wrap = True
    _add_paragraph(band.text_frame, NOTICE_SIGN + t("scenario.deck_label", lang), 14, bold=True,
                   colour=RGBColor(0xFF, 0xFF, 0xFF), first=True)
    # The chart across the slide with its legend at the right (a scenario's chart has more entries than a
    # bottom legend leaves room for), one line under it, then the page's table of the targets.
    chart_top, chart_height = Inches(1.72), Inches(3.3)
    chart = _add_chart(slide, section_trajectory(section, register, lang), lang, MARGIN, chart_top,
                       SLIDE_WIDTH - 2 * MARGIN, chart_height, scenario=(name, view.drawn))
    chart.legend.position = XL_LEGEND_POSITION.RIGHT
    # The band and the chart's title say it is a scenario; the notes say it at length.
    line = _text_box(slide, MARGIN, chart_top + chart_height + Inches(0.02), SLIDE_WIDTH - 2 * MARGIN, Inches(0.5))
    if start is not None:
        _add_paragraph(line, t("scenario.start", lang, year=start, territory=territory_name(series.territory, lang)),
                       11, colour=GREY, first=True)
    if section.illustrative_years:
        _add_paragraph(line, t("report.illustrative_years", lang, years=year_spans(section.illustrative_years)),
                       11, bold=True, colour=WARNING_RED, first=start is None)
    top = chart_top + chart_height + Inches(0.6)
    if view.results:
        rows = [(register.target(r.target_id), register.plan_name(r.plan, lang, short=True), outcome)
                for r, outcome in zip(view.results, view.outcomes)]
        table = build_scenario_table(rows, lang)
        widths = [Inches(w) for w in (1.5, 3.9, 1.55, 1.75, 2.25, 1.48)]
        colours = {(row, 4): STATUS_COLOURS[outcome.status] for row, outcome in enumerate(view.outcomes)}
        row_height = Emu(int(min(Inches(0.45), (SLIDE_HEIGHT - top - Inches(0.2)) / (len(rows) + 1))))
        _add_table(slide, list(table.columns), table.astype(str).values.tolist(), MARGIN, top, widths, row_height, 11,
                   colours=colours)
    else:
        box = _text_box(slide, MARGIN, top, SLIDE_WIDTH - 2 * MARGIN, Inches(0.5))
        _add_paragraph(box, t("indicators.followed", lang), 13, colour=GREY, first=True)
    notes = [name + ". " + (t("scenario.start", lang, year=start, territory=territory_name(series.territory, lang))
                            if start is not None else ""),
             t("scenario.not_a_forecast", lang), t("scenario.reached_help", lang)]
    if choice.link:
        notes.append(t("scenario.deck_link", lang, link=choice.link))
    _set_notes(slide, [*notes, describe_sources_line(section, data, lang), _method_note(data, lang)])


def _scenario_place(data: ReportData) -> int | None:
    """The index of the section whose slide the scenario's follows: its indicator's on its territory,
    else its indicator's last; None without a scenario or when its indicator has no slide of its own."""
    if data.scenario is None:
        return None
    choice, territory = data.scenario.choice, data.scenario.section.territory
    own = [number for number, section in enumerate(data.sections) if section.indicator == choice.indicator]
    same = [number for number in own if data.sections[number].territory == territory]
    return (same or own or [None])[-1]


def build_deck(data: ReportData, lang: str) -> bytes:
    """The .pptx file of one report edition, in `lang`; with a scenario (data.scenario), its slide right
    after its indicator's own slide on the same territory (else after the indicator's last slide, else
    at the end of the indicators)."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    prs.core_properties.title = f"{t('report.title', lang)} – {describe_edition(data, lang)}"
    prs.core_properties.author = "IP Monitor 2030"
    prs.core_properties.language = "vi-VN" if lang == "vi" else "en-GB"
    _add_title_slide(prs, data, lang)
    _add_summary_slide(prs, data, lang)
    after = _scenario_place(data)
    for number, section in enumerate(data.sections):
        _add_indicator_slide(prs, section, data, lang)
        if number == after:
            _add_scenario_slide(prs, data, lang)
    if data.scenario is not None and after is None:
        _add_scenario_slide(prs, data, lang)
    _add_followed_slide(prs, data, lang)
    _add_tracker_slides(prs, data, lang)
    _add_review_slide(prs, data, lang)
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()
