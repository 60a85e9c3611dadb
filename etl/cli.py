"""`python -m etl`: init, load, export, history, revert, status, users, all on a DuckDB file given by --db.

Exit codes: 0 success; 1 usage or missing file/database; 2 the file failed validation (nothing
written); 3 the database is locked by another writer.
"""
from __future__ import annotations

import argparse
import getpass
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Sequence

import duckdb
import pandas as pd

from etl.load import StalePreview, batch_exists, revert_batch
from etl.pipeline import Prepared, commit_prepared, prepare_file
from etl.problems import ERROR, WARNING
from etl.seed import initialise_database
from etl.users import add_users_parser, run_users
from ipmonitor import db
from ipmonitor.exports import build_export_frame, build_figures_workbook, write_csv, write_parquet
from ipmonitor.i18n import LANGUAGES, t
from ipmonitor.numbers import format_number
from ipmonitor.paths import DEFAULT_DB, PROJECT_ROOT
from ipmonitor.queries import (load_batch_history, load_current_figures,
                               load_sources_in_use)
from ipmonitor.reference import load_vocabulary
from ipmonitor.progress import METHODS
from ipmonitor.verdicts import describe_status_line
from ipmonitor.scoreboard import AS_REGISTERED, assess_register
from ipmonitor.targets import load_target_register

EXIT_OK, EXIT_USAGE, EXIT_INVALID, EXIT_LOCKED = 0, 1, 2, 3
PREVIEW_LINES = 20


def build_parser() -> argparse.ArgumentParser:
    """The command-line grammar."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", type=Path, default=DEFAULT_DB, help="DuckDB file (default: %(default)s)")
    common.add_argument("--lang", choices=LANGUAGES, default="vi", help="message language (default: vi)")
    parser = argparse.ArgumentParser(prog="python -m etl", description="IP Monitor 2030 data pipeline")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("init", parents=[common], help="apply migrations and load the shipped data")
    load = commands.add_parser("load", parents=[common], help="load a CSV or XLSX file of figures")
    load.add_argument("file", type=Path)
    load.add_argument("--dry-run", action="store_true", help="show what would change, write nothing")
    load.add_argument("--user", default=None, help="who loads (default: the login name)")
    load.add_argument("--note", default=None, help="why: kept with the batch")
    load.add_argument("--all", action="store_true", help="list every row, not only the first ones")
    export = commands.add_parser("export", parents=[common], help="write the current figures to a file")
    export.add_argument("--format", choices=("csv", "xlsx", "parquet"), default="csv")
    export.add_argument("--out", type=Path, default=None, help="output file (default: exports/...)")
    commands.add_parser("history", parents=[common], help="list the load batches")
    status = commands.add_parser("status", parents=[common], help="assess every target of the plans")
    status.add_argument("--territory", default=AS_REGISTERED,
                        help="assess every target on this territory (default: each target's own)")
    status.add_argument("--method", choices=METHODS, default="eurostat",
                        help="eurostat (growth ratio, default), un (progress chart) or destatis (weather symbols)")
    status.add_argument("--json", action="store_true", help="machine-readable output")
    revert = commands.add_parser("revert", parents=[common], help="undo a batch with a new batch")
    revert.add_argument("batch", type=int)
    revert.add_argument("--user", default=None)
    revert.add_argument("--note", default=None)
    add_users_parser(commands, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit code."""
    args = build_parser().parse_args(argv)
    handlers = {"init": run_init, "load": run_load, "export": run_export,
                "history": run_history, "revert": run_revert, "status": run_status,
                "users": lambda args: run_users(args, _user(args))}
    try:
        return handlers[args.command](args)
    except duckdb.IOException as error:
        if "lock" in str(error).lower():
            print(t("cli.database_locked", args.lang, detail=str(error).splitlines()[0]), file=sys.stderr)
            return EXIT_LOCKED
        raise


def _user(args: argparse.Namespace) -> str:
    try:
        return getattr(args, "user", None) or getpass.getuser()
    except OSError:  # no login name in some containers
        return "unknown"


def _require_database(args: argparse.Namespace) -> bool:
    if args.db.exists():
        return True
    print(t("cli.no_database", args.lang, path=args.db), file=sys.stderr)
    return False


def run_init(args: argparse.Namespace) -> int:
    """Apply migrations, refresh reference data, load data/figures; safe to repeat."""
    lang = args.lang
    report = initialise_database(args.db)
    if report.migrations:
        print(t("cli.init_migrations", lang, names=", ".join(report.migrations)))
    else:
        print(t("cli.init_up_to_date", lang, version=report.schema_version))
    print(t("cli.init_reference", lang, **report.reference_counts))
    if report.shipped_skipped:
        print(t("cli.init_shipped_skipped", lang))
    failed = False
    for prepared, batch in report.loads:
        _print_preview(prepared, lang, show_all=False)
        failed |= not prepared.ok
        print(t("cli.loaded", lang, batch=batch) if batch else t("cli.nothing_to_change", lang))
    return EXIT_INVALID if failed else EXIT_OK


def _figure_label(row: pd.Series, lang: str) -> str:
    names = [load_vocabulary(kind).name(row[kind], lang) for kind in ("ip_type", "measure", "territory")]
    return f"{row['year']} · " + " · ".join(names)


def _print_preview(prepared: Prepared, lang: str, show_all: bool) -> None:
    for problem in prepared.problems:
        print(problem.describe(lang))
    errors = sum(p.severity == ERROR for p in prepared.problems)
    warnings = sum(p.severity == WARNING for p in prepared.problems)
    if errors:
        print(t("cli.refused", lang, errors=errors))
        return
    if warnings:
        print(t("cli.warnings", lang, count=warnings))
    changes = prepared.changes
    print(t("cli.summary", lang, file=prepared.file_name, added=changes.count("added"),
            changed=changes.count("changed"), unchanged=changes.count("unchanged")))
    for status, mark in (("added", "+"), ("changed", "~")):
        rows = changes.rows[changes.rows["status"] == status]
        shown = rows if show_all else rows.head(PREVIEW_LINES)
        for _, row in shown.iterrows():
            new = format_number(row["new_value"], lang)
            if status == "changed":
                old = format_number(row["old_value"], lang)
                detail = f"{old} → {new}" if row["old_value"] != row["new_value"] else new
                if row["old_source"] != row["new_source"]:
                    detail += f" [{row['old_source']} → {row['new_source']}]"
            else:
                detail = f"{new} [{row['new_source']}]"
            print(f"  {mark} {t('cli.' + status, lang)}: {_figure_label(row, lang)}: {detail}")
        if len(rows) > len(shown):
            print("  " + t("cli.more_rows", lang, count=len(rows) - len(shown)))


def run_load(args: argparse.Namespace) -> int:
    """Check a file, print what it changes, and unless --dry-run write it as one batch."""
    lang = args.lang
    if not args.file.exists():
        print(t("cli.file_not_found", lang, path=args.file), file=sys.stderr)
        return EXIT_USAGE
    if not _require_database(args):
        return EXIT_USAGE
    with db.open_database(args.db, read_only=args.dry_run) as con:
        if not args.dry_run:
            db.apply_migrations(con)  # a database made by an older version gets the current schema first
        prepared = prepare_file(con, args.file)
        _print_preview(prepared, lang, show_all=args.all)
        if not prepared.ok:
            return EXIT_INVALID
        if args.dry_run:
            print(t("cli.dry_run", lang))
            return EXIT_OK
        try:
            batch = commit_prepared(con, prepared, loaded_by=_user(args), note=args.note)
        except StalePreview:
            print(t("problem.stale_preview", lang), file=sys.stderr)
            return EXIT_LOCKED
    print(t("cli.loaded", lang, batch=batch) if batch else t("cli.nothing_to_change", lang))
    return EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    """Write the current figures with their sources and batches."""
    lang = args.lang
    if not _require_database(args):
        return EXIT_USAGE
    with db.open_database(args.db, read_only=True) as con:
        figures = load_current_figures(con, lang)
        sources = load_sources_in_use(con)
    out = args.out or PROJECT_ROOT / "exports" / f"ipmonitor-figures.{args.format}"
    out.parent.mkdir(parents=True, exist_ok=True)
    if args.format == "csv":
        out.write_bytes(write_csv(build_export_frame(figures, lang)))
    elif args.format == "xlsx":
        out.write_bytes(build_figures_workbook(figures, sources, lang))
    else:
        out.write_bytes(write_parquet(figures))
    print(t("cli.exported", lang, rows=len(figures), path=out))
    return EXIT_OK


def run_history(args: argparse.Namespace) -> int:
    """List every batch, newest first."""
    lang = args.lang
    if not _require_database(args):
        return EXIT_USAGE
    with db.open_database(args.db, read_only=True) as con:
        history = load_batch_history(con)
    if history.empty:
        print(t("cli.history_empty", lang))
        return EXIT_OK
    print(t("cli.history_header", lang))
    for row in history.itertuples(index=False):
        kind = row.kind if row.reverts_batch is None or pd.isna(row.reverts_batch) else \
            f"{row.kind} #{int(row.reverts_batch)}"
        print(" | ".join(str(v) for v in (
            row.batch_id, kind, row.loaded_by, str(row.loaded_at)[:19], row.file_name or "–",
            row.rows_added, row.rows_changed, row.rows_unchanged, row.rows_withdrawn, row.note or "")))
    return EXIT_OK


def run_revert(args: argparse.Namespace) -> int:
    """Undo a batch with a new batch; nothing is deleted."""
    lang = args.lang
    if not _require_database(args):
        return EXIT_USAGE
    with db.open_database(args.db) as con:
        db.apply_migrations(con)
        if not batch_exists(con, args.batch):
            print(t("cli.no_such_batch", lang, batch=args.batch), file=sys.stderr)
            return EXIT_USAGE
        result = revert_batch(con, args.batch, loaded_by=_user(args), note=args.note)
    if result.conflicts:
        keys = "; ".join(" ".join(str(part) for part in key) for key in result.conflicts[:10])
        print(t("cli.revert_conflicts", lang, count=len(result.conflicts), keys=keys))
    if result.batch_id is None:
        print(t("cli.revert_nothing", lang, batch=args.batch))
    else:
        print(t("cli.reverted", lang, reverted=args.batch, batch=result.batch_id,
                restored=result.restored, withdrawn=result.withdrawn))
    return EXIT_OK


def run_status(args: argparse.Namespace) -> int:
    """Assess every target in the register by the chosen method; one line or one JSON object each."""
    lang = args.lang
    if not _require_database(args):
        return EXIT_USAGE
    register = load_target_register()
    territories = set(load_vocabulary("territory").codes) | {AS_REGISTERED}
    if args.territory not in territories:
        print(t("cli.unknown_territory", lang, territory=args.territory,
                known=", ".join(sorted(territories))), file=sys.stderr)
        return EXIT_USAGE
    with db.open_database(args.db, read_only=True) as con:
        results = assess_register(con, args.method, args.territory, register)
    if args.json:
        rows = [{"plan": result.plan, "indicator": result.indicator, "reference": result.reference,
                 **asdict(result.assessment)} for result in results]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    print(t("status.header", lang, method=t(f"method.{args.method}_name", lang)))
    for result in results:
        print(describe_status_line(result, register, lang))
    return EXIT_OK
