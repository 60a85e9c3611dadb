"""A damaged database file and a full disk: a sentence and an exit code, never a traceback or a wrong answer.

The damaged files are real DuckDB files cut short or overwritten; the full disk is a real 2 MB tmpfs
(mounting needs root, which the CI machine has; elsewhere the disk-full tests are skipped and say why).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from etl.cli import EXIT_DAMAGED, EXIT_NO_SPACE, main
from ipmonitor.store import db
from ipmonitor.store.damage_words import describe_damage
from ipmonitor.paths import DB_ENV_VAR, PROJECT_ROOT
from tests.integration.test_cli import LONG_HEADER, current, file_digest

COMMANDS = (["history"], ["status"], ["export", "--out", "{tmp}/out.csv"], ["backup"], ["users", "list"],
            ["load", "{tmp}/f.csv"], ["load", "{tmp}/f.csv", "--dry-run"], ["revert", "1"])


def cut_in_half(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def damaged_copies(db_path: Path, folder: Path) -> dict[str, Path]:
    """The ways a database file arrives damaged: cut in half, not a database at all, empty."""
    copies = {}
    for kind in ("cut", "text", "empty"):
        path = folder / f"{kind}.duckdb"
        shutil.copy(db_path, path)
        copies[kind] = path
    cut_in_half(copies["cut"])
    copies["text"].write_text("Báo cáo sở hữu trí tuệ\n" * 500)
    copies["empty"].write_bytes(b"")
    return copies


@pytest.mark.parametrize("kind", ["cut", "text", "empty"])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_every_command_on_a_damaged_database_says_so_and_names_the_restore(db_path, tmp_path, capsys, kind,
                                                                          command):
    damaged = damaged_copies(db_path, tmp_path)[kind]
    (tmp_path / "f.csv").write_text(LONG_HEADER + "2024,Sáng chế,Số đơn đăng ký,Cần Thơ cũ,3,x\n")
    before = file_digest(damaged)
    argv = [part.format(tmp=tmp_path) for part in command] + ["--db", str(damaged), "--lang", "en"]
    assert main(argv) == EXIT_DAMAGED
    out = capsys.readouterr()
    assert f"The database file {damaged} is damaged, so nothing was done" in out.err
    assert "python -m etl restore --latest" in out.err and "Traceback" not in out.out + out.err
    assert file_digest(damaged) == before


def test_a_database_cut_short_is_refused_even_where_its_first_blocks_answer(db_path, tmp_path):
    """History reads only the first blocks: before, it answered from a half file as if nothing were wrong."""
    cut_in_half(db_path)
    with pytest.raises(db.DatabaseDamaged) as refused:
        db.connect(db_path, read_only=True)
    assert refused.value.size == db_path.stat().st_size and refused.value.needed > refused.value.size
    assert "cắt cụt" in describe_damage(refused.value, "vi")


def test_a_sound_database_passes_the_check_after_loads_and_checkpoints(db_path, tmp_path):
    for value in (3, 4, 5):
        path = tmp_path / f"f{value}.csv"
        path.write_text(LONG_HEADER + f"2024,Sáng chế,Số đơn đăng ký,Cần Thơ cũ,{value},x\n")
        assert main(["load", str(path), "--db", str(db_path)]) == 0
        with db.open_database(db_path) as con:
            con.execute("CHECKPOINT")
        db.connect(db_path, read_only=True).close()


def test_the_damaged_message_has_no_traceback_as_a_whole_process(db_path):
    cut_in_half(db_path)
    result = subprocess.run([sys.executable, "-m", "etl", "history", "--db", str(db_path)], cwd=PROJECT_ROOT,
                            capture_output=True, text=True)
    assert result.returncode == EXIT_DAMAGED
    assert result.stderr.strip().startswith(f"Tệp cơ sở dữ liệu {db_path} bị hỏng")
    assert "Traceback" not in result.stdout + result.stderr and result.stdout == ""


def test_the_dashboard_says_the_file_is_damaged_and_logs_it_instead_of_busy_for_ever(db_path, monkeypatch,
                                                                                     caplog):
    cut_in_half(db_path)
    monkeypatch.setenv(DB_ENV_VAR, str(db_path))
    for lang, words in (("vi", "bị hỏng"), ("en", "is damaged")):
        app = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=60)
        app.query_params["lang"] = lang
        app.run()
        assert not app.exception, app.exception
        errors = [element.value for element in app.error]
        assert any(words in text and "python -m etl restore --latest" in text for text in errors), errors
        assert not [w.value for w in app.warning if "busy" in w.value or "đang bận" in w.value]
    assert any("database file damaged" in record.getMessage() for record in caplog.records)


@pytest.fixture
def full_disk(tmp_path):
    """A real 2 MB file system, to be filled up by the test."""
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a small tmpfs needs root (the CI machine runs as root)")
    mount_point = tmp_path / f"small-{uuid.uuid4().hex[:6]}"
    mount_point.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount_point)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"this machine does not allow a tmpfs mount: {mounted.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def fill(folder: Path, leave: int) -> None:
    free = os.statvfs(folder).f_bavail * os.statvfs(folder).f_frsize
    (folder / "ballast").write_bytes(b"\0" * max(free - leave, 0))


def test_a_load_on_a_full_disk_says_so_exits_6_and_keeps_the_figures(db_path, tmp_path, full_disk, capsys,
                                                                      monkeypatch):
    database = full_disk / "ipmonitor.duckdb"
    shutil.copy(db_path, database)
    monkeypatch.setenv("IPMONITOR_BACKUP_DIR", str(tmp_path / "backups"))  # the backup itself fits
    before = current(database)
    rows = "".join(f"{year},{kind},Số đơn đăng ký,Cần Thơ cũ,{year - 1990},x\n"
                   for year in range(2004, 2025) for kind in ("Sáng chế", "Nhãn hiệu", "Kiểu dáng công nghiệp"))
    (tmp_path / "f.csv").write_text(LONG_HEADER + rows)
    fill(full_disk, leave=4_000)
    assert main(["load", str(tmp_path / "f.csv"), "--db", str(database), "--lang", "en"]) == EXIT_NO_SPACE
    out = capsys.readouterr()
    assert f"Nothing written: the disk holding {database} is full" in out.err
    assert "Traceback" not in out.out + out.err
    (full_disk / "ballast").unlink()
    after = current(database)
    assert after.equals(before)


def test_a_commit_in_the_app_on_a_full_disk_says_so_and_keeps_the_figures(db_path, tmp_path, full_disk,
                                                                           monkeypatch):
    from ipmonitor.store.analyst_accounts import add_account
    from tests.app.test_analyst_pages import PASSWORD, sign_in, upload

    database = full_disk / "ipmonitor.duckdb"
    shutil.copy(db_path, database)
    with db.open_database(database) as con:
        add_account(con, "lan", "analyst", PASSWORD, actor="test")
    monkeypatch.setenv(DB_ENV_VAR, str(database))
    monkeypatch.setenv("IPMONITOR_BACKUP_DIR", str(tmp_path / "backups"))
    before = current(database)
    app = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=60)
    sign_in(app, "lan", "en")
    rows = "".join(f"{year},{kind},applications_filed,can_tho_former,{year - 1990},illustrative-2026\n"
                   for year in range(2004, 2025) for kind in ("patent", "trademark", "industrial_design"))
    upload(app, "year,ip_type,measure,territory,value,source\n" + rows)
    assert not app.error, [e.value for e in app.error]
    fill(full_disk, leave=4_000)
    app.button(key="upload_review_commit").click().run()
    assert not app.exception, app.exception
    assert [e.value for e in app.error] == [
        "Nothing was written: the server's disk is full. The figures are as they were. Please ask an admin "
        "to free some space, then write again."]
    (full_disk / "ballast").unlink()
    assert current(database).equals(before)
