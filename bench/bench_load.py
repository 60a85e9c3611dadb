"""Benchmark `python -m etl load` on a 100,000-row long CSV, against baselines measured in the same run.

Prints medians of several runs (each on a fresh copy of the database) for:
  baseline A: `etl load` of a 1,000-row file (start-up and fixed costs);
  baseline B: DuckDB alone reading the 100k CSV and inserting it (the engine's floor);
  the 100k-row `etl load --dry-run` and the 100k-row `etl load` that writes;
  `etl load` of the largest workbook of the analyst corpus (tests/fixtures/analyst: several sheets,
  titles, totals checked, footnotes), the files people really upload;
  and, in-process, the time of each ETL stage on the 100k file.
Run: make bench   (or .venv/bin/python bench/bench_load.py --rows 100000 --repeat 3)
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.make_long_csv import territory_codes, write_long_csv  # noqa: E402
from etl.layout import locate_records  # noqa: E402
from etl.load import apply_changes, compute_changes  # noqa: E402
from etl.normalise import normalise_figures  # noqa: E402
from etl.read import read_file  # noqa: E402
from etl.seed import initialise_database  # noqa: E402
from etl.validate import validate_records  # noqa: E402
from ipmonitor import db  # noqa: E402
from ipmonitor.reference import load_database_vocabularies  # noqa: E402


def prepare_database(folder: Path, rows: int) -> Path:
    """The shipped database plus the synthetic territories the generated file uses."""
    path = folder / "template.duckdb"
    initialise_database(path)
    with duckdb.connect(str(path)) as con:
        for i, code in enumerate(territory_codes(rows), start=1000):
            con.execute("INSERT INTO territory VALUES (?, ?, ?, NULL, NULL, ?)",
                        [code, f"Địa bàn đo {code[-4:]}", f"Bench territory {code[-4:]}", i])
    return path


def time_command(args: list[str], template: Path, folder: Path, repeat: int) -> list[float]:
    """Wall time of a CLI command, each run on a fresh copy of the database."""
    times = []
    for i in range(repeat):
        copy = folder / f"run{i}.duckdb"
        shutil.copy(template, copy)
        start = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "etl", *args, "--db", str(copy)], cwd=ROOT,
                                capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if result.returncode != 0:
            raise SystemExit(f"command failed: {args}\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
        copy.unlink()
    return times


def largest_analyst_workbook() -> tuple[Path, int]:
    """The accepted workbook of the analyst corpus with the most figures, and how many it gives."""
    folder = ROOT / "tests" / "fixtures" / "analyst"
    manifest = yaml.safe_load((folder / "expected.yaml").read_text(encoding="utf-8"))
    name, count = max(((entry["file"], len(entry["figures"])) for entry in manifest["files"]
                       if "figures" in entry and entry["file"].endswith(".xlsx")), key=lambda pair: pair[1])
    return folder / name, count


def time_duckdb_floor(csv_path: Path, template: Path, folder: Path, repeat: int) -> list[float]:
    """DuckDB reading the CSV and inserting it into a plain table, nothing else."""
    times = []
    for i in range(repeat):
        copy = folder / f"floor{i}.duckdb"
        shutil.copy(template, copy)
        start = time.perf_counter()
        with duckdb.connect(str(copy)) as con:
            con.execute("CREATE TABLE floor AS SELECT * FROM read_csv(?, header = true, all_varchar = true)",
                        [str(csv_path)])
        times.append(time.perf_counter() - start)
        copy.unlink()
    return times


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
    """Run the benchmark and print medians."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        template = prepare_database(folder, args.rows)
        big = write_long_csv(args.rows, folder / f"long_{args.rows}.csv")
        small = write_long_csv(1_000, folder / "long_1000.csv")
        workbook, figures = largest_analyst_workbook()
        results = {
            "baseline A: etl load, 1,000 rows": time_command(["load", str(small)], template, folder, args.repeat),
            f"etl load, analyst workbook ({figures} figures)": time_command(["load", str(workbook)], template,
                                                                           folder, args.repeat),
            "baseline B: DuckDB read_csv + insert, same file": time_duckdb_floor(big, template, folder, args.repeat),
            f"etl load --dry-run, {args.rows:,} rows": time_command(["load", str(big), "--dry-run"], template,
                                                                      folder, args.repeat),
            f"etl load, {args.rows:,} rows": time_command(["load", str(big)], template, folder, args.repeat),
        }
        stages = time_stages(big, template, folder)
    print(f"{'measurement':<52} {'median s':>9}  runs")
    for name, times in results.items():
        print(f"{name:<52} {statistics.median(times):>9.2f}  {', '.join(f'{t:.2f}' for t in times)}")
    load = statistics.median(results[f"etl load, {args.rows:,} rows"])
    print(f"\netl load / baseline A: {load / statistics.median(results['baseline A: etl load, 1,000 rows']):.1f}x;"
          f" etl load / baseline B: {load / statistics.median(results['baseline B: DuckDB read_csv + insert, same file']):.1f}x")
    print(f"analyst workbook: {workbook.name}")
    print("stages of one in-process load (s): " + ", ".join(f"{k} {v:.2f}" for k, v in stages.items()))


if __name__ == "__main__":
    main()
