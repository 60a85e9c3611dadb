"""By-type arithmetic: growth beside the total, an index on the base year, the composition."""
import pandas as pd
import pytest

from ipmonitor.progress.breakdown import build_type_frame, compute_index, compute_shares, compute_type_growth
from ipmonitor.progress.series import load_mergers

NAMES = {"patent": "Patent", "utility_solution": "Utility solution", "plant_variety": "Plant variety",
         "trademark": "Trademark"}


def frame(kinds: dict[tuple[int, str], str] | None = None):
    """Four types in 2020 and 2025, every value published unless `kinds` says otherwise."""
    kinds = kinds or {}
    rows = []
    for year in (2020, 2025):
        grow = year == 2025
        rows += [(year, "patent", 20 if grow else 10), (year, "utility_solution", 5), (year, "plant_variety", 4),
                 (year, "trademark", 81 if grow else 81)]
    return pd.DataFrame([(year, code, value, kinds.get((year, code), "published")) for year, code, value in rows],
                        columns=["year", "ip_type", "value", "kind"])


def test_each_focus_type_and_the_total_get_their_yearly_growth():
    growth = compute_type_growth(frame(), NAMES, 2020, "All")
    by_type = dict(zip(growth["ip_type"], growth["cagr"]))
    assert by_type["patent"] == pytest.approx(2 ** 0.2 - 1)
    assert by_type["utility_solution"] == pytest.approx(0)
    assert by_type["all_top_level"] == pytest.approx((110 / 100) ** 0.2 - 1)
    assert growth.attrs["latest_year"] == 2025


def test_the_index_starts_at_100_and_the_shares_add_up_to_one():
    index = compute_index(frame(), NAMES, 2020, "All")
    assert set(index[index["year"] == 2020]["index"]) == {100}
    shares = compute_shares(frame(), NAMES)
    assert shares.groupby("year")["share"].sum().tolist() == pytest.approx([1, 1])


def test_the_merged_city_sums_each_type_over_the_three_former_provinces():
    rows = pd.DataFrame([(2020, code, "patent", value, "s", "published") for code, value in
                         (("can_tho_former", 10), ("hau_giang_former", 3), ("soc_trang_former", 2))],
                        columns=["year", "territory", "ip_type", "value", "source", "kind"])
    merged = build_type_frame(rows, "can_tho", load_mergers())
    assert merged.to_dict("records") == [{"year": 2020, "ip_type": "patent", "value": 15, "kind": "rebuilt"}]


def test_a_sum_over_the_former_provinces_with_one_illustrative_figure_is_illustrative():
    rows = pd.DataFrame([(2020, code, "patent", value, "s", kind) for code, value, kind in
                         (("can_tho_former", 10, "published"), ("hau_giang_former", 3, "illustrative"),
                          ("soc_trang_former", 2, "published"), ("can_tho", 16, "published"))]
                        + [(2025, "can_tho", "patent", 16, "s", "published")],
                        columns=["year", "territory", "ip_type", "value", "source", "kind"])
    merged = build_type_frame(rows, "can_tho", load_mergers())
    # The merged city's own 2020 figure stands; without it the sum would be illustrative.
    assert dict(zip(merged["year"], merged["kind"])) == {2020: "published", 2025: "published"}
    rebuilt = build_type_frame(rows[rows["territory"] != "can_tho"], "can_tho", load_mergers())
    assert rebuilt["kind"].tolist() == ["illustrative"]


def test_a_rate_an_index_or_a_share_has_the_weakest_kind_of_the_figures_behind_it():
    # One illustrative figure: the plant varieties' 2020 applications.
    shaky = frame({(2020, "plant_variety"): "illustrative"})
    growth = compute_type_growth(shaky, NAMES, 2020, "All").set_index("ip_type")["kind"]
    assert growth.to_dict() == {"patent": "published", "utility_solution": "published",
                                "plant_variety": "illustrative", "all_top_level": "illustrative"}
    index = compute_index(shaky, NAMES, 2020, "All")
    assert set(index[index["name"] == "Patent"]["kind"]) == {"published"}
    assert set(index[index["name"].isin(["Plant variety", "All"])]["kind"]) == {"illustrative"}
    shares = compute_shares(shaky, NAMES)
    assert dict(shares.groupby("year")["kind"].agg(set)) == {2020: {"illustrative"}, 2025: {"published"}}
