"""`python -m etl`: init, load, export, history, revert, status, users, backup, backups, restore, all on a
DuckDB file given by --db.

Exit codes (the README's table): 0 success; 1 usage or missing file/database; 2 the file failed
validation or is not a regular file (nothing written); 3 another program held the database past the wait
(or a batch came in between: nothing written); 4 the backup before the change could not be written
(nothing written); 5 the database file is damaged or is not a database (nothing done); 6 the disk is
full (nothing written).
"""
from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import sys
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

import duckdb
import pandas as pd

from etl.backup import (BACKUP_KEEP_ENV_VAR, BEFORE_RESTORE, DEFAULT_KEEP, MANUAL, BackupFailed,
                        RestoreRefused, backup_database, backup_folder, backup_keep, list_backups,
                        restore_database)
from etl.batches import Audit, RevertRefused, StalePreview, revert
from etl.load import batch_exists
from etl.register_changes import ensure_plan_register
from etl.problems import ERROR, WARNING
from etl.plans_cli import add_plans_parser, run_plans
from etl.documents_cli import add_report_parser, run_report
from etl.users import add_users_parser, run_users
from ipmonitor.store import db
from ipmonitor.progress.assessment import flat_record
from ipmonitor.store.damage_words import describe_damage
from ipmonitor.store.audit import record_event
from ipmonitor.formats import TABLE_FORMATS
from ipmonitor.i18n import LANGUAGES, t
from ipmonitor.numbers import format_number
from ipmonitor.paths import DEFAULT_DB, PROJECT_ROOT
from ipmonitor.store.queries import (load_batch_history, load_current_figures,
                               load_sources_in_use)
from ipmonitor.store.reference import load_vocabulary
from ipmonitor.progress.growth import METHODS
from ipmonitor.progress.verdicts import describe_status_line
from ipmonitor.progress.scoreboard import AS_REGISTERED, assess_register
from ipmonitor.register.register_store import RegisterMissing, load_target_register_from
from ipmonitor.progress.tables import build_batch_table

if TYPE_CHECKING:
    from etl.pipeline import Prepared

# The checks of a file (etl.pipeline, etl.review, etl.tracker_writes: pandas, openpyxl) and the exports are
# imported by the commands that use them, not by every command: they were a third of `etl report`'s
# start-up (bench/bench_exports.py).

EXIT_OK, EXIT_USAGE, EXIT_INVALID, EXIT_LOCKED, EXIT_BACKUP_FAILED, EXIT_DAMAGED, EXIT_NO_SPACE = 0, 1, 2, 3, 4, 5, 6
PREVIEW_LINES = 20
LOCK_WAIT_ENV_VAR = "IPMONITOR_LOCK_WAIT"
# The dashboard holds the database for milliseconds per read and about a second per commit; ten
# seconds rides out a busy spell without leaving someone at a terminal wondering what is happening.
DEFAULT_LOCK_WAIT = 10.0


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
    export.add_argument("--format", choices=(*TABLE_FORMATS, "parquet"), default="csv")
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
    backup = commands.add_parser("backup", parents=[common], help="copy the database into the backups folder")
    backup.add_argument("--keep", type=_positive_int, default=None,
                        help=f"how many backups to keep (default: ${BACKUP_KEEP_ENV_VAR} or {DEFAULT_KEEP})")
    commands.add_parser("backups", parents=[common], help="list the backups, newest first")
    restore = commands.add_parser("restore", parents=[common],
                                  help="put a backup back in place of the database (backed up first)")
    which = restore.add_mutually_exclusive_group(required=True)
    which.add_argument("backup", type=Path, nargs="?",
                       help="a backup folder (from `backups`), or a .duckdb file")
    which.add_argument("--latest", action="store_true", help="the newest backup")
    restore.add_argument("--other-database", action="store_true",
                         help="restore a backup even though it is of another database")
    for command in (load, revert, backup, restore):
        command.add_argument("--wait", type=float, default=_default_wait(), metavar="SECONDS",
                             help=f"how long to wait for another program to let go of the database "
                                  f"(default: ${LOCK_WAIT_ENV_VAR} or {DEFAULT_LOCK_WAIT:g})")
    add_users_parser(commands, common)
    add_report_parser(commands, common)
    add_plans_parser(commands, common)
    return parser


def _default_wait() -> float:
    return float(os.environ.get(LOCK_WAIT_ENV_VAR) or DEFAULT_LOCK_WAIT)


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit code."""
    args = build_parser().parse_args(argv)
    # Problems are told to the person at the terminal in their language; the English log lines that the
    # dashboard's server keeps would only repeat them here.
    logging.getLogger("ipmonitor").addHandler(logging.NullHandler())
    handlers = {"init": run_init, "load": run_load, "export": run_export,
                "history": run_history, "revert": run_revert, "status": run_status,
                "users": lambda args: run_users(args, _user(args)),
                "backup": run_backup, "backups": run_backups, "restore": run_restore,
                "report": run_report,
                "plans": lambda args: run_plans(args, _user(args), lambda read_only: _when_free(args, read_only))}
    try:
        return handlers[args.command](args)
    except (duckdb.Error, OSError) as error:
        if db.is_damage_error(error):
            print(describe_damage(db.as_damage(error, args.db), args.lang), file=sys.stderr)
            return EXIT_DAMAGED
        if db.is_no_space_error(error):
            print(t("cli.disk_full", args.lang, path=args.db, detail=str(error).splitlines()[0]),
                  file=sys.stderr)
            return EXIT_NO_SPACE
        if db.is_lock_error(error):
            detail = str(error).splitlines()[0]
            if getattr(args, "wait", None) is None:
                print(t("cli.database_locked", args.lang, path=args.db, detail=detail), file=sys.stderr)
            else:
                print(t("cli.database_locked_waited", args.lang, path=args.db, detail=detail,
                        seconds=_seconds(args)), file=sys.stderr)
            return EXIT_LOCKED
        raise
    except BackupFailed as error:
        print(t("cli.backup_failed", args.lang, detail=str(error)), file=sys.stderr)
        return EXIT_BACKUP_FAILED


def _user(args: argparse.Namespace) -> str:
    try:
        return getattr(args, "user", None) or getpass.getuser()
    except OSError:  # no login name in some containers
        return "unknown"


def _login(args: argparse.Namespace) -> dict[str, str]:
    """The operating-system account that ran the command, kept apart from the --user name it gave."""
    try:
        return {"os_user": getpass.getuser()}
    except OSError:  # no login name in some containers
        return {"os_user": "unknown"}


def _when_free(args: argparse.Namespace,
               read_only: bool = False) -> AbstractContextManager[duckdb.DuckDBPyConnection]:
    """A connection for this command, waiting up to --wait seconds for another program to let go."""
    return db.open_database_when_free(args.db, read_only=read_only, wait_seconds=args.wait,
                                      on_wait=_waiting_notice(args))


def _waiting_notice(args: argparse.Namespace) -> Callable[[], None]:
    """Said when the database is first found in use (once per command, which may connect several
    times), so that a wait is never a silent hang."""
    def notice() -> None:
        if not getattr(args, "told_waiting", False):
            print(t("cli.waiting_for_database", args.lang, path=args.db, seconds=_seconds(args)),
                  file=sys.stderr, flush=True)
            args.told_waiting = True
    return notice


def _seconds(args: argparse.Namespace) -> str:
    return format_number(args.wait, args.lang, digits=0 if float(args.wait).is_integer() else 1)


def _require_database(args: argparse.Namespace) -> bool:
    if args.db.exists():
        return True
    print(t("cli.no_database", args.lang, path=args.db), file=sys.stderr)
    return False


def run_init(args: argparse.Namespace) -> int:
    """Apply migrations, refresh reference data, load data/figures; safe to repeat."""
    from etl.seed import initialise_database

    lang = args.lang
    report = initialise_database(args.db)
    if report.migrations:
        print(t("cli.init_migrations", lang, names=", ".join(report.migrations)))
    else:
        print(t("cli.init_up_to_date", lang, version=report.schema_version))
    print(t("cli.init_reference", lang, **report.reference_counts))
    for row in report.outside_dates.itertuples(index=False):
        print(t("cli.init_outside_dates", lang, year=row.year, territory=load_vocabulary("territory").name(
            row.territory, lang), label=_figure_label(pd.Series(row._asdict()), lang), batch=row.batch_id))
    if report.shipped_skipped:
        print(t("cli.init_shipped_skipped", lang))
    if report.register is not None and report.register.kept_admin_edits:
        print(t("cli.init_register_kept", lang, differences=report.register.differences))
    elif report.register is not None and report.register.written:
        print(t("cli.init_register_seeded", lang, **report.register.counts))
    failed = False
    for prepared, batch in report.loads:
        _print_preview(prepared, lang, show_all=False)
        failed |= not prepared.ok
        print(t("cli.loaded", lang, batch=batch) if batch else t("cli.nothing_to_change", lang))
    return EXIT_INVALID if failed else EXIT_OK


def _figure_label(row: pd.Series, lang: str) -> str:
    names = [load_vocabulary(kind).name(row[kind], lang) for kind in ("ip_type", "measure", "territory")]
    return f"{row['year']} · " + " · ".join(names)


def _counted(key: str, lang: str, number: int, **params) -> str:
    """A message with a count, in its singular form where the language has one ("1 error")."""
    return t(f"{key}_one" if number == 1 else key, lang, **params)


def _print_preview(prepared: Prepared, lang: str, show_all: bool, jumps: pd.DataFrame | None = None) -> None:
    from ipmonitor.changes.change_tables import describe_jump

    for problem in prepared.problems:
        print(problem.describe(lang))
    errors = sum(p.severity == ERROR for p in prepared.problems)
    warnings = sum(p.severity == WARNING for p in prepared.problems)
    if errors:
        print(_counted("cli.refused", lang, errors, errors=format_number(errors, lang)))
        return
    if warnings:
        print(_counted("cli.warnings", lang, warnings, count=format_number(warnings, lang)))
    changes = prepared.changes
    print(t("cli.summary", lang, file=prepared.file_name, added=changes.count("added"),
            changed=changes.count("changed"), unchanged=changes.count("unchanged")))
    rows_to_show = changes.rows.assign(flagged=False, jump=None) if jumps is None else jumps
    flagged = int(rows_to_show["flagged"].sum())
    if flagged:
        print(_counted("cli.jumps", lang, flagged, count=format_number(flagged, lang)))
    for status, mark in (("added", "+"), ("changed", "~")):
        # Jumps first, as the app lists them: a slip is more often among them.
        rows = rows_to_show[rows_to_show["status"] == status].sort_values("flagged", ascending=False, kind="stable")
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
            jump = describe_jump(bool(row["flagged"]), row["jump"], lang)
            print(f"  {mark} {t('cli.' + status, lang)}: {_figure_label(row, lang)}: {detail}"
                  + (f"  {jump}" if jump else ""))
        if len(rows) > len(shown):
            print("  " + t("cli.more_rows", lang, count=len(rows) - len(shown)))


def run_load(args: argparse.Namespace) -> int:
    """Check a file, print what it changes, and unless --dry-run write it as one batch.

    The database is held only for short moments: the file is read and checked with no connection open,
    the comparison takes a brief one, and the write (a backup, then one transaction) its own; in
    between, a running dashboard reads as usual. A load that writes nothing for a reason (the file
    refused, the backup or the write failed) is audited as load_refused with the reason; a dry run,
    which promises to write nothing, is not.
    """
    from etl.pipeline import commit_prepared, prepare_file_briefly
    from etl.review import load_jumps

    lang = args.lang
    if not args.file.exists():
        print(t("cli.file_not_found", lang, path=args.file), file=sys.stderr)
        _audit_refused_load(args, {"file": args.file.name, "reason": "file_not_found"})
        return EXIT_USAGE
    if not _require_database(args):
        return EXIT_USAGE
    if not args.dry_run:
        with _when_free(args) as con:
            db.apply_migrations(con)  # a database made by an older version gets the current schema first
            ensure_plan_register(con)
    prepared = prepare_file_briefly(lambda: _when_free(args, read_only=args.dry_run), args.file)
    jumps = None
    if prepared.ok:
        with _when_free(args, read_only=args.dry_run) as con:
            jumps = load_jumps(con, prepared.changes)
    _print_preview(prepared, lang, show_all=args.all, jumps=jumps)
    if not prepared.ok:
        errors = [p for p in prepared.problems if p.severity == ERROR]
        _audit_refused_load(args, {"file": prepared.file_name, "sha256": prepared.sha256, "reason": "invalid",
                                   "errors": len(errors), "problems": sorted({p.code for p in errors})})
        return EXIT_INVALID
    if args.dry_run:
        print(t("cli.dry_run", lang))
        return EXIT_OK
    if prepared.changes.is_empty:  # nothing to write: no need to take the database from the dashboard
        print(t("cli.nothing_to_change", lang))
        return EXIT_OK
    detail = {"file": prepared.file_name, "sha256": prepared.sha256, "added": prepared.changes.count("added"),
              "changed": prepared.changes.count("changed"), "unchanged": prepared.changes.count("unchanged"),
              **_login(args)}
    try:
        with _when_free(args) as con:
            try:  # the commit and its audit event, or the refusal's, in one transaction (etl.batches)
                batch = commit_prepared(con, prepared, loaded_by=_user(args), note=args.note,
                                        audit=Audit("commit", detail, channel="cli", names_batch=False))
            except StalePreview:
                print(t("problem.stale_preview", lang), file=sys.stderr)
                return EXIT_LOCKED
    except BackupFailed as error:
        _audit_refused_load(args, {**detail, "reason": "backup_failed", "error": str(error)})
        raise
    except (duckdb.Error, OSError) as error:
        if not db.is_damage_error(error) and not db.is_lock_error(error):
            _audit_refused_load(args, {**detail, "reason": "write_failed", "error": str(error).splitlines()[0]})
        raise
    print(t("cli.loaded", lang, batch=batch) if batch else t("cli.nothing_to_change", lang))
    return EXIT_OK


def _audit_refused_load(args: argparse.Namespace, detail: dict) -> None:
    """Record a load that wrote nothing, and why. Not on a dry run (it promises to write nothing), nor
    without a database; when the record itself cannot be written (the disk is full, another program
    holds the database), the person is told, and the command's own message and exit code stand."""
    if args.dry_run or not args.db.exists():
        return
    try:
        with db.open_database_when_free(args.db, wait_seconds=min(args.wait, 2.0)) as con:
            record_event(con, _user(args), "load_refused", channel="cli", detail={**detail, **_login(args)})
    except (duckdb.Error, OSError) as error:
        print(t("cli.refusal_not_audited", args.lang, detail=str(error).splitlines()[0]), file=sys.stderr)


def run_export(args: argparse.Namespace) -> int:
    """Write the current figures with their sources and batches."""
    from ipmonitor.documents.figure_files import build_figures_sheets, write_parquet

    lang = args.lang
    if not _require_database(args):
        return EXIT_USAGE
    with db.open_database(args.db, read_only=True) as con:
        figures = load_current_figures(con, lang)
        sources = load_sources_in_use(con)
    # Parquet is for analysis tools: the figures' codes as stored, not a table headed for people.
    table_format = TABLE_FORMATS.get(args.format)
    suffix = table_format.suffix if table_format else args.format
    out = args.out or PROJECT_ROOT / "exports" / f"ipmonitor-figures.{suffix}"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(table_format.write(build_figures_sheets(figures, sources, lang)) if table_format
                    else write_parquet(figures))
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
    # The History page's table, so that both say a batch's kind and time in the same words (Viet Nam
    # time, "Hoàn tác lô 2"); the SHA-256 is left to the page, where a line has room for it.
    table = build_batch_table(history, lang).drop(columns=t("history.col_sha256", lang))
    print(" | ".join(table.columns))
    for row in table.itertuples(index=False):
        print(" | ".join(str(value) for value in row))
    return EXIT_OK


def run_revert(args: argparse.Namespace) -> int:
    """Undo a batch of any subject with a new batch of that subject; nothing is deleted. A revert that
    would leave the plan register breaking its rules is refused, and says which."""
    lang = args.lang
    if not _require_database(args):
        return EXIT_USAGE
    with _when_free(args) as con:
        db.apply_migrations(con)
        ensure_plan_register(con)
        if not batch_exists(con, args.batch):
            print(t("cli.no_such_batch", lang, batch=args.batch), file=sys.stderr)
            return EXIT_USAGE
        try:  # the revert and its audit event in one transaction, whatever the batch changed (etl.batches)
            result = revert(con, args.batch, loaded_by=_user(args), note=args.note, channel="cli",
                            detail=_login(args))
        except RevertRefused as refused:  # the register after the revert would break its rules
            print(t("cli.plans_revert_refused", lang, batch=args.batch, detail=str(refused)), file=sys.stderr)
            return EXIT_INVALID
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
    """Assess every target in the register by the chosen method; one line or one JSON object each. The
    JSON gives the target as the register sets it (each condition, its level and whether it is met, the
    binding one), its direction and the baseline year used: never the baseline in place of a target."""
    lang = args.lang
    if not _require_database(args):
        return EXIT_USAGE
    territories = set(load_vocabulary("territory").codes) | {AS_REGISTERED}
    if args.territory not in territories:
        print(t("cli.unknown_territory", lang, territory=args.territory,
                known=", ".join(sorted(territories))), file=sys.stderr)
        return EXIT_USAGE
    with db.open_database(args.db, read_only=True) as con:
        try:
            register = load_target_register_from(con)
        except RegisterMissing:
            print(t("cli.register_missing", lang, path=args.db), file=sys.stderr)
            return EXIT_USAGE
        results = assess_register(con, args.method, args.territory, register)
    if args.json:
        rows = [{"plan": result.plan, "indicator": result.indicator, "reference": result.reference,
                 **flat_record(result.assessment)} for result in results]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    print(t("status.header", lang, method=t(f"method.{args.method}_name", lang)))
    for result in results:
        print(describe_status_line(result, register, lang))
    return EXIT_OK


def run_backup(args: argparse.Namespace) -> int:
    """Copy the database into the backups folder now, then keep only the newest --keep backups."""
    lang = args.lang
    if not _require_database(args):
        return EXIT_USAGE
    keep = args.keep or backup_keep()
    with _when_free(args, read_only=True) as con:
        path = backup_database(con, label=MANUAL, keep=keep)
    with _when_free(args) as con:  # a copy of the data is audited like a change of it
        record_event(con, _user(args), "backup", channel="cli",
                     detail={"backup": path.name, "keep": keep, **_login(args)})
    print(t("cli.backup_written", lang, path=path, keep=keep, folder=path.parent))
    return EXIT_OK


def run_backups(args: argparse.Namespace) -> int:
    """List the backups of the database, newest first."""
    lang = args.lang
    folder = backup_folder(args.db)
    backups = list_backups(args.db)
    if not backups:
        print(t("cli.backups_empty", lang, folder=folder))
        return EXIT_OK
    print(t("cli.backups_header", lang, folder=folder))
    for backup in backups:
        size = format_number(backup.size / 1e6, lang, digits=1)
        print(" | ".join((backup.path.name, f"{backup.taken_at:%Y-%m-%d %H:%M:%S}",
                          t("cli.backup_size", lang, size=size), _describe_label(backup.label, lang))))
    return EXIT_OK


def _describe_label(label: str, lang: str) -> str:
    if label == MANUAL:
        return t("cli.backup_label_manual", lang)
    if label == BEFORE_RESTORE:
        return t("cli.backup_label_restore", lang)
    if label.startswith("before-batch-") and label.removeprefix("before-batch-").isdigit():
        return t("cli.backup_label_batch", lang, batch=label.removeprefix("before-batch-"))
    return label


def run_restore(args: argparse.Namespace) -> int:
    """Put a backup back in place of the database; the database it replaces is backed up first."""
    lang = args.lang
    if args.latest:
        backups = list_backups(args.db)
        if not backups:
            print(t("cli.restore_no_backups", lang, path=args.db, folder=backup_folder(args.db)),
                  file=sys.stderr)
            return EXIT_USAGE
        source = backups[0].path
    else:
        source = args.backup
        if not source.exists():
            print(t("cli.file_not_found", lang, path=source), file=sys.stderr)
            return EXIT_USAGE
    try:
        # The restored database records that it was put back, and by whom, in the same swap.
        restored = restore_database(args.db, source, wait_seconds=args.wait, on_wait=_waiting_notice(args),
                                    other_database=args.other_database, actor=_user(args), detail=_login(args))
    except RestoreRefused as refused:
        print(t(f"cli.restore_{refused.reason}", lang, **refused.params), file=sys.stderr)
        return EXIT_USAGE
    if restored.damaged_kept_in is not None:
        print(t("cli.restored_damaged", lang, path=restored.database, backup=restored.restored_from,
                moved=restored.damaged_kept_in, detail=restored.damaged_detail or "–"))
    elif restored.replaced_kept_in is None:
        print(t("cli.restored_new", lang, path=restored.database, backup=restored.restored_from))
    else:
        print(t("cli.restored", lang, path=restored.database, backup=restored.restored_from,
                kept=restored.replaced_kept_in))
    return EXIT_OK
