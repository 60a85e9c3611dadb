"""Fixtures the integration tests share: the shipped database, read-only, and its mid-term report data;
the command line run in this process."""
from __future__ import annotations

import io
import subprocess
import sys

import duckdb
import pytest

from etl.cli import main
from ipmonitor.documents.edition_data import load_report_data


@pytest.fixture(scope="module")
def database(initialised_template):
    with duckdb.connect(str(initialised_template), read_only=True) as con:
        yield con


@pytest.fixture(scope="module")
def midterm(database):
    return load_report_data(database, "midterm")


@pytest.fixture
def etl_in_process(capsys, monkeypatch):
    """`python -m etl ARGS`, with `stdin` on standard input (a pipe, not a terminal), run in this process
    through etl.cli.main: its exit code (argparse's own on a usage error) and what it printed."""
    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        capsys.readouterr()
        try:
            code = main(list(args))
        except SystemExit as exit_:
            code = exit_.code
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(args, code, out, err)
    return run
