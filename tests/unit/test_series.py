"""Series across the July 2025 merger: rebuilt where every former province reports, a break otherwise."""
import pandas as pd

from ipmonitor.progress.series import (IndicatorSeries, build_indicator_series, extend_stock_with_flows,
                                       load_mergers)

MERGERS = load_mergers()


def rows(*entries):
    return pd.DataFrame(entries, columns=["year", "territory", "value", "types"])


def test_the_merged_city_is_made_of_the_three_former_provinces():
    assert set(MERGERS["can_tho"]) == {"can_tho_former", "hau_giang_former", "soc_trang_former"}


def test_reported_years_win_and_earlier_years_are_rebuilt_from_all_three_parts():
    frame = rows((2020, "can_tho_former", 100, 8), (2020, "hau_giang_former", 40, 8), (2020, "soc_trang_former", 60, 7),
                 (2025, "can_tho", 250, 8), (2025, "can_tho_former", 1, 8))
    series = build_indicator_series(frame, "can_tho", MERGERS)
    assert series.values == {2020: 200, 2025: 250}
    assert series.basis == {2020: "rebuilt", 2025: "reported"}
    assert series.coverage[2020] == 7  # the least-covered part decides


def test_a_year_missing_one_former_province_is_a_break_not_a_smaller_sum():
    frame = rows((2020, "can_tho_former", 100, 8), (2020, "hau_giang_former", 40, 8))
    series = build_indicator_series(frame, "can_tho", MERGERS)
    assert series.values == {} and series.partial_years == (2020,)


def test_a_former_province_is_its_own_series():
    frame = rows((2020, "can_tho_former", 100, 8), (2020, "hau_giang_former", 40, 8))
    assert build_indicator_series(frame, "hau_giang_former", MERGERS).values == {2020: 40}


def test_a_stock_is_carried_forward_by_flows_until_a_year_has_no_flow():
    stock = IndicatorSeries.reported({2024: 100, 2025: 110})
    flows = IndicatorSeries.reported({2025: 10, 2026: 5, 2027: 7, 2029: 9})
    extended = extend_stock_with_flows(stock, flows)
    assert extended.values == {2024: 100, 2025: 110, 2026: 115, 2027: 122}
    assert extended.basis[2026] == extended.basis[2027] == "derived"
