"""Write data/figures/shipped_figures.csv: the published points plus an illustrative series around them.

The illustrative numbers are made up, deterministically, to be consistent with what has been published:
the 2015 applications of former Can Tho by type (sokhcn.cantho.gov.vn), the 82 patent applications of
2011-2020 (most.gov.vn news 19823), and about 4,074 cumulative titles at the end of 2020 (Plan 151's
5,500 / 1.35). Every row says which source it comes from; illustrative rows point to the source of kind
"illustrative", which the dashboard flags on every page. The plans' other indicators (people trained,
registration support, enforcement cases, key and OCOP products, patents in force and in use) follow,
made up at plausible magnitudes under their own illustrative source; their rows come after the others,
so that adding them left the earlier rows as they were. Run: python data/tools/make_illustrative_series.py
"""
from __future__ import annotations

import csv
import hashlib
from pathlib import Path

YEARS = range(2010, 2026)
OUT = Path(__file__).resolve().parent.parent / "figures" / "shipped_figures.csv"

ILLUSTRATIVE = "illustrative-2026"
DOST_2015 = "dost-cantho-2015"
PLAN_151 = "plan-151-2020"

# Former Can Tho, applications filed by type, 2010-2025. 2015 values are the published ones;
# patents 2011-2020 add up to the published 82.
CAN_THO_APPLICATIONS = {
    "trademark": [290, 312, 335, 352, 371, 395, 418, 446, 470, 498, 505, 512, 548, 571, 596, 620],
    "industrial_design": [9, 10, 11, 10, 11, 12, 14, 15, 13, 16, 15, 17, 18, 17, 19, 20],
    "patent": [4, 5, 6, 7, 9, 12, 8, 9, 8, 9, 9, 11, 12, 14, 15, 17],
    "utility_solution": [1, 1, 2, 1, 3, 2, 3, 2, 4, 3, 4, 5, 4, 6, 5, 6],
    "geographical_indication": [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0],
    "layout_design": [0] * 16,
    "plant_variety": [2, 3, 2, 4, 3, 4, 5, 4, 6, 5, 6, 7, 8, 7, 9, 10],
    "copyright": [40, 45, 52, 58, 61, 67, 74, 80, 88, 95, 97, 104, 112, 121, 133, 145],
}
PUBLISHED_2015 = {"trademark", "industrial_design", "patent", "utility_solution",
                  "geographical_indication", "layout_design"}

# Share of applications that become titles (granted about a year and a half after filing).
GRANT_RATE = {"trademark": 0.45, "industrial_design": 0.7, "patent": 0.35, "utility_solution": 0.5,
              "geographical_indication": 1.0, "layout_design": 0.0, "plant_variety": 0.5,
              "copyright": 0.97}
# Titles (văn bằng) in the cumulative count: industrial property and plant varieties; copyright
# registration certificates are not văn bằng.
TITLE_TYPES = [t for t in CAN_THO_APPLICATIONS if t != "copyright"]

# The two smaller former provinces, as a share of Can Tho per type (Soc Trang breeds rice varieties).
PROVINCE_SHARE = {
    "hau_giang_former": {"default": 0.22, "plant_variety": 0.4, "copyright": 0.25},
    "soc_trang_former": {"default": 0.3, "plant_variety": 0.9, "copyright": 0.3},
}
OPENING_STOCK_2009 = {"hau_giang_former": 380, "soc_trang_former": 610}
CAN_THO_STOCK_2020 = 4074


def jitter(*key: object) -> float:
    """A fixed pseudo-random factor in [0.85, 1.15] so the provinces are not exact copies of Can Tho."""
    digest = hashlib.sha256("|".join(map(str, key)).encode()).digest()
    return 0.85 + 0.3 * digest[0] / 255


def compute_grants(applications: list[int], rate: float) -> list[int]:
    """Titles granted each year from applications of the two years before (earlier years extrapolated)."""
    extended = [round(applications[0] * 0.93 ** 2), round(applications[0] * 0.93)] + applications
    return [round(rate * (extended[i] + extended[i + 1]) / 2) for i in range(len(applications))]


def compute_province_applications(territory: str) -> dict[str, list[int]]:
    """Applications of a smaller former province, scaled from Can Tho's with a fixed jitter."""
    shares = PROVINCE_SHARE[territory]
    return {
        ip_type: [round(v * shares.get(ip_type, shares["default"]) * jitter(territory, ip_type, y))
                  for y, v in zip(YEARS, series)]
        for ip_type, series in CAN_THO_APPLICATIONS.items()
    }


def compute_stock(grants: dict[str, list[int]], anchor_year: int, anchor_value: int) -> list[int]:
    """Cumulative titles at each year end, pinned to `anchor_value` at `anchor_year`."""
    yearly = [sum(grants[t][i] for t in TITLE_TYPES) for i in range(len(YEARS))]
    anchor = list(YEARS).index(anchor_year)
    stock = [0] * len(YEARS)
    stock[anchor] = anchor_value
    for i in range(anchor + 1, len(YEARS)):
        stock[i] = stock[i - 1] + yearly[i]
    for i in range(anchor - 1, -1, -1):
        stock[i] = stock[i + 1] - yearly[i + 1]
    return stock


def build_rows() -> list[dict[str, object]]:
    """Every shipped figure as a long-layout row."""
    rows: list[dict[str, object]] = []

    def add(year: int, ip_type: str, measure: str, territory: str, value: int, source: str) -> None:
        rows.append({"year": year, "ip_type": ip_type, "measure": measure, "territory": territory,
                     "value": value, "source": source})

    totals: dict[tuple[int, str, str], int] = {}
    for territory in ("can_tho_former", "hau_giang_former", "soc_trang_former"):
        apps = CAN_THO_APPLICATIONS if territory == "can_tho_former" else compute_province_applications(territory)
        grants = {t: compute_grants(series, GRANT_RATE[t]) for t, series in apps.items()}
        if territory == "can_tho_former":
            stock = compute_stock(grants, 2020, CAN_THO_STOCK_2020)
        else:
            first_year_grants = sum(grants[t][0] for t in TITLE_TYPES)
            stock = compute_stock(grants, 2010, OPENING_STOCK_2009[territory] + first_year_grants)
        for ip_type in apps:
            for i, year in enumerate(YEARS):
                published = territory == "can_tho_former" and year == 2015 and ip_type in PUBLISHED_2015
                add(year, ip_type, "applications_filed", territory, apps[ip_type][i],
                    DOST_2015 if published else ILLUSTRATIVE)
                add(year, ip_type, "titles_granted", territory, grants[ip_type][i], ILLUSTRATIVE)
                for measure, value in (("applications_filed", apps[ip_type][i]),
                                       ("titles_granted", grants[ip_type][i])):
                    totals[(year, ip_type, measure)] = totals.get((year, ip_type, measure), 0) + value
        for i, year in enumerate(YEARS):
            derived = territory == "can_tho_former" and year == 2020
            add(year, "all_types", "titles_cumulative", territory, stock[i],
                PLAN_151 if derived else ILLUSTRATIVE)
            totals[(year, "all_types", "titles_cumulative")] = (
                totals.get((year, "all_types", "titles_cumulative"), 0) + stock[i])

    # The merged city exists from 1 July 2025; its 2025 figures are the three former provinces together.
    for (year, ip_type, measure), value in sorted(totals.items()):
        if year == 2025:
            add(year, ip_type, measure, "can_tho", value, ILLUSTRATIVE)
    return rows + build_plan_indicator_rows()


# The plans' other indicators (Decision 2724): figures about no IP type, under the placeholder type.
# Made up at plausible orders of magnitude, nothing published: the former provinces for 2021-2024 (so
# that the merged city's past can be rebuilt from them, counts added before any share is divided), the
# merged city from 2025, its first year (the ratio targets' base) to 2026 (the first year of the
# running total of people trained since 2026).
PLAN_INDICATORS = "illustrative-2026-plan-indicators"
UNTYPED = "not_applicable"
FORMER_YEARS, MERGED_YEARS = range(2021, 2025), range(2025, 2027)
FORMER = ("can_tho_former", "hau_giang_former", "soc_trang_former")
PLAN_FIGURES = {  # measure -> territory -> values, FORMER_YEARS for the former provinces, MERGED_YEARS for can_tho
    "people_trained": {"can_tho_former": [420, 510, 560, 610], "hau_giang_former": [150, 170, 185, 200],
                       "soc_trang_former": [190, 215, 240, 260], "can_tho": [1040, 1130]},
    "registrations_supported": {"can_tho_former": [32, 38, 41, 45], "hau_giang_former": [9, 11, 12, 14],
                                "soc_trang_former": [12, 14, 17, 18], "can_tho": [82, 90]},
    "enforcement_cases": {"can_tho_former": [96, 104, 88, 112], "hau_giang_former": [38, 41, 45, 40],
                          "soc_trang_former": [55, 61, 58, 66], "can_tho": [221, 236]},
    # Key and OCOP products on the city's list at year end, and those supported in IP protection so far.
    "key_products_listed": {"can_tho_former": [62, 88, 112, 131], "hau_giang_former": [48, 70, 92, 104],
                            "soc_trang_former": [71, 98, 126, 145], "can_tho": [405, 432]},
    "key_products_ip_supported": {"can_tho_former": [14, 24, 35, 46], "hau_giang_former": [8, 15, 24, 31],
                                  "soc_trang_former": [12, 21, 33, 44], "can_tho": [141, 173]},
    # Patents in force held by the territory's holders at year end, and those in commercial use.
    "patents_in_force": {"can_tho_former": [38, 41, 45, 49], "hau_giang_former": [6, 7, 7, 8],
                         "soc_trang_former": [9, 10, 12, 13], "can_tho": [76, 83]},
    "patents_commercialised": {"can_tho_former": [2, 2, 3, 3], "hau_giang_former": [0, 0, 0, 1],
                               "soc_trang_former": [1, 1, 1, 1], "can_tho": [4, 5]},
}
# Support paid per dossier, in đồng, in 2021; it rises 3% a year. Amounts are rounded to 100,000 đồng.
SUPPORT_PER_DOSSIER_2021, SUPPORT_RISE = 12_500_000, 0.03


def compute_support_amounts(dossiers: list[int], years: range) -> list[int]:
    """The support paid for each year's dossiers, in whole đồng."""
    return [int(round(n * SUPPORT_PER_DOSSIER_2021 * (1 + SUPPORT_RISE) ** (year - 2021), -5))
            for n, year in zip(dossiers, years)]


def build_plan_indicator_rows() -> list[dict[str, object]]:
    """The illustrative figures of the plans' other indicators, as long-layout rows."""
    rows: list[dict[str, object]] = []
    figures = dict(PLAN_FIGURES)
    figures["registration_support_amount"] = {
        territory: compute_support_amounts(values, MERGED_YEARS if territory == "can_tho" else FORMER_YEARS)
        for territory, values in PLAN_FIGURES["registrations_supported"].items()}
    for measure, by_territory in figures.items():
        for territory in (*FORMER, "can_tho"):
            years = MERGED_YEARS if territory == "can_tho" else FORMER_YEARS
            for year, value in zip(years, by_territory[territory]):
                rows.append({"year": year, "ip_type": UNTYPED, "measure": measure, "territory": territory,
                             "value": value, "source": PLAN_INDICATORS})
    return rows


def main() -> None:
    """Write the CSV in the long layout that `python -m etl load` reads."""
    rows = build_rows()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows to {OUT}")


if __name__ == "__main__":
    main()
