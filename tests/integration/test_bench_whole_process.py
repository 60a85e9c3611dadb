"""bench/whole_process.py reports a command's own peak memory, not the peak of the process that started it
(Linux carries ru_maxrss across exec; the bench holds hundreds of MB when it starts `etl` commands)."""
import sys

from bench.whole_process import measure_whole_process

ALLOCATE_80_MB = "block = bytearray(80 * 2**20); block[::4096] = b'x' * len(block[::4096])"


def test_the_peak_is_the_commands_own_even_from_a_parent_holding_more():
    held = bytearray(300 * 2**20)
    held[::4096] = b"x" * len(held[::4096])  # touched, so that it is resident
    found = measure_whole_process([sys.executable, "-c", ALLOCATE_80_MB])
    assert 80 <= found["peak_mb"] < 200
    assert found["seconds"] > 0
    del held


def test_a_failing_command_stops_with_its_error():
    try:
        measure_whole_process([sys.executable, "-c", "raise SystemExit('no database here')"])
    except SystemExit as stop:
        assert "no database here" in str(stop)
    else:
        raise AssertionError("a failing command was measured as if it had worked")
