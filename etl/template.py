"""The upload templates analysts download: the current figures in the load's own columns, ready to edit.

The XLSX has the figures sheet (Vietnamese or English headers, which a load recognises), drop-down
lists for IP type, measure and territory (from a hidden lists sheet), and an instructions sheet; the
CSV has the figures alone. Loading a template unchanged changes nothing.
"""
from __future__ import annotations

import io

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ipmonitor.store import db, queries
from ipmonitor.spreadsheet_safety import neutralise_frame
from ipmonitor.formats import CSV, XLSX, write_csv
from ipmonitor.i18n import t

TEMPLATE_COLUMNS = {"year": "year", "ip_type_name": "ip_type", "measure_name": "measure",
                    "territory_name": "territory", "value": "value", "source": "source"}
LIST_COLUMNS = ("ip_type", "measure", "territory")  # the columns with a drop-down list
EMPTY_ROWS_WITH_LISTS = 2_000  # rows below the figures where new figures can be typed with the lists


def build_template_frame(figures: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The figures sheet: one row per current figure, headed in `lang`."""
    frame = neutralise_frame(figures[list(TEMPLATE_COLUMNS)])
    return frame.rename(columns={c: t(f"export.col_{name}", lang) for c, name in TEMPLATE_COLUMNS.items()})


def build_template_csv(figures: pd.DataFrame, lang: str) -> bytes:
    """The CSV template: UTF-8 with a byte-order mark, so that Excel shows Vietnamese letters."""
    return write_csv(build_template_frame(figures, lang))


def build_template_workbook(figures: pd.DataFrame, names: dict[str, dict[str, str]], lang: str) -> bytes:
    """The XLSX template: figures (with drop-down lists), instructions, and the hidden lists sheet."""
    frame = build_template_frame(figures, lang)
    workbook = Workbook()
    data = workbook.active
    data.title = t("export.sheet_figures", lang)
    data.append(list(frame.columns))
    for cell in data[1]:
        cell.font = Font(bold=True)
    for row in frame.itertuples(index=False):
        data.append([None if pd.isna(v) else (v.item() if hasattr(v, "item") else v) for v in row])
    for i, column in enumerate(frame.columns, start=1):
        data.column_dimensions[get_column_letter(i)].width = max(12, min(45, len(column) + 14))
    data.freeze_panes = "A2"

    lists = workbook.create_sheet(t("template.sheet_lists", lang))
    last_row = len(frame) + 1 + EMPTY_ROWS_WITH_LISTS
    for index, kind in enumerate(LIST_COLUMNS, start=1):
        letter = get_column_letter(index)
        lists.cell(1, index, t(f"export.col_{kind}", lang)).font = Font(bold=True)
        for row, name in enumerate(names[kind].values(), start=2):
            lists.cell(row, index, name)
        data_column = get_column_letter(list(TEMPLATE_COLUMNS.values()).index(kind) + 1)
        validation = DataValidation(
            type="list", formula1=f"'{lists.title}'!${letter}$2:${letter}${len(names[kind]) + 1}",
            allow_blank=True, showErrorMessage=True, errorTitle=t("template.list_error_title", lang),
            error=t("template.list_error", lang))
        validation.add(f"{data_column}2:{data_column}{last_row}")
        data.add_data_validation(validation)
    year_rule = DataValidation(type="whole", operator="between", formula1="1981", formula2="2100",
                               showErrorMessage=True, error=t("template.year_error", lang))
    year_rule.add(f"A2:A{last_row}")
    value_rule = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0",
                                showErrorMessage=True, error=t("template.value_error", lang))
    value_rule.add(f"E2:E{last_row}")
    data.add_data_validation(year_rule)
    data.add_data_validation(value_rule)
    lists.sheet_state = "hidden"  # a load reads visible sheets only

    guide = workbook.create_sheet(t("template.sheet_instructions", lang), 0)
    guide.column_dimensions["A"].width = 110
    for line in t("template.instructions", lang).strip().splitlines():
        guide.append([line])
        guide.cell(guide.max_row, 1).alignment = Alignment(wrap_text=True, vertical="top")
    guide["A1"].font = Font(bold=True, size=14)
    workbook.active = 1  # open on the figures
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_template_workbook(path, lang: str) -> bytes:
    """The XLSX template with today's current figures, read on its own short connection (the app's
    configuration): the upload page hands this to a download button that runs it on click."""
    with db.open_database(path, config=db.APP_CONFIG) as con:
        figures = queries.load_current_figures(con, lang)
        names = queries.load_reference_names(con, lang)
    return build_template_workbook(figures, names, lang)


def export_template_csv(path, lang: str) -> bytes:
    """The CSV template with today's current figures, read as export_template_workbook reads them."""
    with db.open_database(path, config=db.APP_CONFIG) as con:
        figures = queries.load_current_figures(con, lang)
    return build_template_csv(figures, lang)


# The formats a load reads back, each template with its builder: the workbook is one of its own (lists,
# instructions), the CSV the figures alone.
TEMPLATE_FILES = {XLSX: export_template_workbook, CSV: export_template_csv}
