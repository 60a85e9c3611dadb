"""The plan register, write side: check an admin's changes against the whole register, preview them, write
them as one batch, revert such a batch, and seed the register from the shipped YAML (`etl init`).

The same stages as a figures file and the tracker: read (a workbook, etl/plan_workbook.py) → check (every
problem at once; the register after the change must pass the same rules as the shipped files) → compare
with the current entries (a preview that writes nothing, with the target statuses the change would move)
→ load (a backup, then one transaction holding the batch, its versions and its audit event). A preview
remembers a fingerprint of the register it was made on; a commit after someone else changed the register
is refused with StalePreview.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any, Iterable

import duckdb
import pandas as pd

from etl.batches import Audit, Pending, RevertRefused, RevertResult, VersionedRecords, revert, write_batch
from etl.plan_workbook import ReadWorkbook
from etl.problems import ERROR, Problem, has_errors
from ipmonitor import db
from ipmonitor.register_store import (KINDS, PLAN_REGISTER, VERSIONS, RegisterEntry, build_registers,
                                      canonical_json, entries_from_files, load_register_entries)

SUBJECT = PLAN_REGISTER
AUDIT_ACTION = "plan_register_update"
CHANGES = ("added", "changed", "withdrawn")
# "T9: unknown plan x", "tasks.yaml: 3.b: unknown lead agency": the entry a register rule names.
_NAMED_TARGET = re.compile(r"^(?P<id>[^:\s]+): ")
_NAMED_ITEM = re.compile(r"^(?P<file>[a-z]+)\.yaml: (?P<id>[^:]+): ")
_FILE_KIND = {"agencies": "agency", "tasks": "task", "reporting": "reporting"}


@dataclass
class RegisterChange:
    """One entry a submission adds, changes or withdraws, with its fields before and after."""

    kind: str
    entry_id: str
    change: str  # added, changed, withdrawn
    old_body: dict | None
    new_body: dict | None
    position: int | None


@dataclass
class RegisterReview:
    """A checked submission: its problems, the changes it would write, the statuses those changes would
    move (target id -> (status before, status after)), and the fingerprint of the register it was made on."""

    problems: list[Problem]
    changes: list[RegisterChange] = field(default_factory=list)
    fingerprint: str = ""
    status_moves: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    registers_before: Any = None  # Registers, for naming what the preview shows
    registers_after: Any = None

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)

    @property
    def is_empty(self) -> bool:
        return not self.changes

    @property
    def counts(self) -> dict[str, int]:
        return {change: sum(1 for c in self.changes if c.change == change) for change in CHANGES}


def compute_fingerprint(entries: Iterable[RegisterEntry]) -> str:
    """A digest of the whole register: any change to any entry changes it."""
    digest = hashlib.sha256()
    for entry in sorted(entries, key=lambda e: e.key):
        digest.update(json.dumps([entry.kind, entry.entry_id, entry.position, entry.body_json()],
                                 ensure_ascii=False).encode())
    return digest.hexdigest()


def positions_of(entries: Iterable[RegisterEntry]) -> tuple[dict[tuple[str, str], int], dict[str, int]]:
    """Each entry's place, and the next free place per kind (where a new entry goes)."""
    positions = {entry.key: entry.position for entry in entries}
    next_free = {kind: 1 + max((p for (k, _), p in positions.items() if k == kind), default=-1) for kind in KINDS}
    return positions, next_free


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


def _rule_problems(error: ValueError, rows: dict[tuple[str, str], tuple[str, int]]) -> list[Problem]:
    """The register's rules broken after the change, one problem per line, at the row of the entry each
    names when the submission holds it."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    if len(lines) > 1 and lines[0].startswith("the plan register"):
        lines = lines[1:]
    problems = []
    for line in lines:
        sheet = row = None
        named = _NAMED_ITEM.match(line)
        if named:
            key = (_FILE_KIND.get(named["file"], named["file"]), named["id"])
        else:
            target = _NAMED_TARGET.match(line)
            key = ("target", target["id"]) if target else None
        if key is not None:
            for kind in ((key[0],) if named else ("target", "plan", "indicator")):
                if (kind, key[1]) in rows:
                    sheet, row = rows[(kind, key[1])]
                    break
        problems.append(Problem("plans_rule", sheet=sheet, row=row, value=line[:300]))
    return problems


def prepare_register_changes(con: duckdb.DuckDBPyConnection, read: ReadWorkbook,
                             assess: bool = True) -> RegisterReview:
    """Check a read workbook against the register in the database; writes nothing. The register after
    the change must pass every rule the shipped files pass; `assess` also works out which targets'
    statuses the change would move."""
    current = load_register_entries(con)
    review = RegisterReview(list(read.problems), fingerprint=compute_fingerprint(current))
    for key in read.removals:
        if key not in {entry.key for entry in current}:
            sheet, row = read.rows[key]
            review.problems.append(Problem("plans_remove_unknown", sheet=sheet, row=row, column="id", value=key[1]))
    if has_errors(review.problems):
        return review
    review.changes = compute_register_changes(current, read.entries, read.removals)
    if review.is_empty:
        return review
    try:
        after = build_registers(apply_changes(current, review.changes))
    except (ValueError, TypeError, KeyError) as error:
        review.problems += _rule_problems(error if isinstance(error, ValueError) else ValueError(str(error)),
                                          read.rows)
        return review
    review.registers_before, review.registers_after = build_registers(current), after
    if assess:
        review.status_moves = compute_status_moves(con, review.registers_before, after)
    return review


def prepare_register_workbook(con: duckdb.DuckDBPyConnection, source) -> RegisterReview:
    """A workbook (a path or its bytes) read and checked against the register as it is now; writes nothing.
    New entries go after the existing ones of their kind, in the workbook's order."""
    from etl.plan_workbook import read_register_workbook

    positions, next_free = positions_of(load_register_entries(con))
    return prepare_register_changes(con, read_register_workbook(source, positions, next_free))


def prepare_field_edit(con: duckdb.DuckDBPyConnection, kind: str, entry_id: str, field_name: str,
                       text: str) -> RegisterReview:
    """One field of one entry typed in place (the admin's small edit): read as a workbook cell would be
    (an empty text leaves the field out), then checked and previewed like a workbook; writes nothing."""
    import copy

    from etl.plan_workbook import REQUIRED_EMPTY, ReadWorkbook, _value

    entries = {entry.key: entry for entry in load_register_entries(con)}
    read = ReadWorkbook(rows={(kind, entry_id): ("", 1)})
    entry = entries.get((kind, entry_id))
    if entry is None:
        read.problems.append(Problem("plans_no_entry", column="id", value=entry_id))
        return prepare_register_changes(con, read)
    body = copy.deepcopy(entry.body)
    *parents, last = field_name.split(".")
    place = body
    for part in parents:
        place = place.setdefault(part, {})
    if not text.strip():
        place.pop(last, None)
        for name, empty in REQUIRED_EMPTY.get(kind, {}).items():
            body.setdefault(name, copy.deepcopy(empty))
    else:
        try:
            place[last] = _value(kind, field_name, text)
        except ValueError as error:
            read.problems.append(Problem(f"plans_cell_{error}", column=field_name, value=text[:80]))
    read.entries.append(RegisterEntry(kind, entry_id, entry.position, body))
    return prepare_register_changes(con, read)


def compute_status_moves(con: duckdb.DuckDBPyConnection, before, after) -> dict[str, tuple[str | None, str | None]]:
    """The targets whose status differs between two registers on today's figures: id -> (before, after);
    None where the target is not in that register."""
    from ipmonitor.scoreboard import assess_register  # the status engine, only when a preview asks

    def statuses(registers) -> dict[str, str]:
        return {result.target_id: result.assessment.status
                for result in assess_register(con, register=registers.targets)}

    old, new = statuses(before), statuses(after)
    return {target: (old.get(target), new.get(target)) for target in sorted(set(old) | set(new))
            if old.get(target) != new.get(target)}


def _versions_frame(rows: list[tuple[str, str, int | None, str | None, bool]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["kind", "entry_id", "position", "body", "withdrawn"]).astype(
        {"position": "Int64", "withdrawn": bool})


def _changes_frame(changes: Iterable[RegisterChange]) -> pd.DataFrame:
    """Register changes as the rows of insert_plan_register_versions.sql."""
    return _versions_frame([(c.kind, c.entry_id, c.position, canonical_json(c.new_body) if c.new_body is not None
                             else None, c.change == "withdrawn") for c in changes])


def _revert_changes(rows: pd.DataFrame) -> list[RegisterChange]:
    """A revert's rows (etl.batches.VersionedRecords.plan_revert) as register changes."""
    return [RegisterChange(row["kind"], row["entry_id"], "withdrawn" if row["withdrawn"] else
                           "added" if row["batch_withdrew"] else "changed",
                           json.loads(row["old_body"]) if row["old_body"] is not None else None,
                           None if row["withdrawn"] else json.loads(row["new_body"]),
                           None if row["withdrawn"] else int(row["new_position"]))
            for row in rows.to_dict("records")]


def _revert_frame(rows: pd.DataFrame) -> pd.DataFrame:
    """What a batch writes: a commit's changes as they are, a revert's rows made into changes first."""
    return rows if "body" in rows.columns else _changes_frame(_revert_changes(rows))


def _check_revert(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame) -> dict[str, Any]:
    """A revert must leave a register that passes its rules (RevertRefused, nothing written); its audit
    event keeps the target statuses it moves."""
    current = load_register_entries(con)
    try:
        after = build_registers(apply_changes(current, _revert_changes(rows)))
    except (ValueError, TypeError, KeyError) as error:
        raise RevertRefused(str(error)) from error
    moves = compute_status_moves(con, build_registers(current), after)
    return {"status_moves": {target: list(move) for target, move in moves.items()}}


REGISTER_BATCHES = VersionedRecords(VERSIONS, "insert_plan_register_versions", frame=_revert_frame,
                                    rules=_check_revert)


def commit_register_review(con: duckdb.DuckDBPyConnection, review: RegisterReview, *, loaded_by: str,
                           note: str | None, channel: str = "app", backup: bool = True) -> int | None:
    """Write a review's changes as one batch with its audit event (etl.batches.write_batch); None when it
    changes nothing.

    Raises ValueError for a review with errors, StalePreview when the register changed since the
    preview (recorded as commit_refused), BackupFailed when the backup taken first cannot be written."""
    if not review.ok:
        raise ValueError("a plan-register submission with errors cannot be committed")
    counts = review.counts
    audit = Audit(AUDIT_ACTION, {"subject": SUBJECT, "counts": counts}, channel=channel, written={
        "entries": [f"{c.kind}:{c.entry_id}:{c.change}" for c in review.changes][:200],
        "status_moves": {target: list(move) for target, move in review.status_moves.items()}})
    return write_batch(con, REGISTER_BATCHES, Pending(_changes_frame(review.changes), counts), loaded_by=loaded_by,
                       note=note, audit=audit, backup=backup,
                       is_fresh=lambda con: compute_fingerprint(load_register_entries(con)) == review.fingerprint)


def revert_register_batch(con: duckdb.DuckDBPyConnection, batch_id: int, *, loaded_by: str,
                          note: str | None = None, channel: str = "app") -> RevertResult:
    """Undo a plan-register batch with a new batch (kind revert, etl.batches.revert): each entry goes back
    to its version before the batch, or is withdrawn where the batch added it. Entries a later batch
    changed again are left alone and listed in `conflicts`. The register after the revert must pass its
    rules (a revert that would leave a target naming a withdrawn plan is refused with RevertRefused, a
    ValueError, nothing written).

    Raises WrongSubject for a batch of another subject or one that does not exist."""
    return revert(con, batch_id, loaded_by=loaded_by, note=note, channel=channel, subjects=(SUBJECT,))


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
        REGISTER_BATCHES.write_rows(con, None, _changes_frame(changes))
    return SeedResult(True, counts)


def ensure_plan_register(con: duckdb.DuckDBPyConnection) -> bool:
    """Seed the register from the shipped files when the database has none (a database made before the
    register moved into it, brought up to date by the app or a restore rather than by `etl init`);
    True when it did. A register already there is never touched."""
    if con.execute("SELECT count(*) FROM plan_register_version").fetchone()[0]:
        return False
    return seed_plan_register(con).written


def error_count(review: RegisterReview) -> int:
    """How many problems block the submission."""
    return sum(1 for problem in review.problems if problem.severity == ERROR)
