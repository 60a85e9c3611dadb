"""Benchmark the front page's first visit after a server start, a second reader's visit just after, and a
new reader's visit once the server is warm, against an empty Streamlit page served the same way, in the
same run.

Each round starts `streamlit run app.py` (as `make run` does) on the shipped data and, interleaved with
it, `streamlit run` of a one-line page; Debian's Chromium opens each server's front page three times
(three browser sessions, one after the other) and each visit is timed from `goto` until the script has
finished and the network is idle. The first visit pays the imports and the cold reads; the second one
runs while the Overview's warm-up (the document stack, Chromium for the chart images) may still go on;
the third waits until the server's process tree (its Chromium included) has used no CPU for 2 s (at most
60 s): a new browser session on a warm server.
Goal (issue 18): the first visit within 2x the empty page's first visit; the warm visit's ratio is
reported without a goal. Writes bench/out/bench_first_visit.json for bench/summary.py.
Run: make bench   (or .venv/bin/python bench/bench_first_visit.py --rounds 3)
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_pages import launch_chromium, start_server  # noqa: E402
from bench.results import write_medians  # noqa: E402

GOAL_RATIO = 2.0
IDLE = "[data-testid=stApp][data-test-script-state=notRunning]"


def visit(browser, url: str) -> float:
    """Seconds from opening `url` in a new browser session until its script ran and the network is idle."""
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    try:
        start = time.perf_counter()
        page.goto(url)
        page.wait_for_selector(IDLE, timeout=300_000)
        page.wait_for_load_state("networkidle")
        return time.perf_counter() - start
    finally:
        page.close()


def tree_cpu_seconds(pid: int) -> float:
    """CPU seconds used so far by a process and every process it started that still runs."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        children = " ".join(Path(task, "children").read_text() for task in Path(f"/proc/{pid}/task").iterdir())
    except (FileNotFoundError, ProcessLookupError):
        return 0.0  # it ended between two reads
    own = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime
    return own + sum(tree_cpu_seconds(int(child)) for child in children.split())


def wait_until_quiet(pid: int, quiet: float = 2.0, most: float = 60.0) -> float:
    """Wait until the process tree has used (almost) no CPU for `quiet` seconds; seconds waited."""
    start = last_busy = time.perf_counter()
    used = tree_cpu_seconds(pid)
    while time.perf_counter() - last_busy < quiet and time.perf_counter() - start < most:
        time.sleep(0.25)
        now = tree_cpu_seconds(pid)
        if now - used > 0.01:
            last_busy = time.perf_counter()
        used = now
    return time.perf_counter() - start


def three_visits(browser, script: Path, database: Path) -> tuple[float, float, float, float]:
    """First visit, second just after, third once the server is quiet; and the seconds waited for that."""
    server, url = start_server(script, database)
    try:
        first, second = visit(browser, url), visit(browser, url)
        waited = wait_until_quiet(server.pid)
        return first, second, visit(browser, url), waited
    finally:
        server.terminate()
        server.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from etl.seed import initialise_database

    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        database = Path(folder) / "ipmonitor.duckdb"
        initialise_database(database)
        empty = Path(folder) / "empty_page.py"
        empty.write_text('import streamlit as st\nst.write("")\n', encoding="utf-8")
        browser = launch_chromium(playwright)
        pages = {"empty page": empty, "front page (app.py)": ROOT / "app.py"}
        found: dict[str, list[tuple[float, float, float, float]]] = {name: [] for name in pages}
        for _ in range(args.rounds):  # interleaved, so that a slow spell lands on both sides
            for name, script in pages.items():
                found[name].append(three_visits(browser, script, database))
        browser.close()

    print(f"{'after a server start (s)':<22} {'first':>6} {'second':>7} {'warm':>6}  rounds (first/second/warm,"
          f" seconds waited for a quiet server)")
    medians = {}
    for name, rounds in found.items():
        key = "front" if name.startswith("front") else "empty"
        for index, visit_name in enumerate(("first", "second", "warm")):
            medians[f"{key}_{visit_name}_visit_s"] = statistics.median(found_round[index] for found_round in rounds)
        medians[f"{key}_waited_for_quiet_s"] = statistics.median(found_round[3] for found_round in rounds)
        print(f"{name:<22} {medians[f'{key}_first_visit_s']:>6.2f} {medians[f'{key}_second_visit_s']:>7.2f} "
              f"{medians[f'{key}_warm_visit_s']:>6.2f}  "
              + ", ".join(f"{a:.2f}/{b:.2f}/{c:.2f} ({w:.0f} s)" for a, b, c, w in rounds))
    ratio = medians["front_first_visit_s"] / medians["empty_first_visit_s"]
    verdict = "within" if ratio <= GOAL_RATIO else "OVER"
    print(f"first visit: {ratio:.1f}x the empty page's, {verdict} the goal of {GOAL_RATIO:.0f}x; a new session on a"
          f" warm server: {medians['front_warm_visit_s'] / medians['empty_warm_visit_s']:.1f}x")
    write_medians("bench_first_visit", medians, rounds=args.rounds)


if __name__ == "__main__":
    main()
