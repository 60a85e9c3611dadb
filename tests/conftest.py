"""Shared fixtures: a real DuckDB file initialised with the shipped data, copied fresh for each test."""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Callable

import pytest
from hypothesis import settings

from etl.seed import initialise_database

# Hypothesis fails an example that takes over 200 ms by default: a timed test in disguise, which a
# loaded CI machine (up to three times slower) fails at random. Speed is measured in bench/ instead.
settings.register_profile("ipmonitor", deadline=None)
settings.load_profile("ipmonitor")

SUITES = ("unit", "integration", "app", "e2e")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Each test carries the marker of its folder, so `pytest -m unit` runs one suite."""
    for item in items:
        for suite in SUITES:
            if f"/tests/{suite}/" in str(item.path):
                item.add_marker(getattr(pytest.mark, suite))


@pytest.fixture(scope="session")
def initialised_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One database built by `etl init` logic per test session."""
    path = tmp_path_factory.mktemp("template") / "ipmonitor.duckdb"
    report = initialise_database(path)
    assert all(prepared.ok for prepared, _ in report.loads), [p.problems for p, _ in report.loads]
    return path


@pytest.fixture
def db_path(initialised_template: Path, tmp_path: Path) -> Path:
    """A private copy of the initialised database for one test."""
    path = tmp_path / "ipmonitor.duckdb"
    shutil.copy(initialised_template, path)
    return path


Account = tuple[str, str, str, str]  # name, role, password, actor


@pytest.fixture(scope="session")
def template_with_accounts(initialised_template: Path,
                           tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """`template(account, ...)`: initialised_template with these accounts added (through add_account, as
    the tests did themselves), built once per set of accounts and session, for tests to copy. A password
    hash is Argon2id at 64 MiB (0.2-0.7 s here), so a file whose every test needs the same accounts pays
    for them once instead of in every test."""
    from ipmonitor.store import db
    from ipmonitor.store.analyst_accounts import add_account

    built: dict[tuple[Account, ...], Path] = {}

    def template(*accounts: Account) -> Path:
        if accounts not in built:
            path = tmp_path_factory.mktemp("accounts") / "ipmonitor.duckdb"
            shutil.copy(initialised_template, path)
            with db.open_database(path) as con:
                for name, role, password, actor in accounts:
                    add_account(con, name, role, password, actor=actor)
            built[accounts] = path
        return built[accounts]

    return template
