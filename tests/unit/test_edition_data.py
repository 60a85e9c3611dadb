"""What a report edition shows: the as-of year of each edition, series cut at that year, sources per year."""
import pandas as pd
import pytest

from ipmonitor.documents.edition import EditionError, edition_year
from ipmonitor.progress.series import truncate_series
from ipmonitor.progress.year_sources import compute_year_sources
from ipmonitor.progress.series import IndicatorSeries


def test_the_annual_edition_is_as_of_the_chosen_year_or_else_the_latest_year_with_figures():
    assert edition_year("annual", 2023, latest=2025) == 2023
    assert edition_year("annual", None, latest=2025) == 2025


def test_the_reviews_are_as_of_2025_and_2030_whatever_the_latest_year():
    assert edition_year("midterm", latest=2022) == 2025
    assert edition_year("final", latest=2025) == 2030
    assert edition_year("final", 2030) == 2030


@pytest.mark.parametrize("edition, year, code", [
    ("midterm", 2024, "edition_year"), ("final", 2025, "edition_year"), ("weekly", None, "unknown_edition"),
    ("annual", 1999, "year_out_of_range")])
def test_an_edition_and_year_that_do_not_go_together_are_refused_with_a_reason(edition, year, code):
    with pytest.raises(EditionError) as refused:
        edition_year(edition, year, latest=2025)
    assert refused.value.code == code


def test_an_annual_edition_of_an_empty_database_says_there_are_no_figures():
    with pytest.raises(EditionError) as refused:
        edition_year("annual", None, latest=None)
    assert refused.value.code == "no_figures"


def test_cutting_a_series_drops_the_later_years_and_keeps_everything_else():
    series = IndicatorSeries("can_tho", {2019: 1.0, 2020: 2.0, 2025: 5.0}, {2019: "rebuilt", 2020: "rebuilt",
                             2025: "reported"}, {2019: 8, 2020: 8, 2025: 8}, partial_years=(2018, 2026))
    cut = truncate_series(series, 2020)
    assert cut.values == {2019: 1.0, 2020: 2.0}
    assert cut.basis == {2019: "rebuilt", 2020: "rebuilt"} and cut.coverage == {2019: 8, 2020: 8}
    assert cut.partial_years == (2018,) and cut.territory == "can_tho"
    assert truncate_series(series, 2030) == series


def test_each_year_is_credited_to_the_sources_of_the_figures_it_was_made_from():
    series = IndicatorSeries("can_tho", {2020: 10.0, 2025: 12.0, 2026: 13.0},
                             {2020: "rebuilt", 2025: "reported", 2026: "derived"})
    rows = pd.DataFrame([(2020, "hau_giang_former", "a", "illustrative"), (2020, "soc_trang_former", "b", "published"),
                         (2020, "can_tho", "c", "published"), (2025, "can_tho", "c", "published")],
                        columns=["year", "territory", "source", "kind"])
    flows = pd.DataFrame([(2026, "can_tho", "d", "published")], columns=["year", "territory", "source", "kind"])
    sources = compute_year_sources(series, rows, flows, ("hau_giang_former", "soc_trang_former"))
    assert sources[2020] == (("a", "b"), ("illustrative", "published"))   # rebuilt: the former provinces' sources
    assert sources[2025] == (("c",), ("published",))
    assert sources[2026] == (("d",), ("published",))                      # carried forward by the flows
