"""The plan register's changes as a reader sees them: a table of the entries a submission or a batch adds,
changes or withdraws (each with its name and the fields that differ), and a table of the target statuses
it moves. Used by the admin's preview, History and the command line."""
from __future__ import annotations

from typing import Any, Iterable, Protocol

import pandas as pd

from ipmonitor.i18n import t
from ipmonitor.register.targets import Register

SHOWN_LIMIT = 120  # a quote or a note is cut in the table; the workbook keeps it whole


class RegisterChangeLike(Protocol):
    kind: str
    entry_id: str
    change: str
    old_body: dict | None
    new_body: dict | None


def flatten_body(body: dict[str, Any] | None, prefix: str = "") -> dict[str, Any]:
    """An entry's fields with nested ones as dotted names (`target.value`), as the workbook's columns."""
    cells: dict[str, Any] = {}
    for name, value in (body or {}).items():
        if isinstance(value, dict):
            cells.update(flatten_body(value, f"{prefix}{name}."))
        else:
            cells[prefix + name] = value
    return cells


def cell_text(value: Any) -> str:
    """A field's value as an admin types it: a list's items separated by "; ", nothing for none."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    return str(value)


def _shown(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, list):
        value = "; ".join(str(item) for item in value)
    text = str(value)
    return text if len(text) <= SHOWN_LIMIT else text[:SHOWN_LIMIT - 1] + "…"


def entry_name(kind: str, body: dict[str, Any] | None, lang: str) -> str:
    """An entry's name in `lang` (a plan's, an indicator's, a task's title, an agency's), else ""."""
    body = body or {}
    suffix = "vi" if lang == "vi" else "en"
    for field in (f"name_{suffix}", f"title_{suffix}", f"note_{suffix}"):
        if body.get(field):
            return _shown(body[field])
    if kind == "target":
        return _shown(body.get("quote"))
    return ""


def describe_field_changes(old: dict | None, new: dict | None) -> str:
    """The fields that differ, "field: old → new", one per line."""
    before, after = flatten_body(old), flatten_body(new)
    lines = []
    for name in list(dict.fromkeys([*before, *after])):
        if before.get(name) != after.get(name):
            lines.append(f"{name}: {_shown(before.get(name))} → {_shown(after.get(name))}")
    return "\n".join(lines)


def build_register_change_table(changes: Iterable[RegisterChangeLike], lang: str) -> pd.DataFrame:
    """One row per entry changed: its kind, id, name, what happens to it and, for a change, which fields."""
    rows = []
    for change in changes:
        body = change.new_body if change.new_body is not None else change.old_body
        fields = "" if change.change != "changed" else describe_field_changes(change.old_body, change.new_body)
        rows.append({
            t("plans.col_kind", lang): t(f"plans.kind.{change.kind}", lang),
            t("plans.col_id", lang): change.entry_id,
            t("plans.col_name", lang): entry_name(change.kind, body, lang),
            t("plans.col_change", lang): t(f"plans.change.{change.change}", lang),
            t("plans.col_fields", lang): fields,
        })
    columns = [t(f"plans.col_{name}", lang) for name in ("kind", "id", "name", "change", "fields")]
    return pd.DataFrame(rows, columns=columns)


def _find_target(target_id: str, *registers: Register | None):
    for register in registers:
        for target in (register.targets if register is not None else ()):
            if target.id == target_id:
                return register, target
    return None, None


def build_status_move_table(moves: dict[str, tuple[str | None, str | None]], before: Register | None,
                            after: Register | None, lang: str) -> pd.DataFrame:
    """One row per target whose status the change moves: the plan's name, the target's sentence, the
    status before and after ("–" where the target is not in that register)."""
    rows = []
    for target_id, (old, new) in moves.items():
        register, target = _find_target(target_id, after, before)
        rows.append({
            t("plans.col_plan", lang): register.plan_name(target.plan, lang, short=True) if target else "",
            t("plans.col_target", lang): _shown(target.quote) if target else target_id,
            t("plans.col_status_before", lang): t(f"status.{old}", lang) if old else "–",
            t("plans.col_status_after", lang): t(f"status.{new}", lang) if new else "–",
        })
    columns = [t(f"plans.col_{name}", lang) for name in ("plan", "target", "status_before", "status_after")]
    return pd.DataFrame(rows, columns=columns)
