"""Another program holding the database file, as `etl load` or a second dashboard would: a plain child
process (not multiprocessing), so it starts the same under pytest, pytest-xdist's workers or AppTest,
which replaces `__main__` with the dashboard's script while it runs."""
from __future__ import annotations

import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

# Another program on the database, as the dashboard opens it (read-write, its configuration): it holds
# the file for `seconds`, or, with `every` > 0, opens it, reads and closes it again every `every` seconds.
HOLDER = """
import sys, time, duckdb
path, seconds, every = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
end = time.monotonic() + seconds
con = duckdb.connect(path, config={"threads": 1, "memory_limit": "128MB"})
print("held", flush=True)
while time.monotonic() < end:
    if every:
        con.execute("SELECT count(*) FROM current_figure").fetchone()
        con.close()
        time.sleep(every)
        con = duckdb.connect(path, config={"threads": 1, "memory_limit": "128MB"})
    else:
        time.sleep(0.01)
con.close()
"""


@contextmanager
def database_held(db_path: Path, seconds: float, every: float = 0.0) -> Iterator[subprocess.Popen]:
    """A second process holding the database (from the moment this is entered) for `seconds`."""
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(db_path), str(seconds), str(every)],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "held"
        yield proc
    finally:
        proc.kill()
        proc.communicate()
