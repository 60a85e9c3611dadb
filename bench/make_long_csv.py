"""Generate a long-layout CSV of N figures over synthetic territories, for load benchmarks.

python bench/make_long_csv.py --rows 100000 --out bench/out/long_100k.csv
The territories are named bench_territory_0001...; bench_load.py adds them to its own database first.
"""
from __future__ import annotations

import argparse
import csv
from pathlib import Path

IP_TYPES = ["patent", "utility_solution", "industrial_design", "trademark", "geographical_indication",
            "plant_variety", "copyright", "layout_design"]
MEASURES = ["applications_filed", "titles_granted"]
YEARS = list(range(2001, 2026))
KEYS_PER_TERRITORY = len(IP_TYPES) * len(MEASURES) * len(YEARS)


def territory_codes(rows: int) -> list[str]:
    """Just enough synthetic territories for `rows` distinct keys."""
    count = -(-rows // KEYS_PER_TERRITORY)
    return [f"bench_territory_{i:04d}" for i in range(1, count + 1)]


def write_long_csv(rows: int, out: Path) -> Path:
    """Write `rows` distinct figures in the long layout with Vietnamese headers."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["Năm", "Loại đối tượng", "Chỉ tiêu", "Địa bàn", "Giá trị", "Nguồn"])
        written = 0
        for territory in territory_codes(rows):
            for ip_type in IP_TYPES:
                for measure in MEASURES:
                    for year in YEARS:
                        if written == rows:
                            return out
                        value = (hash((territory, ip_type, measure, year)) % 5000) + (1000 if year % 2 else 0)
                        writer.writerow([year, ip_type, measure, territory, f"{value:,}".replace(",", "."),
                                         "Số liệu sinh cho đo hiệu năng"])
                        written += 1
    return out


def main() -> None:
    """Command-line entry."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--out", type=Path, default=Path("bench/out/long_100k.csv"))
    args = parser.parse_args()
    print(write_long_csv(args.rows, args.out))


if __name__ == "__main__":
    main()
