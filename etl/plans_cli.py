"""`python -m etl plans export [--out FILE]` and `python -m etl plans load FILE [--dry-run]`: the plan
register as a workbook, written and read back, the same path as the admin's page (every problem at once,
a preview, then one batch that History lists and `etl revert` undoes).

Exit codes: 0 done (or nothing to change); 1 no database or no such file; 2 the workbook has problems
(nothing written); 3 (from etl.cli) another program held the database past the wait.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from etl.documents_cli import DEFAULT_LOCK_WAIT, LOCK_WAIT_ENV_VAR
from ipmonitor.store import db
from ipmonitor.i18n import t
from ipmonitor.paths import PROJECT_ROOT

EXIT_OK, EXIT_USAGE, EXIT_INVALID, EXIT_LOCKED = 0, 1, 2, 3


def add_plans_parser(commands, common: argparse.ArgumentParser) -> None:
    """The `plans` command and its two actions."""
    plans = commands.add_parser("plans", parents=[common], help="the plan register as an Excel workbook")
    actions = plans.add_subparsers(dest="plans_action", required=True)
    export = actions.add_parser("export", parents=[common], help="write the current register to a workbook")
    export.add_argument("--out", type=Path, default=None,
                        help="output file (default: exports/ipmonitor-plan-register-LANG.xlsx)")
    load = actions.add_parser("load", parents=[common], help="check a workbook, preview it and write it as one batch")
    load.add_argument("file", type=Path)
    load.add_argument("--dry-run", action="store_true", help="show what would change, write nothing")
    load.add_argument("--user", default=None, help="who changes the register (default: the login name)")
    load.add_argument("--note", default=None, help="why: kept with the batch")
    for action in (export, load):
        action.add_argument("--wait", type=float, default=float(os.environ.get(LOCK_WAIT_ENV_VAR) or DEFAULT_LOCK_WAIT),
                            metavar="SECONDS", help="how long to wait for another program to let go of the database")


def run_plans(args: argparse.Namespace, user: str, wait_for_database) -> int:
    """Export or load the register; `wait_for_database(read_only)` opens the database as etl.cli does."""
    lang = args.lang
    if not args.db.exists():
        print(t("cli.no_database", lang, path=args.db), file=sys.stderr)
        return EXIT_USAGE
    if args.plans_action == "export":
        return _export(args, wait_for_database)
    return _load(args, user, wait_for_database)


def _export(args: argparse.Namespace, wait_for_database) -> int:
    from etl.plan_workbook import write_register_workbook
    from ipmonitor.register.register_store import load_register_entries

    with wait_for_database(True) as con:
        entries = load_register_entries(con)
    out = args.out or PROJECT_ROOT / "exports" / f"ipmonitor-plan-register-{args.lang}.xlsx"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(write_register_workbook(entries, args.lang))
    print(t("cli.plans_exported", args.lang, entries=len(entries), path=out))
    return EXIT_OK


def _load(args: argparse.Namespace, user: str, wait_for_database) -> int:
    from etl.batches import StalePreview
    from etl.register_writes import commit_register_review, prepare_register_workbook
    from etl.problems import sort_problems
    from ipmonitor.changes.register_change_tables import build_register_change_table, build_status_move_table

    lang = args.lang
    if not args.file.exists():
        print(t("cli.file_not_found", lang, path=args.file), file=sys.stderr)
        return EXIT_USAGE
    if not args.dry_run:
        from etl.register_changes import ensure_plan_register

        with wait_for_database(False) as con:
            db.apply_migrations(con)
            ensure_plan_register(con)
    with wait_for_database(args.dry_run) as con:
        review = prepare_register_workbook(con, args.file)
    if not review.ok:
        errors = sort_problems(review.problems)
        print(t("plans.errors_title_one" if len(errors) == 1 else "plans.errors_title", lang, count=len(errors)),
              file=sys.stderr)
        for problem in errors:
            print("  " + problem.describe(lang), file=sys.stderr)
        return EXIT_INVALID
    if review.is_empty:
        print(t("plans.nothing_to_change", lang))
        return EXIT_OK
    print(t("plans.preview_title", lang, **review.counts))
    _print_table(build_register_change_table(review.changes, lang))
    if review.status_moves:
        print(t("plans.status_moves_title", lang))
        _print_table(build_status_move_table(review.status_moves, review.registers_before.targets,
                                              review.registers_after.targets, lang))
    else:
        print(t("plans.no_status_moves", lang))
    if args.dry_run:
        print(t("cli.dry_run", lang))
        return EXIT_OK
    with wait_for_database(False) as con:
        try:
            batch = commit_register_review(con, review, loaded_by=user, note=args.note, channel="cli")
        except StalePreview:
            print(t("plans.stale", lang), file=sys.stderr)
            return EXIT_LOCKED
    print(t("cli.loaded", lang, batch=batch))
    return EXIT_OK


def _print_table(table) -> None:
    print(" | ".join(table.columns))
    for row in table.itertuples(index=False):
        print(" | ".join(str(value).replace("\n", "; ") for value in row))
