"""The PDF report of an edition (fpdf2): cover, summary table of statuses, a page per indicator and
territory with its chart and figures, the method, the sources, and the illustrative figures that remain.

Each section's chart carries the illustrative notice inside the image, and the page says it again
right under the chart, with the years; the table gives each value's kind, "published" only for a
published one.

Text is set in DejaVu Sans, shipped in ipmonitor/fonts (see its README: every Vietnamese letter and the
thresholds' signs, the same PDF on every machine). Charts are the Trajectories page's figures as PNG at
2x, from the process's kaleido server (ipmonitor.chart_images): every chart is asked for before the first page
is laid out, and each page takes its chart when it comes to it, so that the browser draws while Python
lays out (bench/bench_exports.py).
"""
from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Sequence

import pandas as pd
from fpdf import FPDF, FontFace
from fpdf.enums import XPos, YPos

from ipmonitor.progress.charts import NOTICE_SIGN, build_trajectory_figure
from ipmonitor.i18n import t
from ipmonitor.chart_images import start_pngs
from ipmonitor.numbers import format_date, format_number, format_value
from ipmonitor.vietnam_time import VIETNAM_TIME
from ipmonitor.paths import PACKAGE_DIR
from ipmonitor.tracker.plan_reviews import build_edition_review
from ipmonitor.progress.assessment import MIDTERM_YEAR
from ipmonitor.documents.edition import (
    EDITION_YEARS, STATUS_COLOURS, IndicatorSection, ReportData, aims_by_target, describe_edition,
    describe_followed, describe_latest, illustrative_lines, section_title, section_trajectory,
    target_heading, year_spans,
)
from ipmonitor.status_style import TASK_LOOKS, status_text
from ipmonitor.progress.tables import build_thresholds_table, required_path_header
from ipmonitor.progress.trajectory import Trajectory
from ipmonitor.tracker.summaries import REPORT_STATUS_COLOURS, TASK_STATUS_COLOURS, build_board_rows, \
    build_task_area_rows, describe_digest, list_blocked_tasks, list_tasks_behind
from ipmonitor.value_kinds import describe_kind, kind_of
from ipmonitor.progress.verdicts import describe_target, plan_verdict
from ipmonitor.register.target_words import target_tag

FONTS_DIR = PACKAGE_DIR / "fonts"
FONT = "DejaVu"
FONT_FILES = {"": FONTS_DIR / "DejaVuSans.ttf", "B": FONTS_DIR / "DejaVuSans-Bold.ttf"}
CHART_WIDTH_PX, CHART_HEIGHT_PX = 1000, 520   # the chart's size at scale 1; drawn 2x for print
CHART_WIDTH_MM = 180
GREY, RED, INK = (87, 96, 106), (207, 34, 46), (31, 35, 40)
HEADER_FILL, RULE = (234, 238, 242), (208, 215, 222)


@lru_cache(maxsize=None)
def _covered(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(str(path), lazy=True) as font:
        return frozenset(font.getBestCmap())


def printable(text: object) -> str:
    """Text the font can draw: composed (NFC), emoji and other characters it lacks left out."""
    covered = _covered(FONT_FILES[""])
    text = unicodedata.normalize("NFC", str(text))
    kept = "".join(c for c in text if c in "\n\t" or ord(c) in covered)
    return re.sub(" {2,}", " ", kept).strip() if kept != text else kept


def _hex_rgb(hex_colour: str) -> tuple[int, int, int]:
    value = hex_colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


class ReportPDF(FPDF):
    """A4 portrait with the report's fonts and a footer: title, edition, page n of N."""

    def __init__(self, footer_text: str, lang: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        # Not `self.lang`: FPDF.set_lang writes the document's language tag ("en-GB") there.
        self.footer_text, self.reader_lang = footer_text, lang
        for style, path in FONT_FILES.items():
            self.add_font(FONT, style, str(path))
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(True, margin=16)
        self.set_text_color(*INK)
        self.set_draw_color(*RULE)

    def footer(self) -> None:
        self.set_y(-11)
        self.set_font(FONT, "", 7.5)
        self.set_text_color(*GREY)
        self.cell(0, 4, printable(self.footer_text + " · " + t("report.page", self.reader_lang, page=self.page_no(),
                                                                pages="{nb}")), align="C")
        self.set_text_color(*INK)

    # Writing helpers: every text goes through printable().
    def heading(self, text: str, size: float = 15, level: int = 0, outline: bool = True) -> None:
        if outline:
            self.start_section(printable(text), level=level)
        self.set_font(FONT, "B", size)
        # Left-aligned: fpdf2 justifies by default, which stretched a short English title's few words
        # across the line with large gaps.
        self.multi_cell(0, size * 0.5, printable(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)

    def paragraph(self, text: str, size: float = 10, bold: bool = False, colour=INK, gap: float = 1.5) -> None:
        self.set_font(FONT, "B" if bold else "", size)
        self.set_text_color(*colour)
        self.multi_cell(0, size * 0.48, printable(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(*INK)
        self.ln(gap)

    def data_table(self, headers: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float],
                   size: float = 8.5, colours: dict[tuple[int, int], tuple[int, int, int]] | None = None,
                   align: str = "LEFT") -> None:
        """A table with a shaded heading row repeated on each page; `colours` marks some cells in bold colour."""
        colours = colours or {}
        self.set_font(FONT, "", size)
        headings = FontFace(emphasis="BOLD", fill_color=HEADER_FILL)
        with self.table(col_widths=tuple(widths), text_align=align, line_height=size * 0.5, headings_style=headings,
                        padding=(0.8, 1.2), borders_layout="HORIZONTAL_LINES", repeat_headings=1) as table:
            row = table.row()
            for header in headers:
                row.cell(printable(header))
            for r, values in enumerate(rows):
                row = table.row()
                for c, value in enumerate(values):
                    colour = colours.get((r, c))
                    row.cell(printable(value), style=FontFace(emphasis="BOLD", color=colour) if colour else None)
        self.ln(3)


def _cover(pdf: ReportPDF, data: ReportData, lang: str) -> None:
    pdf.add_page()
    pdf.set_y(45)
    pdf.set_font(FONT, "", 11)
    pdf.set_text_color(*GREY)
    pdf.cell(0, 6, "IP Monitor 2030", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*INK)
    pdf.ln(4)
    pdf.heading(t("report.title", lang), size=22, outline=False)
    pdf.ln(2)
    pdf.heading(describe_edition(data, lang), size=17, outline=False)
    pdf.ln(4)
    pdf.paragraph(t("report.as_of", lang, year=data.as_of, latest=data.latest_data_year or "–"), size=11, colour=GREY)
    # One date format per language through the document (15/10/2025; 15 Oct 2025), in Viet Nam time.
    pdf.paragraph(t("report.generated", lang, date=format_date(data.generated_on, lang),
                    method=t(f"method.{data.method}_name", lang)), size=11, colour=GREY)
    if data.last_batch:
        pdf.paragraph(t("report.last_batch", lang, batch=int(data.last_batch["batch_id"]),
                        date=format_date(pd.Timestamp(data.last_batch["loaded_at"]).to_pydatetime().replace(
                            tzinfo=dt.timezone.utc).astimezone(VIETNAM_TIME), lang)), size=11, colour=GREY)
    pdf.ln(8)
    if data.illustrative_count:
        pdf.set_draw_color(*RED)
        pdf.set_line_width(0.6)
        pdf.set_font(FONT, "B", 12)
        pdf.set_text_color(*RED)
        pdf.multi_cell(0, 6.5, printable(t("report.illustrative_warning", lang, count=format_number(
            data.illustrative_count, lang), total=format_number(data.figure_count, lang))), border=1, padding=4, align="L",
            new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_text_color(*INK)
        pdf.set_draw_color(*RULE)
        pdf.set_line_width(0.2)
    else:
        pdf.paragraph(t("report.no_illustrative", lang), size=11)


def _summary(pdf: ReportPDF, data: ReportData, lang: str) -> None:
    pdf.add_page()
    pdf.heading(t("report.summary_title", lang, year=data.as_of))
    register = data.register
    for plan in register.plans:
        if any(result.plan == plan for result in data.results):
            pdf.paragraph(plan_verdict(list(data.results), plan, register, lang), size=10)
    pdf.ln(2)
    aims = aims_by_target(register, lang)
    # No code column: a reader knows a target by its plan, indicator and aim, never by T1a.
    names = ["plan", "indicator", "aim", "latest", "status"]
    widths = [24, 48, 46, 32, 30]
    midterm = data.edition == "midterm"
    if midterm:
        names.insert(4, "checkpoint")
        widths = [21, 40, 38, 27, 27, 27]
    rows, colours = [], {}
    for r, result in enumerate(data.results):
        target, a = register.target(result.target_id), result.assessment
        row = [register.plan_name(target.plan, lang, short=True),
               register.indicators[target.indicator].name(lang), aims[result.target_id],
               describe_latest(result, register, lang), status_text("progress", a.status, lang)]
        if midterm:
            row.insert(4, _checkpoint(result, lang))
        rows.append(row)
        colours[(r, len(row) - 1)] = _hex_rgb(STATUS_COLOURS[a.status])
    pdf.data_table([t(f"report.col_{name}", lang, year=MIDTERM_YEAR) for name in names], rows, widths,
                   colours=colours)
    if any(section.illustrative_years for section in data.sections):
        pdf.paragraph(NOTICE_SIGN + t("chart.illustrative_notice", lang), size=9, bold=True, colour=RED)
    pdf.paragraph(t("report.summary_help", lang), size=8.5, colour=GREY)


def _checkpoint(result, lang: str) -> str:
    a = result.assessment
    if a.checkpoint_value is None:
        return "–"
    return t("report.checkpoint_cell", lang, required=format_value(a.checkpoint_value, a.unit, lang),
             actual=format_value(a.checkpoint_actual, a.unit, lang))


def _section_rows(trajectory: Trajectory, lang: str) -> tuple[list[str], list[list[str]]]:
    """The trajectory year by year: actual value, its kind, its sources, and each target's required path
    (for a period total, the yearly average it needs over its period)."""
    series = trajectory.series
    paths = [(required_path_header(planned.path, planned.plan_label, target_tag(planned.target, lang), lang),
              planned.path.values) for planned in trajectory.targets if planned.path is not None]
    years = [*series.values, *(year for _, path in paths for year in path)]
    if not years:
        return [], []
    # How a value was rebuilt is said once under the chart (_basis_line), so that a year's row stays one
    # line on the page.
    headers = [t("table.year", lang), t("table.actual", lang), t("table.kind", lang), t("report.col_sources", lang)]
    headers += [header for header, _ in paths]
    rows = []
    unit = series.unit
    for year in range(min(years), max(years) + 1):
        row = [str(year), format_value(series.values.get(year), unit, lang) if year in series.values else "",
               describe_kind(kind_of(trajectory.kinds, year), lang) if year in series.values else "",
               ", ".join(trajectory.sources.get(year, ()))]
        row += [format_value(path[year], unit, lang) if year in path else "" for _, path in paths]
        rows.append(row)
    return headers, rows


def _section_page(pdf: ReportPDF, section: IndicatorSection, trajectory: Trajectory, data: ReportData, lang: str,
                  chart: bytes | None) -> None:
    register = data.register
    pdf.add_page()
    pdf.heading(section_title(section, register, lang), size=14)
    for result in section.results:
        a = result.assessment
        pdf.set_font(FONT, "B", 10)
        pdf.cell(pdf.get_string_width(printable(target_heading(result, register, lang))) + 2, 5,
                 printable(target_heading(result, register, lang)))
        pdf.set_text_color(*_hex_rgb(STATUS_COLOURS[a.status]))
        pdf.cell(0, 5, printable("· " + status_text("progress", a.status, lang)), new_x=XPos.LMARGIN,
                 new_y=YPos.NEXT)
        pdf.set_text_color(*INK)
        pdf.paragraph(describe_target(result, lang) + " " + describe_latest(result, register, lang, with_target=True),
                      size=9, gap=1.2)
    if chart is not None:
        height = CHART_WIDTH_MM * CHART_HEIGHT_PX / CHART_WIDTH_PX
        if pdf.get_y() + height > pdf.h - pdf.b_margin:
            pdf.add_page()
        pdf.image(io.BytesIO(chart), x=pdf.l_margin, y=pdf.get_y(), w=CHART_WIDTH_MM, h=height)
        pdf.set_y(pdf.get_y() + height + 2)
    if section.illustrative_years:  # right under the chart (or where it would be), before the figures
        pdf.paragraph(t("report.chart_illustrative", lang, years=year_spans(section.illustrative_years)), size=9,
                      bold=True, colour=RED)
    bases = set(section.series.basis.values())
    for basis in ("rebuilt", "derived"):
        if basis in bases:
            pdf.paragraph(t(f"trajectories.basis_{basis}", lang), size=8.5, colour=GREY)
    headers, rows = _section_rows(trajectory, lang)
    if rows:
        fixed = [11, 18, 46, 38]
        rest = max(pdf.epw - sum(fixed), 0) / max(len(headers) - len(fixed), 1)
        pdf.data_table(headers, rows, fixed + [rest] * (len(headers) - len(fixed)), size=7.5)


def _followed(pdf: ReportPDF, data: ReportData, lang: str) -> None:
    """The indicators the plans name without a number, on one page: their last years' figures in their
    units, marked illustrative where they are, with no status (a review meeting reads them as facts)."""
    headers, rows = describe_followed(data, lang)
    if not rows:
        return
    pdf.add_page()
    pdf.heading(t("indicators.followed_title", lang))
    pdf.paragraph(t("indicators.followed_intro", lang), size=9.5)
    first = 52
    rest = (pdf.epw - first - 30) / max(len(headers) - 2, 1)
    pdf.data_table(headers, rows, [first, 30] + [rest] * (len(headers) - 2), size=8)
    for section in data.followed:
        note = data.register.indicators[section.indicator].note(lang)
        if note:
            pdf.paragraph(f"{data.register.indicators[section.indicator].name(lang)}: {note}", size=8.5, colour=GREY,
                          gap=1)
    illustrative = sorted({year for section in data.followed for year in section.illustrative_years})
    if illustrative:
        pdf.paragraph(t("report.illustrative_years", lang, years=year_spans(illustrative)), size=8.5, bold=True,
                      colour=RED)


def _tracker(pdf: ReportPDF, data: ReportData, lang: str) -> None:
    """The plan's blocked tasks of the as-of year (each with its difficulty and the agency that must act),
    its tasks by area and status, those behind, and the yearly reports board, as analysts recorded them
    (the Tasks and Yearly reports pages' own counts)."""
    digest = data.tracker
    if digest is None or digest.task_rows.empty:
        return
    pdf.add_page()
    pdf.heading(t("tracker_export.title", lang, year=digest.year))
    pdf.paragraph(describe_digest(digest, lang), size=10, bold=True)
    pdf.paragraph(t("tracker_export.as_of", lang, date=format_date(digest.today, lang)), size=9, colour=GREY)
    blocked = list_blocked_tasks(digest, lang)
    if blocked:
        pdf.heading(t("tracker_export.blocked_title", lang, year=digest.year), size=11.5, level=1)
        for line in blocked:
            pdf.paragraph(f"{TASK_LOOKS['blocked'].shape} {line}", size=9, gap=0.8,
                          colour=_hex_rgb(TASK_STATUS_COLOURS["blocked"]))
    pdf.heading(t("tracker_export.tasks_title", lang, year=digest.year), size=11.5, level=1)
    headers, rows = build_task_area_rows(digest, lang)
    rest = (pdf.epw - 62) / (len(headers) - 1)
    pdf.data_table(headers, rows, [62] + [rest] * (len(headers) - 1), size=8)
    behind = list_tasks_behind(digest, lang)
    pdf.heading(t("tracker_export.behind_title", lang), size=11.5, level=1)
    for line in behind or [t("tracker_export.none_behind", lang, year=digest.year)]:
        pdf.paragraph(("• " + line) if behind else line, size=9, gap=0.8)
    pdf.heading(t("tracker_export.reports_title", lang, year=digest.year), size=11.5, level=1)
    headers, rows, statuses = build_board_rows(digest, lang)
    if rows:
        colours = {(r, 3): _hex_rgb(REPORT_STATUS_COLOURS[status]) for r, status in enumerate(statuses)}
        pdf.data_table(headers, rows, [70, 24, 24, 42, pdf.epw - 160], size=8, colours=colours)
        pdf.paragraph(t("reporting.deadline_reading", lang), size=8.5, colour=GREY, gap=1)
    else:
        pdf.paragraph(t("tracker_export.no_reports", lang, year=digest.year), size=9.5)
    pdf.paragraph(t("tracker_export.source", lang), size=8.5, colour=GREY)


def _review(pdf: ReportPDF, data: ReportData, lang: str) -> None:
    """The mid-term or final edition's review: when it was held, under which document, its conclusions
    and the statuses it saw beside today's where they differ; "not yet held" otherwise."""
    if data.edition not in EDITION_YEARS:
        return
    title, lines, headers, rows = build_edition_review(data.review, data.edition, data.as_of, data.results,
                                                       data.register, data.method, lang)
    pdf.add_page()
    pdf.heading(title)
    for label, value in lines:
        pdf.paragraph(f"{label}: {value}", size=10, bold=data.review is None)
    if data.review is None:
        pdf.paragraph(t("plan_review.not_held_note", lang, review=title[:1].lower() + title[1:]),
                      size=9, colour=GREY)
    if rows:
        pdf.data_table(headers, rows, [pdf.epw - 110, 55, 55], size=8)


def build_section_figure(section: IndicatorSection, data: ReportData, lang: str):
    """The Trajectories page's chart of one section (actual, required paths, targets, projection fan)."""
    return draw_section_figure(section_trajectory(section, data.register, lang), lang)


def draw_section_figure(trajectory: Trajectory, lang: str):
    """A section's trajectory as the Trajectories page draws it, at the PDF's chart size."""
    figure = build_trajectory_figure(trajectory, lang, show_projection=True)
    figure.update_layout(width=CHART_WIDTH_PX, height=CHART_HEIGHT_PX)
    return figure


def _method(pdf: ReportPDF, data: ReportData, lang: str) -> None:
    pdf.add_page()
    pdf.heading(t("report.method_title", lang))
    pdf.paragraph(t("report.method_in_use", lang, method=t(f"method.{data.method}_name", lang)), bold=True)
    for title, body in (("method_page.growth_title", "report.method_growth"),
                        ("method_page.statuses_title", "report.method_statuses")):
        pdf.heading(t(title, lang), size=11.5, level=1)
        pdf.paragraph(t(body, lang), size=9.5)
    thresholds = build_thresholds_table(lang)
    rows = [[_without_symbols(value) for value in row] for row in thresholds.itertuples(index=False)]
    pdf.data_table(list(thresholds.columns), rows, [36, 48, 48, 48], size=8.5)
    for title, body in (("method_page.projection_title", "method_page.projection_body"),
                        ("method_page.territory_title", "method_page.territory_body"),
                        ("method_page.readings_title", "method_page.readings_body"),
                        ("method_page.linear_title", "method_page.linear_body")):
        pdf.heading(t(title, lang), size=11.5, level=1)
        pdf.paragraph(t(body, lang).replace("**", ""), size=9.5)


def _without_symbols(text: str) -> str:
    """The thresholds' weather symbols (and their emoji variation selectors) left out: the PDF font has
    only some of them, and half a set would read oddly."""
    text = unicodedata.normalize("NFC", str(text))
    return " ".join("".join(c for c in text if unicodedata.category(c) != "So" and c not in "\ufe0e\ufe0f").split())


def _sources(pdf: ReportPDF, data: ReportData, lang: str) -> None:
    pdf.add_page()
    pdf.heading(t("report.sources_title", lang))
    pdf.paragraph(t("report.sources_intro", lang), size=9.5)
    rows = []
    for _, row in data.sources.iterrows():
        published = "" if row["published"] is None or pd.isna(row["published"]) else \
            format_date(pd.Timestamp(row["published"]).date(), lang)
        rows.append([row["code"], row["title"], row["publisher"] or "", row["address"] or "", published,
                     t(f"source_kind.{row['kind']}", lang), format_number(int(row["figures"]), lang)])
    headers = [t(f"export.col_{name}", lang) for name in ("code", "title", "publisher", "address", "published",
                                                          "kind", "figures")]
    # Wide enough for the longest word of each column (a code, "dost-cantho-2015"; a kind, "illustrative";
    # a header, "Figures"): fpdf2 breaks a word that does not fit inside it.
    pdf.data_table(headers, rows, [28, 45, 27, 28, 18, 19, 15], size=7.5)


def _illustrative(pdf: ReportPDF, data: ReportData, lang: str) -> None:
    lines = illustrative_lines(data, lang)
    if not lines:
        return
    pdf.add_page()
    pdf.heading(t("report.illustrative_title", lang))
    pdf.paragraph(t("report.illustrative_intro", lang, count=format_number(data.illustrative_count, lang),
                    total=format_number(data.figure_count, lang), year=data.as_of), size=10, bold=True, colour=RED)
    for line in lines:
        pdf.paragraph("• " + line, size=9.5, gap=1)


def build_report_pdf(data: ReportData, lang: str, charts: Iterable[bytes | None] | None = None,
                     progress: Callable[..., None] | None = None, keep_charts_in: Path | None = None) -> bytes:
    """The PDF of one report edition in `lang`. `charts` (one PNG per section) are drawn through the
    kaleido server when not given (and kept in `keep_charts_in`, by content, for the next process);
    None in their place leaves a section's chart out. `progress(step, **params)` hears "chart" (number,
    total) before each section's chart is awaited and "pages" before the closing pages."""
    # Each section's trajectory once: its chart and its table draw the same one.
    trajectories = [section_trajectory(section, data.register, lang) for section in data.sections]
    if charts is None:
        # Each figure is handed to the browser as soon as it is built (a generator, not a list).
        charts = start_pngs((draw_section_figure(trajectory, lang) for trajectory in trajectories), scale=2,
                            keep_in=keep_charts_in)
    charts = iter(charts)
    footer = f"IP Monitor 2030 · {describe_edition(data, lang)}"
    pdf = ReportPDF(footer, lang)
    pdf.set_title(printable(f"{t('report.title', lang)} – {describe_edition(data, lang)}"))
    pdf.set_author("IP Monitor 2030")
    pdf.set_lang("vi-VN" if lang == "vi" else "en-GB")
    _cover(pdf, data, lang)
    _summary(pdf, data, lang)
    _review(pdf, data, lang)
    for number, (section, trajectory) in enumerate(zip(data.sections, trajectories), 1):
        if progress:
            progress("chart", number=number, total=len(data.sections))
        _section_page(pdf, section, trajectory, data, lang, next(charts, None))
    if progress:
        progress("pages")
    _followed(pdf, data, lang)
    _tracker(pdf, data, lang)
    _method(pdf, data, lang)
    _sources(pdf, data, lang)
    _illustrative(pdf, data, lang)
    return bytes(pdf.output())
