"""The reference vocabularies (IP types, measures, territories, sources) read from data/reference/*.csv."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import duckdb
import pandas as pd

from ipmonitor.store import db
from ipmonitor.paths import REFERENCE_DIR
from ipmonitor.text import fold

VOCABULARY_FILES = {"ip_type": "ip_types.csv", "measure": "measures.csv", "territory": "territories.csv"}


def load_reference_table(kind: str, folder: Path = REFERENCE_DIR) -> pd.DataFrame:
    """One reference CSV as a DataFrame of strings (empty cells as None)."""
    name = VOCABULARY_FILES.get(kind, f"{kind}.csv")
    frame = pd.read_csv(folder / name, dtype=str, keep_default_na=False, encoding="utf-8")
    return frame.replace({"": None})


# "Trong đó: Nhãn hiệu tập thể" / "of which: collective marks": the "of which" line of a sub-type.
OF_WHICH_PREFIXES = ("trong do ", "of which ", "in which ")


@dataclass(frozen=True)
class Vocabulary:
    """Codes of one kind and every way a user may write them (code, names, aliases; folded).

    A code is matched as written (any case): `can_tho` is the merged city, while its name folded,
    "can tho", is the plain «Cần Thơ» that several territories answer to (`shared`), read by year.
    """

    kind: str
    codes: tuple[str, ...]
    names: dict[str, dict[str, str]]
    lookup: dict[str, str] = field(repr=False)
    # The placeholder IP type, or the measures that are not counted by IP type: figures of an untyped
    # measure go under the placeholder and no other (people trained, registrations supported, ...).
    untyped: frozenset[str] = frozenset()
    # Folded spellings several codes answer to (territories before and after the merger) -> the codes.
    shared: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    # Territories: code -> (first day, last day) of its existence, None where open.
    validity: dict[str, tuple[dt.date | None, dt.date | None]] = field(default_factory=dict, repr=False)
    # IP types: "of which" sub-type -> its parent; and the codes that are themselves a total of types.
    parents: dict[str, str] = field(default_factory=dict, repr=False)
    totals: frozenset[str] = frozenset()
    # Measures: a part -> the measure it is a part of (registration dossiers supported at home and
    # abroad -> all dossiers supported). A load checks that the parts add up to the total.
    part_of: dict[str, str] = field(default_factory=dict, repr=False)

    def parts_of(self, total: str) -> tuple[str, ...]:
        """The measures that are parts of `total`, in the reference list's order."""
        return tuple(code for code in self.codes if self.part_of.get(code) == total)

    def resolve(self, cell: object) -> str | None:
        """The code a cell stands for, or None when nothing matches (or several codes may: see
        candidates)."""
        if cell is None:
            return None
        text = str(cell).strip().lower()
        if text in self.codes:
            return text
        key = fold(cell)
        code = self.lookup.get(key)
        if code is None and self.parents:
            for prefix in OF_WHICH_PREFIXES:
                if key.startswith(prefix) and self.parents.get(self.lookup.get(key[len(prefix):], "")):
                    return self.lookup[key[len(prefix):]]
        return code

    def candidates(self, cell: object) -> tuple[str, ...]:
        """The codes a shared spelling may mean ("Cần Thơ": the former city and the merged one)."""
        return self.shared.get(fold(cell), ())

    def existed(self, code: str, year: int) -> bool:
        """True when a territory existed for at least part of a year (no dates: always)."""
        first, last = self.validity.get(code, (None, None))
        return (first is None or first.year <= year) and (last is None or last.year >= year)

    def existed_all_year(self, code: str, year: int) -> bool:
        """True when a territory existed from 1 January to 31 December of a year."""
        first, last = self.validity.get(code, (None, None))
        return (first is None or first <= dt.date(year, 1, 1)) and (last is None or last >= dt.date(year, 12, 31))

    def existing_in(self, year: int) -> list[str]:
        """The territories that existed during a year, in the register's order."""
        return [code for code in self.codes if self.existed(code, year)]

    def name(self, code: str, lang: str) -> str:
        """The display name of a code in a language."""
        return self.names[lang].get(code, code)


def _date(cell: object) -> dt.date | None:
    if cell is None or (isinstance(cell, float) and cell != cell) or cell is pd.NaT:
        return None
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    text = str(cell).strip()
    return dt.date.fromisoformat(text[:10]) if text else None


def build_vocabulary(kind: str, frame: pd.DataFrame) -> Vocabulary:
    """Index a reference table by folded names and aliases (codes as written); an alias used twice is an
    error, except the spellings a table lists as `shared_names` (read by year, never guessed)."""
    lookup: dict[str, str] = {}
    shared: dict[str, list[str]] = {}
    columns = set(frame.columns)
    for row in frame.to_dict("records"):
        for spelling in (row.get("shared_names") or "").split("|"):
            if fold(spelling):
                shared.setdefault(fold(spelling), []).append(row["code"])
    for row in frame.to_dict("records"):
        spellings = [row["name_vi"], row["name_en"], *((row.get("aliases") or "").split("|"))]
        for spelling in spellings:
            key = fold(spelling)
            if not key:
                continue
            if key in shared:
                raise ValueError(f"{kind}: '{spelling}' is both a name of {row['code']} and shared by "
                                 f"{shared[key]}")
            if lookup.get(key, row["code"]) != row["code"]:
                raise ValueError(f"{kind}: '{spelling}' names both {lookup[key]} and {row['code']}")
            lookup[key] = row["code"]
    names = {"vi": dict(zip(frame.code, frame.name_vi)), "en": dict(zip(frame.code, frame.name_en))}
    validity = ({code: (_date(first), _date(last)) for code, first, last
                 in zip(frame["code"], frame["valid_from"], frame["valid_to"])}
                if {"valid_from", "valid_to"} <= columns else {})
    parents = ({code: parent for code, parent in zip(frame["code"], frame["parent_code"])
                if isinstance(parent, str) and parent}
               if "parent_code" in columns else {})
    totals = (frozenset(code for code, flag in zip(frame["code"], frame["is_total"]) if _is_true(flag))
              if "is_total" in columns else frozenset())
    part_of = ({code: total for code, total in zip(frame["code"], frame["part_of"]) if isinstance(total, str) and total}
               if "part_of" in columns else {})
    unknown = sorted(f"{code} -> {total}" for code, total in part_of.items()
                     if total not in set(frame["code"]) or total == code or total in part_of)
    if unknown:
        raise ValueError(f"{kind}: part_of must name another measure of the list, itself no part: {unknown}")
    return Vocabulary(kind=kind, codes=tuple(frame.code), names=names, lookup=lookup,
                      untyped=_untyped_codes(frame), shared={k: tuple(v) for k, v in shared.items()},
                      validity=validity, parents=parents, totals=totals, part_of=part_of)


def _is_true(cell: object) -> bool:
    return cell is True or str(cell).strip().lower() == "true"


def _untyped_codes(frame: pd.DataFrame) -> frozenset[str]:
    """The untyped codes of a reference table: from the database's `untyped` column, or from the
    shipped files' `is_placeholder` (IP types) and `by_ip_type` (measures) columns."""
    if "untyped" in frame:
        flags = [_is_true(cell) for cell in frame["untyped"]]
    elif "is_placeholder" in frame:
        flags = [_is_true(cell) for cell in frame["is_placeholder"]]
    elif "by_ip_type" in frame:
        flags = [cell is not None and not _is_true(cell) for cell in frame["by_ip_type"]]
    else:
        return frozenset()
    return frozenset(code for code, flag in zip(frame["code"], flags) if flag)


@lru_cache(maxsize=None)
def load_vocabulary(kind: str) -> Vocabulary:
    """The shipped vocabulary of one kind: ip_type, measure or territory."""
    return build_vocabulary(kind, load_reference_table(kind))


def load_database_vocabularies(con: duckdb.DuckDBPyConnection) -> dict[str, Vocabulary]:
    """The vocabularies a load checks against: the database's reference rows (the truth once
    initialised, and possibly more than the shipped files, e.g. territories added for a wider
    deployment), with the aliases the shipped files give for their codes."""
    rows = db.query_df(con, "reference_vocabulary")
    vocabularies = {}
    for kind in VOCABULARY_FILES:
        frame = rows[rows["kind"] == kind].drop(columns=["kind"])
        shipped = load_reference_table(kind)
        # The shipped file's aliases, shared spellings and parts: read, never stored in the database.
        extra = [c for c in ("aliases", "shared_names", "part_of") if c in shipped]
        frame = frame.merge(shipped[["code", *extra]], on="code", how="left")
        vocabularies[kind] = build_vocabulary(kind, frame.astype(object).where(frame.notna(), None))
    return vocabularies
