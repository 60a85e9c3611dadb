"""Where the project's files live, and which database file to use."""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PROJECT_ROOT / "data"
REFERENCE_DIR = DATA_DIR / "reference"
SHIPPED_FIGURES_DIR = DATA_DIR / "figures"
MIGRATIONS_DIR = PACKAGE_DIR / "store" / "migrations"
SQL_DIR = PACKAGE_DIR / "store" / "sql"
LOCALES_DIR = PACKAGE_DIR / "locales"

DB_ENV_VAR = "IPMONITOR_DB"
DEFAULT_DB = DATA_DIR / "ipmonitor.duckdb"


def database_path() -> Path:
    """The database the app reads: $IPMONITOR_DB if set (tests, other deployments), else data/ipmonitor.duckdb."""
    return Path(os.environ.get(DB_ENV_VAR) or DEFAULT_DB)


def kept_charts_folder(database: Path | str) -> Path:
    """Where the report's chart images are kept by content (ipmonitor.chart_images.start_pngs): beside the
    database, so that each database (a test's, a deployment's) keeps its own."""
    return Path(database).parent / "kept-charts"
