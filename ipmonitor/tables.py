"""Tables as pages show them: names in the reader's language, numbers in the reader's format."""
from __future__ import annotations

import pandas as pd

from ipmonitor.assessment import RequiredPath, build_required_path
from ipmonitor.i18n import t
from ipmonitor.numbers import format_number, format_percent, format_utc_as_vietnam_time, format_value
from ipmonitor.projection import project_years

DISPLAY_COLUMNS = {
    "year": "year", "territory_name": "territory", "ip_type_name": "ip_type",
    "measure_name": "measure", "value": "value", "source_kind": "source_kind",
    "source_title": "source_title",
}


def build_figures_table(figures: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Current figures for reading: 5.500 (vi) or 5,500 (en), years as plain text, kinds translated."""
    table = figures[list(DISPLAY_COLUMNS)].copy()
    table["year"] = table["year"].astype(str)
    table["value"] = table["value"].map(lambda v: format_number(v, lang))
    table["source_kind"] = table["source_kind"].map(lambda k: t(f"source_kind.{k}", lang))
    return table.rename(columns={c: t(f"export.col_{name}", lang) for c, name in DISPLAY_COLUMNS.items()})


def build_sources_table(sources: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The sources behind the figures shown, with how many figures each supports."""
    table = sources[["code", "title", "publisher", "address", "published", "kind", "figures"]].copy()
    table["kind"] = table["kind"].map(lambda k: t(f"source_kind.{k}", lang))
    table["published"] = table["published"].map(lambda d: "" if pd.isna(d) else pd.Timestamp(d).strftime("%d/%m/%Y"))
    table["figures"] = table["figures"].map(lambda v: format_number(v, lang))
    headers = {"code": "col_code", "title": "col_title", "publisher": "col_publisher",
               "address": "col_address", "published": "col_published", "kind": "col_kind",
               "figures": "col_figures"}
    return table.rename(columns={c: t(f"export.{key}", lang) for c, key in headers.items()})


def required_path_header(path: RequiredPath, plan: str, target_id: str, lang: str) -> str:
    """The column of a required path in a table: the yearly average a period total needs, or the path."""
    if path.kind == "average":
        return t("chart.needed_average", lang, plan=plan)
    return t("table.required", lang, plan=plan, target=target_id)


def build_trajectory_table(series, targets, lang: str, first_year: int | None = None) -> pd.DataFrame:
    """Year by year: the actual value and how it was obtained, each target's required path, and the
    projection with its 80% interval; the target year's row carries each target."""
    targets = list(targets)
    end = max([a.target_year for _, a, _ in targets if a.target_year] + [max(series.values, default=2030)])
    start = min(series.values, default=end) if first_year is None else first_year
    unit = series.unit
    fan = project_years(series.values, end, series.shape) if targets else {}
    latest = max(series.values, default=None)
    rows = []
    for year in range(start, end + 1):
        row = {t("table.year", lang): str(year),
               t("table.actual", lang): format_value(series.values.get(year), unit, lang),
               t("table.basis", lang): t(f"chart.basis_{series.basis[year]}", lang) if year in series.basis else ""}
        for target, a, plan_label in targets:
            path = build_required_path(target, a)
            if path is not None:
                row[required_path_header(path, plan_label, target.id, lang)] = \
                    format_value(path.values.get(year), unit, lang)
        projection = fan.get(year) if latest is not None and year > latest else None
        row[t("table.projection", lang)] = format_value(projection.value if projection else None, unit, lang)
        row[t("table.interval80", lang)] = "" if projection is None else \
            f"{format_value(projection.intervals[0.80][0], unit, lang)}–" \
            f"{format_value(projection.intervals[0.80][1], unit, lang)}"
        rows.append(row)
    return pd.DataFrame(rows)


def build_register_table(register, lang: str) -> pd.DataFrame:
    """Every target: plan, indicator, what is aimed for, from which base, on which territory, and the
    sentence it comes from, marked when that sentence is our paraphrase."""
    rows = []
    for target in register.targets:
        if target.is_period_total:
            aim = t("register.aim_period", lang, growth=format_percent(target.target["min_growth_on_baseline"], lang, 0),
                    period="–".join(map(str, target.target["period"])), base="–".join(map(str, target.baseline["period"])))
        elif target.kind == "level" and "min_growth_on_baseline" not in target.target:
            aim = t("register.aim_level_only", lang, value=format_value(target.target["value"], target.unit, lang),
                    year=target.target["year"])
        elif target.kind == "level_band":
            aim = t("register.aim_level_band", lang, low=format_value(target.target["value_low"], target.unit, lang),
                    high=format_value(target.target["value_high"], target.unit, lang), year=target.target["year"])
        elif target.kind == "level":
            aim = t("register.aim_level", lang, value=format_number(target.target.get("value"), lang),
                    growth=format_percent(target.target.get("min_growth_on_baseline"), lang, 0),
                    year=target.target["year"])
        elif target.kind == "growth":
            aim = t("register.aim_band", lang, low=format_percent(target.target["growth_low"], lang, 0),
                    high=format_percent(target.target["growth_high"], lang, 0), year=target.target["year"])
        else:
            aim = t("register.aim_strong", lang, edge=format_percent(target.target["growth_high"], lang, 0))
        rows.append({
            t("register.plan", lang): register.plan_name(target.plan, lang, short=True),
            t("register.target", lang): target.id,
            t("register.indicator", lang): register.indicators[target.indicator].name(lang),
            t("register.aim", lang): aim,
            t("register.base", lang): str(target.base_year),
            t("register.territory", lang): t(f"controls.territory_{target.territory_basis}", lang),
            t("register.role", lang): t("register.reference" if target.reference else "register.own", lang),
            t("register.quote", lang): target.quote + ("" if target.quote_verified else " " + t("register.unverified", lang)),
            t("register.note", lang): target.note(lang) or "",
        })
    return pd.DataFrame(rows)


THRESHOLD_ROWS = ("achieved", "on_track", "needs_acceleration", "limited_progress", "moving_away", "not_assessable")


def build_thresholds_table(lang: str) -> pd.DataFrame:
    """Each status and the condition that gives it under each method."""
    return pd.DataFrame([{t("thresholds.status", lang): t(f"status.{status}", lang),
                          **{t(f"method.{method}_name", lang): t(f"thresholds.{method}_{status}", lang)
                             for method in ("eurostat", "un", "destatis")}}
                         for status in THRESHOLD_ROWS])


def build_batch_table(batches: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The batch history for reading: number, kind (and which batch a revert undid), who, when in
    Viet Nam time, file, SHA-256, counts and note."""
    def kind(row: pd.Series) -> str:
        if row["kind"] == "revert":
            return t("history.kind_revert", lang, batch=int(row["reverts_batch"]))
        return t("history.kind_load", lang)

    table = pd.DataFrame({
        t("history.col_batch", lang): batches["batch_id"].astype(str),
        t("history.col_kind", lang): batches.apply(kind, axis=1) if len(batches) else [],
        t("history.col_who", lang): batches["loaded_by"],
        t("history.col_when", lang): batches["loaded_at"].map(
            lambda moment: format_utc_as_vietnam_time(pd.Timestamp(moment).to_pydatetime())),
        t("history.col_file", lang): batches["file_name"].fillna("–"),
        t("history.col_sha256", lang): batches["sha256"].fillna("–"),
        **{t(f"history.col_{name}", lang): batches[f"rows_{name}"].map(lambda v: format_number(int(v), lang))
           for name in ("added", "changed", "unchanged", "withdrawn")},
        t("history.col_note", lang): batches["note"].fillna(""),
    })
    if "subject" in batches.columns:  # what the batch changed: figures, task statuses or report receipts
        table.insert(2, t("history_tracker.col_subject", lang),
                     [t(f"tracker.subject.{subject}", lang) for subject in batches["subject"]])
    return table


def build_audit_table(events: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The audit log for reading: when (Viet Nam time), who, where from, what, batch and details."""
    return pd.DataFrame({
        t("history.col_when", lang): events["occurred_at"].map(
            lambda moment: format_utc_as_vietnam_time(pd.Timestamp(moment).to_pydatetime())),
        t("history.col_who", lang): events["actor"],
        t("history.col_channel", lang): events["channel"].map(lambda c: t(f"history.channel_{c}", lang)),
        t("history.col_action", lang): events["action"].map(lambda a: t(f"audit.{a}", lang)),
        t("history.col_batch", lang): events["batch_id"].map(lambda b: "" if pd.isna(b) else str(int(b))),
        t("history.col_detail", lang): events["detail"].fillna(""),
    })


def build_accounts_table(accounts: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Accounts for an admin: name, role, enabled or not, a lock in force, when the password was set."""
    def moment(value: object) -> str:
        return "" if value is None or pd.isna(value) else format_utc_as_vietnam_time(pd.Timestamp(value).to_pydatetime())

    return pd.DataFrame({
        t("sign_in.name", lang): accounts["name"],
        t("accounts.role", lang): accounts["role"].map(lambda r: t(f"sign_in.role_{r}", lang)),
        t("accounts.state", lang): accounts["disabled"].map(
            lambda d: t("accounts.state_disabled" if d else "accounts.state_active", lang)),
        t("accounts.locked_until", lang): accounts["locked_until"].map(moment),
        t("accounts.password_set", lang): accounts["password_set_at"].map(moment),
    })
