"""Benchmark warm reruns of every dashboard page against an empty Streamlit page, in the same run.

A warm rerun is what a reader waits for after touching a control: the script runs again with the
database reads already cached. Each page is timed with Streamlit's AppTest (the real script, in
process), on two databases:
  shipped:  `etl init` (945 figures);          budget: each page within 2x the empty page
  national: the shipped data plus 3,300 communes x 46 years x 8 types x 2 measures (about 2.4
            million figures), inserted straight with SQL (the ETL refuses files that big);
                                                budget: within 3x, and the app's memory under 400 MB.
Beside them, in the same rounds, the lean pandas peer (bench/peers/lean_pandas_app.py: the same figures
from Parquet, one chart of the chosen series), timed the same way (goal, issue 18: Trajectories' script
within 12 ms at national scale). The script timings run in a child process per database, in interleaved
rounds (each round reruns the empty page, every page, then the peer), medians of every rerun.

Memory (issue 18), each in a fresh child process running the scripts through AppTest, read from its
/proc/self/status: VmHWM (peak RSS, the figure compared with the goals) and VmRSS (current RSS):
  bare Streamlit    the empty page, first run then --reruns reruns
  dashboard         every page a reader sees visited once (shipped; national), goal 250 MB; at national
                    scale then --reruns reruns of Trajectories, goal 300 MB
  lean pandas peer  first run then --reruns reruns, national
Writes bench/out/bench_pages.json for bench/summary.py.
Run: make bench   (or .venv/bin/python bench/bench_pages.py --repeats 7; --quick for a short check)
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.results import write_medians  # noqa: E402
from ui.page_registry import PRESENTATION, viewing_pages  # noqa: E402

# The pages whose reruns issue 18's table times, by file and address: every page a reader follows the plan
# on but the presentation, which the memory walk alone visits.
TIMED_PAGES = [page for page in viewing_pages() if page != PRESENTATION]
PAGES = tuple(page.file for page in TIMED_PAGES)
PAGE_PATHS = {page.file: page.url_path for page in TIMED_PAGES}
# Every page a reader reaches without signing in (the sign-in page aside), for the memory walk.
READER_PAGES = tuple(page.file for page in viewing_pages())
PEER = ROOT / "bench" / "peers" / "lean_pandas_app.py"
PEER_NAME = "lean pandas peer"
BUDGETS = {"shipped": 2.0, "national": 3.0}
MEMORY_BUDGET_MB = 400
EMPTY_PAGE = 'import streamlit as st\nst.write("")\n'
COMMUNES, FIRST_YEAR, LAST_YEAR = 3_300, 1981, 2026
TYPES = ("patent", "utility_solution", "industrial_design", "trademark", "geographical_indication",
         "plant_variety", "copyright", "layout_design")


def build_national(path: Path) -> float:
    """The shipped database plus every commune of the country as a territory; seconds taken."""
    import duckdb

    from etl.batches import refresh_current_figures
    from etl.seed import initialise_database

    start = time.perf_counter()
    initialise_database(path)
    with duckdb.connect(str(path)) as con:
        con.execute("""
            INSERT INTO territory (code, name_vi, name_en, valid_from, valid_to, sort_order)
            SELECT printf('commune_%04d', i), printf('Xã %04d', i), printf('Commune %04d', i), NULL, NULL, 1000 + i
            FROM range(1, $communes + 1) AS r(i)""", {"communes": COMMUNES})
        batch = con.execute("""
            INSERT INTO load_batch (kind, loaded_by, loaded_at, file_name, rows_added, rows_changed,
                                    rows_unchanged, note)
            VALUES ('load', 'bench', now()::TIMESTAMP, 'national-scale (bench)', 0, 0, 0, 'bench_pages.py')
            RETURNING batch_id""").fetchone()[0]
        source = con.execute("SELECT source_id FROM source WHERE code = 'illustrative-2026'").fetchone()[0]
        con.execute("""
            INSERT INTO figure_version (year, ip_type, measure, territory, value, source_id, batch_id)
            SELECT y.year, t.code, m.code, printf('commune_%04d', c.i), (c.i * 7 + y.year + length(t.code)) % 50,
                   $source, $batch
            FROM range(1, $communes + 1) AS c(i), range($first, $last + 1) AS y(year),
                 (SELECT unnest($types::VARCHAR[]) AS code) AS t,
                 (SELECT unnest(['applications_filed', 'titles_granted']) AS code) AS m""",
                    {"communes": COMMUNES, "first": FIRST_YEAR, "last": LAST_YEAR, "types": list(TYPES),
                     "source": source, "batch": batch})
        refresh_current_figures(con, batch)
    return time.perf_counter() - start


def export_figures_parquet(database: Path) -> Path:
    """The database's current figures as Parquet beside it, for the lean pandas peer."""
    import duckdb

    path = database.with_suffix(".parquet")
    with duckdb.connect(str(database), read_only=True) as con:
        con.execute(f"COPY (SELECT year, ip_type, measure, territory, value FROM current_figure) "
                    f"TO '{path}' (FORMAT parquet)")
    return path


def compile_scripts_once() -> None:
    """Keep one ScriptCache across AppTest's runs, as the server keeps its one: AppTest makes a new cache
    for every run, so each rerun would compile dashboard.py and the page again (with Streamlit's "magic"
    rewrite of their syntax trees), about 10 ms of Trajectories' 24 that no reader of the server waits for."""
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test, local_script_runner

    shared = ScriptCache()
    app_test.ScriptCache = local_script_runner.ScriptCache = lambda: shared


def time_reruns(script: Path, page: str | None, repeats: int) -> list[float]:
    """Seconds of each warm rerun, each script compiled once as the server does; the first run (and the
    page switch) warms the caches."""
    from streamlit.testing.v1 import AppTest

    compile_scripts_once()
    app = AppTest.from_file(str(script), default_timeout=300)
    app.query_params["lang"] = "vi"
    app.run()
    if page:
        app.switch_page(page).run()
    if app.exception:
        raise SystemExit(f"{page or script.name} failed: {app.exception[0].value}")
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        app.run()
        times.append(time.perf_counter() - start)
    return times


def measure(database: Path, repeats: int, rounds: int) -> None:
    """In the child: interleaved rounds of the empty page, every page and the peer; one line each with the
    median, min and max of all their reruns; then the peak memory."""
    os.environ["IPMONITOR_DB"] = str(database)
    os.environ["LEAN_PEER_PARQUET"] = str(database.with_suffix(".parquet"))
    empty = database.parent / "empty_page.py"  # written by the parent, which removes the folder
    scripts = {"empty": (empty, None), **{page: (ROOT / "dashboard.py", page) for page in PAGES},
               PEER_NAME: (PEER, None)}
    times: dict[str, list[float]] = {name: [] for name in scripts}
    for _ in range(rounds):
        for name, (script, page) in scripts.items():
            times[name] += time_reruns(script, page, repeats)
    for name, values in times.items():
        print(f"{name}\t{statistics.median(values):.4f}\t{min(values):.4f}\t{max(values):.4f}", flush=True)
    print(f"memory\t{peak_memory_mb(os.getpid()):.0f}", flush=True)


def memory_mb(pid: int, field: str) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return next(int(line.split()[1]) for line in status.splitlines() if line.startswith(f"{field}:")) / 1024


def peak_memory_mb(pid: int) -> float:
    """Peak resident memory of a process (VmHWM). Not ru_maxrss: Linux carries that across exec, so a
    child would report the parent's peak (the parent built the 2.4M-row database)."""
    return memory_mb(pid, "VmHWM")


def resident_now() -> dict[str, float]:
    """This process's peak (VmHWM) and current (VmRSS) resident memory, MB."""
    return {"peak_mb": memory_mb(os.getpid(), "VmHWM"), "current_mb": memory_mb(os.getpid(), "VmRSS")}


def measure_memory(scenario: str, database: Path, reruns: int) -> None:
    """In a fresh child: run one scenario through AppTest and print its memory at each step as JSON."""
    from streamlit.testing.v1 import AppTest

    os.environ["IPMONITOR_DB"] = str(database)
    os.environ["LEAN_PEER_PARQUET"] = str(database.with_suffix(".parquet"))
    script = {"bare": database.parent / "empty_page.py", "dashboard": ROOT / "dashboard.py", "peer": PEER}[scenario]
    app = AppTest.from_file(str(script), default_timeout=300)
    app.query_params["lang"] = "vi"
    app.run()
    if app.exception:
        raise SystemExit(f"{scenario}, first run failed: {app.exception[0].value}")
    found = {}
    if scenario == "dashboard":
        for page in READER_PAGES[1:]:  # the first run showed the Overview
            app.switch_page(page).run()
            if app.exception:
                raise SystemExit(f"{page} failed: {app.exception[0].value}")
        found["every_page"] = resident_now()
        if reruns:
            app.switch_page("pages/trajectories.py").run()
    else:
        found["first_run"] = resident_now()
    if reruns:
        for _ in range(reruns):
            app.run()
        if app.exception:
            raise SystemExit(f"{scenario} failed: {app.exception[0].value}")
        found["reruns"] = resident_now()
    print(json.dumps(found), flush=True)


def memory_in_child(scenario: str, database: Path, reruns: int) -> dict:
    child = subprocess.run([sys.executable, __file__, "--memory", scenario, "--database", str(database),
                            "--reruns", str(reruns)], cwd=ROOT, capture_output=True, text=True)
    if child.returncode != 0:
        raise SystemExit(f"memory, {scenario}: {child.stderr[-3000:]}")
    return json.loads(child.stdout.strip().splitlines()[-1])


def measure_memory_rows(shipped: Path, national: Path, reruns: int) -> dict[str, dict]:
    """Each memory row of issue 18 in a fresh child process (see the module's docstring), by the name its
    keys in bench/out/bench_pages.json start with."""
    return {
        "bare_streamlit": memory_in_child("bare", national, reruns),
        "dashboard_shipped": memory_in_child("dashboard", shipped, 0),
        "dashboard_national": memory_in_child("dashboard", national, reruns),
        "lean_peer_national": memory_in_child("peer", national, reruns),
    }


# Counts the script runs that finish, with the time of the last one, as the browser sees them.
WATCH_RUNS = """() => { window.benchDone = 0; const app = document.querySelector('[data-testid=stApp]');
  new MutationObserver(() => { if (app.getAttribute('data-test-script-state') === 'notRunning') {
    window.benchDone += 1; window.benchAt = performance.now(); } })
  .observe(app, {attributes: true, attributeFilter: ['data-test-script-state']}); }"""


def launch_chromium(playwright):
    """Debian's Chromium (or $CHROMIUM_PATH) through Playwright, as every browser bench drives it."""
    return playwright.chromium.launch(executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
                                      args=["--no-sandbox", "--disable-gpu"])


def start_server(script: Path, database: Path) -> tuple[subprocess.Popen, str]:
    """`streamlit run` on a free port, as `make run` starts it."""
    import socket
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
                               "--server.headless", "true", "--server.address", "127.0.0.1"], cwd=ROOT,
                              env={**os.environ, "IPMONITOR_DB": str(database)},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as answer:
                if answer.read() == b"ok":
                    return server, url
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit(f"{script.name} did not start")


def browser_reruns(page, url: str, repeats: int) -> list[float]:
    """Seconds from pressing R (Streamlit's rerun key) to the end of the run, seen in Chromium."""
    page.goto(url)
    page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=300_000)
    page.wait_for_timeout(500)
    page.evaluate(WATCH_RUNS)
    times = []
    for run in range(1, repeats + 1):
        start = page.evaluate("performance.now()")
        page.locator("body").press("r")
        page.wait_for_function(f"window.benchDone >= {run}", timeout=300_000)
        times.append((page.evaluate("window.benchAt") - start) / 1000)
        page.wait_for_timeout(200)
    return times


def measure_in_browser(database: Path, empty: Path, repeats: int, rounds: int) -> tuple[dict[str, float], float]:
    """Browser medians per page (and "empty"), and the dashboard server's peak memory in MB."""
    from playwright.sync_api import sync_playwright

    dashboard, dashboard_url = start_server(ROOT / "dashboard.py", database)
    empty_server, empty_url = start_server(empty, database)
    try:
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(dashboard_url)  # the first session after a start (streamlit#9992)
            page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=300_000)
            # Rounds interleave the empty page with the pages, so that a slow spell of the machine
            # lands on both sides of the ratio rather than on one page.
            times = {"empty": [], **{script: [] for script in PAGE_PATHS}}
            for _ in range(rounds):
                times["empty"] += browser_reruns(page, empty_url, repeats)
                for script, path in PAGE_PATHS.items():
                    times[script] += browser_reruns(page, f"{dashboard_url}/{path}", repeats)
            medians = {name: statistics.median(values) for name, values in times.items()}
            browser.close()
        return medians, peak_memory_mb(dashboard.pid)
    finally:
        for server in (dashboard, empty_server):
            server.terminate()
            server.wait()


def report(name: str, output: str, browser: dict[str, float], server_memory: float) -> dict[str, float]:
    """Print one database's table; return its medians under the keys bench/summary.py reads."""
    lines = [line.split("\t") for line in output.strip().splitlines() if "\t" in line]
    script = {line[0]: float(line[1]) for line in lines if line[0] != "memory"}
    budget = BUDGETS[name]
    print(f"\n{name}: medians in ms; the reader's wait (Chromium: R pressed -> run finished) against the empty"
          f" page's, budget {budget:g}x; the script alone (AppTest) beside it")
    print(f"  {'page':<24}{'reader':>8}{'ratio':>7}  within{'script':>9}{'ratio':>7}")
    for page in ["empty", *PAGES]:
        ratio = browser[page] / browser["empty"]
        script_ratio = script[page] / script["empty"]
        print(f"  {page:<24}{browser[page] * 1000:>8.0f}{ratio:>7.2f}  {'yes' if ratio <= budget else 'no ':<6}"
              f"{script[page] * 1000:>9.1f}{script_ratio:>7.1f}")
    print(f"  {PEER_NAME:<24}{'':>8}{'':>7}  {'':<6}{script[PEER_NAME] * 1000:>9.1f}"
          f"{script[PEER_NAME] / script['empty']:>7.1f}")
    child = next(float(line[1]) for line in lines if line[0] == "memory")
    verdict = f" (budget {MEMORY_BUDGET_MB} MB: {'yes' if server_memory <= MEMORY_BUDGET_MB else 'no'})"
    print(f"  peak memory: dashboard server {server_memory:.0f} MB{verdict}; AppTest process {child:.0f} MB")
    medians = {f"{name}_script_{short_name(page)}_ms": seconds * 1000 for page, seconds in script.items()}
    medians |= {f"{name}_reader_{short_name(page)}_ms": seconds * 1000 for page, seconds in browser.items()}
    medians[f"{name}_server_peak_after_browser_reruns_mb"] = server_memory
    return medians


def short_name(page: str) -> str:
    """"pages/trajectories.py" -> "trajectories", "lean pandas peer" -> "lean_pandas_peer"."""
    return Path(page).stem.replace(" ", "_")


def report_memory(rows: dict[str, dict], reruns: int) -> dict[str, float]:
    """Print the memory rows; return them under the keys bench/summary.py reads."""
    print(f"\nmemory of a process running the scripts through AppTest, fresh process each, MB: peak RSS (VmHWM)"
          f" / current RSS (VmRSS) from /proc/self/status; reruns: {reruns}")
    medians = {}
    for name, steps in rows.items():
        for step, found in steps.items():
            print(f"  {name + ', after ' + step.replace('_', ' '):<48}{found['peak_mb']:>7.0f} / "
                  f"{found['current_mb']:.0f}")
            medians[f"memory_{name}_{step}_peak_mb"] = found["peak_mb"]
            medians[f"memory_{name}_{step}_current_mb"] = found["current_mb"]
    return medians


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=7, help="reruns of each page per round")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (script and browser)")
    parser.add_argument("--reruns", type=int, default=100, help="reruns before the memory is read")
    parser.add_argument("--quick", action="store_true", help="one round of 3 reruns, 20 reruns for memory")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # the timing child's entry point
    parser.add_argument("--memory", choices=("bare", "dashboard", "peer"), help=argparse.SUPPRESS)  # memory child
    parser.add_argument("--database", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.quick:
        args.repeats, args.rounds, args.reruns = 3, 1, 20
    if args.measure:
        measure(args.measure, args.repeats, args.rounds)
        return
    if args.memory:
        measure_memory(args.memory, args.database, args.reruns)
        return
    from etl.seed import initialise_database

    folder = Path(tempfile.mkdtemp(prefix="bench-pages-"))
    try:
        shipped, national = folder / "shipped.duckdb", folder / "national.duckdb"
        initialise_database(shipped)
        empty = folder / "empty_page.py"
        empty.write_text(EMPTY_PAGE, encoding="utf-8")
        seconds = build_national(national)
        print(f"national database: {COMMUNES:,} communes x {LAST_YEAR - FIRST_YEAR + 1} years x {len(TYPES)} types x "
              f"2 measures, built in {seconds:.1f} s ({national.stat().st_size / 2**20:.0f} MB on disk)")
        for database in (shipped, national):
            export_figures_parquet(database)
        medians: dict[str, float] = {}
        for name, database in (("shipped", shipped), ("national", national)):
            child = subprocess.run([sys.executable, __file__, "--measure", str(database), "--repeats", str(args.repeats),
                                    "--rounds", str(args.rounds)], cwd=ROOT, capture_output=True, text=True)
            if child.returncode != 0:
                raise SystemExit(f"{name}: {child.stderr[-3000:]}")
            browser, server_memory = measure_in_browser(database, empty, args.repeats, args.rounds)
            medians |= report(name, child.stdout, browser, server_memory)
        medians |= report_memory(measure_memory_rows(shipped, national, args.reruns), args.reruns)
    finally:
        shutil.rmtree(folder, ignore_errors=True)  # the national database is about 300 MB
    write_medians("bench_pages", medians, repeats=args.repeats, rounds=args.rounds, reruns=args.reruns,
                  memory="AppTest process, fresh each: peak RSS (VmHWM) and current RSS (VmRSS), MB")


if __name__ == "__main__":
    main()
