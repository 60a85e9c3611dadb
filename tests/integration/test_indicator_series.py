"""Indicator series summed from the database's current figures."""
import duckdb

from ipmonitor.queries import load_indicator_series


def test_all_top_level_types_sum_every_type_that_is_not_a_sub_type_or_total(db_path):
    with duckdb.connect(str(db_path), read_only=True) as con:
        total = load_indicator_series(con, "applications_filed", ["all_top_level"], "can_tho_former")
        patents = load_indicator_series(con, "applications_filed", ["patent"], "can_tho_former")
        stock = load_indicator_series(con, "titles_cumulative", ["all_types"], "can_tho_former")
    assert total[2015] == 421 + 4 + 67  # published industrial property, plus plant varieties and copyright
    assert patents[2015] == 12
    assert stock[2020] == 4074
    assert sorted(total) == list(range(2010, 2026))
