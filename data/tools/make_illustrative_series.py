"""Write data/figures/shipped_figures.csv: the published points plus an illustrative series around them.

The illustrative numbers are made up, deterministically, to be consistent with what has been published
(shared/plan/targets-sources.md): the 2015 applications of former Can Tho accepted by the IP Office, by
type (sokhcn.cantho.gov.vn), the 288 applications and 200 titles of 2013 (IP Office statistics quoted
by pham.com.vn), the 82 patent applications of 2011-2020 (most.gov.vn news 19823), the geographical
indications granted to Soc Trang (2019, 2020) and Hau Giang (2020), the only three the merged city held
in January 2026 (plo.vn), the 12 collective marks granted to Can Tho in 2021, and about 4,074 cumulative
titles at the end of 2020 (Plan 151's 5,500 / 1.35). Every row says which source it comes from:
published rows point to their page, illustrative rows to the source of kind "illustrative", which the
dashboard flags on every page; a value that is only inferred (a zero nobody published) is illustrative.
The plans' other indicators (people trained, registration support with its dossiers at home and abroad and
the enterprises supported, enforcement cases, key and OCOP products, patents in force and in use) follow, made up at plausible magnitudes under their own
illustrative source; their rows come after the others. `check_published_points` asserts every
consistency rule before anything is written. Run: python data/tools/make_illustrative_series.py
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

# Former Can Tho, applications filed by type, 2010-2025. The 2015 values of the four types the
# Department's page counts are the published ones; patents 2011-2020 add up to the published 82; the
# industrial-property types of 2013 add up to the published 288 (2011-2012 about as many: the same
# page says the region's 2013 was on a par with 2011-2012). Geographical indications: none, since
# none granted to the former city was held in January 2026.
CAN_THO_APPLICATIONS = {
    "trademark": [255, 262, 266, 270, 330, 395, 418, 446, 470, 498, 505, 512, 548, 571, 596, 620],
    "industrial_design": [9, 10, 11, 10, 11, 12, 14, 15, 13, 16, 15, 17, 18, 17, 19, 20],
    "patent": [4, 5, 6, 7, 9, 12, 8, 9, 8, 9, 9, 11, 12, 14, 15, 17],
    "utility_solution": [1, 1, 2, 1, 3, 2, 3, 2, 4, 3, 4, 5, 4, 6, 5, 6],
    "geographical_indication": [0] * 16,
    "layout_design": [0] * 16,
    "plant_variety": [2, 3, 2, 4, 3, 4, 5, 4, 6, 5, 6, 7, 8, 7, 9, 10],
    "copyright": [40, 45, 52, 58, 61, 67, 74, 80, 88, 95, 97, 104, 112, 121, 133, 145],
}
# The Department's 2015 page: applications accepted as formally valid by the IP Office from 25 Jan to
# 25 Dec 2015, for these four types only (the other types' 2015 figures are illustrative).
PUBLISHED_2015 = {"trademark", "industrial_design", "patent", "utility_solution"}
# The IP Office (Cục Sở hữu trí tuệ) registers industrial property only: its 2013 statistics (288
# applications, 200 titles for Can Tho) cover these types, not plant varieties or copyright.
INDUSTRIAL_PROPERTY = ("patent", "utility_solution", "industrial_design", "trademark",
                       "geographical_indication", "layout_design")
PUBLISHED_2013 = {"applications_filed": 288, "titles_granted": 200}
MOST_19823_PATENTS = 82

# Geographical indications granted, as published (a decision of the IP Office each); every other
# territory and year granted none, as the merged city held exactly these three in January 2026
# (plo.vn post891805): those zeros are inferred, so they stay illustrative.
PUBLISHED_GI_GRANTS = {
    ("soc_trang_former", 2019): "cand-611410",        # "Vĩnh Châu" shallots, 2665/QĐ-SHTT, 28 May 2019
    ("soc_trang_former", 2020): "most-tag-1500",      # Vĩnh Châu Artemia, 4655/QĐ-SHTT, 3 Dec 2020
    ("hau_giang_former", 2020): "congdoan-most-19004",  # "Cầu Đúc" pineapple, 4523/QĐ-SHTT, 23 Nov 2020
}
GI_HELD_JANUARY_2026 = 3
# Their applications, a year or two before each grant: the filing years are made up.
ILLUSTRATIVE_GI_APPLICATIONS = {("soc_trang_former", 2018): 1, ("soc_trang_former", 2019): 1,
                                ("hau_giang_former", 2019): 1}
# More than 80 OCOP products certified in Soc Trang by the end of 2020 (langngheviet.com.vn 12233): a bound.
SOC_TRANG_OCOP_2020 = 80
# Collective marks (an "of which" line of trademarks) granted to former Can Tho in 2021, as published.
PUBLISHED_COLLECTIVE_MARKS = {("can_tho_former", 2021): (12, "dantocmiennui-313724")}

# Share of applications that become titles (granted about a year and a half after filing). Trademarks'
# 0.72 gives the published 200 industrial-property titles of 2013 (the region's ratio that year was
# 1,204 titles to 1,837 applications).
GRANT_RATE = {"trademark": 0.72, "industrial_design": 0.7, "patent": 0.35, "utility_solution": 0.5,
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


def compute_territory_applications(territory: str) -> dict[str, list[int]]:
    """A former province's applications by type, with the geographical indications as made up above."""
    apps = dict(CAN_THO_APPLICATIONS) if territory == "can_tho_former" else compute_province_applications(territory)
    apps["geographical_indication"] = [ILLUSTRATIVE_GI_APPLICATIONS.get((territory, year), 0) for year in YEARS]
    return apps


def compute_territory_grants(territory: str, apps: dict[str, list[int]]) -> dict[str, list[int]]:
    """Titles granted by type: the grant model, except geographical indications, which are as published."""
    grants = {t: compute_grants(series, GRANT_RATE[t]) for t, series in apps.items()}
    grants["geographical_indication"] = [int((territory, year) in PUBLISHED_GI_GRANTS) for year in YEARS]
    return grants


def build_rows() -> list[dict[str, object]]:
    """Every shipped figure as a long-layout row."""
    rows: list[dict[str, object]] = []

    def add(year: int, ip_type: str, measure: str, territory: str, value: int, source: str) -> None:
        rows.append({"year": year, "ip_type": ip_type, "measure": measure, "territory": territory,
                     "value": value, "source": source})

    totals: dict[tuple[int, str, str], int] = {}
    for territory in ("can_tho_former", "hau_giang_former", "soc_trang_former"):
        apps = compute_territory_applications(territory)
        grants = compute_territory_grants(territory, apps)
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
                gi_source = PUBLISHED_GI_GRANTS.get((territory, year)) if ip_type == "geographical_indication" else None
                add(year, ip_type, "titles_granted", territory, grants[ip_type][i], gi_source or ILLUSTRATIVE)
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
    # Published "of which" lines, after the rest so that the earlier rows keep their order.
    for (territory, year), (value, source) in PUBLISHED_COLLECTIVE_MARKS.items():
        add(year, "collective_mark", "titles_granted", territory, value, source)
    return rows + build_plan_indicator_rows()


def check_published_points(rows: list[dict[str, object]]) -> None:
    """Every published point holds in the rows, and no inferred value sits under a published source:
    raises AssertionError saying what was found."""
    def value(year, ip_type, measure, territory):
        return next(r["value"] for r in rows if (r["year"], r["ip_type"], r["measure"], r["territory"])
                    == (year, ip_type, measure, territory))

    for measure, published in PUBLISHED_2013.items():
        found = sum(value(2013, t, measure, "can_tho_former") for t in INDUSTRIAL_PROPERTY)
        assert found == published, f"2013 {measure}, industrial property: {found}, published {published}"
    patents = sum(value(y, "patent", "applications_filed", "can_tho_former") for y in range(2011, 2021))
    assert patents == MOST_19823_PATENTS, f"patent applications 2011-2020: {patents}, published 82"
    gis = {(r["territory"], r["year"]): r["value"] for r in rows if r["ip_type"] == "geographical_indication"
           and r["measure"] == "titles_granted" and r["territory"] != "can_tho"}
    assert sum(gis.values()) == GI_HELD_JANUARY_2026, f"geographical indications granted: {gis}"
    assert {key for key, v in gis.items() if v} == set(PUBLISHED_GI_GRANTS), f"geographical indications: {gis}"
    for (territory, year), (marks, _) in PUBLISHED_COLLECTIVE_MARKS.items():
        trademarks = value(year, "trademark", "titles_granted", territory)
        assert marks <= trademarks, f"{marks} collective marks in {year} above {trademarks} trademarks granted"
    dost = {r["ip_type"] for r in rows if r["source"] == DOST_2015}
    assert dost == PUBLISHED_2015, f"types under {DOST_2015}: {sorted(dost)}"
    listed = {r["year"]: r["value"] for r in rows if r["measure"] == "key_products_listed"
              and r["territory"] == "soc_trang_former"}
    assert min(listed.values()) > SOC_TRANG_OCOP_2020, f"Soc Trang's key and OCOP products listed: {listed}"


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
    # Soc Trang certified more than 80 OCOP products by the end of 2020 (langngheviet.com.vn 12233), so
    # its list of key and OCOP products holds more than 80 from 2021.
    "key_products_listed": {"can_tho_former": [62, 88, 112, 131], "hau_giang_former": [48, 70, 92, 104],
                            "soc_trang_former": [84, 98, 126, 145], "can_tho": [405, 432]},
    "key_products_ip_supported": {"can_tho_former": [14, 24, 35, 46], "hau_giang_former": [8, 15, 24, 31],
                                  "soc_trang_former": [12, 21, 33, 44], "can_tho": [141, 173]},
    # Patents in force held by the territory's holders at year end, and those in commercial use.
    "patents_in_force": {"can_tho_former": [38, 41, 45, 49], "hau_giang_former": [6, 7, 7, 8],
                         "soc_trang_former": [9, 10, 12, 13], "can_tho": [76, 83]},
    "patents_commercialised": {"can_tho_former": [2, 2, 3, 3], "hau_giang_former": [0, 0, 0, 1],
                               "soc_trang_former": [1, 1, 1, 1], "can_tho": [4, 5]},
}
# The registration dossiers supported, split as Plan 151's item 2.b asks ("trong và ngoài nước"): those
# filed abroad (few: a Madrid filing or a foreign office), the rest at home, so that the parts add up to
# the total exactly, as a load requires; and the distinct enterprises behind them (fewer than the
# dossiers: an enterprise files several, and organisations and individuals are supported too).
REGISTRATIONS_ABROAD = {"can_tho_former": [2, 3, 3, 4], "hau_giang_former": [0, 1, 0, 1],
                        "soc_trang_former": [1, 1, 2, 2], "can_tho": [6, 7]}
ENTERPRISES_SUPPORTED = {"can_tho_former": [21, 25, 27, 30], "hau_giang_former": [6, 7, 8, 9],
                         "soc_trang_former": [8, 9, 11, 12], "can_tho": [53, 58]}
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
    # After the others, so that the rows written before the split are where they were.
    totals = PLAN_FIGURES["registrations_supported"]
    figures["registrations_supported_domestic"] = {
        territory: [total - abroad for total, abroad in zip(values, REGISTRATIONS_ABROAD[territory])]
        for territory, values in totals.items()}
    figures["registrations_supported_abroad"] = REGISTRATIONS_ABROAD
    figures["enterprises_supported"] = ENTERPRISES_SUPPORTED
    for measure, by_territory in figures.items():
        for territory in (*FORMER, "can_tho"):
            years = MERGED_YEARS if territory == "can_tho" else FORMER_YEARS
            for year, value in zip(years, by_territory[territory]):
                rows.append({"year": year, "ip_type": UNTYPED, "measure": measure, "territory": territory,
                             "value": value, "source": PLAN_INDICATORS})
    return rows


def check_registration_split(rows: list[dict[str, object]]) -> None:
    """At home and abroad add up to every dossier supported, for every year and territory that has a
    total, and no year has more enterprises than dossiers."""
    value = {(r["year"], r["measure"], r["territory"]): r["value"] for r in rows if r["ip_type"] == UNTYPED}
    totals = [(year, territory) for year, measure, territory in value if measure == "registrations_supported"]
    assert totals, "no registrations supported"
    for year, territory in totals:
        total = value[(year, "registrations_supported", territory)]
        home = value[(year, "registrations_supported_domestic", territory)]
        abroad = value[(year, "registrations_supported_abroad", territory)]
        assert home >= 0 and abroad >= 0 and home + abroad == total, (year, territory, home, abroad, total)
        assert value[(year, "enterprises_supported", territory)] <= total, (year, territory)


def main() -> None:
    """Write the CSV in the long layout that `python -m etl load` reads."""
    rows = build_rows()
    check_published_points(rows)
    check_registration_split(rows)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows to {OUT}")


if __name__ == "__main__":
    main()
