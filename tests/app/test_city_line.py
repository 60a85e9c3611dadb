"""The Overview through dashboard.py opens on one line for the city as it is now, and reads the former
city's Plan 151 as history, after the merged city's plans."""
from __future__ import annotations

import duckdb
import pytest

from ipmonitor.progress.city_verdict import (
    compute_city_line, compute_plan_spans, describe_city_line, group_links, plan_heading,
)
from ipmonitor.vietnam_time import vietnam_today
from ipmonitor.store.reference import load_vocabulary
from ipmonitor.progress.scoreboard import assess_register
from ipmonitor.register.targets import load_target_register
from ui.status_chip import status_chip
from tests.app.conftest import open_page


def expected_line(db_path, lang: str) -> str:
    register, territories = load_target_register(), load_vocabulary("territory")
    with duckdb.connect(str(db_path), read_only=True) as con:
        results = [r for r in assess_register(con) if register.target(r.target_id).reading in (None, "a")]
    line = compute_city_line(results, register, territories, vietnam_today())
    return describe_city_line(line, register, territories, lang, chip=status_chip)


@pytest.mark.parametrize("lang, start", [("vi", "Thành phố Cần Thơ (sau hợp nhất): "),
                                         ("en", "Can Tho City (merged): ")])
def test_the_first_markdown_under_the_title_is_the_merged_citys_line(app, db_path, lang, start):
    open_page(app, None, lang)
    first = app.markdown[0].value
    assert first == expected_line(db_path, lang)
    assert first.startswith(start) and "ipm-status" in first
    # Above the tracker line and the controls: the first caption and the first selectbox come after it.
    assert "Kế hoạch 151" not in first and "Plan 151" not in first


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_worst_groups_targets_come_first_as_links_to_their_trajectories(app, db_path, lang):
    open_page(app, None, lang)
    register, territories = load_target_register(), load_vocabulary("territory")
    with duckdb.connect(str(db_path), read_only=True) as con:
        line = compute_city_line(assess_register(con), register, territories, vietnam_today())
    worst = group_links(line.groups[0], register, lang)
    links = [(link.proto.page, link.proto.label) for link in app.get("page_link")]
    assert links[:len(worst)] == [("lo-trinh", label) for label, _ in worst]
    assert "indicator=" + worst[0][1] in app.get("page_link")[0].proto.query_string


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_plan_151_is_read_as_history_after_the_merged_citys_plans(app, lang):
    open_page(app, None, lang)
    register, territories, today = load_target_register(), load_vocabulary("territory"), vietnam_today()
    spans = compute_plan_spans(register, territories)
    headings = [h.value for h in app.subheader]
    history = plan_heading("plan_151", register, spans, territories, today, lang)
    assert history in headings
    assert history.startswith("KH 151 – Thành phố Cần Thơ (cũ), đến 30/06/2025" if lang == "vi"
                              else "Plan 151 – Former Can Tho City, to 30 Jun 2025")
    merged = [h for h in headings if h.startswith(register.plan_name("decision_2724", lang))]
    assert merged and headings.index(merged[0]) < headings.index(history)
    national = [h for h in headings if h.startswith(register.plan_name("decision_1068", lang))]
    assert national and headings.index(national[0]) < headings.index(history)
