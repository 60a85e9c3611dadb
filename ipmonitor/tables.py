"""Tables as pages show them: names in the reader's language, numbers in the reader's format."""
from __future__ import annotations

import pandas as pd

from ipmonitor.i18n import t
from ipmonitor.numbers import format_number

DISPLAY_COLUMNS = {
    "year": "year", "territory_name": "territory", "ip_type_name": "ip_type",
    "measure_name": "measure", "value": "value", "source_kind": "source_kind",
    "source_title": "source_title",
}


def build_figures_table(figures: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Current figures for reading: 5.500 (vi) or 5,500 (en), years as plain text, kinds translated."""
    table = figures[list(DISPLAY_COLUMNS)].copy()
    table["year"] = table["year"].astype(str)
    table["value"] = table["value"].map(lambda v: format_number(v, lang))
    table["source_kind"] = table["source_kind"].map(lambda k: t(f"source_kind.{k}", lang))
    return table.rename(columns={c: t(f"export.col_{name}", lang) for c, name in DISPLAY_COLUMNS.items()})


def build_sources_table(sources: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The sources behind the figures shown, with how many figures each supports."""
    table = sources[["code", "title", "publisher", "address", "published", "kind", "figures"]].copy()
    table["kind"] = table["kind"].map(lambda k: t(f"source_kind.{k}", lang))
    table["published"] = table["published"].map(lambda d: "" if pd.isna(d) else pd.Timestamp(d).strftime("%d/%m/%Y"))
    table["figures"] = table["figures"].map(lambda v: format_number(v, lang))
    headers = {"code": "col_code", "title": "col_title", "publisher": "col_publisher",
               "address": "col_address", "published": "col_published", "kind": "col_kind",
               "figures": "col_figures"}
    return table.rename(columns={c: t(f"export.{key}", lang) for c, key in headers.items()})
