"""The analyst corpus (tests/fixtures/analyst): files as a provincial Department of Science and Technology
keeps them, saved by LibreOffice Calc. Each accepted file, loaded into a fresh database, gives exactly the
figures its manifest lists (year, IP type, measure, territory, value, source title) and writes nothing
else; each refused file raises the problems its manifest names and leaves the database byte for byte as
it was. make_analyst_files.py, beside the files, made them and the manifest.
"""
from __future__ import annotations

import hashlib
import importlib.util
import io
import os
import re
import shutil
import sys
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import yaml

from etl.pipeline import Prepared, commit_prepared, prepare_bytes
from etl.problems import ERROR, Problem
from etl.seed import seed_reference
from ipmonitor.store.db import apply_migrations, open_database
from ipmonitor.store.queries import load_current_figures
from ipmonitor.store.reference import load_reference_table

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
ANALYST = ROOT / "tests" / "fixtures" / "analyst"
MANIFEST = yaml.safe_load((ANALYST / "expected.yaml").read_text(encoding="utf-8"))
FILES = {entry["file"]: entry for entry in MANIFEST["files"]}
ACCEPTED = sorted(name for name, entry in FILES.items() if "figures" in entry)
REFUSED = sorted(name for name, entry in FILES.items() if "refused" in entry)
[EXAMPLE] = MANIFEST["example"]
NOT_UPLOADS = {"expected.yaml", "make_analyst_files.py", "__pycache__"}
# Saved again through LibreOffice at run time: two sheets, labelled blocks, SUM totals by row and column.
RESAVED = "soc_trang_2015_2019_tong_hang_cot.xlsx"
Figure = tuple[int, str, str, str, int, str]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def database_files(db_path: Path) -> dict[str, str]:
    """The database file and any file DuckDB keeps beside it (a write-ahead log), by digest."""
    return {p.name: digest(p) for p in db_path.parent.iterdir() if p.name.startswith(db_path.name)}


def expected_figures(entry: dict) -> set[Figure]:
    figures = {tuple(figure) for figure in entry["figures"]}
    assert len(figures) == len(entry["figures"]), f"{entry['file']}: the manifest lists a figure twice"
    return figures


def described(prepared: Prepared) -> list[str]:
    """The problems as a terminal shows them, with their code and sheet (when the loader gives one)."""
    return [f"[{p.code}] sheet={p.sheet!r} {p.describe('en')}" for p in prepared.problems]


@pytest.fixture(scope="module")
def empty_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrations and reference lists, and no figure at all: whatever a load writes is the file's."""
    path = tmp_path_factory.mktemp("analyst-template") / "ipmonitor.duckdb"
    with open_database(path) as con:
        apply_migrations(con)
        seed_reference(con)
        assert con.execute("SELECT count(*) FROM figure_version").fetchone() == (0,)
    return path


@pytest.fixture
def empty_db(empty_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "ipmonitor.duckdb"
    shutil.copy(empty_template, path)
    return path


def load_and_export(db_path: Path, data: bytes, name: str) -> tuple[set[Figure], int, set[str]]:
    """Prepare and commit a file as the upload page does, then export the current figures: the figures
    (year, type, measure, territory, value, source title), how many versions were written, and the
    titles of the sources the load added."""
    reference_sources = set(load_reference_table("sources")["code"])
    with open_database(db_path) as con:
        prepared = prepare_bytes(con, data, name)
        assert prepared.ok, "\n".join([f"{name} was not accepted:", *described(prepared)])
        commit_prepared(con, prepared, loaded_by="test_analyst_files", note=name)
        frame = load_current_figures(con)
        versions = con.execute("SELECT count(*) FROM figure_version").fetchone()[0]
        sources = {title for code, title in con.execute("SELECT code, title FROM source").fetchall()
                   if code not in reference_sources}
    figures = {(int(r.year), r.ip_type, r.measure, r.territory, int(r.value), r.source_title)
               for r in frame.itertuples()}
    assert len(figures) == len(frame)
    return figures, versions, sources


def assert_loads_exactly(db_path: Path, data: bytes, name: str, entry: dict) -> None:
    expected = expected_figures(entry)
    figures, versions, sources = load_and_export(db_path, data, name)
    missing, unexpected = sorted(expected - figures), sorted(figures - expected)
    assert not missing and not unexpected, (
        f"{name}: {len(missing)} figure(s) of the manifest not loaded, "
        f"{len(unexpected)} loaded but not in it\n"
        + "\n".join(f"  missing     {f}" for f in missing)
        + ("\n" if missing else "") + "\n".join(f"  unexpected  {f}" for f in unexpected))
    assert versions == len(expected), f"{name}: {versions} versions written for {len(expected)} figures"
    assert sources == {figure[5] for figure in expected}, f"{name}: sources added {sorted(sources)}"


def column_letters(column: str | None) -> str | None:
    """"D (Năm 2024)" -> "D": the manifest names a cell by its sheet, row and column letter."""
    if column is None:
        return None
    match = re.match(r"[A-Z]+", column)
    return match.group(0) if match else column


def matches(problem: Problem, expected: dict) -> bool:
    """An error with the expected code, at the sheet, row and column the manifest gives (when it does)."""
    if problem.code != expected["code"] or problem.severity != ERROR:
        return False
    if "sheet" in expected and getattr(problem, "sheet", None) != expected["sheet"]:
        return False
    if "row" in expected and problem.row != expected["row"]:
        return False
    if "column" in expected and column_letters(problem.column) != expected["column"]:
        return False
    return all(word in problem.message("vi") for word in expected.get("mentions", []))


# --- the manifest and the files themselves (no loader needed) ---------------------------------------------

def test_the_manifest_describes_every_file_of_the_folder_and_nothing_more():
    on_disk = {p.name for p in ANALYST.iterdir()} - NOT_UPLOADS
    assert on_disk == set(FILES)
    assert (ROOT / EXAMPLE["file"]).is_file()


def test_the_corpus_has_at_least_fifteen_files_both_accepted_and_refused():
    assert len(FILES) >= 15
    assert len(ACCEPTED) >= 10 and len(REFUSED) >= 4
    for entry in [*FILES.values(), EXAMPLE]:
        assert entry["kept_as"].strip(), entry["file"]
        assert ("figures" in entry) != ("refused" in entry), entry["file"]


def test_every_refusal_the_rules_name_is_in_the_corpus():
    codes = {problem["code"] for name in REFUSED for problem in FILES[name]["refused"]}
    named = {"ambiguous_territory", "total_mismatch", "territory_not_in_year", "duplicate_across_sheets"}
    assert named <= codes


def test_every_expected_figure_names_known_codes_and_a_year_its_territory_existed():
    codes = {kind: set(load_reference_table(kind)["code"]) for kind in ("ip_type", "measure")}
    territories = load_reference_table("territory").set_index("code")
    for entry in [FILES[name] for name in ACCEPTED] + [EXAMPLE]:
        for year, ip_type, measure, territory, value, source in entry["figures"]:
            assert ip_type in codes["ip_type"], (entry["file"], ip_type)
            assert measure in codes["measure"], (entry["file"], measure)
            first, last = territories.loc[territory, "valid_from"], territories.loc[territory, "valid_to"]
            assert int(str(first)[:4]) <= year, (entry["file"], year, territory)
            assert pd.isna(last) or year <= int(str(last)[:4]), (entry["file"], year, territory)
            assert isinstance(value, int) and value >= 0 and source.strip(), (entry["file"], value, source)


def workbooks() -> list[Path]:
    return [*sorted(ANALYST.glob("*.xlsx")), ROOT / EXAMPLE["file"]]


@pytest.mark.parametrize("path", workbooks(), ids=lambda p: p.name)
def test_a_workbook_was_written_by_libreoffice_with_the_result_of_every_formula(path):
    data = path.read_bytes()
    assert b"<Application>LibreOffice" in zipfile.ZipFile(io.BytesIO(data)).read("docProps/app.xml")
    formulas = openpyxl.load_workbook(io.BytesIO(data))
    results = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    for sheet in formulas.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cached = results[sheet.title][cell.coordinate].value
                    assert isinstance(cached, int), (sheet.title, cell.coordinate, cell.value, cached)


@pytest.mark.parametrize("name", sorted(n for n in FILES if n.endswith(".csv")))
def test_a_csv_file_is_in_the_encoding_its_manifest_says(name):
    data = (ANALYST / name).read_bytes()
    encoding = FILES[name]["encoding"]
    if encoding == "utf-16-le":
        assert data.startswith(b"\xff\xfe")
        data = data[2:]
    else:
        assert not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"))
    text = data.decode(encoding)
    assert text.startswith("N")
    if encoding == "cp1258":  # not UTF-8; tone marks written as combining characters, as Windows does
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")
        assert "\u0301" in text and "\u0323" in text


# --- loading ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ACCEPTED)
def test_an_analyst_file_loads_exactly_the_figures_of_its_manifest_and_nothing_else(empty_db, name):
    assert_loads_exactly(empty_db, (ANALYST / name).read_bytes(), name, FILES[name])


def test_the_example_workbook_the_readme_offers_loads_exactly_its_figures(empty_db):
    path = ROOT / EXAMPLE["file"]
    assert_loads_exactly(empty_db, path.read_bytes(), path.name, EXAMPLE)


@pytest.mark.parametrize("name", REFUSED)
def test_an_analyst_file_that_breaks_a_rule_is_refused_where_its_manifest_says_and_writes_nothing(
        empty_db, name):
    before = database_files(empty_db)
    with open_database(empty_db) as con:
        prepared = prepare_bytes(con, (ANALYST / name).read_bytes(), name)
    assert database_files(empty_db) == before
    found = described(prepared)
    assert not prepared.ok and prepared.changes is None, found
    for expected in FILES[name]["refused"]:
        assert any(matches(p, expected) for p in prepared.problems), (expected, found)


# --- LibreOffice at run time ---------------------------------------------------------------------------

def generator():
    spec = importlib.util.spec_from_file_location("make_analyst_files", ANALYST / "make_analyst_files.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_a_workbook_saved_again_by_libreoffice_loads_the_same_figures(empty_db, tmp_path):
    make = generator()
    soffice = make.find_soffice()
    if soffice is None:
        message = ("LibreOffice is missing (Debian package libreoffice-calc): `make system-packages` "
                   "installs it as root, or run `sudo apt-get install libreoffice-calc`")
        if "MAKELEVEL" in os.environ:  # under `make test` it must be there: CI installs it
            pytest.fail(message)
        pytest.skip(message)
    source = tmp_path / "in" / RESAVED
    source.parent.mkdir()
    shutil.copy(ANALYST / RESAVED, source)
    out = tmp_path / "out"
    out.mkdir()
    make.libreoffice_convert([source], out, "xlsx", soffice)
    resaved = (out / RESAVED).read_bytes()
    assert resaved != source.read_bytes()
    assert_loads_exactly(empty_db, resaved, RESAVED, FILES[RESAVED])
