"""Tables as pages show them: names in the reader's language, numbers in the reader's format."""
from __future__ import annotations

import datetime as dt
import json

import pandas as pd

from ipmonitor.progress.assessment import RequiredPath
from ipmonitor.i18n import t
from ipmonitor.numbers import (
    format_change, format_date, format_number, format_percent, format_utc_as_vietnam_time, format_value,
)
from ipmonitor.status_style import status_text
from ipmonitor.value_kinds import describe_kind, kind_of
from ipmonitor.text import markdown_literal
from ipmonitor.progress.trajectory import Trajectory
from ipmonitor.register.target_words import describe_aim, indicator_name, target_tag

DISPLAY_COLUMNS = {
    "year": "year", "territory_name": "territory", "ip_type_name": "ip_type",
    "measure_name": "measure", "value": "value", "source_kind": "source_kind",
    "source_title": "source_title",
}


def build_figures_table(figures: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Current figures for reading: 5.500 (vi) or 5,500 (en), years as plain text, each figure's kind in
    words ("minh họa, không chính thức"; "công bố" only for a published one)."""
    table = figures[list(DISPLAY_COLUMNS)].copy()
    table["year"] = table["year"].astype(str)
    table["value"] = table["value"].map(lambda v: format_number(v, lang))
    table["source_kind"] = table["source_kind"].map(lambda k: describe_kind(k, lang))
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


def required_path_header(path: RequiredPath, plan: str, target: str, lang: str) -> str:
    """The column of a required path in a table: the yearly average a period total needs, or the path;
    `target` tells the plan's targets apart (ipmonitor.register.target_words.target_tag: "đến 2030")."""
    if path.kind == "average":
        return t("chart.needed_average", lang, plan=plan)
    return t("table.required", lang, plan=plan, target=target)


def build_trajectory_table(trajectory: Trajectory, lang: str, first_year: int | None = None) -> pd.DataFrame:
    """The trajectory year by year: the actual value, its kind (published, derived, rebuilt,
    illustrative) and how it was obtained, each target's required path, and the projection with its 80%
    interval."""
    series = trajectory.series
    end = trajectory.end_year
    start = min(series.values, default=end) if first_year is None else first_year
    unit = series.unit
    rows = []
    for year in range(start, end + 1):
        row = {t("table.year", lang): str(year),
               t("table.actual", lang): format_value(series.values.get(year), unit, lang),
               t("table.kind", lang): describe_kind(kind_of(trajectory.kinds, year), lang)
               if year in series.values else "",
               t("table.basis", lang): t(f"chart.basis_{series.basis[year]}", lang) if year in series.basis else ""}
        for planned in trajectory.targets:
            if planned.path is not None:
                row[required_path_header(planned.path, planned.plan_label, target_tag(planned.target, lang), lang)] = \
                    format_value(planned.path.values.get(year), unit, lang)
        projection = trajectory.projected(year)
        row[t("table.projection", lang)] = format_value(projection.value if projection else None, unit, lang)
        row[t("table.interval80", lang)] = "" if projection is None else \
            f"{format_value(projection.intervals[0.80][0], unit, lang)}–" \
            f"{format_value(projection.intervals[0.80][1], unit, lang)}"
        rows.append(row)
    return pd.DataFrame(rows)


def describe_quote_check(target, lang: str) -> str:
    """Where the sentence was read and whether in full: "đọc đủ, 02/12/2026" or what remains unknown."""
    if not target.quote_complete:
        unknown = target.quote_unknown_vi if lang == "vi" else target.quote_unknown_en
        return t("register.quote_incomplete", lang, unknown=unknown)
    if target.quote_read:
        return t("register.quote_complete", lang, day=format_date(dt.date.fromisoformat(target.quote_read), lang))
    return ""


def build_plans_table(register, lang: str) -> pd.DataFrame:
    """Every plan of the register: its name, number, day, who issued it and where its text was read;
    "–" where the register does not know (never guessed)."""
    def day(value) -> str:
        return format_date(dt.date.fromisoformat(value), lang) if value else "–"

    suffix = "vi" if lang == "vi" else "en"
    rows = [{t("method_page.col_plan", lang): register.plan_name(plan, lang),
             t("method_page.col_plan_number", lang): entry.get("number") or "–",
             t("method_page.col_plan_issued", lang): day(entry.get("issued_on")),
             t("method_page.col_plan_issuer", lang): entry.get(f"issuer_{suffix}") or "–",
             t("method_page.col_plan_source", lang): entry.get("source") or "–"}
            for plan, entry in register.plans.items()]
    return pd.DataFrame(rows, columns=[t(f"method_page.col_{name}", lang) for name in
                                       ("plan", "plan_number", "plan_issued", "plan_issuer", "plan_source")])


def build_register_table(register, lang: str) -> pd.DataFrame:
    """Every target: plan, indicator, what is aimed for (each condition, in the target's direction),
    from which base, on which territory, and the sentence it comes from with where it was read and
    whether in full, marked when that sentence is our paraphrase."""
    rows = []
    for target in register.targets:
        rows.append({
            t("register.plan", lang): register.plan_name(target.plan, lang, short=True),
            t("register.indicator", lang): indicator_name(target, register, lang),
            t("register.aim", lang): describe_aim(target, lang),
            t("register.base", lang): "–".join(map(str, target.baseline["period"])) if target.is_period_total
            else str(target.base_year),
            t("register.territory", lang): t(f"controls.territory_{target.territory_basis}", lang),
            t("register.role", lang): t("register.reference" if target.reference else "register.own", lang),
            t("register.quote", lang): target.quote + ("" if target.quote_verified else " " + t("register.unverified", lang)),
            t("register.quote_source", lang): target.quote_source or "",
            t("register.quote_state", lang): describe_quote_check(target, lang),
            t("register.note", lang): target.note(lang) or "",
        })
    return pd.DataFrame(rows)


THRESHOLD_ROWS = ("achieved", "on_track", "needs_acceleration", "limited_progress", "moving_away", "not_assessable")


def build_thresholds_table(lang: str) -> pd.DataFrame:
    """Each status and the condition that gives it under each method."""
    return pd.DataFrame([{t("thresholds.status", lang): status_text("progress", status, lang),
                          **{t(f"method.{method}_name", lang): t(f"thresholds.{method}_{status}", lang)
                             for method in ("eurostat", "un", "destatis")}}
                         for status in THRESHOLD_ROWS])


def describe_last_update(last: dict, lang: str) -> str:
    """The sidebar's last-update line for the newest batch (queries.load_last_batch): its time in Viet
    Nam, number and author, then its file, or the batch a revert undid (a revert has no file), Markdown
    signs in the typed names escaped."""
    common = dict(date=format_utc_as_vietnam_time(pd.Timestamp(last["loaded_at"]).to_pydatetime(), lang),
                  batch=last["batch_id"], user=markdown_literal(last["loaded_by"]))
    if last["kind"] == "revert":
        return t("app.last_update_revert", lang, reverted=int(last["reverts_batch"]), **common)
    if last["file_name"]:
        return t("app.last_update", lang, file=markdown_literal(last["file_name"]), **common)
    return t("app.last_update_no_file", lang, **common)


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
            lambda moment: format_utc_as_vietnam_time(pd.Timestamp(moment).to_pydatetime(), lang)),
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
            lambda moment: format_utc_as_vietnam_time(pd.Timestamp(moment).to_pydatetime(), lang)),
        t("history.col_who", lang): events["actor"],
        t("history.col_channel", lang): events["channel"].map(lambda c: t(f"history.channel_{c}", lang)),
        t("history.col_action", lang): events["action"].map(lambda a: t(f"audit.{a}", lang)),
        t("history.col_batch", lang): events["batch_id"].map(lambda b: "" if pd.isna(b) else str(int(b))),
        t("history.col_detail", lang): events["detail"].map(lambda d: describe_audit_detail(d, lang)),
    })


# How a detail value reads: a count in the reader's number format, a code through its translation.
_COUNT_KEYS = {"errors", "warnings", "added", "changed", "unchanged", "flagged", "restored", "withdrawn",
               "skipped", "seconds", "keep"}
_CODED_KEYS = {"reason": "audit_detail.reason_", "origin": "audit_detail.origin_", "subject": "tracker.subject.",
               "role": "sign_in.role_", "review_kind": "plan_review.kind."}


def describe_audit_detail(detail: object, lang: str) -> str:
    """An audit event's detail (JSON text as stored) as one readable sentence in `lang`: "tệp a.xlsx;
    3 thêm mới; lý do: ...". A key without a translation reads "key: value"; text a person typed (a note,
    a file name) is shown as it was written, never interpreted."""
    if detail is None or (isinstance(detail, float) and pd.isna(detail)) or detail == "":
        return ""
    try:
        parsed = json.loads(detail) if isinstance(detail, str) else detail
    except ValueError:
        return str(detail)  # not JSON: an old or hand-made record, shown as written
    if not isinstance(parsed, dict):
        return str(parsed)
    sentence = "; ".join(_describe_pairs(parsed, lang))
    return sentence[:1].upper() + sentence[1:] + "." if sentence else ""


def _describe_pairs(detail: dict, lang: str) -> list[str]:
    parts = []
    for key, value in detail.items():
        if key == "batch_id" or value is None or value == "" or value == [] or value == {}:
            continue  # the batch has its own column
        if isinstance(value, dict):  # a tracker batch's counts
            parts.extend(_describe_pairs(value, lang))
            continue
        shown = _describe_value(key, value, lang)
        try:
            parts.append(t(f"audit_detail.{key}", lang, value=shown))
        except KeyError:
            parts.append(t("audit_detail.unknown", lang, name=key, value=shown))
    return parts


def _describe_value(key: str, value: object, lang: str) -> str:
    if isinstance(value, bool):
        return t("audit_detail.yes" if value else "audit_detail.no", lang)
    if key in _COUNT_KEYS and isinstance(value, (int, float)):
        return format_number(value, lang)
    if key in _CODED_KEYS and isinstance(value, str):
        try:
            return t(_CODED_KEYS[key] + value, lang)
        except KeyError:
            return value
    if key == "sha256" and isinstance(value, str):
        return value[:12] + "…"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def build_accounts_table(accounts: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Accounts for an admin: name, role, enabled or not, a sign-in wait in force, when the password was set."""
    def moment(value: object) -> str:
        if value is None or pd.isna(value):
            return ""
        return format_utc_as_vietnam_time(pd.Timestamp(value).to_pydatetime(), lang)

    return pd.DataFrame({
        t("sign_in.name", lang): accounts["name"],
        t("accounts.role", lang): accounts["role"].map(lambda r: t(f"sign_in.role_{r}", lang)),
        t("accounts.state", lang): accounts["disabled"].map(
            lambda d: t("accounts.state_disabled" if d else "accounts.state_active", lang)),
        t("accounts.wait_until", lang): accounts["wait_until"].map(lambda value: moment(value) if wait_in_force(value) else ""),
        t("accounts.password_set", lang): accounts["password_set_at"].map(moment),
    })


def wait_in_force(value: object) -> bool:
    """A UTC moment (naive, as stored) still to come: a sign-in wait that has passed is not shown."""
    if value is None or pd.isna(value):
        return False
    return pd.Timestamp(value).to_pydatetime() > dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def build_scenario_table(rows, lang: str) -> pd.DataFrame:
    """A scenario's table, one row per target: the plan by name, what the target asks (its year included)
    and the level that means in its target year, the year the scenario reaches it (or that it already has, or not by the
    horizon), the status it would have in its target year (with the engine's reason), and the pace it
    needs from the latest figure. `rows` holds (target, the plan's name, its ScenarioOutcome)."""
    def reached(outcome) -> str:
        if outcome.already_achieved:
            return t("scenario.reached_already", lang, year=outcome.as_reported.latest_year)
        if outcome.reached_year is None:
            # A period total counts nothing after its period: "not by 2030", not the scenario's horizon.
            a = outcome.at_target_year
            return t("scenario.reached_never", lang, year=outcome.horizon if a.period is None else a.target_year)
        return str(outcome.reached_year)

    def pace(outcome) -> str:
        a = outcome.as_reported
        if outcome.already_achieved:
            return "–"
        return format_change(outcome.pace_needed, a.unit, lang) if outcome.pace_is_change \
            else format_percent(outcome.pace_needed, lang, 2)

    table = pd.DataFrame([{
        "plan": plan, "aim": describe_aim(target, lang),
        "level": format_value(outcome.at_target_year.target_value, target.unit, lang),
        "reached": reached(outcome),
        "status": status_text("progress", outcome.status, lang) + (
            f" ({t(f'status.reason_{outcome.reason}', lang)})" if outcome.reason else ""),
        "pace": pace(outcome)} for target, plan, outcome in rows],
        columns=["plan", "aim", "level", "reached", "status", "pace"])
    return table.rename(columns={column: t(f"scenario.column_{column}", lang) for column in table.columns})
