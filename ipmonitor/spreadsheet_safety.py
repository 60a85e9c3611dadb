"""Text cells a spreadsheet would run as a formula (starting with = + - @, tab or carriage return) get an
apostrophe in front, as OWASP advises against CSV injection: every table people download goes through
here, whichever module built it and whichever format writes it."""
from __future__ import annotations

import re
import unicodedata

import pandas as pd

from ipmonitor.text import FORMULA_TRIGGERS

_LINE_BREAKS = re.compile(r"(\r\n|\r|\n)")


def _runs_as_formula(line: str) -> bool:
    """A line a spreadsheet may execute: it starts with = + - @ or a control character."""
    return line.startswith(FORMULA_TRIGGERS) or (line[:1] != "" and unicodedata.category(line[0]) == "Cc")


def neutralise(value: object) -> object:
    """Prefix with ' a text cell, and each line of it, that a spreadsheet would execute (a line after a
    carriage return is where "=cmd|…" hid); other values pass through."""
    if not isinstance(value, str):
        return value
    parts = _LINE_BREAKS.split(value)  # lines at even places, the breaks between them at odd ones
    safe = "".join("'" + part if i % 2 == 0 and _runs_as_formula(part) else part for i, part in enumerate(parts))
    return "'" + safe if _runs_as_formula(value) and not safe.startswith("'") else safe


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Every text cell neutralised; numbers and dates untouched."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise).astype(object)
    return out
