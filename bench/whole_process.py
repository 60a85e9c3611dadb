"""Run one command as a whole process and measure its wall time and peak resident memory.

The command is started from this small process, not from the bench itself: Linux carries a process's
memory high-water mark across exec (ru_maxrss, and a vfork'd child shares the parent's), so a command
started straight from a bench that holds hundreds of MB would report the bench's peak, not its own.
Here the forked copy is this process's ~10 MB, below anything measured. The peak is one process's: a
command that starts its own children (the PDF's Chromium) reports the largest of them, not their sum.

    python bench/whole_process.py -- python -m etl history   -> prints {"seconds": …, "peak_mb": …}
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path


def measure_whole_process(command: list[str], cwd: Path | None = None, env: dict | None = None) -> dict:
    """Seconds and peak RSS (MB, the child's ru_maxrss from wait4) of `command`, started by this module in
    a process of its own; its output is discarded. Raises on a non-zero exit, with the command's stderr."""
    result = subprocess.run([sys.executable, __file__, "--", *command], cwd=cwd, env=env, capture_output=True,
                            text=True)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    command = sys.argv[sys.argv.index("--") + 1:]
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)  # stdout is this process's answer; the command's stderr stays for failures
        try:
            os.execvp(command[0], command)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"exit code {code}")
    print(json.dumps({"seconds": seconds, "peak_mb": usage.ru_maxrss / 1024}))


if __name__ == "__main__":
    main()
