"""Where every bench script leaves its medians: bench/out/<script>.json (git-ignored), read by
bench/summary.py to print the issue's one table. A key's suffix says its unit (_s, _ms, _mb)."""
from __future__ import annotations

import json
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"


def write_medians(script: str, medians: dict[str, float], **notes: object) -> Path:
    """Write this run's medians (and notes such as rounds or what a memory figure is) for the summary."""
    OUT.mkdir(exist_ok=True)
    path = OUT / f"{script}.json"
    record = {"script": script, "written_at": time.strftime("%Y-%m-%d %H:%M:%S"),
              "medians": {key: round(value, 4) for key, value in medians.items()}, "notes": notes}
    path.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"medians written to {path.relative_to(OUT.parent.parent)}")
    return path
