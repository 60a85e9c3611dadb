"""The plans' other indicators, engine side: values in their units, units and shapes checked in the
register, running totals and ratios built from their parts, shares and running totals judged on
straight-line paths."""
import textwrap

import pandas as pd
import pytest

from ipmonitor.progress.assessment import build_required_path, compute_assessment, flat_record
from ipmonitor.i18n import load_catalogue
from ipmonitor.numbers import UNITS, format_change, format_value
from ipmonitor.progress.series import (
    IndicatorSeries, build_indicator_series, compute_cumulative_series, compute_ratio_series, load_mergers,
)
from ipmonitor.register.targets import load_target_register

TARGETS = {target.id: target for target in load_target_register().targets}
MERGERS = load_mergers()


# Values in their units ------------------------------------------------------------------------------

@pytest.mark.parametrize("value, unit, vi, en", [
    (6000, "attendances", "6.000 lượt người", "6,000 attendances"),
    (1, "attendances", "1 lượt người", "1 attendance"),
    (1, "dossiers", "1 hồ sơ", "1 dossier"),
    (48, "dossiers", "48 hồ sơ", "48 dossiers"),
    (1, "cases", "1 vụ", "1 case"),
    (137, "cases", "137 vụ", "137 cases"),
    (1_200_000_000, "vnd", "1,2 tỷ đồng", "VND 1.2 billion"),
    (8_500_000, "vnd", "8,5 triệu đồng", "VND 8.5 million"),
    (450_000_000, "vnd", "450 triệu đồng", "VND 450 million"),
    (500_000, "vnd", "500.000 đồng", "VND 500,000"),
    (60, "percent", "60,0%", "60.0%"),
    (8.26, "percent", "8,3%", "8.3%"),
    (5391, "count", "5.391", "5,391"),
    (None, "attendances", "–", "–"),
])
def test_a_value_is_written_in_its_unit_the_way_each_language_writes_it(value, unit, vi, en):
    assert (format_value(value, unit, "vi"), format_value(value, unit, "en")) == (vi, en)


def test_a_yearly_change_of_a_share_is_in_percentage_points_and_of_a_total_in_its_unit():
    assert format_change(1.2, "percent", "vi") == "1,2 điểm %"
    assert format_change(1.2, "percent", "en") == "1.2 points"
    assert format_change(1200, "attendances", "vi") == "1.200 lượt người"
    assert format_change(None, "percent", "vi") == "–"


def test_an_unknown_unit_is_an_error_not_a_bare_number():
    with pytest.raises(ValueError, match="unknown unit"):
        format_value(3, "hectares")


def test_every_unit_with_words_has_its_words_in_both_languages():
    for lang in ("vi", "en"):
        catalogue = load_catalogue(lang)
        for unit in set(UNITS) - {"count", "percent", "vnd"}:
            assert f"units.{unit}" in catalogue and f"units.{unit}_one" in catalogue
        assert {"units.vnd", "units.vnd_million", "units.vnd_billion", "units.points"} <= set(catalogue)
        assert all(f"indicators.unit_{unit}" in catalogue and f"indicators.axis_{unit}" in catalogue
                   for unit in UNITS)


# The register checks units and shapes ------------------------------------------------------------------

REGISTER_HEAD = """
plans:
  decision_2724: {name_vi: QĐ 2724, name_en: Decision 2724, short_vi: QĐ 2724, short_en: D 2724}
indicators:
"""
TARGET = """
  - id: X
    plan: decision_2724
    indicator: x
    kind: {kind}
    baseline: {{year: 2025, value: from_data}}
    target: {target}
    direction: increase
    territory_basis: can_tho
    quote: "..."
"""


def write_register(tmp_path, indicator: str, targets: str = "") -> object:
    path = tmp_path / "targets.yaml"
    path.write_text(REGISTER_HEAD + textwrap.indent(textwrap.dedent(indicator), "  ")
                    + "targets:" + (targets or " []") + "\n", encoding="utf-8")
    return path


SHARE = """
x:
  numerator: {measure: patents_commercialised, ip_types: [not_applicable]}
  denominator: {measure: patents_in_force, ip_types: [not_applicable]}
  unit: percent
  name_vi: a
  name_en: a
"""


def test_an_indicator_in_an_unknown_unit_is_refused(tmp_path):
    path = write_register(tmp_path, "x: {measure: people_trained, ip_types: [not_applicable], unit: heads, "
                                    "name_vi: a, name_en: a}\n")
    with pytest.raises(ValueError, match="unknown unit"):
        load_target_register(path)


def test_a_percent_without_a_denominator_is_refused_since_a_percent_is_never_stored(tmp_path):
    path = write_register(tmp_path, "x: {measure: people_trained, ip_types: [not_applicable], unit: percent, "
                                    "name_vi: a, name_en: a}\n")
    with pytest.raises(ValueError, match="numerator and a denominator"):
        load_target_register(path)
    half = "x:\n  numerator: {measure: patents_commercialised, ip_types: [not_applicable]}\n  unit: percent\n" \
           "  name_vi: a\n  name_en: a\n"
    with pytest.raises(ValueError, match="needs a numerator and a denominator"):
        load_target_register(write_register(tmp_path, half))


def test_a_level_band_needs_its_low_edge_below_its_high_edge(tmp_path):
    path = write_register(tmp_path, SHARE, TARGET.format(kind="level_band",
                                                         target="{year: 2030, value_low: 10, value_high: 8}"))
    with pytest.raises(ValueError, match="value_low below value_high"):
        load_target_register(path)
    ordered = write_register(tmp_path, SHARE, TARGET.format(kind="level_band",
                                                            target="{year: 2030, value_low: 8, value_high: 10}"))
    assert load_target_register(ordered).targets[0].is_band


def test_a_share_with_a_growth_rate_target_is_refused(tmp_path):
    path = write_register(tmp_path, SHARE, TARGET.format(kind="growth",
                                                         target="{year: 2030, growth_low: 0.03, growth_high: 0.05}"))
    with pytest.raises(ValueError, match="not a growth rate"):
        load_target_register(path)


def test_the_shipped_register_gives_each_new_indicator_its_unit_and_shape():
    register = load_target_register()
    units = {key: (register.indicators[key].unit, register.indicators[key].shape) for key in (
        "people_trained", "people_trained_since_2026", "registration_support_amount",
        "key_products_supported_share", "patent_commercialisation_rate", "applications_all")}
    assert units == {"people_trained": ("attendances", "compound"), "people_trained_since_2026": ("attendances", "linear"),
                     "registration_support_amount": ("vnd", "compound"),
                     "key_products_supported_share": ("percent", "linear"),
                     "patent_commercialisation_rate": ("percent", "linear"),
                     "applications_all": ("count", "compound")}
    assert {"registrations_supported", "registration_support_amount", "enforcement_cases",
            "people_trained"} <= set(register.untargeted())
    assert TARGETS["D2724_patent_commercialisation"].unit == "percent"


# Running totals and ratios -----------------------------------------------------------------------------

def test_a_running_total_adds_the_flow_from_its_year_and_stops_at_a_hole():
    flows = IndicatorSeries.reported({2025: 900, 2026: 1100, 2027: 1250, 2029: 1300})
    total = compute_cumulative_series(flows, 2026)
    assert total.values == {2026: 1100, 2027: 2350}  # 2028 is missing: no total with a hole in it


def test_a_running_total_stops_before_a_partial_merged_year_and_keeps_it_as_a_break():
    flows = IndicatorSeries("can_tho", {2023: 10, 2024: 12}, {2023: "rebuilt", 2024: "rebuilt"}, {2023: 1, 2024: 1},
                            partial_years=(2025,))
    total = compute_cumulative_series(flows, 2023)
    assert total.values == {2023: 10, 2024: 22}
    assert total.basis == {2023: "rebuilt", 2024: "rebuilt"}
    assert total.partial_years == (2025,)


def test_a_share_of_the_merged_city_divides_the_summed_counts_not_the_average_of_shares():
    def frame(*entries):
        return pd.DataFrame(entries, columns=["year", "territory", "value", "types"])
    numerator = build_indicator_series(frame((2024, "can_tho_former", 9, 1), (2024, "hau_giang_former", 1, 1),
                                             (2024, "soc_trang_former", 0, 1), (2025, "can_tho", 12, 1)),
                                       "can_tho", MERGERS)
    denominator = build_indicator_series(frame((2024, "can_tho_former", 30, 1), (2024, "hau_giang_former", 10, 1),
                                               (2024, "soc_trang_former", 60, 1), (2025, "can_tho", 100, 1)),
                                         "can_tho", MERGERS)
    share = compute_ratio_series(numerator, denominator)
    # (9 + 1 + 0) / (30 + 10 + 60) = 10%, where the average of the three shares would be 13.3%.
    assert share.values == {2024: pytest.approx(10.0), 2025: pytest.approx(12.0)}
    assert share.basis == {2024: "rebuilt", 2025: "reported"}
    assert (share.unit, share.shape) == ("percent", "linear")


def test_a_share_is_a_break_where_either_part_is_and_skips_a_zero_denominator():
    numerator = IndicatorSeries("can_tho", {2022: 1, 2023: 2}, {2022: "reported", 2023: "reported"},
                                partial_years=(2024,))
    denominator = IndicatorSeries("can_tho", {2022: 0, 2023: 40}, {2022: "reported", 2023: "reported"},
                                  partial_years=(2021,))
    share = compute_ratio_series(numerator, denominator)
    assert share.values == {2023: pytest.approx(5.0)}
    assert share.partial_years == (2021, 2024)


# Straight-line assessments ---------------------------------------------------------------------------

def share_series(values: dict[int, float]) -> IndicatorSeries:
    series = IndicatorSeries.reported(values, "can_tho")
    return IndicatorSeries(series.territory, series.values, series.basis, {y: 1 for y in values}, (), "percent",
                           "linear")


def test_a_share_has_a_straight_line_path_in_percentage_points_to_its_level():
    result = compute_assessment(TARGETS["D2724_ocop_supported_share"], share_series({2025: 35, 2026: 40}))
    assert result.shape == "linear" and result.unit == "percent"
    assert result.target_value == 60
    assert result.pace.required == pytest.approx(5.0)       # (60 - 35) / 5 points a year
    assert result.pace.actual == pytest.approx(5.0)
    assert result.pace.needed == pytest.approx(5.0)         # (60 - 40) / 4
    assert flat_record(result)["actual_cagr"] is None and flat_record(result)["required_cagr"] is None
    assert result.status == "on_track"
    path = build_required_path(TARGETS["D2724_ocop_supported_share"], result)
    assert path.kind == "linear"
    assert path.values[2025] == pytest.approx(35) and path.values[2030] == pytest.approx(60)
    assert path.values[2027] - path.values[2026] == pytest.approx(path.values[2026] - path.values[2025])


def test_a_share_that_reached_its_level_is_achieved_and_one_that_falls_is_moving_away():
    target = TARGETS["D2724_ocop_supported_share"]
    assert compute_assessment(target, share_series({2025: 35, 2026: 61})).status == "achieved"
    assert compute_assessment(target, share_series({2025: 35, 2026: 33})).status == "moving_away"
    slow = compute_assessment(target, share_series({2025: 35, 2026: 37}))
    assert slow.status == "limited_progress" and slow.ratio == pytest.approx(2 / 5)


def test_a_level_band_is_judged_on_its_low_edge_and_reported_on_its_high_edge():
    target = TARGETS["D2724_patent_commercialisation"]
    result = compute_assessment(target, share_series({2025: 5, 2026: 5.7}))
    assert (result.target_value, result.target_value_high) == (8, 10)
    assert result.pace.required == pytest.approx(0.6)        # (8 - 5) / 5
    assert result.pace.required_high == pytest.approx(1.0)   # (10 - 5) / 5
    assert result.status == "on_track"
    assert result.status_high_edge == "needs_acceleration"     # 0.7 of the 1.0 a year
    path = build_required_path(target, result)
    assert path.kind == "linear" and path.high[2030] == pytest.approx(10) and path.values[2030] == pytest.approx(8)
    assert compute_assessment(target, share_series({2025: 5, 2026: 8.4})).status == "achieved"


def test_a_running_total_from_a_base_of_zero_needs_an_even_yearly_number():
    target = TARGETS["D2724_people_trained"]
    series = IndicatorSeries("can_tho", {2026: 1100}, {2026: "reported"}, {2026: 1}, (), "attendances", "linear")
    result = compute_assessment(target, series)
    assert result.base_value == 0 and result.reason is None
    assert result.pace.required == pytest.approx(1200)       # 6,000 over 2026-2030
    assert result.pace.actual == pytest.approx(1100)
    assert result.pace.needed == pytest.approx((6000 - 1100) / 4)
    assert result.status == "needs_acceleration"
    path = build_required_path(target, result)
    assert path.kind == "linear" and path.values == pytest.approx(
        {2025: 0, 2026: 1200, 2027: 2400, 2028: 3600, 2029: 4800, 2030: 6000})
