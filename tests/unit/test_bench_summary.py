"""bench/summary.py: the issue 18 table's verdicts from the bench scripts' medians (no timing here)."""
from bench.summary import NOT_MEASURED, ROWS, Goal, Row, evaluate, summary_lines, unit_of

RESULTS = {"bench_x": {"written_at": "2026-12-03 02:00:00", "notes": {"rounds": 3},
                       "medians": {"page_s": 3.0, "empty_s": 1.0, "rerun_ms": 10.0, "peak_mb": 320.0}}}


def test_a_ratio_goal_is_judged_on_the_ratio_to_the_baseline():
    row = Row("page", ("bench_x", "page_s"), ("bench_x", "empty_s"), "empty page", Goal(2.0, of_ratio=True))
    assert evaluate(row, RESULTS) == ("page", "3.00 s", "empty page", "1.00 s", "3.00×", "≤ 2×", "not met")
    row = Row("page", ("bench_x", "page_s"), ("bench_x", "empty_s"), "empty page", Goal(3.0, of_ratio=True))
    assert evaluate(row, RESULTS)[-1] == "met"


def test_a_value_goal_is_judged_on_the_median_in_its_unit():
    assert evaluate(Row("rerun", ("bench_x", "rerun_ms"), goal=Goal(12.0)), RESULTS) == (
        "rerun", "10.0 ms", "—", "—", "—", "≤ 12.0 ms", "met")
    assert evaluate(Row("memory", ("bench_x", "peak_mb"), goal=Goal(300.0)), RESULTS)[1::4] == ("320 MB", "≤ 300 MB")
    assert evaluate(Row("memory", ("bench_x", "peak_mb"), goal=Goal(300.0)), RESULTS)[-1] == "not met"


def test_a_row_without_a_goal_reports_its_ratio():
    row = Row("warm", ("bench_x", "page_s"), ("bench_x", "empty_s"), "empty page")
    assert evaluate(row, RESULTS)[4:] == ("3.00×", "—", "—")


def test_what_was_not_measured_says_so_and_is_never_met():
    missing_script = Row("pdf", ("bench_y", "pdf_s"), goal=Goal(5.0))
    assert evaluate(missing_script, RESULTS)[1] == NOT_MEASURED
    assert evaluate(missing_script, RESULTS)[-1] == NOT_MEASURED
    missing_baseline = Row("page", ("bench_x", "page_s"), ("bench_x", "gone_s"), "empty", Goal(2.0, of_ratio=True))
    assert evaluate(missing_baseline, RESULTS)[3:] == (NOT_MEASURED, "—", "≤ 2×", NOT_MEASURED)
    # A goal on the value alone is still judged without its baseline.
    assert evaluate(Row("page", ("bench_x", "page_s"), ("bench_x", "gone_s"), "empty", Goal(5.0)), RESULTS)[-1] == "met"
    assert evaluate(Row("page", ("bench_y", "page_s")), RESULTS)[-1] == NOT_MEASURED


def test_the_table_has_every_row_and_names_the_files_it_read_or_missed():
    lines = summary_lines(RESULTS)
    assert lines[0].startswith("| what | median |")
    assert len([line for line in lines if line.startswith("| ")]) == len(ROWS) + 1
    assert "bench_pages: not measured (no bench/out/bench_pages.json)" in lines
    assert all(line.count(NOT_MEASURED) >= 1 for line in lines[2:2 + len(ROWS)])


def test_every_row_of_the_issue_has_a_unit_and_a_goal_where_the_issue_sets_one():
    assert all(unit_of(row.measured[1]) for row in ROWS)
    assert all(unit_of(row.baseline[1]) == unit_of(row.measured[1]) for row in ROWS if row.baseline)
    assert sum(1 for row in ROWS if row.goal) == 12  # the PDF twice: first on its figures, then with its charts kept
