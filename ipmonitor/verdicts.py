"""Assessments put into words, in the reader's language: a line per target for the command line, a
sentence per target for cards and charts, and one verdict per plan for leadership."""
from __future__ import annotations

from collections import Counter

from ipmonitor.i18n import t
from ipmonitor.numbers import format_change, format_number, format_percent, format_value
from ipmonitor.scoreboard import TargetResult
from ipmonitor.targets import Register, load_target_register

GOOD = ("achieved", "on_track")
LAGGING = ("needs_acceleration", "limited_progress", "moving_away")


def target_label(result: TargetResult, register: Register, lang: str) -> str:
    """"KH 151 · Đơn đăng ký mới (mọi loại)", with the reading for the two readings of T1."""
    target = register.target(result.target_id)
    label = f"{register.plan_name(target.plan, lang, short=True)} · {register.indicators[target.indicator].name(lang)}"
    return label + (f" ({t('verdict.reading', lang, reading=target.reading)})" if target.reading else "")


def status_text(status: str, reason: str | None, lang: str) -> str:
    """"chưa đánh giá được (cần ít nhất hai điểm số liệu)"."""
    text = t(f"status.{status}", lang)
    return text + (f" ({t(f'status.reason_{reason}', lang)})" if reason else "")


def format_paces(a, lang: str) -> dict[str, str]:
    """The numbers a card or a line shows, each in the indicator's unit: the latest value, the target,
    and the pace actual, required and now needed. A count grows by a yearly rate (3,1%); a share by
    percentage points a year (1,2 điểm %) and a running total by its unit a year (1.200 người), since
    a growth rate of a percentage or of a total from zero means nothing."""
    unit = a.unit
    if a.shape == "linear":
        actual, required, needed = (format_change(value, unit, lang)
                                    for value in (a.actual_change, a.required_change, a.change_needed))
    else:
        actual, required, needed = (format_percent(value, lang)
                                    for value in (a.actual_cagr, a.required_cagr, a.growth_needed))
    return {"latest": format_value(a.latest_value, unit, lang), "target": format_value(a.target_value, unit, lang),
            "target_high": format_value(a.target_value_high, unit, lang), "actual": actual, "required": required,
            "needed": needed}


def describe_status_line(result: TargetResult, register: Register, lang: str) -> str:
    """One line per target for `etl status`."""
    a = result.assessment
    line = f"{result.target_id} · {target_label(result, register, lang)}: {status_text(a.status, a.reason, lang)}"
    target = register.target(result.target_id)
    if target.is_period_total and a.latest_value is not None:
        line += " · " + t("status.line_period", lang, total=format_number(a.latest_value, lang),
                          first=target.target["period"][0], latest_year=a.latest_year,
                          needed=format_number(a.target_value, lang), last=a.target_year)
    elif a.latest_value is not None:
        paces = format_paces(a, lang)
        line += " · " + t("status.line", lang, latest=paces["latest"], latest_year=a.latest_year,
                          actual=paces["actual"], required=paces["required"])
    if a.trend_value is not None and a.trend_pi80 is not None:
        line += " · " + t("status.projection", lang, year=a.target_year, value=format_value(a.trend_value, a.unit, lang),
                          low=format_value(a.trend_pi80[0], a.unit, lang), high=format_value(a.trend_pi80[1], a.unit, lang))
    return line


def describe_target(result: TargetResult, lang: str) -> str:
    """One plain sentence on where a target stands, for cards and chart captions."""
    a = result.assessment
    if a.status == "not_assessable":
        return t(f"verdict.not_assessable_{a.reason}", lang, base_year=a.base_year, next_year=(a.base_year or 0) + 1)
    target = next((target for target in load_target_register().targets if target.id == result.target_id), None)
    if target is not None and target.is_period_total and a.latest_value is not None:
        return _describe_period_total(a, target.target["period"], lang)
    paces = format_paces(a, lang)
    if a.status == "achieved":
        sentence = t("verdict.achieved", lang, latest=paces["latest"], year=a.latest_year, target=paces["target"])
    else:
        # A running total (people trained since 2026) is told as the number a year, not as growth.
        total = a.shape == "linear" and a.unit != "percent"
        key = ("verdict.total_" if total else "verdict.") + ("on_course" if a.status == "on_track" else "behind")
        sentence = t(key, lang, actual=paces["actual"], required=paces["required"], needed=paces["needed"],
                     year=a.target_year)
    if a.shape == "linear" and a.target_value_high is not None and a.status_high_edge is not None:
        # A level band (8-10%) is judged on its low edge; its high edge is the ambition, told beside it.
        sentence += " " + t("verdict.band_high", lang, high=paces["target_high"],
                            required=format_change(a.required_change_high, a.unit, lang),
                            status=t(f"status.{a.status_high_edge}", lang))
    return sentence


def _describe_period_total(a, period: tuple[int, int], lang: str) -> str:
    """A total over a period has no growth rate: it is told as the yearly pace so far against the yearly
    average the whole period needs, and what each remaining year needs."""
    first, last = period
    pace = a.latest_value / (a.latest_year - first + 1)
    average = a.target_value / (last - first + 1)
    years_left = last - a.latest_year
    remaining = (a.target_value - a.latest_value) / years_left if years_left > 0 else None
    key = {"achieved": "verdict.period_achieved", "on_track": "verdict.period_on_course"}.get(a.status,
                                                                                           "verdict.period_behind")
    return t(key, lang, total=format_number(a.latest_value, lang), first=first, latest_year=a.latest_year,
             last=last, pace=format_number(pace, lang), average=format_number(average, lang),
             needed=format_number(a.target_value, lang), remaining=format_number(remaining, lang))


def plan_verdict(results: list[TargetResult], plan: str, register: Register, lang: str) -> str:
    """One sentence per plan: how many of its targets are on course, and which are behind."""
    own = [result for result in results if result.plan == plan]
    assessable = [result for result in own if result.assessment.status != "not_assessable"]
    name = register.plan_name(plan, lang)
    if not assessable:
        return t("verdict.plan_not_yet", lang, plan=name)
    counts = Counter(result.assessment.status for result in assessable)
    behind = [register.indicators[result.indicator].name(lang) for result in assessable
              if result.assessment.status in LAGGING]
    sentence = t("verdict.plan_summary", lang, plan=name, good=sum(counts[s] for s in GOOD), total=len(own))
    if behind:
        sentence += " " + t("verdict.plan_behind", lang, names="; ".join(behind))
    missing = len(own) - len(assessable)
    if missing:
        sentence += " " + t("verdict.plan_missing", lang, count=missing)
    return sentence
