"""An indicator with its parts (ipmonitor/progress/splits.py), pure: the rest of a total that no part accounts
for is a part of its own, and a year whose parts and total disagree is named, never drawn as agreeing."""
import pandas as pd

from ipmonitor.progress.charts import build_split_figure
from ipmonitor.progress.splits import COLUMNS, compute_split
from ipmonitor.register.targets import load_target_register


def rows(*values):
    """(year, indicator, role, value) with the same unit, kind and source."""
    return pd.DataFrame([{"year": y, "indicator": i, "role": r, "unit": "dossiers", "value": v, "kind": "published",
                          "sources": "src"} for y, i, r, v in values], columns=COLUMNS)


def test_the_register_ties_the_parts_and_the_enterprises_to_the_dossiers_supported():
    register = load_target_register()
    total = register.indicators["registrations_supported"]
    assert total.parts == ("registrations_supported_domestic", "registrations_supported_abroad")
    assert total.shown_with == ("enterprises_supported",)
    assert {register.split_of(key) for key in ("registrations_supported", *total.parts, *total.shown_with)} == \
        {"registrations_supported"}
    assert register.split_of("people_trained") is None
    assert register.indicators["enterprises_supported"].unit == "enterprises"
    assert all(key in register.untargeted() for key in (*total.parts, *total.shown_with))  # no invented target


def test_a_total_without_parts_is_all_not_split_and_parts_that_add_up_leave_nothing():
    split = compute_split(rows((2021, "t", "total", 10), (2022, "t", "total", 12), (2022, "h", "part", 9),
                               (2022, "a", "part", 3)), "t", 2)
    rest = split[split["role"] == "unsplit"]
    assert rest[["year", "value"]].values.tolist() == [[2021, 10]]
    assert split.attrs == {"total": "t", "disagree": []}


def test_a_part_with_no_figure_at_all_is_missing_not_complete():
    split = compute_split(rows((2021, "t", "total", 10), (2021, "h", "part", 6)), "t", 2)
    assert split[split["role"] == "unsplit"]["value"].tolist() == [4] and split.attrs["disagree"] == []


def test_a_missing_part_leaves_the_rest_not_split_and_disagreeing_years_are_named():
    split = compute_split(rows((2021, "t", "total", 10), (2021, "h", "part", 6),
                               (2022, "t", "total", 10), (2022, "h", "part", 6), (2022, "a", "part", 5),
                               (2023, "t", "total", 10), (2023, "h", "part", 3), (2023, "a", "part", 3),
                               (2024, "t", "total", 4), (2024, "h", "part", 6)), "t", 2)
    assert split[split["role"] == "unsplit"][["year", "value"]].values.tolist() == [[2021, 4]]
    assert split.attrs["disagree"] == [2022, 2023, 2024]


def test_the_split_figure_stacks_the_parts_and_draws_the_beside_series_as_a_line():
    frame = rows((2021, "t", "total", 10), (2021, "h", "part", 6), (2022, "t", "total", 10), (2022, "h", "part", 6),
                 (2022, "a", "part", 4), (2021, "e", "beside", 5))
    figure = build_split_figure(compute_split(frame, "t", 2), {"h": "Home", "a": "Abroad", "e": "Enterprises"}, "en")
    kinds = {trace.name: trace.type for trace in figure.data if trace.name}
    assert kinds == {"Home": "bar", "Abroad": "bar", "Not split into at home / abroad": "bar", "Enterprises": "scatter"}
    assert figure.layout.barmode == "stack" and not (figure.layout.title.text or "").startswith("⚠")
    assert {trace.offsetgroup for trace in figure.data if trace.type == "bar"} == {"split"}


def test_the_registers_parts_are_the_parts_a_load_checks():
    from ipmonitor.store.reference import load_vocabulary
    register, measures = load_target_register(), load_vocabulary("measure")
    for indicator in register.indicators.values():
        if indicator.parts:
            assert tuple(register.indicators[p].measure for p in indicator.parts) == measures.parts_of(indicator.measure)
    checked = set(measures.part_of.values())
    assert checked == {i.measure for i in register.indicators.values() if i.parts}
