"""The words a report edition uses, shared by the deck and the PDF: titles, latest values, aims,
sources and illustrative figures, in the reader's language and number format."""
from __future__ import annotations

from typing import Iterable

from ipmonitor.i18n import t
from ipmonitor.numbers import format_number, format_value, format_year_runs
from ipmonitor.reference import load_vocabulary
from ipmonitor.report_contents import IndicatorSection, ReportData
from ipmonitor.scoreboard import TargetResult
from ipmonitor.tables import describe_aim
from ipmonitor.targets import Register
from ipmonitor.trajectory import Trajectory, trajectory_of
from ipmonitor.verdicts import target_tag


def year_spans(years: Iterable[int]) -> str:
    """2010, 2011, 2012, 2014 -> "2010–2012, 2014"."""
    return format_year_runs(years)


def describe_edition(data: ReportData, lang: str) -> str:
    """"Báo cáo thường niên năm 2025", "Báo cáo sơ kết giữa kỳ năm 2025", "Báo cáo tổng kết năm 2030"."""
    return t(f"report.edition_{data.edition}", lang, year=data.as_of)


def territory_name(code: str, lang: str) -> str:
    return load_vocabulary("territory").name(code, lang)


def section_trajectory(section: IndicatorSection, register: Register, lang: str) -> Trajectory:
    """The trajectory a section's chart and table draw: its series and targets, each year's kind and sources."""
    return trajectory_of(section.series, section.results, register, lang, kinds=section.year_kinds,
                         sources=section.year_sources)


def section_title(section: IndicatorSection, register: Register, lang: str) -> str:
    """"Đơn đăng ký sáng chế · TP Cần Thơ (cũ)"."""
    return t("report.section_title", lang, indicator=register.indicators[section.indicator].name(lang),
             territory=territory_name(section.territory, lang))


def target_heading(result: TargetResult, register: Register, lang: str) -> str:
    """"KH 151 · đến 2030, cách hiểu a": the plan and what sets the target apart, never its code."""
    target = register.target(result.target_id)
    return f"{register.plan_name(target.plan, lang, short=True)} · {target_tag(target, lang)}"


def describe_latest(result: TargetResult, register: Register, lang: str, with_target: bool = False) -> str:
    """"5.391 (2025)", a period total as "1.317 (2021–2025)"; with the target: "… · mục tiêu 5.500 (2030)"."""
    a = result.assessment
    target = register.target(result.target_id)
    if a.latest_value is None:
        latest = "–"
    elif target.is_period_total:
        latest = t("report.value_period", lang, value=format_value(a.latest_value, a.unit, lang),
                   first=target.target["period"][0], last=a.latest_year)
    else:
        latest = t("report.value_year", lang, value=format_value(a.latest_value, a.unit, lang), year=a.latest_year)
    if not with_target:
        return latest
    aim = "–" if a.target_value is None else t("report.value_year", lang,
                                               value=format_value(a.target_value, a.unit, lang), year=a.target_year)
    return t("report.latest_and_target", lang, latest=latest, target=aim)


FOLLOWED_YEARS = 5  # the years a followed indicator shows in the report: enough to see its direction


def followed_years(data: ReportData) -> list[int]:
    """The last years the followed indicators have figures for, up to the edition's year, oldest first."""
    years = sorted({year for section in data.followed for year in section.series.values})
    return years[-FOLLOWED_YEARS:]


def describe_followed(data: ReportData, lang: str) -> tuple[list[str], list[list[str]]]:
    """The indicators followed without a target as a table: name, territory, then one column a year
    with each value in its unit (6.000 người, 1,2 tỷ đồng); "–" where a year has no figure."""
    years = followed_years(data)
    headers = [t("report.col_indicator", lang), t("report.col_territory", lang), *map(str, years)]
    rows = []
    for section in data.followed:
        unit = section.series.unit
        rows.append([data.register.indicators[section.indicator].name(lang), territory_name(section.territory, lang),
                     *(format_value(section.series.values.get(year), unit, lang) for year in years)])
    return headers, rows


def aims_by_target(register: Register, lang: str) -> dict[str, str]:
    """Target id -> what it aims for, worded as on the Method page's register."""
    return {target.id: describe_aim(target, lang) for target in register.targets}


def source_label(row, lang: str) -> str:
    """"illustrative-2026: Chuỗi số liệu minh họa … (IP Monitor 2030; minh họa)". A source an upload
    created may have no publisher (a missing value, NaN in a frame)."""
    publisher = row["publisher"] if isinstance(row["publisher"], str) else None
    details = "; ".join(part for part in (publisher, t(f"source_kind.{row['kind']}", lang)) if part)
    return f"{row['code']}: {row['title']} ({details})"


def describe_sources_line(section: IndicatorSection, data: ReportData, lang: str) -> str:
    """Every source behind one section's values, with their titles."""
    codes = list(dict.fromkeys(code for year in sorted(section.year_sources) for code in section.year_sources[year]))
    rows = {row["code"]: row for _, row in data.sources.iterrows()}
    return t("report.notes_sources", lang, sources="; ".join(source_label(rows[code], lang) if code in rows else code
                                                             for code in codes) or "–")


def illustrative_lines(data: ReportData, lang: str) -> list[str]:
    """One line per territory and measure: how many illustrative figures, which years and IP types."""
    frame = data.illustrative
    lines = []
    measures, types = load_vocabulary("measure"), load_vocabulary("ip_type")
    for (territory, measure), group in frame.groupby(["territory", "measure"], sort=False):
        lines.append(t("report.illustrative_row", lang, territory=territory_name(territory, lang),
                       measure=measures.name(measure, lang), count=format_number(int(group["figures"].sum()), lang),
                       first=int(group["first_year"].min()), last=int(group["last_year"].max()),
                       types=", ".join(types.name(code, lang) for code in dict.fromkeys(group["ip_type"]))))
    return lines
