"""What a change written from a page says afterwards: the outcome shown once, and what a write that
failed through the machine's fault (a full disk, a damaged file) means to the analyst.

Every page that writes a batch (an upload or an edit of figures, tracker records, a plan review, the plan
register) goes through `write_from_page`, as every batch goes through etl/batches.py: the same refusals,
audited the same way, in the same words."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Callable

import duckdb
import streamlit as st

from etl.backup import BackupFailed
from etl.batches import StalePreview

from ipmonitor.store import db
from ipmonitor.store.damage_words import describe_damage
from ipmonitor.store.audit import record_event
from ipmonitor.i18n import t
from ipmonitor.paths import database_path

_LOG = logging.getLogger("ipmonitor.app")


def render_message(key: str) -> None:
    """The outcome of the last commit or refusal, shown once."""
    message = st.session_state.pop(f"{key}_message", None)
    if message:
        kind, text = message
        {"success": st.success, "error": st.error}.get(kind, st.warning)(text)


def write_failure_message(error: BaseException, lang: str) -> str | None:
    """What a failed write means to the analyst, when it is the machine's fault rather than the
    change's: the disk is full or the database file is damaged (both logged on the server). In
    either case the transaction was rolled back: nothing was written. None for any other error."""
    if db.is_no_space_error(error):
        _LOG.error("a write failed, the disk is full: %s", error)
        return t("review.disk_full", lang)
    if db.is_damage_error(error):
        return describe_damage(db.as_damage(error, database_path()), lang)
    return None


def record_refusal_if_possible(con, actor: str, detail: dict) -> None:
    """Audit a write refused by the machine; on a full disk the audit line may not fit either, and
    that must not hide the message the analyst needs (the server log keeps the failure)."""
    try:
        record_event(con, actor, "commit_refused", detail=detail)
    except (duckdb.Error, OSError) as error:
        _LOG.error("the refusal could not be audited: %s", error)


@dataclass(frozen=True)
class WriteOutcome:
    """What a write from a page came to: the batch written (None when nothing was), the message to show
    once, and whether the preview was stale (the caller then makes it again on the same connection)."""

    batch: int | None
    message: tuple[str, str]
    stale: bool = False


def write_from_page(con, write: Callable[[], int], *, actor: str, refusal: dict, lang: str,
                    committed_key: str, stale_key: str) -> WriteOutcome:
    """Run `write()` (a commit through the batch machine) and say what came of it. A failed backup and
    a write the machine could not finish are audited here with `refusal` (the subject's detail) and the
    reason; a stale preview is audited by the machine itself. Any other error is raised."""
    try:
        batch = write()
    except StalePreview:
        return WriteOutcome(None, ("warning", t(stale_key, lang)), stale=True)
    except BackupFailed:
        record_event(con, actor, "commit_refused", detail={**refusal, "reason": "backup"})
        return WriteOutcome(None, ("warning", t("review.backup_failed", lang)))
    except (duckdb.Error, OSError) as error:
        text = write_failure_message(error, lang)
        if text is None:
            raise
        record_refusal_if_possible(con, actor, {**refusal, "reason": "write_failed",
                                                "error": str(error).splitlines()[0]})
        return WriteOutcome(None, ("error", text))
    return WriteOutcome(batch, ("success", t(committed_key, lang, batch=batch)))
