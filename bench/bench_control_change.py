"""Benchmark what a reader waits for after changing the Trajectories page's indicator, against the same
change on a page with one selectbox and one static Plotly chart (bench/peers/one_chart_page.py), in the
same run.

Each round builds nothing new: the shipped database is built once (`python -m etl init --db ...`). A
round starts the dashboard (`streamlit run app.py`, as `make run` does) and the peer page afresh; Debian's
Chromium opens the dashboard's front page (the server's first visitor), then Trajectories and the peer
page in two tabs, lets the reader read (--read seconds), and changes each page's selectbox --changes
times, taking turns, so that a slow spell of the machine lands on both sides of the ratio. The dashboard
goes through the indicators in the selectbox's order (each chart a first build on a fresh server).

Each change is timed in the page, from the click on the option until the server's last message of the
run (its "finished"; Streamlit is idle again) and, on the dashboard, the chart shows the new indicator;
the peer's chart does not change, so its wait ends when its run does. Goal (issue 18): the dashboard's wait within 2x the peer's. Quote
the medians.
Run: .venv/bin/python bench/bench_control_change.py [--rounds 3] [--changes 12] [--read 3]
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_pages import launch_chromium, start_server  # noqa: E402
from bench.results import write_medians  # noqa: E402
from ui.page_registry import TRAJECTORIES  # noqa: E402

GOAL_RATIO = 2.0
IDLE = "[data-testid=stApp][data-test-script-state=notRunning]"
PEER = ROOT / "bench" / "peers" / "one_chart_page.py"
PEER_OPTIONS = [f"Indicator {number}" for number in range(1, 20)]

# Every message the page receives from the server, with its time: the last one of a run (its "finished")
# ends the wait. The app's idle attribute alone is not enough: a run as quick as the peer's can go from
# running to idle within one render, with no change of the attribute to observe.
RECORD_MESSAGES = """(() => {
  const Native = window.WebSocket;
  window.benchMessages = [];
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', () => window.benchMessages.push(performance.now()));
    }
  };
})();"""
# Armed just before the option is clicked: the click's time (in the capture phase, before the widget
# sees it), and the first frame the chart's traces differ from those drawn before (0 when the chart is
# not watched).
ARM = """(watchChart) => {
  const state = {start: null, chartAt: watchChart ? null : 0};
  window.benchChange = state;
  document.addEventListener('click', () => { state.start = performance.now(); }, {capture: true, once: true});
  if (!watchChart) return;
  const drawn = () => {
    const chart = document.querySelector('[data-testid=stMain] .js-plotly-plot');
    return chart && chart.data ? JSON.stringify(chart.data.map(trace => [trace.name, trace.y])) : '';
  };
  const before = drawn();
  const watch = () => {
    if (state.start !== null && drawn() !== before) { state.chartAt = performance.now(); return; }
    requestAnimationFrame(watch);
  };
  requestAnimationFrame(watch);
}"""
# Done: the click was seen, the chart changed (when watched), the app is idle, and the server has said
# nothing for QUIET_MS since its last message after the click.
QUIET_MS = 300
TIMEOUT_MS = 300_000
DONE = f"""() => {{
  const state = window.benchChange, last = window.benchMessages[window.benchMessages.length - 1];
  const idle = document.querySelector('{IDLE}') !== null;
  return state.start !== null && state.chartAt !== null && idle && last > state.start
    && performance.now() - last > {QUIET_MS};
}}"""


def change(page, option: str, watch_chart: bool) -> tuple[float, float]:
    """Pick `option` in the page's first selectbox; seconds from the click until the run finished, and
    until the run finished and the chart was redrawn."""
    page.wait_for_selector(IDLE, timeout=300_000)
    page.wait_for_timeout(300)  # a reader's pause between changes; lets the last change's drawing settle
    page.get_by_role("combobox").first.click()
    page.keyboard.type(option)  # the list is virtual: an option far down is not in the page until filtered
    page.evaluate(ARM, watch_chart)
    page.get_by_role("option", name=option, exact=True).click()
    page.wait_for_function(DONE, timeout=TIMEOUT_MS)
    start, finished, chart = page.evaluate("[window.benchChange.start, window.benchMessages.at(-1), "
                                           "window.benchChange.chartAt]")
    return (finished - start) / 1000, (max(finished, chart) - start) / 1000


def one_round(browser, database: Path, changes: int, read_seconds: float) -> dict[str, list[float]]:
    from ipmonitor.store import db
    from ipmonitor.register.register_store import load_target_register_from

    with db.open_database(database, read_only=True) as con:
        register = load_target_register_from(con)
    indicators = [key for key in register.indicators if register.targets_of(key)] + list(register.untargeted())
    names = [register.indicators[key].name("vi") for key in indicators]
    dashboard, dashboard_url = start_server(ROOT / "app.py", database)
    peer, peer_url = start_server(PEER, database)
    found: dict[str, list[float]] = {"peer": [], "run": [], "chart": []}
    try:
        trajectories = browser.new_page(viewport={"width": 1400, "height": 1000})
        trajectories.add_init_script(RECORD_MESSAGES)
        trajectories.goto(dashboard_url)  # the server's first visitor, as after `make run`
        trajectories.wait_for_selector(IDLE, timeout=300_000)
        trajectories.goto(f"{dashboard_url}/{TRAJECTORIES.url_path}")
        trajectories.locator("[data-testid=stMain] .js-plotly-plot").wait_for(timeout=300_000)
        one_chart = browser.new_page(viewport={"width": 1400, "height": 1000})
        one_chart.add_init_script(RECORD_MESSAGES)
        one_chart.goto(peer_url)
        one_chart.locator(".js-plotly-plot").wait_for(timeout=300_000)
        trajectories.wait_for_timeout(int(read_seconds * 1000))
        for turn in range(1, changes + 1):
            found["peer"].append(change(one_chart, PEER_OPTIONS[turn % len(PEER_OPTIONS)], watch_chart=False)[1])
            run, chart = change(trajectories, names[turn % len(names)], watch_chart=True)
            found["run"].append(run)
            found["chart"].append(chart)
        return found
    finally:
        for server in (dashboard, peer):
            server.terminate()
            server.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--changes", type=int, default=12, help="changes of each page's selectbox per round")
    parser.add_argument("--read", type=float, default=3.0, help="seconds the reader reads before the first change")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        database = Path(folder) / "ipmonitor.duckdb"
        subprocess.run([sys.executable, "-m", "etl", "init", "--db", str(database)], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
        browser = launch_chromium(playwright)
        rounds = [one_round(browser, database, args.changes, args.read) for _ in range(args.rounds)]
        browser.close()

    rows = {"one selectbox + static chart": "peer", "Trajectories: run finished": "run",
            "Trajectories: chart redrawn": "chart"}
    print(f"from the option's click (ms)    {'median':>7}  per round (median of {args.changes} changes)")
    medians = {}
    for label, name in rows.items():
        medians[name] = statistics.median(value for found in rounds for value in found[name])
        per_round = ", ".join(f"{statistics.median(found[name]) * 1000:.0f}" for found in rounds)
        print(f"{label:<31} {medians[name] * 1000:>7.0f}  {per_round}")
    ratio = medians["chart"] / medians["peer"]
    verdict = "within" if ratio <= GOAL_RATIO else "OVER"
    print(f"a changed indicator: {ratio:.2f}x the one-chart page's wait, {verdict} the goal of {GOAL_RATIO:.0f}x "
          f"(run finished alone: {medians['run'] / medians['peer']:.2f}x)")
    write_medians("bench_control_change", {f"{name}_ms": seconds * 1000 for name, seconds in medians.items()},
                  rounds=args.rounds, changes=args.changes)


if __name__ == "__main__":
    main()
