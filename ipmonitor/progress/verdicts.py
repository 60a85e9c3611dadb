"""Assessments put into words, in the reader's language: a line per target for the command line, a
sentence per target for cards and charts, and one verdict per plan for leadership."""
from __future__ import annotations

from collections import Counter

from ipmonitor.i18n import t
from ipmonitor.numbers import format_change, format_number, format_percent, format_value
from ipmonitor.progress.growth import meets
from ipmonitor.progress.scoreboard import TargetResult
from ipmonitor.register.target_words import target_name
from ipmonitor.register.targets import Register

GOOD = ("achieved", "on_track")
LAGGING = ("needs_acceleration", "limited_progress", "moving_away")


def target_label(result: TargetResult, register: Register, lang: str) -> str:
    """"KH 151 · Đơn đăng ký mới (mọi loại)", with the reading for the two readings of T1."""
    return target_name(register.target(result.target_id), register, lang)


def status_text(status: str, reason: str | None, lang: str) -> str:
    """"chưa đánh giá được (cần ít nhất hai điểm số liệu)"."""
    text = t(f"status.{status}", lang)
    return text + (f" ({t(f'status.reason_{reason}', lang)})" if reason else "")


def describe_scenario(growth: float | None, yearly_count: float | None, unit: str, adds_up: bool, lang: str) -> str:
    """A scenario's name as its line carries it: "Kịch bản: +20,0%/năm", "Kịch bản: 300 mỗi năm",
    "Kịch bản: +500/năm" (added to a stock or a total), "Kịch bản: +2,0 điểm %/năm" (a share)."""
    if growth is not None:
        # As many decimals as were chosen (20%, 3.05%), not a fixed number of them.
        decimals = f"{abs(growth) * 100:.2f}".rstrip("0").split(".")[1]
        return t("scenario.name_growth", lang,
                 rate=("+" if growth > 0 else "") + format_percent(growth, lang, len(decimals)))
    if adds_up:
        return t("scenario.name_added", lang, count=("+" if yearly_count > 0 else "") +
                 format_change(yearly_count, unit, lang))
    return t("scenario.name_count", lang, count=format_value(yearly_count, unit, lang))


def format_paces(a, lang: str, magnitude: bool = False) -> dict[str, str]:
    """The numbers a card or a line shows, each in the indicator's unit: the latest value, the target,
    and the pace actual, required and now needed. A count grows by a yearly rate (3,1%); a share by
    percentage points a year (1,2 điểm %) and a running total by its unit a year (1.200 người), since
    a growth rate of a percentage or of a total from zero means nothing. With `magnitude`, the paces
    without their sign, for sentences that say "tăng" or "giảm" themselves."""
    unit = a.unit
    paces = (a.pace.actual, a.pace.required, a.pace.needed)
    if magnitude:
        paces = tuple(None if value is None else abs(value) for value in paces)
    if a.shape == "linear":
        actual, required, needed = (format_change(value, unit, lang) for value in paces)
    else:
        actual, required, needed = (format_percent(value, lang) for value in paces)
    return {"latest": format_value(a.latest_value, unit, lang), "target": format_value(a.target_value, unit, lang),
            "target_high": format_value(a.target_value_high, unit, lang), "actual": actual, "required": required,
            "needed": needed}


def describe_status_line(result: TargetResult, register: Register, lang: str) -> str:
    """One line per target for `etl status`."""
    a = result.assessment
    by_year = t("verdict.by_year", lang, year=register.target(result.target_id).target_year)
    line = f"{target_label(result, register, lang)} · {by_year}: {status_text(a.status, a.reason, lang)}"
    if a.period is not None and a.latest_value is not None:
        line += " · " + t("status.line_period", lang, total=format_number(a.latest_value, lang),
                          first=a.period[0], latest_year=a.latest_year,
                          needed=format_number(a.target_value, lang), last=a.target_year)
    elif a.latest_value is not None:
        paces = format_paces(a, lang)
        line += " · " + t("status.line" if a.sign > 0 else "status.line_decrease", lang, latest=paces["latest"],
                          latest_year=a.latest_year, actual=paces["actual"], required=paces["required"])
    if len(a.conditions) > 1 and a.binding is not None:
        binding = next(c for c in a.conditions if c.name == a.binding)
        line += " · " + t("status.binding", lang, condition=describe_condition(a, binding, lang))
    if a.base_fallback:
        line += " · " + t("status.base_fallback", lang, used=a.base_year, registered=a.base_year_registered)
    if a.trend_value is not None and a.trend_pi80 is not None:
        line += " · " + t("status.projection", lang, year=a.target_year, value=format_value(a.trend_value, a.unit, lang),
                          low=format_value(a.trend_pi80[0], a.unit, lang), high=format_value(a.trend_pi80[1], a.unit, lang))
    return line


def describe_condition(a, condition, lang: str) -> str:
    """One condition in words: "đạt ít nhất 5.500", "tăng 35% so với 2020 (tức 5.400)", "không quá 80"."""
    level = format_value(condition.level, a.unit, lang)
    direction = "" if a.sign > 0 else "_decrease"
    if condition.name == "min_growth_on_baseline":
        base = "–".join(map(str, a.base_period)) if a.base_period else a.base_year
        growth = format_percent(abs(condition.given), lang, 0)
        return t(f"verdict.condition_growth{direction}", lang, growth=growth, base=base, level=level)
    return t(f"verdict.condition_value{direction}", lang, level=level)


def _describe_conditions(a, lang: str) -> str:
    """Which of several conditions binds, with the others beside it; nothing for a single condition."""
    if len(a.conditions) < 2 or a.binding is None:
        return ""
    binding = next(c for c in a.conditions if c.name == a.binding)
    others = "; ".join(describe_condition(a, c, lang) for c in a.conditions if c is not binding)
    return " " + t("verdict.binding", lang, binding=describe_condition(a, binding, lang), other=others)


def _describe_notes(a, lang: str) -> str:
    """What the reader must know about the baseline: a later year stood in, or a zero was replaced."""
    notes = ""
    if a.base_fallback:
        notes += " " + t("verdict.base_fallback", lang, used=a.base_year, registered=a.base_year_registered)
    if a.zero_replaced and a.status != "not_assessable":
        notes += " " + t("verdict.zero_replaced", lang)
    return notes


def describe_target(result: TargetResult, lang: str) -> str:
    """One plain sentence on where a target stands, for cards and chart captions."""
    return describe_assessment(result.assessment, lang)


def describe_assessment(a, lang: str) -> str:
    """describe_target's sentence from the assessment alone (a chart's file, which has no TargetResult)."""
    if a.status == "not_assessable":
        return t(f"verdict.not_assessable_{a.reason}", lang, base_year=a.base_year,
                 next_year=(a.base_year or 0) + 1) + _describe_notes(a, lang)
    if a.period is not None and a.latest_value is not None:
        return _describe_period_total(a, lang) + _describe_conditions(a, lang)
    return _describe_year_target(a, lang) + _describe_conditions(a, lang) + _describe_notes(a, lang)


def _describe_year_target(a, lang: str) -> str:
    """The sentence for a target in a year: achieved, on course or behind, in the target's direction."""
    paces = format_paces(a, lang, magnitude=True)
    decrease = a.sign < 0
    if a.status == "achieved":
        return t("verdict.achieved_decrease" if decrease else "verdict.achieved", lang, latest=paces["latest"],
                 year=a.latest_year, target=paces["target"])
    actual, required = a.pace.actual, a.pace.required
    if required is not None and a.latest_value is not None and a.target_value is not None and \
            a.sign * required <= 0 and not meets(a.latest_value, a.target_value, a.sign):
        # The baseline already met (or equalled) the target, Open SDG's "target below the base" case, and
        # the series has since crossed it: no pace is asked, the figure has slipped past the level.
        return t("verdict.slipped", lang, base_year=a.base_year, target=paces["target"], latest=paces["latest"],
                 latest_year=a.latest_year)
    # A running total (people trained since 2026) is told as the number a year, not as growth.
    total = a.shape == "linear" and a.unit != "percent"
    if decrease:
        key = "verdict.decrease_" + ("rising" if actual is not None and actual > 0 else
                                     "on_course" if a.status == "on_track" else "behind")
    elif actual is not None and actual < 0 and not total:
        key = "verdict.falling"
    else:
        key = ("verdict.total_" if total else "verdict.") + ("on_course" if a.status == "on_track" else "behind")
    sentence = t(key, lang, actual=paces["actual"], required=paces["required"], needed=paces["needed"],
                 year=a.target_year)
    if a.shape == "linear" and a.target_value_high is not None and a.status_high_edge is not None:
        # A level band (8-10%) is judged on its less demanding edge; the other, the ambition, is told
        # beside it: the high edge for a share to rise, the low edge for one to fall.
        edge = format_value(a.target_value_high, a.unit, lang)
        status = t(f"status.{a.status_high_edge}", lang)
        sentence += " " + (t("verdict.band_high", lang, high=edge, status=status,
                             required=format_change(a.pace.required_high, a.unit, lang)) if not decrease else
                           t("verdict.band_low", lang, low=edge, status=status,
                             required=format_change(abs(a.pace.required_high or 0), a.unit, lang)))
    return sentence


def _describe_period_total(a, lang: str) -> str:
    """A total over a period has no growth rate: it is told as the yearly pace so far against the yearly
    average the whole period needs, and what each remaining year needs."""
    first, last = a.period
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
