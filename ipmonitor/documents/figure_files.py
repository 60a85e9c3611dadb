"""Current figures as tables people open (headers in their language; ipmonitor.formats writes them as
CSV or XLSX), and as Parquet.

Text cells that a spreadsheet would run as a formula (starting with = + - @, tab or carriage return)
are prefixed with an apostrophe, as OWASP advises against CSV injection. What these files hold can be
edited and loaded back with `etl load`: the columns are the load's own, plus columns for people to
read (names, source title, batch) that a load ignores.
"""
from __future__ import annotations

import io

import pandas as pd

from ipmonitor.store import db, queries
from ipmonitor.i18n import t
from ipmonitor.spreadsheet_safety import neutralise_frame
from ipmonitor.value_kinds import describe_kind

# Load columns first, then the ones for reading; names stand in for codes so that the file reads well.
EXPORT_COLUMNS = {
    "year": "year", "ip_type_name": "ip_type", "measure_name": "measure",
    "territory_name": "territory", "value": "value", "source": "source",
    "source_title": "source_title", "source_publisher": "source_publisher",
    "source_address": "source_address", "source_date": "source_date",
    "source_kind": "source_kind", "batch_id": "batch_id", "loaded_at": "loaded_at",
}
SOURCE_COLUMNS = ("code", "title", "publisher", "address", "published", "kind", "note")


def iso_text(moment: object, length: int) -> str | None:
    """A date (10) or a UTC time to the second (19) as ISO text, which a load reads back; None if missing."""
    return None if moment is None or pd.isna(moment) else str(moment)[:length]


def build_export_frame(figures: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The columns people receive, headed in `lang`, with each figure's kind in words: "published" only
    for a published one, "illustrative, not official" for a made-up one."""
    frame = figures[list(EXPORT_COLUMNS)].copy()
    frame["source_kind"] = frame["source_kind"].map(lambda k: describe_kind(k, lang))
    frame["source_date"] = frame["source_date"].map(lambda d: iso_text(d, 10))
    frame["loaded_at"] = frame["loaded_at"].map(lambda d: iso_text(d, 19))
    frame = neutralise_frame(frame)
    return frame.rename(columns={c: t(f"export.col_{name}", lang) for c, name in EXPORT_COLUMNS.items()})


def build_sources_frame(sources: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The source register sheet, headed in `lang`."""
    frame = sources[list(SOURCE_COLUMNS)].copy()
    frame["kind"] = frame["kind"].map(lambda k: t(f"source_kind.{k}", lang))
    frame["published"] = frame["published"].map(lambda d: iso_text(d, 10))
    frame = neutralise_frame(frame)
    return frame.rename(columns={c: t(f"export.col_{c}", lang) for c in SOURCE_COLUMNS})


def write_parquet(figures: pd.DataFrame) -> bytes:
    """Codes and values for analysis tools (no spreadsheet opens Parquet, so nothing to neutralise)."""
    buffer = io.BytesIO()
    figures.to_parquet(buffer, index=False)
    return buffer.getvalue()


def build_figures_sheets(figures: pd.DataFrame, sources: pd.DataFrame,
                         lang: str) -> list[tuple[str, pd.DataFrame]]:
    """The figures people download: the figures sheet, then the sources behind them (a CSV holds the
    first; ipmonitor.formats writes either)."""
    return [(t("export.sheet_figures", lang), build_export_frame(figures, lang)),
            (t("export.sheet_sources", lang), build_sources_frame(sources, lang))]


def load_figures_sheets(path, lang: str, where) -> list[tuple[str, pd.DataFrame]]:
    """Every current figure `where` matches, with the sources sheet, read on its own short connection
    (the app's configuration): the Data page hands this to its download buttons, which run it on click."""
    with db.open_database(path, config=db.APP_CONFIG) as con:
        figures = queries.load_current_figures(con, lang, where)
        sources = queries.load_sources_in_use(con, tuple(sorted(set(figures["source"]))))
    return build_figures_sheets(figures, sources, lang)
