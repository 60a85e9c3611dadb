"""One problem found in an upload: where it is, what was found, and what it means in each language."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ipmonitor.i18n import t
from ipmonitor.numbers import is_blank
from ipmonitor.store.reference import load_vocabulary

ERROR = "error"
WARNING = "warning"
# How a file was read where it could be read two ways (a territory by year, a measure from the sheet's
# name, a total checked and left out): shown in the preview, never blocking.
NOTE = "note"


@dataclass(frozen=True)
class Problem:
    """A problem at a row and column of the user's file (both None when it concerns the whole file).

    `code` picks the message in locales/*.yaml under `problem.<code>`; `params` fill its placeholders.
    `sheet` names the sheet when a workbook has several that are read.
    """

    code: str
    severity: str = ERROR
    row: int | None = None
    column: str | None = None
    value: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    sheet: str | None = None

    def message(self, lang: str) -> str:
        """The explanation alone, in `lang`."""
        params = dict(self.params)
        if "field" in params:  # a field name is shown in the reader's language
            params["field"] = t(f"field.{params['field']}", lang)
        if "measure" in params:  # so is a measure's
            params["measure"] = load_vocabulary("measure").name(params["measure"], lang)
        if "reason" in params:  # why a character is suspicious
            params["reason_text"] = t(f"problem.suspicious_{params['reason']}", lang)
        for name in ("territory", "choices", "existing"):  # territory codes, shown by name
            if name in params and isinstance(params[name], (list, tuple)):
                params[name] = _territory_names(params[name], lang)
            elif name in params:
                params[name] = _territory_names([params[name]], lang)
        if "part_figures" in params:  # [(measure, value, sheet, row)] -> «Hồ sơ trong nước» 30 (dòng 5) + …
            params["part_figures"] = " + ".join(
                f"{_measure_name(measure, lang)} {_count(value, lang)} ({_where(sheet, row, lang)})"
                for measure, value, sheet, row in params["part_figures"])
        if "total_at" in params:  # (sheet, row) of the total in the file, or None: in the database
            at = params.pop("total_at")
            params["total_where"] = f" ({_where(*(at or (None, None)), lang)})"
        for name in ("parts_sum", "total_value"):
            if isinstance(params.get(name), (int, float)):
                params[name] = _count(params[name], lang)
        if "dates" in params:  # [(code, from, to)] -> «X» until 30/6/2025; «Y» from 1/7/2025
            params["dates"] = "; ".join(_existence(code, first, last, lang) for code, first, last in params["dates"])
        text = t(f"problem.{self.code}", lang, value=self.value, column=self.column, **params)
        return text[:1].upper() + text[1:]  # a message may open with a field's name: "nguồn lấy từ …"

    def describe(self, lang: str) -> str:
        """One line for a terminal or a log: where, what was found, and the explanation."""
        where = []
        if self.sheet is not None:
            where.append(t("problem.where_sheet", lang, sheet=self.sheet))
        if self.row is not None:
            where.append(t("problem.where_row", lang, row=self.row))
        if self.column is not None:
            where.append(t("problem.where_column", lang, column=self.column))
        label = t(f"problem.severity_{self.severity}", lang)
        prefix = f"{label} " + ", ".join(where) + ": " if where else f"{label}: "
        found = t("problem.found", lang, value=self.value) if self.value not in (None, "") else ""
        return prefix + self.message(lang) + found


QUOTES = {"vi": ("«", "»"), "en": ("“", "”")}


def _measure_name(code: str, lang: str) -> str:
    left, right = QUOTES[lang]
    return f"{left}{load_vocabulary('measure').name(code, lang)}{right}"


def _count(value: float, lang: str) -> str:
    from ipmonitor.numbers import format_number  # numbers imports babel: only when a message needs it
    return format_number(int(value) if float(value).is_integer() else value, lang)


def _where(sheet: str | None, row: int | None, lang: str) -> str:
    """Where a figure a message adds up comes from: a row of the file (of a sheet), or the database."""
    if row is None:
        return t("problem.part_where_database", lang)
    if sheet:
        return t("problem.part_where_sheet_row", lang, sheet=sheet, row=row)
    return t("problem.part_where_row", lang, row=row)


def _territory_names(codes: list[str], lang: str) -> str:
    vocabulary = load_vocabulary("territory")
    left, right = QUOTES[lang]
    return ", ".join(f"{left}{vocabulary.name(code, lang)}{right}" for code in codes) or "–"


def _existence(code: str, first, last, lang: str) -> str:
    """«Thành phố Cần Thơ (cũ)» until 30/06/2025, «… (sau hợp nhất)» from 01/07/2025."""
    from ipmonitor.numbers import format_date  # numbers imports babel: only when a message needs it
    name = _territory_names([code], lang)
    if last is not None and first is not None:
        return t("problem.existed_between", lang, territory=name, first=format_date(first, lang),
                 last=format_date(last, lang))
    if last is not None:
        return t("problem.existed_until", lang, territory=name, last=format_date(last, lang))
    return t("problem.existed_from", lang, territory=name, first=format_date(first, lang))


def has_errors(problems: list[Problem]) -> bool:
    """True when at least one problem blocks the load (warnings do not)."""
    return any(p.severity == ERROR for p in problems)


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """File-level problems first, then by row and column, as a reader scans the sheet; each once.

    A wide sheet yields one record per year cell, so a bad IP type in column A would otherwise be
    reported once for every year of its row.
    """
    unique = {(p.severity, p.code, p.sheet, p.row, p.column, p.value, repr(sorted(p.params.items()))): p
              for p in problems}
    sheets = list(dict.fromkeys(p.sheet for p in problems))  # the workbook's order, as first met
    return sorted(unique.values(), key=lambda p: (p.sheet is not None, sheets.index(p.sheet), p.row is not None,
                                                  p.row or 0, p.column or "", p.code))


def shown(cell: object) -> str | None:
    """A cell as the user typed it, for messages."""
    if is_blank(cell):
        return None
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()
