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

from etl.batches import REGISTER_BATCHES, Audit, Pending, RevertResult, revert, write_batch
from etl.plan_workbook import ReadWorkbook
from etl.register_changes import (CHANGES, RegisterChange, apply_changes, changes_frame, compute_status_moves,
                                  compute_register_changes)
from etl.problems import ERROR, Problem, has_errors
from ipmonitor.register.register_store import (KINDS, PLAN_REGISTER, RegisterEntry, build_registers,
                                      load_register_entries)

SUBJECT = PLAN_REGISTER
AUDIT_ACTION = "plan_register_update"
# "T9: unknown plan x", "tasks.yaml: 3.b: unknown lead agency": the entry a register rule names.
_NAMED_TARGET = re.compile(r"^(?P<id>[^:\s]+): ")
_NAMED_ITEM = re.compile(r"^(?P<file>[a-z]+)\.yaml: (?P<id>[^:]+): ")
_FILE_KIND = {"agencies": "agency", "tasks": "task", "reporting": "reporting"}


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
    return write_batch(con, REGISTER_BATCHES, Pending(changes_frame(review.changes), counts), loaded_by=loaded_by,
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


def error_count(review: RegisterReview) -> int:
    """How many problems block the submission."""
    return sum(1 for problem in review.problems if problem.severity == ERROR)
