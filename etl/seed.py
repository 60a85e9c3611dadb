"""`etl init`: apply migrations, refresh the reference tables from data/reference, seed the plan register
from data/targets and data/plan, load the shipped figures.

The shipped figures go through the same pipeline as any upload, so they are validated the same way.
They seed an empty database only; a second `init` applies new migrations and reference rows.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from etl.batches import latest_batch_id
from etl.pipeline import Prepared, commit_prepared, prepare_file
from etl.register_changes import SeedResult, seed_plan_register
from ipmonitor.store import db
from ipmonitor.units import UNITS
from ipmonitor.paths import SHIPPED_FIGURES_DIR
from ipmonitor.store.reference import load_reference_table

REFERENCE_TABLES = {"ip_type": "upsert_ip_types", "measure": "upsert_measures",
                    "territory": "upsert_territories", "sources": "upsert_sources"}
SEED_USER = "etl init"


@dataclass
class InitReport:
    """What `init` did."""

    migrations: list[str]
    schema_version: int
    reference_counts: dict[str, int]
    loads: list[tuple[Prepared, int | None]] = field(default_factory=list)
    shipped_skipped: bool = False
    # The plan register seeded from data/targets and data/plan (or left alone: an admin has changed it).
    register: SeedResult | None = None
    # Figures stored before loads checked territory dates that fall outside them (migration 007).
    outside_dates: pd.DataFrame = field(default_factory=pd.DataFrame)


def check_measure_units(frame) -> None:
    """Every measure is counted in a known unit, and none in percent: a percent is a ratio of two
    stored counts, computed by the dashboard (targets.yaml), never uploaded. Raises ValueError naming
    the measures at fault, before anything is written."""
    units = frame["unit"] if "unit" in frame else pd.Series(["count"] * len(frame))
    wrong = [f"{code} ({unit})" for code, unit in zip(frame["code"], units.fillna("count"))
             if unit not in UNITS or unit == "percent"]
    if wrong:
        raise ValueError("measures.csv: unit must be one of " + ", ".join(u for u in UNITS if u != "percent")
                         + "; a percent is computed from two counts, never stored: " + ", ".join(wrong))


def seed_reference(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Insert or correct the reference rows in one transaction; return the table sizes."""
    with db.transaction(con):
        for kind, sql_name in REFERENCE_TABLES.items():
            frame = load_reference_table(kind).drop(columns=["aliases", "shared_names"], errors="ignore")
            if kind == "measure":
                check_measure_units(frame)
            con.register("reference", frame)
            try:
                db.execute(con, sql_name)
            finally:
                con.unregister("reference")
    counts = db.query_df(con, "reference_counts").iloc[0]
    return {name: int(value) for name, value in counts.items()}


def shipped_figure_files(folder: Path = SHIPPED_FIGURES_DIR) -> list[Path]:
    """The shipped figure files, in name order."""
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in (".csv", ".xlsx"))


def initialise_database(path: Path) -> InitReport:
    """Create or bring up to date the database at `path`."""
    with db.open_database(path) as con:
        applied = db.apply_migrations(con)
        counts = seed_reference(con)
        report = InitReport(applied, db.schema_version(con), counts,
                            outside_dates=db.query_df(con, "figures_outside_territory_dates"))
        # Shipped figures seed an empty database only: loading them again over a database that
        # analysts have updated would put illustrative figures back over official ones.
        if latest_batch_id(con) > 0:
            report.shipped_skipped = True
        else:
            for file in shipped_figure_files():
                prepared = prepare_file(con, file)
                batch = None
                if prepared.ok:
                    batch = commit_prepared(con, prepared, loaded_by=SEED_USER,
                                            note="shipped data (data/figures)")
                report.loads.append((prepared, batch))
        # After the figures, whose seed looks for an empty database. The register's seed looks at the
        # register alone: it follows the shipped files until an admin changes it.
        report.register = seed_plan_register(con)
    return report
