"""Benchmark the front page's first visit after a server start, and a second reader's visit just after,
against an empty Streamlit page served the same way, in the same run.

Each round starts `streamlit run app.py` (as `make run` does) on the shipped data and, interleaved with
it, `streamlit run` of a one-line page; Debian's Chromium opens each server's front page twice (two
browser sessions, one after the other) and each visit is timed from `goto` until the script has
finished and the network is idle. The first visit pays the imports and the cold reads; the second one
runs while the Overview's warm-up (the document stack, Chromium for the chart images) may still go on.
Goal (issue 18): the first visit within 2x the empty page's first visit. Quote the medians.
Run: make bench   (or .venv/bin/python bench/bench_first_visit.py --rounds 3)
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_pages import launch_chromium, start_server  # noqa: E402

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


def two_visits(browser, script: Path, database: Path) -> tuple[float, float]:
    server, url = start_server(script, database)
    try:
        return visit(browser, url), visit(browser, url)
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
        found: dict[str, list[tuple[float, float]]] = {"empty page": [], "front page (app.py)": []}
        for _ in range(args.rounds):  # interleaved, so that a slow spell lands on both sides
            found["empty page"].append(two_visits(browser, empty, database))
            found["front page (app.py)"].append(two_visits(browser, ROOT / "app.py", database))
        browser.close()

    print(f"{'after a server start (s)':<26} {'first visit':>12} {'second visit':>13}  rounds (first/second)")
    medians = {}
    for name, rounds in found.items():
        medians[name] = statistics.median(first for first, _ in rounds)
        second = statistics.median(second for _, second in rounds)
        print(f"{name:<26} {medians[name]:>12.2f} {second:>13.2f}  "
              + ", ".join(f"{a:.2f}/{b:.2f}" for a, b in rounds))
    ratio = medians["front page (app.py)"] / medians["empty page"]
    verdict = "within" if ratio <= GOAL_RATIO else "OVER"
    print(f"first visit: {ratio:.1f}x the empty page's, {verdict} the goal of {GOAL_RATIO:.0f}x")


if __name__ == "__main__":
    main()
