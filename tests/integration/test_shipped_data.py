"""The shipped figures, as `etl init` loads them, hold every published point under its own source, and
the illustrative series around them agrees with each (shared/plan/targets-sources.md)."""
from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from ipmonitor.store.reference import load_reference_table

CURRENT = ("SELECT year, ip_type, measure, territory, value, s.code AS source, s.kind AS source_kind "
           "FROM current_figure JOIN source s USING (source_id)")
# The IP Office (Cục Sở hữu trí tuệ) registers industrial property only: not plant varieties, not copyright.
INDUSTRIAL_PROPERTY = ["patent", "utility_solution", "industrial_design", "trademark",
                       "geographical_indication", "layout_design"]


@pytest.fixture
def figures(db_path) -> pd.DataFrame:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute(CURRENT).df().set_index(["year", "ip_type", "measure", "territory"]).sort_index()


def series(figures: pd.DataFrame, ip_types, measure: str, territory: str) -> pd.Series:
    rows = figures.reset_index()
    rows = rows[rows["ip_type"].isin(ip_types) & (rows["measure"] == measure) & (rows["territory"] == territory)]
    return rows.groupby("year")["value"].sum()


def test_every_published_point_is_loaded_under_its_own_published_source(figures):
    published = {
        (2015, "trademark", "applications_filed", "can_tho_former"): (395, "dost-cantho-2015"),
        (2015, "industrial_design", "applications_filed", "can_tho_former"): (12, "dost-cantho-2015"),
        (2015, "patent", "applications_filed", "can_tho_former"): (12, "dost-cantho-2015"),
        (2015, "utility_solution", "applications_filed", "can_tho_former"): (2, "dost-cantho-2015"),
        (2019, "geographical_indication", "titles_granted", "soc_trang_former"): (1, "cand-611410"),
        (2020, "geographical_indication", "titles_granted", "soc_trang_former"): (1, "most-tag-1500"),
        (2020, "geographical_indication", "titles_granted", "hau_giang_former"): (1, "congdoan-most-19004"),
        (2021, "collective_mark", "titles_granted", "can_tho_former"): (12, "dantocmiennui-313724"),
    }
    for key, (value, source) in published.items():
        assert (figures.loc[key, "value"], figures.loc[key, "source"], figures.loc[key, "source_kind"]) == \
            (value, source, "published"), key
    # Every figure under a published source is one of these: nothing inferred sits under a page.
    under_pages = figures[figures["source_kind"] == "published"]
    assert set(under_pages.index) == set(published)


def test_the_2015_page_counts_applications_accepted_as_valid_for_four_types_only(figures):
    sources = load_reference_table("sources").set_index("code")
    assert "chấp nhận đơn từ 25/1/2015 đến 25/12/2015" in sources.loc["dost-cantho-2015", "title"]
    assert "formally valid" in sources.loc["dost-cantho-2015", "note"]
    for ip_type in ("geographical_indication", "layout_design", "plant_variety", "copyright"):
        assert figures.loc[(2015, ip_type, "applications_filed", "can_tho_former"), "source"] == \
            "illustrative-2026", ip_type


def test_the_2020_stock_is_the_plans_5500_divided_by_1_35_under_reading_a(figures):
    stock = figures.loc[(2020, "all_types", "titles_cumulative", "can_tho_former")]
    assert (stock["value"], stock["source"], stock["source_kind"]) == (4074, "plan-151-2020", "derived")
    assert round(5500 / 1.35) == 4074


def test_the_2013_industrial_property_series_adds_up_to_the_ip_offices_288_applications_and_200_titles(figures):
    # pham.com.vn, 17 Jan 2014: «Cần Thơ (288 đơn, 200 văn bằng)» in 2013, IP Office statistics.
    assert series(figures, INDUSTRIAL_PROPERTY, "applications_filed", "can_tho_former")[2013] == 288
    assert series(figures, INDUSTRIAL_PROPERTY, "titles_granted", "can_tho_former")[2013] == 200


def test_the_patent_applications_of_2011_to_2020_add_up_to_the_published_82(figures):
    # most.gov.vn news 19823: 82 patent applications in 2011-2020, former Can Tho.
    assert series(figures, ["patent"], "applications_filed", "can_tho_former").loc[2011:2020].sum() == 82


def test_the_three_geographical_indications_are_the_only_ones_granted_as_the_merged_city_held_three(figures):
    # plo.vn post891805: the merged city held 3 geographical indications in January 2026, these three.
    granted = {territory: series(figures, ["geographical_indication"], "titles_granted", territory)
               for territory in ("can_tho_former", "hau_giang_former", "soc_trang_former")}
    assert {territory: {int(y): int(v) for y, v in values.items() if v} for territory, values in granted.items()} \
        == {"can_tho_former": {}, "hau_giang_former": {2020: 1}, "soc_trang_former": {2019: 1, 2020: 1}}
    assert sum(values.sum() for values in granted.values()) == 3


def test_the_12_collective_marks_of_2021_are_inside_that_years_trademarks_granted(figures):
    marks = figures.loc[(2021, "collective_mark", "titles_granted", "can_tho_former"), "value"]
    trademarks = figures.loc[(2021, "trademark", "titles_granted", "can_tho_former"), "value"]
    assert marks == 12 and trademarks >= marks


def test_soc_trangs_list_of_key_and_ocop_products_holds_more_than_the_80_ocop_products_of_2020(figures):
    # langngheviet.com.vn 12233: more than 80 OCOP products certified in Soc Trang by the end of 2020.
    listed = series(figures, ["not_applicable"], "key_products_listed", "soc_trang_former")
    assert listed.min() > 80


def test_every_page_read_is_in_the_source_register_with_its_address_and_the_day_it_was_read():
    sources = load_reference_table("sources").set_index("code")
    pages = ["dost-cantho-2015", "most-19823", "pham-2014-mekong-branding", "dantocmiennui-313724", "cand-611410",
             "most-tag-1500", "congdoan-most-19004", "plo-891805", "langngheviet-12233"]
    for code in pages:
        row = sources.loc[code]
        assert row["kind"] == "published" and row["address"] and "Read on 2026-12-02." in row["note"], code
