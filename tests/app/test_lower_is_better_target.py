"""A lower-is-better target (infringement cases to fall to 150 by 2030) rated right from its own small
register: by the assessment, by `etl status`, and on the Overview's card through dashboard.py."""
from __future__ import annotations

import json
import textwrap

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from etl.cli import main
from ipmonitor.register.register_store import load_target_register_from
from ipmonitor.progress.scoreboard import assess_register
from ipmonitor.status_style import status_chip_html
from ipmonitor.register.targets import TARGETS_ENV_VAR, load_target_register
from tests.app.conftest import DASHBOARD, open_page

REGISTER = textwrap.dedent("""
    plans:
      plan_151:
        name_vi: "Kế hoạch 151/KH-UBND (24/11/2020)"
        name_en: "Plan 151/KH-UBND (24 Nov 2020)"
        short_vi: "KH 151"
        short_en: "Plan 151"
    indicators:
      enforcement_cases:
        measure: enforcement_cases
        ip_types: [not_applicable]
        unit: cases
        territory_basis: can_tho
        name_vi: "Vụ xâm phạm quyền SHTT được xử lý"
        name_en: "IP infringement cases handled"
    targets:
      - id: E1
        plan: plan_151
        indicator: enforcement_cases
        kind: level
        baseline: {year: 2025, value: from_data}
        target: {year: 2030, value: 150}
        direction: decrease
        territory_basis: can_tho
        quote: "Giảm số vụ xâm phạm quyền sở hữu trí tuệ (câu thử)"
""")


@pytest.fixture
def decrease_register(tmp_path, monkeypatch, db_path):
    """The small register as the database's (`etl init` seeds it from $IPMONITOR_TARGETS), read by
    every page, `etl status` and the assessment."""
    path = tmp_path / "targets.yaml"
    path.write_text(REGISTER, encoding="utf-8")
    monkeypatch.setenv(TARGETS_ENV_VAR, str(path))
    assert load_target_register().targets[0].direction == "decrease"
    assert main(["init", "--db", str(db_path)]) == 0
    with duckdb.connect(str(db_path), read_only=True) as con:
        assert [target.id for target in load_target_register_from(con).targets] == ["E1"]
    return path


def load_cases(db_path, tmp_path, **by_year: int) -> None:
    """Load the merged city's infringement cases for the years given (a later load revises a year)."""
    upload = tmp_path / f"cases-{'-'.join(by_year)}-{'-'.join(map(str, by_year.values()))}.csv"
    upload.write_text("Năm,Địa bàn,Loại đối tượng,Chỉ tiêu,Giá trị,Nguồn\n" + "".join(
        f"{year.removeprefix('y')},can_tho,not_applicable,enforcement_cases,{value},Test source\n"
        for year, value in by_year.items()), encoding="utf-8")
    assert main(["load", str(upload), "--db", str(db_path), "--user", "test"]) == 0


def assessment(db_path):
    with duckdb.connect(str(db_path), read_only=True) as con:
        return {r.target_id: r.assessment for r in assess_register(con)}["E1"]


def status_json(db_path, capsys) -> dict:
    capsys.readouterr()
    assert main(["status", "--db", str(db_path), "--json"]) == 0
    return {row["target_id"]: row for row in json.loads(capsys.readouterr().out)}["E1"]


@pytest.mark.parametrize("cases_2026, status", [(220, "moving_away"), (170, "on_track"), (140, "achieved")])
def test_falling_cases_are_on_track_and_rising_ones_move_away_in_the_assessment_and_etl_status(
        decrease_register, db_path, tmp_path, capsys, cases_2026, status):
    load_cases(db_path, tmp_path, y2025=200, y2026=cases_2026)
    a = assessment(db_path)
    assert (a.status, a.direction, a.base_value, a.latest_value, a.target_value) == \
        (status, "decrease", 200, cases_2026, 150)
    row = status_json(db_path, capsys)
    assert (row["status"], row["direction"], row["target_value"], row["binding"]) == \
        (status, "decrease", 150, "value")
    assert row["conditions"] == [{"name": "value", "given": 150, "level": 150, "met": status == "achieved"}]
    if status != "achieved":
        # -15% a year against the -5.6% needed is R = 2.68; +10% a year is R = -1.79.
        assert row["ratio"] == pytest.approx(-((cases_2026 / 200) - 1) / (1 - (150 / 200) ** 0.2), abs=1e-9)


def test_the_overview_card_shows_a_rise_in_cases_as_moving_away_and_a_fall_as_on_track(
        decrease_register, db_path, tmp_path, app):
    load_cases(db_path, tmp_path, y2025=200, y2026=220)
    open_page(app, None, "en")
    markdown = [m.value for m in app.markdown]
    assert f"**IP infringement cases handled**  \n{status_chip_html('progress', 'moving_away', 'en')}" in markdown, markdown
    rising = "Rising 10.0% a year where a fall of 5.6% a year is needed;"
    assert any(m.startswith(rising) for m in markdown), markdown
    captions = " ".join(c.value for c in app.caption)
    assert "Actual change 10.0% a year · required -5.6%" in captions
    assert "of the 150 aimed for" not in captions  # no "share reached" for a target that asks for a fall

    load_cases(db_path, tmp_path, y2026=170)
    fresh = open_page(AppTest.from_file(str(DASHBOARD), default_timeout=60), None, "vi")  # a new session
    markdown = [m.value for m in fresh.markdown]
    assert f"**Vụ xâm phạm quyền SHTT được xử lý**  \n{status_chip_html('progress', 'on_track', 'vi')}" in markdown, \
        markdown
    assert any(m.startswith("Giảm 15,0%/năm, mức cần là giảm 5,6%/năm") for m in markdown), markdown
