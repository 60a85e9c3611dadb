"""The issue 18 table in one place: each row's median, its baseline's median measured in the same run, the
ratio, the goal and whether it is met, read only from the bench scripts' bench/out/<script>.json.

The last line of `make bench`; run it alone to re-read the latest results:
    .venv/bin/python bench/summary.py
A script that has not written its file (not run, or failed) leaves its rows "not measured". The table is
Markdown, so that a run's table can be pasted into the README as it is.
"""
from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
NOT_MEASURED = "not measured"
UNITS = {"_ms": "ms", "_s": "s", "_mb": "MB"}
DECIMALS = {"ms": 1, "s": 2, "MB": 0}


@dataclass(frozen=True)
class Goal:
    """At most `most`: of the median itself (in its unit), or of the ratio to the baseline."""
    most: float
    of_ratio: bool = False


@dataclass(frozen=True)
class Row:
    what: str
    measured: tuple[str, str]  # (script, key in its medians)
    baseline: tuple[str, str] | None = None
    baseline_what: str = ""
    goal: Goal | None = None


RSS = "peak RSS"
ROWS = (
    Row("front page, first visit after a server start (Chromium, until idle)",
        ("bench_first_visit", "front_first_visit_s"), ("bench_first_visit", "empty_first_visit_s"),
        "empty page's first visit", Goal(2.0, of_ratio=True)),
    Row("front page, new browser session, server warm", ("bench_first_visit", "front_warm_visit_s"),
        ("bench_first_visit", "empty_warm_visit_s"), "empty page, same"),
    Row("Trajectories rerun, script only, national (2.4 M figures)", ("bench_pages", "national_script_trajectories_ms"),
        ("bench_pages", "national_script_empty_ms"), "empty page's rerun", Goal(12.0)),
    Row("Trajectories rerun, script only, national (2.4 M figures)", ("bench_pages", "national_script_trajectories_ms"),
        ("bench_pages", "national_script_lean_pandas_peer_ms"), "lean pandas peer's rerun"),
    Row("Trajectories, a changed indicator: until the chart is redrawn (browser)",
        ("bench_control_change", "chart_ms"), ("bench_control_change", "peer_ms"),
        "one selectbox and one static chart", Goal(2.0, of_ratio=True)),
    Row(f"dashboard {RSS}, every page once, shipped", ("bench_pages", "memory_dashboard_shipped_every_page_peak_mb"),
        ("bench_pages", "memory_bare_streamlit_reruns_peak_mb"), "bare Streamlit (empty page)", Goal(250.0)),
    Row(f"dashboard {RSS}, every page once, national", ("bench_pages", "memory_dashboard_national_every_page_peak_mb"),
        ("bench_pages", "memory_bare_streamlit_reruns_peak_mb"), "bare Streamlit (empty page)", Goal(250.0)),
    Row(f"dashboard {RSS}, then 100 Trajectories reruns, national",
        ("bench_pages", "memory_dashboard_national_reruns_peak_mb"),
        ("bench_pages", "memory_lean_peer_national_reruns_peak_mb"), "lean pandas peer, 100 reruns", Goal(300.0)),
    Row(f"dashboard {RSS}, then 100 Trajectories reruns, national",
        ("bench_pages", "memory_dashboard_national_reruns_peak_mb"),
        ("bench_pages", "memory_bare_streamlit_reruns_peak_mb"), "bare Streamlit (empty page)"),
    Row("PDF, mid-term edition, `etl report`, whole process, first on its figures",
        ("bench_exports", "etl_report_midterm_pdf_s"),
        goal=Goal(5.0)),
    Row("PDF, the same again (its charts kept beside the database)", ("bench_exports", "etl_report_midterm_pdf_kept_s"),
        goal=Goal(5.0)),
    Row("deck, mid-term edition, `etl report`, whole process", ("bench_exports", "etl_report_midterm_pptx_s"),
        goal=Goal(2.0)),
    Row("`etl load`, 100,000-row long CSV, whole process", ("bench_load", "etl_load_long_csv_s"),
        ("bench_load", "duckdb_read_csv_whole_process_s"), "DuckDB read_csv into a table, whole process",
        Goal(3.0, of_ratio=True)),
    Row("`etl history` start-up, whole process", ("bench_load", "etl_history_s"), ("bench_load", "import_duckdb_s"),
        "`python -c \"import duckdb\"`", Goal(1.0)),
    Row(f"`etl history` {RSS}, whole process", ("bench_load", "etl_history_peak_mb"),
        ("bench_load", "import_duckdb_peak_mb"), "`python -c \"import duckdb\"`", Goal(150.0)),
)
HEADER = ("what", "median", "baseline", "baseline median", "ratio", "goal", "verdict")


def unit_of(key: str) -> str:
    return next(unit for suffix, unit in UNITS.items() if key.endswith(suffix))


def median_of(results: dict[str, dict], where: tuple[str, str]) -> float | None:
    """A median from the scripts' results ({script: its JSON}), or None where it was not measured."""
    script, key = where
    return results.get(script, {}).get("medians", {}).get(key)


def show(value: float, unit: str) -> str:
    return f"{value:.{DECIMALS[unit]}f} {unit}"


def evaluate(row: Row, results: dict[str, dict]) -> tuple[str, ...]:
    """The row's cells, in HEADER's order."""
    unit = unit_of(row.measured[1])
    measured = median_of(results, row.measured)
    baseline = median_of(results, row.baseline) if row.baseline else None
    ratio = measured / baseline if measured is not None and baseline else None
    goal = "—"
    verdict = "—"
    if row.goal:
        goal = f"≤ {row.goal.most:g}×" if row.goal.of_ratio else f"≤ {show(row.goal.most, unit)}"
        judged = ratio if row.goal.of_ratio else measured
        verdict = NOT_MEASURED if judged is None else "met" if judged <= row.goal.most else "not met"
    elif measured is None:
        verdict = NOT_MEASURED
    return (row.what,
            NOT_MEASURED if measured is None else show(measured, unit),
            row.baseline_what or "—",
            "—" if not row.baseline else NOT_MEASURED if baseline is None else show(baseline, unit),
            "—" if ratio is None else f"{ratio:.2f}×",
            goal, verdict)


def summary_lines(results: dict[str, dict]) -> list[str]:
    """The Markdown table of every row, then where each script's figures come from."""
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(evaluate(row, results)) + " |" for row in ROWS]
    lines.append("")
    for script in dict.fromkeys(row.measured[0] for row in ROWS):
        if script not in results:
            lines.append(f"{script}: {NOT_MEASURED} (no bench/out/{script}.json)")
            continue
        notes = ", ".join(f"{key} {value}" for key, value in results[script].get("notes", {}).items())
        lines.append(f"{script}: {results[script].get('written_at', '?')}" + (f"; {notes}" if notes else ""))
    return lines


def read_results(folder: Path) -> dict[str, dict]:
    """Every bench/out/<script>.json there is, by script."""
    return {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.json"))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=OUT, help="the folder of the scripts' JSON files")
    args = parser.parse_args()
    print("\nIssue 18: medians, each against its baseline measured in the same run\n")
    print("\n".join(summary_lines(read_results(args.out))))


if __name__ == "__main__":
    main()
