"""Benchmark `python -m etl load` on a 100,000-row long CSV, against baselines measured in the same run.

Prints medians of interleaved rounds (each round runs every measurement once, each on a fresh copy of
the database, so that a slow spell of the machine falls on every row) for:
  baseline A: `etl load` of a 1,000-row file (start-up and fixed costs);
  baseline B: DuckDB alone reading the 100k CSV and inserting it into a table, as a whole process
              (`python -c "import duckdb; …"`, the goal's baseline: etl load within 3x) and in this process
              (the engine's floor without Python's and DuckDB's start-up);
  the 100k-row `etl load --dry-run` and the 100k-row `etl load` that writes;
  `etl load` of the largest workbook of the analyst corpus (tests/fixtures/analyst: several sheets,
  titles, totals checked, footnotes), the files people really upload;
  any etl command's start-up: `etl history` against `python -c "import duckdb"`, time and peak memory
  (goal: within 1.0 s and 150 MB);
  and, in-process, the time of each ETL stage on the 100k file.
Whole processes are started through bench/whole_process.py, which gives each one's peak RSS (ru_maxrss).
Writes bench/out/bench_load.json for bench/summary.py.
Run: make bench   (or .venv/bin/python bench/bench_load.py --rows 100000 --repeat 3)
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.make_long_csv import territory_codes, write_long_csv  # noqa: E402
from bench.results import write_medians  # noqa: E402
from bench.whole_process import measure_whole_process  # noqa: E402
from etl.layout import locate_records  # noqa: E402
from etl.load import apply_changes, compute_changes  # noqa: E402
from etl.normalise import normalise_figures  # noqa: E402
from etl.read import read_file  # noqa: E402
from etl.seed import initialise_database  # noqa: E402
from etl.validate import validate_records  # noqa: E402
from ipmonitor.store import db  # noqa: E402
from ipmonitor.store.reference import load_database_vocabularies  # noqa: E402


def prepare_database(folder: Path, rows: int) -> Path:
    """The shipped database plus the synthetic territories the generated file uses."""
    path = folder / "template.duckdb"
    initialise_database(path)
    with duckdb.connect(str(path)) as con:
        for i, code in enumerate(territory_codes(rows), start=1000):
            con.execute("INSERT INTO territory VALUES (?, ?, ?, NULL, NULL, ?)",
                        [code, f"Địa bàn đo {code[-4:]}", f"Bench territory {code[-4:]}", i])
    return path


def run_on_copy(command: list[str], template: Path, folder: Path) -> dict:
    """One whole-process run of `command` with a fresh copy of the database's path as its last argument:
    {"seconds": …, "peak_mb": …}."""
    copy = folder / "run.duckdb"
    shutil.copy(template, copy)
    try:
        return measure_whole_process([*command, str(copy)], cwd=ROOT)
    finally:
        copy.unlink()


def etl(*args: str) -> list[str]:
    """An `etl` command line whose last argument, the database, run_on_copy appends."""
    return [sys.executable, "-m", "etl", *args, "--db"]


# DuckDB alone as a whole process: start Python, import DuckDB, read the CSV as text into a plain table.
DUCKDB_CSV_PROCESS = ("import sys, duckdb; con = duckdb.connect(sys.argv[2]); con.execute("
                      "'CREATE TABLE floor AS SELECT * FROM read_csv(?, header = true, all_varchar = true)', "
                      "[sys.argv[1]]); con.close()")  # argv: the CSV, then the database (run_on_copy appends it)
IMPORT_DUCKDB = [sys.executable, "-c", "import duckdb"]


def largest_analyst_workbook() -> tuple[Path, int]:
    """The accepted workbook of the analyst corpus with the most figures, and how many it gives."""
    folder = ROOT / "tests" / "fixtures" / "analyst"
    manifest = yaml.safe_load((folder / "expected.yaml").read_text(encoding="utf-8"))
    name, count = max(((entry["file"], len(entry["figures"])) for entry in manifest["files"]
                       if "figures" in entry and entry["file"].endswith(".xlsx")), key=lambda pair: pair[1])
    return folder / name, count


def time_duckdb_in_process(csv_path: Path, template: Path, folder: Path) -> float:
    """DuckDB reading the CSV and inserting it into a plain table, in this process: nothing else."""
    copy = folder / "floor.duckdb"
    shutil.copy(template, copy)
    start = time.perf_counter()
    with duckdb.connect(str(copy)) as con:
        con.execute("CREATE TABLE floor AS SELECT * FROM read_csv(?, header = true, all_varchar = true)",
                    [str(csv_path)])
    seconds = time.perf_counter() - start
    copy.unlink()
    return seconds


def time_stages(csv_path: Path, template: Path, folder: Path) -> dict[str, float]:
    """One in-process run, stage by stage."""
    copy = folder / "stages.duckdb"
    shutil.copy(template, copy)
    stages: dict[str, float] = {}
    with db.open_database(copy) as con:
        start = time.perf_counter()
        raw = read_file(csv_path)
        stages["read"] = time.perf_counter() - start
        start = time.perf_counter()
        records = locate_records(raw.rows)
        stages["layout"] = time.perf_counter() - start
        start = time.perf_counter()
        validated = validate_records(records, load_database_vocabularies(con))
        stages["validate"] = time.perf_counter() - start
        assert validated.ok, validated.problems[:5]
        start = time.perf_counter()
        normalised = normalise_figures(validated.frame, db.query_df(con, "known_sources"))
        stages["normalise"] = time.perf_counter() - start
        start = time.perf_counter()
        changes = compute_changes(con, normalised)
        stages["compare"] = time.perf_counter() - start
        start = time.perf_counter()
        apply_changes(con, changes, loaded_by="bench", file_name=csv_path.name, sha256=raw.sha256, note=None)
        stages["write"] = time.perf_counter() - start
    return stages


def main() -> None:
    """Run the benchmark, print medians and write them for the summary."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, help="interleaved rounds")
    args = parser.parse_args()
    rows = f"{args.rows:,} rows"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        template = prepare_database(folder, args.rows)
        big = write_long_csv(args.rows, folder / f"long_{args.rows}.csv")
        small = write_long_csv(1_000, folder / "long_1000.csv")
        workbook, figures = largest_analyst_workbook()
        whole_processes = {
            "baseline: python -c 'import duckdb'": IMPORT_DUCKDB,
            "etl history (any command's start-up)": etl("history"),
            "baseline A: etl load, 1,000 rows": etl("load", str(small)),
            f"etl load, analyst workbook ({figures} figures)": etl("load", str(workbook)),
            "baseline B: DuckDB read_csv into a table, whole process": [
                sys.executable, "-c", DUCKDB_CSV_PROCESS, str(big)],
            f"etl load --dry-run, {rows}": etl("load", str(big), "--dry-run"),
            f"etl load, {rows}": etl("load", str(big)),
        }
        runs: dict[str, list[dict]] = {name: [] for name in whole_processes}
        in_process: list[float] = []
        for _ in range(args.repeat):
            for name, command in whole_processes.items():
                if command is IMPORT_DUCKDB:  # the one command without a database
                    runs[name].append(measure_whole_process(command, cwd=ROOT))
                else:
                    runs[name].append(run_on_copy(command, template, folder))
            in_process.append(time_duckdb_in_process(big, template, folder))
        stages = time_stages(big, template, folder)

    seconds = {name: statistics.median(run["seconds"] for run in found) for name, found in runs.items()}
    peak_mb = {name: statistics.median(run["peak_mb"] for run in found) for name, found in runs.items()}
    print(f"whole processes, medians of {args.repeat} interleaved rounds (peak RSS: the process's ru_maxrss)")
    print(f"{'measurement':<56} {'median s':>9} {'peak MB':>8}  runs (s)")
    for name, found in runs.items():
        print(f"{name:<56} {seconds[name]:>9.2f} {peak_mb[name]:>8.0f}  "
              + ", ".join(f"{run['seconds']:.2f}" for run in found))
    floor = statistics.median(in_process)
    print(f"{'DuckDB read_csv into a table, in this process':<56} {floor:>9.2f} {'':>8}  "
          + ", ".join(f"{t:.2f}" for t in in_process))
    load = seconds[f"etl load, {rows}"]
    whole_floor = seconds["baseline B: DuckDB read_csv into a table, whole process"]
    print(f"\netl load / baseline A: {load / seconds['baseline A: etl load, 1,000 rows']:.1f}x;"
          f" etl load / DuckDB whole process: {load / whole_floor:.1f}x (goal 3x);"
          f" etl load / DuckDB in process: {load / floor:.1f}x")
    history, bare = "etl history (any command's start-up)", "baseline: python -c 'import duckdb'"
    print(f"etl history: {seconds[history]:.2f} s and {peak_mb[history]:.0f} MB (goal 1.0 s, 150 MB); "
          f"import duckdb alone {seconds[bare]:.2f} s and {peak_mb[bare]:.0f} MB")
    print(f"analyst workbook: {workbook.name}")
    print("stages of one in-process load (s): " + ", ".join(f"{k} {v:.2f}" for k, v in stages.items()))
    write_medians("bench_load", {
        "etl_load_long_csv_s": load,
        "etl_load_long_csv_dry_run_s": seconds[f"etl load --dry-run, {rows}"],
        "etl_load_1000_s": seconds["baseline A: etl load, 1,000 rows"],
        "etl_load_analyst_workbook_s": seconds[f"etl load, analyst workbook ({figures} figures)"],
        "duckdb_read_csv_whole_process_s": whole_floor,
        "duckdb_read_csv_in_process_s": floor,
        "etl_history_s": seconds[history],
        "etl_history_peak_mb": peak_mb[history],
        "import_duckdb_s": seconds[bare],
        "import_duckdb_peak_mb": peak_mb[bare],
    }, rows=args.rows, rounds=args.repeat, memory="peak RSS of the whole process (ru_maxrss from wait4)")


if __name__ == "__main__":
    main()
