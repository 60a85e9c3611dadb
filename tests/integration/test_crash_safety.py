"""A large `python -m etl load` killed with SIGKILL at many moments (while it starts, reads, backs up,
writes, checkpoints and exits) leaves the old figures or the new ones, never a mix; the batches and
versions agree with them; every backup left behind is complete; and the dashboard starts on what is left.

The moments are found on an unkilled run, by watching the files the load writes: the backup's
temporary file, the finished backup, the database's write-ahead log appearing and going. Killing at
fixed delays alone would land mostly in Python's start-up, which lasts longer than the writes.
"""
from __future__ import annotations

import csv
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from etl.backup import backup_database, list_backups, open_backup
from ipmonitor.store import db
from ipmonitor.paths import DB_ENV_VAR, PROJECT_ROOT

NEW_FIGURES = 50_000
CHANGED_FIGURES = 300
IP_TYPES = ["patent", "utility_solution", "industrial_design", "trademark"]
MEASURES = ["applications_filed", "titles_granted"]
YEARS = range(2001, 2026)
TEMPORARY = re.compile(r"^\..*\.tmp$")


@dataclass(frozen=True)
class State:
    """What a reader sees: the current figures, the batches, and how many versions and sources."""

    figures: pd.DataFrame
    batches: pd.DataFrame
    versions: int
    sources: int

    def same_as(self, other: State) -> bool:
        return (self.figures.equals(other.figures) and self.batches.equals(other.batches)
                and (self.versions, self.sources) == (other.versions, other.sources))


def read_state(path: Path) -> State:
    """Open the database as the dashboard does (read-write, its configuration: a crash's log is replayed)."""
    with db.open_database(path, config=db.APP_CONFIG) as con:
        return state_of(con, path)


def read_backup_state(path: Path) -> State:
    with open_backup(path) as con:
        return state_of(con, path)


def state_of(con: duckdb.DuckDBPyConnection, where: Path) -> State:
    """Check that versions and batches agree, then read what a reader would see."""
    orphans = con.execute(
        "SELECT count(*) FROM figure_version ANTI JOIN load_batch USING (batch_id)").fetchone()[0]
    assert orphans == 0, f"{where}: {orphans} versions belong to no batch"
    short = con.execute(
        "SELECT b.batch_id FROM load_batch b LEFT JOIN (SELECT batch_id, count(*) AS n FROM figure_version"
        " GROUP BY ALL) v USING (batch_id) WHERE coalesce(v.n, 0) <> b.rows_added + b.rows_changed"
        " + b.rows_withdrawn").fetchall()
    assert short == [], f"{where}: batches {short} do not hold the versions they count"
    return State(
        figures=con.execute("SELECT year, ip_type, measure, territory, version_id, value, source_id, batch_id"
                            " FROM current_figure ORDER BY ALL").df(),
        batches=con.execute("SELECT batch_id, kind, loaded_by, rows_added, rows_changed, rows_unchanged,"
                            " rows_withdrawn FROM load_batch ORDER BY batch_id").df(),
        versions=con.execute("SELECT count(*) FROM figure_version").fetchone()[0],
        sources=con.execute("SELECT count(*) FROM source").fetchone()[0])


def write_large_file(path: Path, territories: list[str], changed: pd.DataFrame) -> Path:
    """NEW_FIGURES figures on synthetic territories, then CHANGED_FIGURES shipped figures with new values."""
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["year", "ip_type", "measure", "territory", "value", "source"])
        rows = ((year, ip_type, measure, territory) for territory in territories for ip_type in IP_TYPES
                for measure in MEASURES for year in YEARS)
        for i, (year, ip_type, measure, territory) in zip(range(NEW_FIGURES), rows):
            out.writerow([year, ip_type, measure, territory, (i * 7919) % 5000, "Số liệu sinh cho thử sự cố"])
        for row in changed.itertuples(index=False):
            out.writerow([row.year, row.ip_type, row.measure, row.territory, row.value + 1, row.source])
    return path


@dataclass
class Run:
    """One `etl load` in a subprocess, watched through its files, maybe killed."""

    label: str
    folder: Path
    killed_at: float | None = None  # seconds from the start; None: ran to the end
    alive_when_killed: bool = False
    events: dict[str, float] | None = None
    outcome: str = ""

    @property
    def database(self) -> Path:
        return self.folder / "ipmonitor.duckdb"


def run_load(base: Path, csv_path: Path, folder: Path, label: str,
             trigger: str | None = None, delay: float = 0.0) -> Run:
    """Run `etl load` on a fresh copy of `base`; when `trigger` is given, SIGKILL it `delay` seconds
    after that event (start, backup_started, backup_done, wal_appeared, wal_gone)."""
    folder.mkdir(parents=True)
    run = Run(label, folder)
    shutil.copy(base, run.database)
    backups, wal = folder / "backups", folder / "ipmonitor.duckdb.wal"
    env = {k: v for k, v in os.environ.items() if not k.startswith("IPMONITOR_")}
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "etl", "load", str(csv_path), "--db", str(run.database),
                             "--user", "crash-test"], cwd=PROJECT_ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    events: dict[str, float] = {"start": 0.0}
    while proc.poll() is None:
        now = time.perf_counter() - start
        names = os.listdir(backups) if backups.is_dir() else []
        if "backup_started" not in events and any(TEMPORARY.match(n) for n in names):
            events["backup_started"] = now
        if "backup_done" not in events and any(not n.startswith(".") for n in names):
            events["backup_done"] = now
        if "wal_appeared" not in events and "backup_done" in events and wal.exists():
            events["wal_appeared"] = now
        if "wal_appeared" in events and "wal_gone" not in events and not wal.exists():
            events["wal_gone"] = now
        if trigger in events and now >= events[trigger] + delay:
            run.alive_when_killed = proc.poll() is None
            proc.send_signal(signal.SIGKILL)
            run.killed_at = now
            break
        time.sleep(0.0003)
    stderr = proc.communicate()[1].decode()
    events["exit"] = time.perf_counter() - start
    run.events = events
    if run.killed_at is None:
        assert proc.returncode == 0, stderr
    return run


@pytest.fixture(scope="module")
def crash_setup(initialised_template: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The database before, the large file, and one unkilled load: its result and its timeline."""
    folder = tmp_path_factory.mktemp("crash")
    base = folder / "base.duckdb"
    shutil.copy(initialised_template, base)
    per_territory = len(IP_TYPES) * len(MEASURES) * len(YEARS)
    territories = [f"crash_territory_{i:04d}" for i in range(-(-NEW_FIGURES // per_territory))]
    with duckdb.connect(str(base)) as con:
        for i, code in enumerate(territories):
            con.execute("INSERT INTO territory VALUES (?, ?, ?, NULL, NULL, ?)",
                        [code, f"Địa bàn thử {i}", f"Test territory {i}", 1000 + i])
        changed = con.execute("SELECT year, ip_type, measure, territory, value, s.code AS source"
                              " FROM current_figure JOIN source s USING (source_id) ORDER BY ALL LIMIT ?",
                              [CHANGED_FIGURES]).df()
    csv_path = write_large_file(folder / "large.csv", territories, changed)
    old = read_state(base)
    full = run_load(base, csv_path, folder / "unkilled", "unkilled")
    new = read_state(full.database)
    assert len(new.figures) == len(old.figures) + NEW_FIGURES and len(new.batches) == len(old.batches) + 1
    assert set(full.events) >= {"backup_started", "backup_done", "wal_appeared", "wal_gone"}, full.events
    return {"folder": folder, "base": base, "csv": csv_path, "old": old, "new": new, "timeline": full.events}


PHASES = {  # a phase's name: the event it starts with, and the event it ends with
    "reading": ("start", "backup_started"),
    "backup": ("backup_started", "backup_done"),
    "transaction": ("backup_done", "wal_appeared"),
    "log": ("wal_appeared", "wal_gone"),
    "exit": ("wal_gone", "exit"),
}


def kill_points() -> list[tuple[str, str, float]]:
    """(label, phase, fraction of it): a moment in start-up and one in reading, the rest spread over the
    backup, the transaction before and while its log is written, the checkpoint and the exit."""
    points = [("start-up", "start-up", 0.6), ("reading the file", "reading", 0.8)]
    points += [(f"backup {f:.0%}", "backup", f) for f in (0.0, 0.3, 0.7)]
    points += [(f"transaction {f:.0%}", "transaction", f) for f in (0.0, 0.4, 0.8)]
    # Dense at the end of the log's life: the commit becomes durable there and the checkpoint runs;
    # from one run to the next the moment moves by a few milliseconds, so these fall on both sides.
    points += [(f"log written {f:.0%}", "log", f) for f in (0.0, 0.3, 0.6, 0.8, 0.9, 0.95, 1.0, 1.05)]
    points += [(f"exit {f:.0%}", "exit", f) for f in (0.0, 0.5)]
    return points


def kill_moment(phase: str, fraction: float, timeline: dict[str, float]) -> tuple[str, float]:
    """(event, delay after it) of a fraction of a phase, as long as the phase lasted in `timeline`; the
    start-up's moment is absolute (seconds after the start)."""
    if phase == "start-up":
        return "start", fraction
    first, last = PHASES[phase]
    return first, fraction * (timeline[last] - timeline[first])


def killed_run(crash_setup: dict, folder: Path, label: str, phase: str, fraction: float) -> Run:
    """A load killed at a fraction of a phase. Timed on the unkilled run's phases first; a load that had
    ended by then (a machine less busy than during that run makes every phase shorter) is run again,
    timed on its own phases, a few times: the kill must land while the load runs, whatever the load of
    the machine."""
    timeline = crash_setup["timeline"]
    for attempt in range(4):
        event, delay = kill_moment(phase, fraction, timeline)
        run = run_load(crash_setup["base"], crash_setup["csv"], folder / f"try{attempt}", label, trigger=event,
                       delay=delay)
        if run.alive_when_killed or attempt == 3:
            return run
        timeline = run.events  # it ran to its end: its own phases, for the next try
    raise AssertionError("unreachable")


def test_a_load_killed_at_any_moment_leaves_the_old_or_the_new_figures_and_the_app_starts(crash_setup,
                                                                                          monkeypatch):
    old, new = crash_setup["old"], crash_setup["new"]
    runs = []
    for i, (label, phase, fraction) in enumerate(kill_points()):
        run = killed_run(crash_setup, crash_setup["folder"] / f"kill{i:02d}", label, phase, fraction)
        state = read_state(run.database)
        run.outcome = "old" if state.same_as(old) else "new" if state.same_as(new) else "MIXED"
        runs.append(run)
        for backup in list_backups(run.database):  # a backup that looks complete is complete
            assert read_backup_state(backup.path).same_as(old), backup.path
    report = "\n".join(f"{r.label:<22} killed at {r.killed_at or 0:6.3f} s "
                       f"{'(running)' if r.alive_when_killed else '(had ended)':<12} -> {r.outcome}"
                       for r in runs)
    timeline = ", ".join(f"{k} {v:.3f}" for k, v in crash_setup["timeline"].items())
    print(f"\nunkilled run: {timeline}\n{report}")
    assert all(r.outcome in ("old", "new") for r in runs), report
    killed = [r for r in runs if r.alive_when_killed]
    assert len(killed) >= len(runs) - 2, report
    assert {r.outcome for r in killed} == {"old", "new"}, report

    # A temporary backup left by a kill is removed by the next backup, and is never listed.
    during_backup = next((r for r in killed if r.label.startswith("backup") and
                          any(TEMPORARY.match(n) for n in os.listdir(r.folder / "backups"))), None)
    if during_backup is not None:
        with db.open_database(during_backup.database) as con:
            backup_database(con, label="manual")
        assert not any(TEMPORARY.match(n) for n in os.listdir(during_backup.folder / "backups"))

    # The dashboard starts on databases killed during the backup, during the write, and after it.
    chosen = [next(r for r in killed if r.label.startswith(prefix)) for prefix in ("backup", "log written")]
    chosen.append(next(r for r in killed if r.outcome == "new"))
    for run in chosen:
        monkeypatch.setenv(DB_ENV_VAR, str(run.database))
        app = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=60).run()
        assert not app.exception, (run.label, app.exception)
        assert not app.error, (run.label, [e.value for e in app.error])
