"""A target in words, wherever it is named (pages, tables, the deck, the PDF, the reviews): its
indicator with its reading, what tells it from the plan's other targets on that indicator, and what it
aims for. Only the register's own fields: nothing here needs an assessment, so the modules that put
assessments into words and the ones that only name targets both build on it."""
from __future__ import annotations

from ipmonitor.i18n import t
from ipmonitor.numbers import format_percent, format_value
from ipmonitor.register.targets import Register


def indicator_name(target, register: Register, lang: str) -> str:
    """The target's indicator by name, with its reading where the sentence is read two ways:
    "Văn bằng bảo hộ lũy kế (cuối năm) (cách hiểu a)"."""
    name = register.indicators[target.indicator].name(lang)
    return name + (f" ({t('verdict.reading', lang, reading=target.reading)})" if target.reading else "")


def target_name(target, register: Register, lang: str) -> str:
    """"KH 151 · Văn bằng bảo hộ lũy kế (cuối năm) (cách hiểu a)": the plan's short name, then the indicator
    with its reading."""
    return f"{register.plan_name(target.plan, lang, short=True)} · {indicator_name(target, register, lang)}"


def target_tag(target, lang: str) -> str:
    """What tells a plan's targets on one indicator apart, in words rather than the register's code
    (T1a, D3032_training_2025): "đến 2030", "đến 2030, cách hiểu a"."""
    tag = t("verdict.by_year", lang, year=target.target_year)
    return tag + (", " + t("verdict.reading", lang, reading=target.reading) if target.reading else "")


def describe_aim(target, lang: str) -> str:
    """What a target aims for, every condition kept and turned the way the target points: "ít nhất 5.500
    và +35% so với 2020 vào năm 2030", "tối đa 80 vào năm 2030", "tăng 3%–5%/năm đến 2030"."""
    aim = target.target
    if target.kind == "level_band":
        return t("register.aim_level_band", lang, low=format_value(aim["value_low"], target.unit, lang),
                 high=format_value(aim["value_high"], target.unit, lang), year=aim["year"])
    if target.kind == "growth":
        return t("register.aim_band", lang, low=_signed(aim["growth_low"], lang),
                 high=_signed(aim["growth_high"], lang), year=aim["year"])
    if target.kind == "strong_growth":
        return t("register.aim_strong", lang, edge=format_percent(aim["growth_high"], lang, 0))
    conditions = []
    if "value" in aim:
        conditions.append(t("register.at_least" if target.sign > 0 else "register.at_most", lang,
                            value=format_value(aim["value"], target.unit, lang)))
    if "min_growth_on_baseline" in aim:
        growth = aim["min_growth_on_baseline"]
        base = "–".join(map(str, target.baseline["period"])) if target.is_period_total else target.base_year
        conditions.append(t("register.on_base", lang, base=base, growth=_signed(growth, lang)))
    joined = t("register.and", lang).join(conditions)
    if target.is_period_total:
        return t("register.aim_period", lang, conditions=joined, period="–".join(map(str, aim["period"])))
    return t("register.aim_level", lang, conditions=joined, year=aim["year"])


def _signed(rate: float, lang: str) -> str:
    return ("+" if rate > 0 else "") + format_percent(rate, lang, 0)
