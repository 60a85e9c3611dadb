"""A report edition gathered from a real database: the figures up to the as-of year, every target once,
the sources behind each year, and the illustrative figures counted."""
import datetime as dt

import duckdb
import pytest

from ipmonitor.documents.edition_data import load_report_data
from ipmonitor.progress.scoreboard import assess_register, load_series
from ipmonitor.register.targets import load_target_register

REGISTER = load_target_register()


@pytest.fixture(scope="module")
def con(initialised_template):
    with duckdb.connect(str(initialised_template), read_only=True) as connection:
        yield connection


def test_an_annual_edition_uses_only_the_figures_up_to_its_year(con):
    data = load_report_data(con, "annual", 2023, today=dt.date(2024, 3, 1))
    assert (data.edition, data.as_of, data.latest_data_year) == ("annual", 2023, 2023)
    for section in data.sections:
        full = load_series(con, REGISTER.indicators[section.indicator], section.territory)
        assert section.series.values == {y: v for y, v in full.values.items() if y <= 2023}
    assessed = [r.assessment for r in data.results if r.assessment.latest_year is not None]
    assert assessed and all(a.latest_year <= 2023 for a in assessed)


def test_a_2023_edition_judges_the_2023_figures_not_the_latest_ones(con):
    as_of_2023 = {r.target_id: r.assessment for r in load_report_data(con, "annual", 2023).results}
    latest = {r.target_id: r.assessment for r in load_report_data(con, "annual", 2025).results}
    assert as_of_2023["T2b"].latest_year == 2023 and latest["T2b"].latest_year == 2025
    assert as_of_2023["T2b"].latest_value != latest["T2b"].latest_value


def test_the_final_review_with_every_figure_in_judges_as_the_dashboard_does(con):
    data = load_report_data(con, "final")
    assert data.as_of == 2030
    assert [r.assessment for r in data.results] == [r.assessment for r in assess_register(con)]


def test_the_mid_term_review_is_as_of_2025_and_carries_the_checkpoint(con):
    data = load_report_data(con, "midterm")
    t1a = next(r.assessment for r in data.results if r.target_id == "T1a")
    assert data.as_of == 2025 and t1a.checkpoint_year == 2025 and t1a.checkpoint_actual == t1a.latest_value


def test_every_target_is_in_exactly_one_section_of_its_indicator_and_territory(con):
    data = load_report_data(con, "midterm")
    placed = [r.target_id for section in data.sections for r in section.results]
    assert sorted(placed) == sorted(target.id for target in REGISTER.targets)
    for section in data.sections:
        for result in section.results:
            target = REGISTER.target(result.target_id)
            assert (target.indicator, target.territory_basis) == (section.indicator, section.territory)
    assert [(s.indicator, s.territory) for s in data.sections][:2] == [("titles_stock", "can_tho_former"),
                                                                       ("titles_granted_all", "can_tho_former")]


def test_the_illustrative_figures_and_every_source_are_counted_up_to_the_as_of_year(con):
    data = load_report_data(con, "annual", 2020)
    rows = con.execute("SELECT s.kind, s.code, count(*) FROM current_figure c JOIN source s USING (source_id) "
                       "WHERE c.year <= 2020 GROUP BY ALL").fetchall()
    assert data.figure_count == sum(n for _, _, n in rows)
    assert data.illustrative_count == sum(n for kind, _, n in rows if kind == "illustrative") > 0
    used = {code for section in data.sections for codes in section.year_sources.values() for code in codes}
    assert set(data.sources["code"]) == used
    counts = {code: n for _, code, n in rows}
    assert dict(zip(data.sources["code"], data.sources["figures"])) == {code: counts[code] for code in used}
    patents = next(s for s in data.sections if s.indicator == "applications_patent" and s.territory == "can_tho_former")
    assert patents.year_sources[2015] == ("dost-cantho-2015",) and 2015 not in patents.illustrative_years
    assert 2014 in patents.illustrative_years
