"""The reference vocabularies (IP types, measures, territories, sources) read from data/reference/*.csv."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import duckdb
import pandas as pd

from ipmonitor import db
from ipmonitor.paths import REFERENCE_DIR
from ipmonitor.text import fold

VOCABULARY_FILES = {"ip_type": "ip_types.csv", "measure": "measures.csv", "territory": "territories.csv"}


def load_reference_table(kind: str, folder: Path = REFERENCE_DIR) -> pd.DataFrame:
    """One reference CSV as a DataFrame of strings (empty cells as None)."""
    name = VOCABULARY_FILES.get(kind, f"{kind}.csv")
    frame = pd.read_csv(folder / name, dtype=str, keep_default_na=False, encoding="utf-8")
    return frame.replace({"": None})


@dataclass(frozen=True)
class Vocabulary:
    """Codes of one kind and every way a user may write them (code, names, aliases; folded)."""

    kind: str
    codes: tuple[str, ...]
    names: dict[str, dict[str, str]]
    lookup: dict[str, str] = field(repr=False)
    # The placeholder IP type, or the measures that are not counted by IP type: figures of an untyped
    # measure go under the placeholder and no other (people trained, registrations supported, ...).
    untyped: frozenset[str] = frozenset()

    def resolve(self, cell: object) -> str | None:
        """The code a cell stands for, or None when nothing matches."""
        return self.lookup.get(fold(cell))

    def name(self, code: str, lang: str) -> str:
        """The display name of a code in a language."""
        return self.names[lang].get(code, code)


def build_vocabulary(kind: str, frame: pd.DataFrame) -> Vocabulary:
    """Index a reference table by folded code, names and aliases; an alias used twice is an error."""
    lookup: dict[str, str] = {}
    for row in frame.itertuples(index=False):
        spellings = [row.code, row.name_vi, row.name_en, *((row.aliases or "").split("|"))]
        for spelling in spellings:
            key = fold(spelling)
            if not key:
                continue
            if lookup.get(key, row.code) != row.code:
                raise ValueError(f"{kind}: '{spelling}' names both {lookup[key]} and {row.code}")
            lookup[key] = row.code
    names = {"vi": dict(zip(frame.code, frame.name_vi)), "en": dict(zip(frame.code, frame.name_en))}
    return Vocabulary(kind=kind, codes=tuple(frame.code), names=names, lookup=lookup,
                      untyped=_untyped_codes(frame))


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
        aliases = load_reference_table(kind)[["code", "aliases"]]
        frame = frame.merge(aliases, on="code", how="left")
        vocabularies[kind] = build_vocabulary(kind, frame.astype(object).where(frame.notna(), None))
    return vocabularies
