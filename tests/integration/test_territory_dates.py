"""Territories have dates: no stored figure falls outside them, and one stored before loads checked them
(an older database) is listed by `etl init` rather than silently kept."""
from __future__ import annotations

import duckdb
import pytest

from etl.cli import main
from etl.seed import initialise_database
from ipmonitor.store import db

pytestmark = pytest.mark.integration


def test_no_shipped_figure_is_for_a_year_its_territory_did_not_exist(db_path):
    with db.open_database(db_path, read_only=True) as con:
        assert db.query_df(con, "figures_outside_territory_dates").empty
        # The view reads the real dates: both sides of the merger have 2025 figures, and the check sees them.
        years = con.execute("SELECT DISTINCT territory, year FROM current_figure WHERE year = 2025").fetchall()
    assert {territory for territory, _ in years} >= {"can_tho", "can_tho_former"}


def test_a_figure_stored_before_the_check_is_listed_by_init(db_path, capsys):
    with duckdb.connect(str(db_path)) as con:
        # As an older version could have stored it: the merged city's figure for 2020.
        con.execute("UPDATE current_figure SET territory = 'can_tho' WHERE year = 2020 AND ip_type = 'patent' "
                    "AND measure = 'applications_filed' AND territory = 'can_tho_former'")
    report = initialise_database(db_path)
    assert report.outside_dates[["year", "ip_type", "territory"]].values.tolist() == [[2020, "patent", "can_tho"]]
    assert main(["init", "--db", str(db_path), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "2020 · Patent · Applications filed · Can Tho City (merged)" in out
    assert "did not exist" in out
