"""Fixtures the report tests share: the shipped database, read-only, and its mid-term report data."""
from __future__ import annotations

import duckdb
import pytest

from ipmonitor.report_data import load_report_data


@pytest.fixture(scope="module")
def database(initialised_template):
    with duckdb.connect(str(initialised_template), read_only=True) as con:
        yield con


@pytest.fixture(scope="module")
def midterm(database):
    return load_report_data(database, "midterm")
