"""The plan register in the database, read side: entries (plans, indicators, targets, task areas, tasks,
agencies, the reporting calendar) put back into the registers every page, the deck and the PDF use.

The shipped YAML files are the seed (`etl init` writes them as the first plan-register batch); after that
the database is the register, changed by admins in batches like the figures (etl/register_writes.py). One entry is
one item of the YAML files, its fields kept as a JSON object in the files' own shape, so that the
database's register is checked by exactly the code that checks the files (`build_target_register`,
`build_plan_register`).
"""
from __future__ import annotations

import datetime as dt
import json
import os
from collections import OrderedDict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterable

import duckdb

from ipmonitor.store import db
from ipmonitor.register.plan_register import (AGENCIES_FILE, PLAN_DIR, REPORTING_FILE, TASKS_FILE,
                                             PlanRegister, build_plan_register)
from ipmonitor.store.record_versions import VersionedTable, load_batch_versions
from ipmonitor.register.targets import TARGETS_ENV_VAR, TARGETS_FILE, Register, build_target_register
from ipmonitor.yaml_files import read_yaml

# The register's kinds, in the order a workbook shows them and a preview lists them.
KINDS = ("plan", "indicator", "target", "task_area", "task", "agency", "reporting")
PLAN_REGISTER = "plan_register"  # the batch subject (migration 010)
REPORTING_ENTRY = "calendar"  # the reporting calendar is one entry
AGENCY_DATES = ("active_from", "active_to")


def _register_order(frame):
    """By kind, then each entry's place (its place before, for one the batch withdrew), then id."""
    place = frame["new_position"].fillna(frame["old_position"])
    return frame.assign(_place=place).sort_values(["kind", "_place", "entry_id"], kind="stable",
                                                  na_position="last").drop(columns="_place")


VERSIONS = VersionedTable(PLAN_REGISTER, "plan_register_version", ("kind", "entry_id"), ("position", "body"),
                          _register_order, json_fields=("body",))


class RegisterMissing(LookupError):
    """The database holds no plan register (made before the register moved into it, and not yet
    brought up to date by `etl init`)."""


@dataclass(frozen=True)
class RegisterEntry:
    """One item of the register: its kind, its id, its place in its kind's list and its fields."""

    kind: str
    entry_id: str
    position: int
    body: dict[str, Any]

    @property
    def key(self) -> tuple[str, str]:
        return self.kind, self.entry_id

    def body_json(self) -> str:
        """The fields as canonical JSON text: two entries with the same fields have the same text."""
        return canonical_json(self.body)


@dataclass(frozen=True)
class Registers:
    """The target register and the plan register (tasks, agencies, calendar), built from one set of entries."""

    targets: Register
    plan: PlanRegister


def _json_default(value: object) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"not JSON: {value!r}")


def canonical_json(body: dict[str, Any]) -> str:
    """A body as JSON text with sorted keys and dates as YYYY-MM-DD."""
    return json.dumps(body, ensure_ascii=False, sort_keys=True, default=_json_default)


def shipped_targets_file() -> Path:
    """The targets file that seeds a register: $IPMONITOR_TARGETS (a trial deployment, a test), else the shipped one."""
    return Path(os.environ.get(TARGETS_ENV_VAR) or TARGETS_FILE)


def entries_from_files(targets_file: Path | None = None, plan_folder: Path = PLAN_DIR) -> list[RegisterEntry]:
    """The register's entries as the YAML files hold them (the seed)."""
    targets = read_yaml(targets_file or shipped_targets_file())
    tasks = read_yaml(plan_folder / TASKS_FILE)
    agencies = read_yaml(plan_folder / AGENCIES_FILE)
    reporting = read_yaml(plan_folder / REPORTING_FILE)
    return entries_from_mappings(targets, tasks, agencies, reporting)


def _round_trip(body: dict[str, Any]) -> dict[str, Any]:
    # What the database will give back: dates as text, tuples as lists.
    return json.loads(canonical_json(body))


def entries_from_mappings(targets: dict[str, Any], tasks: dict[str, Any], agencies: dict[str, Any],
                          reporting: dict[str, Any]) -> list[RegisterEntry]:
    """Entries from the four files' mappings; each body without its id, which is the entry's."""
    checks = targets.get("quote_checks") or {}
    entries: list[RegisterEntry] = []

    def add(kind: str, items: Iterable[tuple[object, dict[str, Any]]]) -> None:
        for position, (entry_id, body) in enumerate(items):
            entries.append(RegisterEntry(kind, str(entry_id), position, _round_trip(body)))

    add("plan", (targets.get("plans") or {}).items())
    add("indicator", (targets.get("indicators") or {}).items())
    add("target", ((entry["id"], _without(entry, "id") | ({"quote_check": checks[entry["id"]]}
                                                            if entry["id"] in checks else {}))
                   for entry in targets.get("targets") or []))
    add("task_area", ((entry["number"], _without(entry, "number")) for entry in tasks.get("areas") or []))
    add("task", ((entry["id"], _without(entry, "id")) for entry in tasks.get("tasks") or []))
    add("agency", ((entry["id"], _without(entry, "id")) for entry in agencies.get("agencies") or []))
    add("reporting", [(REPORTING_ENTRY, reporting)])
    return entries


def _without(entry: dict[str, Any], key: str) -> dict[str, Any]:
    return {name: value for name, value in entry.items() if name != key}


def _date_or_text(value: object) -> object:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value  # left for the register's own check to name
    return value


def mappings_from_entries(entries: Iterable[RegisterEntry]) -> tuple[dict, dict, dict, dict]:
    """The four files' mappings (targets, tasks, agencies, reporting) from entries, in their positions."""
    by_kind: dict[str, list[RegisterEntry]] = {kind: [] for kind in KINDS}
    for entry in entries:
        by_kind[entry.kind].append(entry)
    for items in by_kind.values():
        items.sort(key=lambda entry: (entry.position, entry.entry_id))
    targets = {
        "plans": {e.entry_id: dict(e.body) for e in by_kind["plan"]},
        "indicators": {e.entry_id: dict(e.body) for e in by_kind["indicator"]},
        "targets": [{"id": e.entry_id, **_without(e.body, "quote_check")} for e in by_kind["target"]],
        "quote_checks": {e.entry_id: dict(e.body["quote_check"]) for e in by_kind["target"]
                         if "quote_check" in e.body},
    }
    tasks = {"areas": [{"number": _area_number(e.entry_id), **e.body} for e in by_kind["task_area"]],
             "tasks": [{"id": e.entry_id, **e.body} for e in by_kind["task"]]}
    agencies = {"agencies": [{"id": e.entry_id, **{name: _date_or_text(value) if name in AGENCY_DATES else value
                                                     for name, value in e.body.items()}}
                             for e in by_kind["agency"]]}
    reporting = dict(by_kind["reporting"][0].body) if by_kind["reporting"] else {}
    return targets, tasks, agencies, reporting


def _area_number(entry_id: str) -> int | str:
    return int(entry_id) if entry_id.isdigit() else entry_id


def build_registers(entries: Iterable[RegisterEntry]) -> Registers:
    """Both registers from entries, checked by the same code as the files. Raises ValueError naming
    what is wrong."""
    targets, tasks, agencies, reporting = mappings_from_entries(entries)
    target_register = build_target_register(targets, origin="the database's register")
    plan_register = replace(build_plan_register(agencies, tasks, reporting, origin="the database"),
                            plan_short_names={plan: (names.get("short_vi", plan), names.get("short_en", plan))
                                              for plan, names in target_register.plans.items()})
    registers = Registers(target_register, plan_register)
    unknown = [f"tasks.yaml: {task.id}: unknown plan {task.plan!r}" for task in registers.plan.tasks.values()
               if task.plan not in registers.targets.plans]
    if unknown:
        raise ValueError("the plan register in the database has problems:\n" + "\n".join(unknown))
    return registers


def load_register_entries(con: duckdb.DuckDBPyConnection) -> list[RegisterEntry]:
    """The register's current entries in the database."""
    return [RegisterEntry(kind, entry_id, position, json.loads(body))
            for kind, entry_id, position, body in db.execute(con, "current_plan_register")]


_BUILT: OrderedDict[tuple, Registers] = OrderedDict()
_BUILT_LIMIT = 8  # a few databases (tests, a restore) at once; each register is small


def load_registers(con: duckdb.DuckDBPyConnection) -> Registers:
    """The registers as the database holds them now, built once per state of the register (its newest
    batch, its newest restore) and kept. Raises RegisterMissing for a database with no register."""
    version = tuple(db.execute(con, "plan_register_version")[0])
    if version in _BUILT:
        _BUILT.move_to_end(version)
        return _BUILT[version]
    entries = load_register_entries(con)
    if not entries:
        raise RegisterMissing("the database has no plan register: run `python -m etl init` to add the shipped one")
    registers = build_registers(entries)
    _BUILT[version] = registers
    while len(_BUILT) > _BUILT_LIMIT:
        _BUILT.popitem(last=False)
    return registers


def load_target_register_from(con: duckdb.DuckDBPyConnection) -> Register:
    """The target register (plans, indicators, targets) the database holds now."""
    return load_registers(con).targets


def load_plan_register_from(con: duckdb.DuckDBPyConnection) -> PlanRegister:
    """The plan register (areas, tasks, agencies, reporting calendar) the database holds now."""
    return load_registers(con).plan


@dataclass(frozen=True)
class RegisterBatchChange:
    """One entry a plan-register batch wrote: what happened to it, its fields before and after."""

    kind: str
    entry_id: str
    change: str  # added, changed, withdrawn
    old_body: dict | None
    new_body: dict | None


def load_register_batch_changes(con: duckdb.DuckDBPyConnection, batch_id: int) -> list[RegisterBatchChange]:
    """What one plan-register batch wrote, each entry beside its version before (History's table)."""
    frame = load_batch_versions(con, VERSIONS, batch_id)
    return [RegisterBatchChange(row.kind, row.entry_id, row.change,
                                json.loads(row.old_body) if isinstance(row.old_body, str) else None,
                                json.loads(row.new_body) if isinstance(row.new_body, str) else None)
            for row in frame.itertuples(index=False)]


def load_register_batch_status_moves(con: duckdb.DuckDBPyConnection,
                                     batch_id: int) -> dict[str, tuple[str | None, str | None]]:
    """The target statuses a plan-register batch moved, as worked out when it was written."""
    rows = db.execute(con, "plan_register_batch_status_moves", {"batch_id": batch_id})
    if not rows:
        return {}
    detail = json.loads(rows[0][0]) if isinstance(rows[0][0], str) else (rows[0][0] or {})
    return {target: (move[0], move[1]) for target, move in (detail.get("status_moves") or {}).items()}
