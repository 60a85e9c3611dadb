"""What a sheet says around its table: a sheet named after a measure or a territory, a title naming one
territory. They give the figures that lack them that measure or territory (the preview says so); a
figure whose own cell says otherwise is refused, never overridden.
"""
from __future__ import annotations

from etl.layout import Records, column_letter
from etl.problems import Problem
from ipmonitor.numbers import is_blank
from ipmonitor.store.reference import Vocabulary
from ipmonitor.text import fold


def drop_filled_missing_columns(problems: list[Problem], records: Records) -> list[Problem]:
    """A field the layout found missing that the sheet's name or title has since given."""
    return [p for p in problems if not (p.code == "missing_column" and p.params.get("field") in records.read_from)]


def find_territory_in_title(text: str, vocabulary: Vocabulary) -> str | None:
    """The one territory a title names ("SỐ LIỆU ... TỈNH HẬU GIANG NĂM 2024"), as the spelling found
    (read by year like any cell); None when it names none or several."""
    words = f" {fold(text)} "
    spellings = {key: (code,) for key, code in vocabulary.lookup.items()} | dict(vocabulary.shared)
    found = [key for key in spellings if f" {key} " in words]
    # "Cần Thơ" inside "Cần Thơ (cũ)" or "Cần Thơ sau hợp nhất" is the longer name, not a second one.
    found = [key for key in found if not any(key != other and f" {key} " in f" {other} " for other in found)]
    meanings = {spellings[key] for key in found}
    return _as_written(text, found[0]) if len(meanings) == 1 and len(found) >= 1 else None


def _as_written(text: str, key: str) -> str:
    """The words of a title that fold to a spelling, as the title writes them ("TP. CẦN THƠ"), so that
    the preview quotes the file, not our folded form."""
    words = text.split()
    for start in range(len(words)):
        for end in range(start + 1, len(words) + 1):
            if fold(" ".join(words[start:end])) == key:
                written = " ".join(words[start:end]).strip(".,;:[]«»\"'“”")
                if written.endswith(")") and "(" not in written:
                    written = written[:-1]
                if written.startswith("(") and ")" not in written:
                    written = written[1:]
                if written.startswith("(") and written.endswith(")"):
                    written = written[1:-1]
                return written
    return key


def apply_sheet_context(records: Records, vocabularies: dict[str, Vocabulary]) -> list[Problem]:
    """Give the figures the measure or territory that the sheet's name or the title says, where the
    table and the block above say nothing; a different value in the table is refused, not overridden."""
    problems: list[Problem] = []
    given: dict[str, tuple[str, str, str, tuple[int | None, str | None]]] = {}
    if records.sheet:
        measure = vocabularies["measure"].resolve(records.sheet)
        territory = vocabularies["territory"].resolve(records.sheet) or (
            records.sheet if vocabularies["territory"].candidates(records.sheet) else None)
        if measure and not territory:
            given["measure"] = (records.sheet, "sheet", records.sheet, (None, None))
        elif territory and not measure:
            given["territory"] = (records.sheet, "sheet", records.sheet, (None, None))
    if "territory" not in given and "territory" not in records.labels:
        for row, column, text in records.titles:
            spelling = find_territory_in_title(text, vocabularies["territory"])
            if spelling:
                given["territory"] = (spelling, "title", text, (row, column_letter(column)))
                break
    for name, (value, how, text, cell) in given.items():
        vocabulary = vocabularies[name]
        filled = 0
        for record in records.rows:
            own = record.get(name)
            if is_blank(own):
                record[name] = value
                record["_from_block"] = (*record.get("_from_block", ()), name)
                filled += 1
            elif how == "sheet" and not _same_meaning(own, value, vocabulary):
                problems.append(Problem("sheet_conflict", row=record.get("_row"),
                                        column=records.labels.get(name), value=str(own),
                                        params={"field": name, "sheet": records.sheet}))
        if filled:
            records.block_cells[name] = cell
            records.read_from[name] = (how, text, f"{cell[1]}{cell[0]}" if cell[0] else records.sheet or "")
    return problems


def _same_meaning(cell: object, other: object, vocabulary: Vocabulary) -> bool:
    """True when two spellings may name the same code: «Cần Thơ (sau hợp nhất)» on a sheet named «Cần
    Thơ» does (its year then decides, and the territory's dates are checked like any other's)."""
    mine = {vocabulary.resolve(cell)} - {None} or set(vocabulary.candidates(cell))
    theirs = {vocabulary.resolve(other)} - {None} or set(vocabulary.candidates(other))
    return bool(mine & theirs)
