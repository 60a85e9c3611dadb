"""The sentence a person reads when the database file is damaged, in their language. Kept apart from
the database access itself (ipmonitor.store.db), which needs no words and so stays at the bottom of the imports."""
from __future__ import annotations

from ipmonitor.store.db import RESTORE_COMMAND, DatabaseDamaged
from ipmonitor.i18n import t
from ipmonitor.numbers import format_number


def describe_damage(damaged: DatabaseDamaged, lang: str) -> str:
    """The sentence a person reads: what is wrong with the file, and the command that puts it right."""
    if damaged.size is not None:
        detail = t("db.damaged_truncated", lang, size=format_number(damaged.size, lang),
                   needed=format_number(damaged.needed, lang))
    else:
        detail = damaged.detail
    return t("db.damaged", lang, path=damaged.path, detail=detail, command=RESTORE_COMMAND)
