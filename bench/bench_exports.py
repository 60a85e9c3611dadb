"""Benchmark the document exports: the deck and the PDF of every indicator, with a warm kaleido server.

Measured in one process on the shipped data (`etl init` in a temporary folder), each a median of
--repeats runs, against baselines measured in the same run:
  kaleido start    the first image of the process (starts Chromium), once
  one chart image  a warm PNG at 2x of one Trajectories chart (what each PDF page pays for its chart)
  empty deck/PDF   a document with no slide or page (the libraries' own floor)
then the report data (queries and assessments), the deck, and the PDF with its charts drawn.
Budget: the deck and the PDF within 10 s each, with a warm server.

Then, as a reader of the issue's table meets them, whole processes in interleaved rounds (--rounds):
`python -m etl report --edition midterm --format pdf` (goal, issue 18: within 5 s, Chromium started at
launch included) on a database with no kept charts, then again with its charts kept beside the database
(ipmonitor.chart_images: no browser), and `--format pptx` (goal: within 2 s), each with its peak RSS
(bench/whole_process.py).
Writes bench/out/bench_exports.json for bench/summary.py.
Run: make bench   (or .venv/bin/python bench/bench_exports.py --repeats 5 --rounds 3)
"""
from __future__ import annotations

import argparse
import io
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.results import write_medians  # noqa: E402
from bench.whole_process import measure_whole_process  # noqa: E402

BUDGET_SECONDS = 10.0


def timed(action: Callable[[], object], repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    """Run the benchmark and print medians."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds of the whole processes")
    parser.add_argument("--lang", default="vi")
    args = parser.parse_args()

    import duckdb
    from fpdf import FPDF
    from pptx import Presentation

    from etl.seed import initialise_database
    from ipmonitor.paths import kept_charts_folder
    from ipmonitor.documents.deck import build_deck
    from ipmonitor.chart_images import build_png, image_server, stop_image_server
    from ipmonitor.documents.pdf import FONT, FONT_FILES, build_report_pdf, build_section_figure
    from ipmonitor.documents.edition_data import load_report_data

    def empty_deck() -> bytes:
        buffer = io.BytesIO()
        Presentation().save(buffer)
        return buffer.getvalue()

    def empty_pdf() -> bytes:
        pdf = FPDF()
        for style, path in FONT_FILES.items():
            pdf.add_font(FONT, style, str(path))
        pdf.add_page()
        return bytes(pdf.output())

    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "ipmonitor.duckdb"
        initialise_database(database)
        with duckdb.connect(str(database), read_only=True) as con:
            data = load_report_data(con, "midterm")
            results = {"report data (queries, assessments)": timed(lambda: load_report_data(con, "midterm"),
                                                                     args.repeats)}
        figure = build_section_figure(data.sections[0], data, args.lang)
        stop_image_server()
        start = time.perf_counter()
        build_png(figure)
        cold = time.perf_counter() - start
        server = image_server()
        renders = server.renders
        results["baseline: one chart image, warm (PNG 2x)"] = timed(lambda: build_png(figure), args.repeats)
        results["baseline: empty deck"] = timed(empty_deck, args.repeats)
        results["baseline: empty PDF (fonts embedded)"] = timed(empty_pdf, args.repeats)
        results[f"deck, {len(data.sections)} indicator slides"] = timed(lambda: build_deck(data, args.lang),
                                                                          args.repeats)
        results[f"PDF, {len(data.sections)} indicator pages with charts"] = timed(
            lambda: build_report_pdf(data, args.lang), args.repeats)
        same_server = image_server() is server and server.renders > renders
        stop_image_server()
        # The PDF twice: first with no charts kept beside the database (its first report on these figures,
        # Chromium started at launch), then again with them kept (no browser at all).
        whole = {"pdf": [], "pdf_kept": [], "pptx": []}
        for _ in range(args.rounds):  # interleaved, so that a slow spell lands on both
            for kind in whole:
                if kind == "pdf":
                    shutil.rmtree(kept_charts_folder(database), ignore_errors=True)
                file_format = kind.partition("_")[0]
                whole[kind].append(measure_whole_process(
                    [sys.executable, "-m", "etl", "report", "--edition", "midterm", "--format", file_format,
                     "--lang", args.lang, "--out", str(Path(folder) / f"report.{file_format}"), "--db",
                     str(database)], cwd=ROOT))

    print(f"{len(data.sections)} sections; kaleido start (first image, cold Chromium): {cold:.2f} s; "
          f"one server served every later image: {same_server}")
    print(f"{'measurement':<52} {'median s':>9}  runs")
    for name, times in results.items():
        print(f"{name:<52} {statistics.median(times):>9.3f}  {', '.join(f'{t:.3f}' for t in times)}")
    image = statistics.median(results["baseline: one chart image, warm (PNG 2x)"])
    for name, baseline in (("deck", "baseline: empty deck"), ("PDF", "baseline: empty PDF (fonts embedded)")):
        total = statistics.median(next(times for key, times in results.items() if key.startswith(name)))
        floor = statistics.median(results[baseline])
        verdict = "within" if total <= BUDGET_SECONDS else "OVER"
        print(f"{name}: {total:.2f} s, {verdict} the {BUDGET_SECONDS:.0f} s budget; {total / floor:.0f}x the empty "
              f"document; {total / image:.1f}x one warm chart image")
    print(f"\nwhole process, `etl report --edition midterm`, medians of {args.rounds} interleaved rounds")
    for kind, runs in whole.items():
        print(f"  {kind:<5} {statistics.median(r['seconds'] for r in runs):>6.2f} s, peak RSS "
              f"{statistics.median(r['peak_mb'] for r in runs):.0f} MB  runs: "
              + ", ".join(f"{r['seconds']:.2f}" for r in runs))
    medians = {f"in_process_{key}_s": statistics.median(times) for key, times in (
        ("report_data", results["report data (queries, assessments)"]),
        ("one_chart_image", results["baseline: one chart image, warm (PNG 2x)"]),
        ("deck", next(times for key, times in results.items() if key.startswith("deck"))),
        ("pdf", next(times for key, times in results.items() if key.startswith("PDF"))))}
    medians["kaleido_start_s"] = cold
    for kind, runs in whole.items():
        medians[f"etl_report_midterm_{kind}_s"] = statistics.median(r["seconds"] for r in runs)
        medians[f"etl_report_midterm_{kind}_peak_mb"] = statistics.median(r["peak_mb"] for r in runs)
    write_medians("bench_exports", medians, repeats=args.repeats, rounds=args.rounds, sections=len(data.sections),
                  memory="peak RSS of the whole process (ru_maxrss from wait4)")


if __name__ == "__main__":
    main()
