"""Figure builders: plain data in, a Plotly figure out, labelled in the reader's language; every value's
kind on hover, illustrative values drawn apart and the figure then carrying the notice."""
import pandas as pd
import pytest

from ipmonitor.progress.assessment import Assessment, Pace, compute_assessment
from ipmonitor.progress.charts import (HEADROOM, PERIOD_LABEL, TARGET_LABEL, build_applications_grants_figure,
                                       build_composition_figure, build_index_figure,
                                       build_presentation_figure, build_trajectory_figure,
                                       build_type_growth_figure, notice_text)
from ipmonitor.i18n import t
from ipmonitor.progress.series import IndicatorSeries
from ipmonitor.register.targets import load_target_register
from ipmonitor.progress.trajectory import build_trajectory
from tests.dashboard_template import dashboards_plotly_template

REGISTER = load_target_register()
PUBLISHED = {year: "published" for year in range(2000, 2031)}
NOTICE = {"vi": "⚠ Số liệu minh họa, không phải số liệu chính thức", "en": "⚠ Illustrative figures, not official"}
REPORTED = {"vi": "báo cáo", "en": "reported"}


def stock_figure(lang="vi", projection=True, kinds=None):
    series = IndicatorSeries.reported({year: 3000 + 200 * (year - 2010) for year in range(2010, 2026)}, "can_tho_former")
    target = REGISTER.target("T1a")
    assessment = compute_assessment(target, series)
    trajectory = build_trajectory(series, [(target, assessment, "KH 151")], kinds=PUBLISHED if kinds is None else kinds)
    return build_trajectory_figure(trajectory, lang, projection), assessment


def hover_texts(trace) -> list[str]:
    """What a trace's hover says for each of its points: its template with each point's kind filled in."""
    return [trace.hovertemplate.replace("%{customdata}", label) for label in trace.customdata]


def drawn(trace) -> dict:
    """Year -> value of the points a trace draws (its gaps left out)."""
    return {x: y for x, y in zip(trace.x, trace.y) if x is not None and y is not None}


def test_the_trajectory_has_the_actual_series_the_dashed_path_the_target_and_the_fan():
    figure, assessment = stock_figure()
    by_name = {trace.name: trace for trace in figure.data}
    assert list(by_name["Thực tế"].y)[-1] == 6000
    path = by_name["KH 151: lộ trình cần đi (đến 2030, cách hiểu a)"]
    assert path.line.dash == "dash" and path.x[0] == 2020 and path.y[-1] == pytest.approx(assessment.target_value)
    assert list(by_name["KH 151: mục tiêu (đến 2030, cách hiểu a)"].y) == [pytest.approx(5000 * 1.35)]  # +35% beats 5,500 here
    fan = by_name["Khoảng dự báo 80%"]
    assert fan.fill == "toself" and max(fan.x) == 2030
    assert figure.layout.separators == ",."


def test_a_target_with_no_growth_to_its_level_gets_no_path_rather_than_a_flat_line():
    series = IndicatorSeries.reported({2020: 4074, 2025: 4734}, "can_tho_former")
    no_growth = Assessment("T1a", "not_assessable", base_year=2020, base_value=4074, target_year=2030,
                           target_value=5500, pace=Pace(required=None))
    figure = build_trajectory_figure(build_trajectory(series, [(REGISTER.target("T1a"), no_growth, "KH 151")],
                                                      kinds=PUBLISHED), "vi", False)
    assert "KH 151: lộ trình cần đi (đến 2030, cách hiểu a)" not in {trace.name for trace in figure.data}


def test_a_period_total_is_drawn_as_the_yearly_average_over_its_period():
    series = IndicatorSeries.reported({year: 100 for year in range(2011, 2023)}, "can_tho_former")
    target = REGISTER.target("T1b")
    figure = build_trajectory_figure(build_trajectory(series, [(target, compute_assessment(target, series), "KH 151")],
                                                      kinds=PUBLISHED), "vi", False)
    average = next(trace for trace in figure.data if trace.line.dash == "dash")
    # T1b asks at least 5,500 and at least +35% on 2011-2020 (1,350 here): the 5,500 binds, 550 a year.
    assert (min(average.x), max(average.x)) == (2021, 2030) and list(average.y) == pytest.approx([550] * 10)


@pytest.mark.parametrize("first, step", [(2011, 2), (2021, 1), (2000, 5)])
def test_the_year_axis_always_labels_the_target_year(first, step):
    # Plotly's own steps over 2011-2030 are 2012, 2014 ... 2028: the year of the targets went unlabelled.
    series = IndicatorSeries.reported({year: 100 + year - first for year in range(first, 2023)}, "can_tho_former")
    target = REGISTER.target("T1b")
    figure = build_trajectory_figure(build_trajectory(series, [(target, compute_assessment(target, series), "KH 151")],
                                                      kinds=PUBLISHED), "vi", False)
    axis, last = figure.layout.xaxis, max(x for trace in figure.data for x in trace.x)
    assert axis.dtick == step and (last - axis.tick0) % step == 0
    assert axis.range[0] < first and axis.range[1] > last  # no label on the plot's edge, which Plotly hides
    assert last == 2030 or first == 2021  # from 2021 on, T1b's base period 2011-2020 is missing: no path


def test_the_mid_term_review_and_the_merger_are_marked():
    figure, _ = stock_figure("en")
    lines = [shape.x0 for shape in figure.layout.shapes]
    assert 2025 in lines and 2025.5 in lines
    assert {a.text for a in figure.layout.annotations} >= {"Mid-term review 2025", "Merger 1 Jul 2025"}
    assert figure.layout.separators == ".,"


def test_without_the_projection_no_fan_is_drawn():
    figure, _ = stock_figure(projection=False)
    assert not [trace for trace in figure.data if "%" in (trace.name or "")]


def test_rebuilt_years_are_drawn_as_open_markers_and_say_how_they_were_rebuilt():
    series = IndicatorSeries("can_tho", {2024: 10, 2025: 12}, {2024: "rebuilt", 2025: "reported"})
    figure = build_trajectory_figure(build_trajectory(series, [], kinds={2024: "rebuilt", 2025: "published"}), "en",
                                     show_projection=False)
    assert list(figure.data[-1].marker.symbol) == ["circle-open", "circle"]
    assert hover_texts(figure.data[-1]) == ["%{y:,.0f} (rebuilt · sum of the 3 former provinces)",
                                            "%{y:,.0f} (published)"]
    assert notice_text(figure) is None


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_an_illustrative_value_is_never_labelled_reported_nor_drawn_like_a_published_one(lang):
    kinds = {**{year: "illustrative" for year in range(2010, 2026)}, 2015: "published", 2020: "derived"}
    figure, _ = stock_figure(lang, projection=False, kinds=kinds)
    actual, illustrative = t("chart.actual", lang), t("chart.actual_illustrative", lang)
    solid = next(trace for trace in figure.data if trace.name == actual)
    dotted = next(trace for trace in figure.data if trace.name == illustrative and trace.hoverinfo != "skip")
    # The published and derived years on the solid line; every other year on the dotted one, never on both.
    assert set(drawn(solid)) == {2015, 2020} and set(drawn(dotted)) == set(range(2010, 2026)) - {2015, 2020}
    assert solid.line.dash is None and dotted.line.dash == "dot" and dotted.showlegend
    assert dotted.marker.symbol == "diamond-open" and dotted.line.color != solid.line.color
    # The joins between the two are dotted too, and say nothing on hover.
    joins = [trace for trace in figure.data if trace.hoverinfo == "skip" and trace.name == illustrative]
    assert joins and all(trace.line.dash == "dot" for trace in joins)
    labels = dict(zip(dotted.x, hover_texts(dotted)))
    illustrative_words = {"vi": "minh họa, không chính thức", "en": "illustrative, not official"}[lang]
    assert labels[2023].endswith(f"({illustrative_words})")
    assert not any(REPORTED[lang] in text for trace in (solid, dotted) for text in hover_texts(trace))
    published = dict(zip(solid.x, hover_texts(solid)))
    assert published[2015].endswith("(công bố)" if lang == "vi" else "(published)")
    assert notice_text(figure) == NOTICE[lang]


def test_a_year_whose_kind_is_not_known_is_drawn_as_illustrative():
    figure, _ = stock_figure("en", projection=False, kinds={2025: "published"})
    dotted = next(trace for trace in figure.data if trace.name == "Actual – illustrative" and trace.hoverinfo != "skip")
    assert set(drawn(dotted)) == set(range(2010, 2025))
    assert notice_text(figure) == NOTICE["en"]


def test_the_notice_heads_the_figure_from_its_left_edge_with_room_for_it_and_a_published_series_has_none():
    figure, _ = stock_figure("vi", projection=False, kinds={})
    title = figure.layout.title
    assert title.text == NOTICE["vi"] and notice_text(figure) == NOTICE["vi"]
    # In the figure's own coordinates: from the image's left edge, not the plot's (after the tick labels).
    assert (title.xref, title.x, title.xanchor, title.yref, title.y, title.yanchor) == \
        ("container", 0, "left", "container", 1, "top")
    published, _ = stock_figure("vi", projection=False)
    assert notice_text(published) is None and "Thực tế – số liệu minh họa" not in {tr.name for tr in published.data}
    # Below the notice, the two rows of the period markers' labels.
    assert figure.layout.margin.t >= published.layout.margin.t + 15 * 1.3


def test_the_period_markers_are_labelled_above_the_plot_in_two_rows_each_line_up_to_its_label():
    figure, _ = stock_figure("en")
    labels = {a.text: a for a in figure.layout.annotations if a.name == PERIOD_LABEL}
    midterm, merger = labels["Mid-term review 2025"], labels["Merger 1 Jul 2025"]
    assert {(a.yref, a.y, a.yanchor) for a in (midterm, merger)} == {("paper", 1, "bottom")}
    # The lines are in the plot's right half: the labels run leftwards from them, the merger's a row higher
    # so that it passes over the mid-term line, which stops at its own label's row.
    assert midterm.xanchor == merger.xanchor == "right" and merger.yshift > midterm.yshift
    tops = {shape.x0: shape.y1 for shape in figure.layout.shapes if shape.ysizemode == "pixel"}
    assert set(tops) == {2025, 2025.5} and tops[2025.5] > tops[2025] and tops[2025] <= merger.yshift
    assert figure.layout.margin.t >= tops[2025.5]
    # Lines in the plot's left half (a series from 2024 on): the labels run rightwards, the rows swap.
    series = IndicatorSeries.reported({year: 10 for year in range(2024, 2031)}, "can_tho")
    early = build_trajectory_figure(build_trajectory(series, [], kinds=PUBLISHED), "en", False)
    labels = {a.text: a for a in early.layout.annotations if a.name == PERIOD_LABEL}
    assert labels["Mid-term review 2025"].xanchor == "left" and \
        labels["Mid-term review 2025"].yshift > labels["Merger 1 Jul 2025"].yshift
    # A projector's plot is wide enough for the two to run apart on one row.
    stock = IndicatorSeries.reported({year: 3000 + 200 * (year - 2010) for year in range(2010, 2026)}, "can_tho_former")
    target = REGISTER.target("T1a")
    wide = build_presentation_figure(build_trajectory(stock, [(target, compute_assessment(target, stock), "KH 151")],
                                                      kinds=PUBLISHED), "en")
    labels = {a.text: a for a in wide.layout.annotations if a.name == PERIOD_LABEL}
    assert (labels["Mid-term review 2025"].xanchor, labels["Merger 1 Jul 2025"].xanchor) == ("right", "left")
    assert labels["Mid-term review 2025"].yshift == labels["Merger 1 Jul 2025"].yshift


def test_two_plans_targets_in_one_year_are_labelled_one_above_and_one_below_their_stars():
    series = IndicatorSeries.reported({2020: 10, 2021: 12, 2022: 13, 2023: 15, 2024: 17, 2025: 27}, "can_tho")
    entries = [(REGISTER.target(code), compute_assessment(REGISTER.target(code), series), plan)
               for code, plan in (("D2724_patent_applications", "QĐ 2724"), ("D1068_patent", "QĐ 1068"))]
    figure = build_trajectory_figure(build_trajectory(series, entries, kinds=PUBLISHED), "vi")
    labels = {a.text: a for a in figure.layout.annotations if a.name == TARGET_LABEL}
    high, low = sorted(labels.values(), key=lambda a: -a.y)
    assert high.x == low.x == 2030 and high.y > low.y
    assert (high.yanchor, low.yanchor) == ("bottom", "top") and high.xanchor == low.xanchor == "right"
    assert high.font.color != low.font.color  # each in its plan's colour
    highest = max(y for trace in figure.data for y in trace.y if y is not None)
    assert figure.layout.yaxis.range[1] == pytest.approx(highest * (1 + HEADROOM))


def test_a_targets_label_goes_below_its_star_where_above_it_would_cover_an_actual_value():
    # The actual values run above the target (T1a reached early): above the star they are in the way.
    series = IndicatorSeries.reported({year: 3000 + 400 * (year - 2015) for year in range(2015, 2031)}, "can_tho_former")
    target = REGISTER.target("T1a")
    figure = build_trajectory_figure(build_trajectory(series, [(target, compute_assessment(target, series), "KH 151")],
                                                      kinds=PUBLISHED), "vi", False)
    label = next(a for a in figure.layout.annotations if a.name == TARGET_LABEL)
    assert label.text == "KH 151" and label.yanchor == "top"
    below, _ = stock_figure("vi", projection=False)  # 6,000 in 2025 against 6,750 in 2030: room above
    assert next(a for a in below.layout.annotations if a.name == TARGET_LABEL).yanchor == "bottom"


def test_the_axes_make_room_for_their_tick_labels_whatever_plotly_template_is_the_default():
    with dashboards_plotly_template():  # Streamlit's sets no automargin: the ticks were cut at the image's edge
        figures = [stock_figure()[0], build_type_growth_figure(pd.DataFrame(
            {"name": ["A"], "cagr": [0.1], "is_total": [False], "kind": ["published"]}), "vi")]
    for figure in figures:
        assert figure.layout.yaxis.automargin is True and figure.layout.xaxis.automargin is True
        assert figure.layout.yaxis.title.standoff >= 10


def test_the_presentation_heads_its_legend_with_the_notice_and_keeps_both_actual_entries():
    series = IndicatorSeries.reported({year: 3000 + 200 * (year - 2010) for year in range(2010, 2026)}, "can_tho_former")
    target = REGISTER.target("T1a")
    kinds = {**{year: "illustrative" for year in range(2010, 2026)}, 2020: "derived"}
    figure = build_presentation_figure(build_trajectory(series, [(target, compute_assessment(target, series), "KH 151")],
                                                        kinds=kinds), "vi")
    assert figure.layout.legend.title.text == NOTICE["vi"] and notice_text(figure) == NOTICE["vi"]
    assert not figure.layout.title.text
    in_legend = {trace.name for trace in figure.data if trace.showlegend is not False}
    assert {"Thực tế", "Thực tế – số liệu minh họa"} <= in_legend


def test_the_breakdown_figures_draw_what_they_are_given():
    growth = pd.DataFrame({"name": ["Patent", "All types"], "cagr": [0.12, 0.04], "is_total": [False, True],
                           "kind": ["published", "published"]})
    bars = build_type_growth_figure(growth, "en")
    assert list(bars.data[0].y) == [0.12, 0.04] and bars.layout.shapes[0].y0 == 0.05
    index = build_index_figure(pd.DataFrame({"year": [2020, 2021], "name": ["Patent"] * 2, "index": [100, 110],
                                             "kind": ["published"] * 2}), "en", 2020)
    assert [trace.name for trace in index.data] == ["Patent", "5% a year"]
    shares = build_composition_figure(pd.DataFrame({"year": [2020, 2020], "name": ["A", "B"], "share": [0.4, 0.6],
                                                    "kind": ["published"] * 2}), "en")
    assert [(trace.name, list(trace.y), list(trace.x)) for trace in shares.data] == [("2020", ["A", "B"], [0.4, 0.6])]
    flows = build_applications_grants_figure(
        pd.DataFrame({"year": [2020, 2020], "measure_name": ["Applications", "Grants"], "value": [10, 4],
                      "kind": ["published"] * 2}), "en")
    assert [trace.name for trace in flows.data] == ["Applications", "Grants"]
    assert not [figure for figure in (bars, index, shares, flows) if notice_text(figure)]


def test_a_growth_rate_from_illustrative_figures_is_a_pale_hatched_bar_named_so_in_the_legend():
    growth = pd.DataFrame({"name": ["Patent", "Plant variety", "All types"], "cagr": [0.12, 0.2, 0.04],
                           "is_total": [False, False, True], "kind": ["published", "illustrative", "illustrative"]})
    figure = build_type_growth_figure(growth, "vi")
    plain, hatched, edge = figure.data
    assert edge.name == "Mức 5%/năm" and edge.line.dash == "dash"  # named in the legend, not on the bars
    assert list(plain.x) == ["Patent"] and list(hatched.x) == ["Plant variety", "All types"]
    assert plain.marker.pattern.shape == "" and hatched.marker.pattern.shape == "/"
    assert plain.offsetgroup == hatched.offsetgroup  # one slot per category: the bars do not shift
    assert hatched.name == "Tăng bình quân năm – số liệu minh họa (sọc)"
    assert hatched.showlegend is not False and plain.showlegend is False and figure.layout.showlegend
    assert set(hover_texts(hatched)) == {"%{y:.1%} (minh họa, không chính thức)"}
    assert hover_texts(plain) == ["%{y:.1%} (công bố)"]
    assert notice_text(figure) == NOTICE["vi"]


def test_the_index_draws_illustrative_values_dotted_with_one_legend_entry_for_every_series():
    indexed = pd.DataFrame({"year": [2020, 2021, 2022] * 2, "name": ["Patent"] * 3 + ["All types"] * 3,
                            "index": [100, 110, 120, 100, 90, 95],
                            "kind": ["published", "published", "illustrative"] + ["illustrative"] * 3})
    figure = build_index_figure(indexed, "en", 2020)
    patent = [trace for trace in figure.data if trace.name == "Patent"]
    assert drawn(patent[0]) == {2020: 100, 2021: 110} and patent[0].line.dash is None
    assert drawn(patent[-1]) == {2022: 120} and patent[-1].line.dash == "dot" and not patent[-1].showlegend
    total = [trace for trace in figure.data if trace.name == "All types"]
    assert len(total) == 1 and total[0].showlegend and total[0].marker.symbol == "diamond-open"
    key = figure.data[-1]
    assert key.name == "Illustrative: dotted, open markers" and key.line.dash == "dot"
    assert notice_text(figure) == NOTICE["en"]


def test_the_composition_writes_each_types_share_in_the_base_and_the_latest_year_largest_on_top():
    shares = pd.DataFrame({"year": [2015] * 3 + [2020] * 3 + [2025] * 3,
                           "name": ["Trademark", "Patent", "Plant variety"] * 3,
                           "share": [0.9, 0.06, 0.04, 0.85, 0.1, 0.05, 0.8, 0.15, 0.05],
                           "kind": ["published"] * 6 + ["illustrative"] * 3})
    figure = build_composition_figure(shares, "en", base_year=2020)
    base, latest = figure.data
    assert (base.name, latest.name) == ("2020", "2025 – illustrative (hatched)")
    assert base.orientation == latest.orientation == "h"
    # Every share is written, the small ones too: no type is a sliver.
    assert dict(zip(latest.y, latest.x)) == {"Trademark": 0.8, "Patent": 0.15, "Plant variety": 0.05}
    assert latest.texttemplate == "%{text:.1%}" and latest.textposition == "outside" and not latest.cliponaxis
    assert latest.marker.pattern.shape == "/" and base.marker.pattern.shape == ""
    # Plotly draws a category axis from the bottom: the largest share is listed last, on top.
    assert list(figure.layout.yaxis.categoryarray) == ["Plant variety", "Patent", "Trademark"]
    assert hover_texts(latest) == ["%{x:.1%} (illustrative, not official)"] * 3
    assert notice_text(figure) == NOTICE["en"]
    # Without the base year among its years, it starts from the first.
    assert build_composition_figure(shares, "en", base_year=2010).data[0].name == "2015"


def test_an_illustrative_years_bars_are_hatched_in_the_same_slot_as_the_published_ones():
    flows = pd.DataFrame({"year": [2015, 2016, 2015, 2016], "measure_name": ["Applications"] * 2 + ["Grants"] * 2,
                          "value": [12, 8, 3, 4], "kind": ["published", "illustrative", "illustrative", "illustrative"]})
    figure = build_applications_grants_figure(flows, "en")
    names = [trace.name for trace in figure.data]
    assert names == ["Applications", "Applications – illustrative (hatched)", "Grants – illustrative (hatched)"]
    assert figure.data[0].offsetgroup == figure.data[1].offsetgroup != figure.data[2].offsetgroup
    assert list(figure.data[1].x) == [2016] and figure.data[1].marker.pattern.shape == "/"
    assert notice_text(figure) == NOTICE["en"]
