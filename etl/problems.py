"""One problem found in an upload: where it is, what was found, and what it means in each language."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ipmonitor.i18n import t
from ipmonitor.reference import load_vocabulary

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """A problem at a row and column of the user's file (both None when it concerns the whole file).

    `code` picks the message in locales/*.yaml under `problem.<code>`; `params` fill its placeholders.
    """

    code: str
    severity: str = ERROR
    row: int | None = None
    column: str | None = None
    value: str | None = None
    params: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str) -> str:
        """The explanation alone, in `lang`."""
        params = dict(self.params)
        if "field" in params:  # a field name is shown in the reader's language
            params["field"] = t(f"field.{params['field']}", lang)
        if "measure" in params:  # so is a measure's
            params["measure"] = load_vocabulary("measure").name(params["measure"], lang)
        return t(f"problem.{self.code}", lang, value=self.value, column=self.column, **params)

    def describe(self, lang: str) -> str:
        """One line for a terminal or a log: where, what was found, and the explanation."""
        where = []
        if self.row is not None:
            where.append(t("problem.where_row", lang, row=self.row))
        if self.column is not None:
            where.append(t("problem.where_column", lang, column=self.column))
        label = t(f"problem.severity_{self.severity}", lang)
        prefix = f"{label} " + ", ".join(where) + ": " if where else f"{label}: "
        found = t("problem.found", lang, value=self.value) if self.value not in (None, "") else ""
        return prefix + self.message(lang) + found


def has_errors(problems: list[Problem]) -> bool:
    """True when at least one problem blocks the load (warnings do not)."""
    return any(p.severity == ERROR for p in problems)


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """File-level problems first, then by row and column, as a reader scans the sheet; each once.

    A wide sheet yields one record per year cell, so a bad IP type in column A would otherwise be
    reported once for every year of its row.
    """
    unique = {(p.severity, p.code, p.row, p.column, p.value, tuple(sorted(p.params.items()))): p
              for p in problems}
    return sorted(unique.values(), key=lambda p: (p.row is not None, p.row or 0, p.column or "", p.code))
