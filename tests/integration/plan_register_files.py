"""Workbooks an admin would upload to the plan register, written as real XLSX files with openpyxl in the
shape `etl plans export` gives (one sheet per kind, a column per field, dotted nested fields)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook

NEW_PLAN = "decision_888"
NEW_TARGETS = ("P888_titles", "P888_patents")
NEW_TASKS = (f"{NEW_PLAN}:1.a", f"{NEW_PLAN}:1.b", f"{NEW_PLAN}:3.a")

PLAN_ROWS = [{"id": NEW_PLAN, "name_vi": "Quyết định 888/QĐ-UBND (15/01/2027), kế hoạch thử",
              "name_en": "Decision 888/QĐ-UBND (15 Jan 2027), a trial plan",
              "short_vi": "QĐ 888", "short_en": "Decision 888"}]
TARGET_ROWS = [
    {"id": "P888_titles", "plan": NEW_PLAN, "indicator": "titles_patent", "kind": "level",
     "baseline.year": 2025, "baseline.value": "from_data", "target.year": 2030, "target.value": 400,
     "direction": "increase", "territory_basis": "can_tho",
     "quote": "Đến năm 2030 có 400 bằng độc quyền sáng chế (câu thử)", "quote_verified": False},
    {"id": "P888_patents", "plan": NEW_PLAN, "indicator": "applications_patent", "kind": "growth",
     "baseline.year": 2025, "baseline.value": "from_data", "target.year": 2030, "target.growth_low": 0.08,
     "target.growth_high": 0.12, "direction": "increase", "territory_basis": "can_tho",
     "quote": "Số đơn sáng chế tăng 8-12%/năm (câu thử)", "quote_verified": False},
]
TASK_ROWS = [
    {"id": f"{NEW_PLAN}:1.a", "plan": NEW_PLAN, "area": 1, "title_vi": "Rà soát quy chế quản lý SHTT (thử)",
     "title_en": "Review the IP management rules (trial)", "lead": "dost", "co_ordinating": "finance",
     "period": "2026; 2030", "source": "II.1.a", "assignment_verified": True},
    {"id": f"{NEW_PLAN}:1.b", "plan": NEW_PLAN, "area": 1, "title_vi": "Tập huấn cho doanh nghiệp (thử)",
     "title_en": "Train enterprises (trial)", "lead": "dost", "co_ordinating": None,
     "period": "2026; 2027", "source": "II.1.b", "assignment_verified": True},
    {"id": f"{NEW_PLAN}:3.a", "plan": NEW_PLAN, "area": 3, "title_vi": "Hỗ trợ đăng ký sáng chế (thử)",
     "title_en": "Support patent filings (trial)", "lead": "dost", "co_ordinating": "education_training; finance",
     "period": "2026; 2030", "source": "II.3.a", "assignment_verified": False},
]


def write_workbook(path: Path, sheets: dict[str, list[dict[str, Any]]]) -> Path:
    """A workbook with one sheet per (title, rows); the columns are the rows' keys in order."""
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        columns: list[str] = []
        for row in rows:
            columns += [name for name in row if name not in columns]
        sheet.append(columns)
        for row in rows:
            sheet.append([row.get(name) for name in columns])
    book.save(path)
    return path


def new_plan_workbook(path: Path, lang: str = "vi") -> Path:
    """A new plan with two targets and three tasks, under the sheet titles of `lang`."""
    titles = {"vi": ("Kế hoạch", "Chỉ tiêu", "Nhiệm vụ"), "en": ("Plans", "Targets", "Tasks")}[lang]
    return write_workbook(path, dict(zip(titles, (PLAN_ROWS, TARGET_ROWS, TASK_ROWS))))
