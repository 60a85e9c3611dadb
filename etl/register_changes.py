"""The plan register's changes, without the write machinery: what a submission changes against the current
entries, the entries after those changes, their rows as the versions table takes them, and the seed from
the shipped YAML files (`etl init`, and a restore of a database from before the register moved into it).

Apart from etl/register_writes.py so that a restore (etl/backup.py) can seed the register without importing the
write side, which backs up through etl/backup.py.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Iterable

import duckdb
import pandas as pd

from ipmonitor.store import db
from ipmonitor.register.register_store import (RegisterEntry, build_registers, canonical_json,
                                            entries_from_files, load_register_entries)

CHANGES = ("added", "changed", "withdrawn")


@dataclass
class RegisterChange:
    """One entry a submission adds, changes or withdraws, with its fields before and after."""

    kind: str
    entry_id: str
    change: str  # added, changed, withdrawn
    old_body: dict | None
    new_body: dict | None
    position: int | None


def compute_register_changes(current: list[RegisterEntry], incoming: list[RegisterEntry],
                             removals: Iterable[tuple[str, str]]) -> list[RegisterChange]:
    """What a submission changes: entries new or different from the current ones, and removals of
    entries that exist. An incoming entry equal to the current one changes nothing."""
    now = {entry.key: entry for entry in current}
    changes: list[RegisterChange] = []
    for entry in incoming:
        old = now.get(entry.key)
        if old is None:
            changes.append(RegisterChange(entry.kind, entry.entry_id, "added", None, entry.body, entry.position))
        elif old.body_json() != entry.body_json():
            changes.append(RegisterChange(entry.kind, entry.entry_id, "changed", old.body, entry.body, old.position))
    for key in removals:
        if key in now:
            changes.append(RegisterChange(key[0], key[1], "withdrawn", now[key].body, None, None))
    return changes


def apply_changes(current: list[RegisterEntry], changes: Iterable[RegisterChange]) -> list[RegisterEntry]:
    """The register's entries after the changes."""
    entries = {entry.key: entry for entry in current}
    for change in changes:
        key = (change.kind, change.entry_id)
        if change.change == "withdrawn":
            entries.pop(key, None)
        else:
            entries[key] = RegisterEntry(change.kind, change.entry_id, change.position, change.new_body)
    return list(entries.values())


def _versions_frame(rows: list[tuple[str, str, int | None, str | None, bool]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["kind", "entry_id", "position", "body", "withdrawn"]).astype(
        {"position": "Int64", "withdrawn": bool})


def changes_frame(changes: Iterable[RegisterChange]) -> pd.DataFrame:
    """Register changes as the rows of insert_plan_register_versions.sql."""
    return _versions_frame([(c.kind, c.entry_id, c.position, canonical_json(c.new_body) if c.new_body is not None
                             else None, c.change == "withdrawn") for c in changes])



@dataclass
class SeedResult:
    """What `etl init` did to the register: whether it wrote the shipped files' entries, and whether it
    was left alone because an admin has changed it (the shipped files' differences then wait for an admin)."""

    written: bool
    counts: dict[str, int]
    kept_admin_edits: bool = False
    differences: int = 0


def seed_plan_register(con: duckdb.DuckDBPyConnection) -> SeedResult:
    """Bring the register in line with the shipped YAML files while only `etl init` has written it (the
    first time, and after a release corrects the files); once an admin has changed it, leave it and
    count the differences. The shipped files must pass the register's rules."""
    shipped = entries_from_files()
    build_registers(shipped)  # a broken shipped file stops init before anything is written
    current = load_register_entries(con)
    positions = {entry.key: entry.position for entry in current}
    incoming = [RegisterEntry(e.kind, e.entry_id, positions.get(e.key, e.position), e.body) for e in shipped]
    shipped_keys = {entry.key for entry in shipped}
    changes = compute_register_changes(current, incoming, [e.key for e in current if e.key not in shipped_keys])
    # A shipped entry that moved in its file keeps its place: the register's order is the files' order.
    order = {e.key: e.position for e in shipped}
    moved = [RegisterChange(e.kind, e.entry_id, "changed", e.body, e.body, order[e.key]) for e in current
             if e.key in order and order[e.key] != e.position and e.key not in {(c.kind, c.entry_id) for c in changes}]
    changes = [RegisterChange(c.kind, c.entry_id, c.change, c.old_body, c.new_body,
                              order.get((c.kind, c.entry_id), c.position) if c.change != "withdrawn" else None)
               for c in changes] + moved
    counts = {change: sum(1 for c in changes if c.change == change) for change in CHANGES}
    if not changes:
        return SeedResult(False, counts)
    if con.execute("SELECT count(*) FROM plan_register_version WHERE batch_id IS NOT NULL").fetchone()[0]:
        return SeedResult(False, counts, kept_admin_edits=True, differences=len(changes))
    # No batch and no audit event, like the shipped figures' seed: the register is the shipped files.
    with db.transaction(con):
        con.register("pending", changes_frame(changes))
        try:
            db.execute(con, "insert_plan_register_versions", {"batch_id": None})
        finally:
            con.unregister("pending")
    return SeedResult(True, counts)


def ensure_plan_register(con: duckdb.DuckDBPyConnection) -> bool:
    """Seed the register from the shipped files when the database has none (a database made before the
    register moved into it, brought up to date by the app or a restore rather than by `etl init`);
    True when it did. A register already there is never touched."""
    if con.execute("SELECT count(*) FROM plan_register_version").fetchone()[0]:
        return False
    return seed_plan_register(con).written


def compute_status_moves(con: duckdb.DuckDBPyConnection, before, after) -> dict[str, tuple[str | None, str | None]]:
    """The targets whose status differs between two registers on today's figures: id -> (before, after);
    None where the target is not in that register."""
    from ipmonitor.progress.scoreboard import assess_register  # the status engine, only when a preview asks

    def statuses(registers) -> dict[str, str]:
        return {result.target_id: result.assessment.status
                for result in assess_register(con, register=registers.targets)}

    old, new = statuses(before), statuses(after)
    return {target: (old.get(target), new.get(target)) for target in sorted(set(old) | set(new))
            if old.get(target) != new.get(target)}


def revert_changes(rows: pd.DataFrame) -> list[RegisterChange]:
    """A revert's rows (etl.batches.VersionedRecords.plan_revert) as register changes."""
    return [RegisterChange(row["kind"], row["entry_id"], "withdrawn" if row["withdrawn"] else
                           "added" if row["batch_withdrew"] else "changed",
                           json.loads(row["old_body"]) if row["old_body"] is not None else None,
                           None if row["withdrawn"] else json.loads(row["new_body"]),
                           None if row["withdrawn"] else int(row["new_position"]))
            for row in rows.to_dict("records")]


def register_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """What a batch writes: a commit's changes as they are, a revert's rows made into changes first."""
    return rows if "body" in rows.columns else changes_frame(revert_changes(rows))


def check_register_revert(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame) -> dict[str, Any]:
    """A revert must leave a register that passes its rules (ValueError, one broken rule a line: the revert
    is refused, nothing written); its audit event keeps the target statuses it moves."""
    current = load_register_entries(con)
    try:
        after = build_registers(apply_changes(current, revert_changes(rows)))
    except (TypeError, KeyError) as error:  # a register too broken for its checks to name the rule
        raise ValueError(str(error)) from error
    moves = compute_status_moves(con, build_registers(current), after)
    return {"status_moves": {target: list(move) for target, move in moves.items()}}
