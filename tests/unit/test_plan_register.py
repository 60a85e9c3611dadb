"""The plan register is data: nine areas, tasks whose agencies exist, and the 2025 changes as dated links."""
import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from ipmonitor.register.plan_register import LEVELS, PLAN_DIR, load_plan_register

PLAN_TEXT = Path("/work/shared/plan/000_58bec37be2db5a68.txt")


def test_the_shipped_files_load_with_nine_areas_and_a_few_dozen_tasks():
    register = load_plan_register()
    assert sorted(register.areas) == list(range(1, 10))
    assert 25 <= len(register.tasks) <= 45
    assert {task.area for task in register.tasks.values()} == set(range(1, 10))
    assert register.tasks["3.b.1"].source.startswith("II.3.b")
    assert register.areas[3].name("vi") == "Nâng cao hiệu quả hoạt động thực thi quyền sở hữu trí tuệ"


def test_every_tasks_lead_and_co_ordinating_agencies_exist():
    register = load_plan_register()
    for task in register.tasks.values():
        assert task.lead in register.agencies, task.id
        assert set(task.co_ordinating) <= set(register.agencies), task.id
        assert 2020 <= task.period[0] <= task.period[1] <= 2030


def test_every_agency_has_a_known_level_and_both_names():
    register = load_plan_register()
    for agency in register.agencies.values():
        assert agency.level in LEVELS
        assert agency.name("vi") and agency.name("en") and agency.name("vi", short=True)


def test_the_department_of_science_and_technology_compiles_and_is_not_asked_to_report_to_itself():
    register = load_plan_register()
    assert register.compiler == "dost"
    assert register.agencies["dost"].name("vi") == "Sở Khoa học và Công nghệ"
    assert not register.agencies["dost"].reports_yearly
    assert register.first_report_year == 2021
    assert register.review_years == {"midterm": 2025, "final": 2030}
    assert (register.agency_deadline.on(2024), register.city_deadline.on(2024)) == \
        (dt.date(2024, 10, 15), dt.date(2024, 10, 30))


def test_the_district_level_passes_to_the_communes_on_1_july_2025():
    register = load_plan_register()
    districts = "district_people_committees"
    assert register.successor_on(districts, dt.date(2025, 7, 1)).id == "commune_people_committees"
    assert register.successor_on(districts, dt.date(2025, 6, 30)).id == districts
    assert register.agencies["commune_people_committees"].active_from == dt.date(2025, 7, 1)


def test_a_department_merged_in_2025_leads_through_its_successor():
    register = load_plan_register()
    assert register.tasks["5.g.3"].lead == "agriculture_rural_development"
    assert register.lead_on("5.g.3", dt.date(2024, 10, 15)).id == "agriculture_rural_development"
    assert register.lead_on("5.g.3", dt.date(2025, 10, 15)).id == "agriculture_environment"
    assert register.lead_on("3.b.2", dt.date(2025, 10, 15)).id == "dost"  # Sở TT&TT merged into DOST
    # market surveillance moved under Sở Công Thương
    assert register.lead_on("3.b.1", dt.date(2025, 10, 15)).id == "industry_trade"


def test_an_agency_that_ended_without_a_successor_or_has_not_begun_stays_itself():
    register = load_plan_register()
    assert register.successor_on("police", dt.date(2029, 1, 1)).id == "police"
    communes = "commune_people_committees"
    assert register.successor_on(communes, dt.date(2021, 1, 1)).id == communes


def test_the_2025_report_is_owed_by_the_communes_not_the_districts():
    register = load_plan_register()
    ids_2024 = [agency.id for agency in register.reporting_agencies(2024)]
    ids_2025 = [agency.id for agency in register.reporting_agencies(2025)]
    assert "district_people_committees" in ids_2024 and "commune_people_committees" not in ids_2024
    assert "district_people_committees" not in ids_2025 and "commune_people_committees" in ids_2025
    assert "information_communications" in ids_2024 and "information_communications" not in ids_2025
    assert "dost" not in ids_2024 + ids_2025
    assert ids_2024 == [agency_id for agency_id in register.agencies if agency_id in ids_2024]  # file order


def test_every_2025_change_is_dated_and_says_whether_it_was_checked():
    register = load_plan_register()
    ended = [agency for agency in register.agencies.values() if agency.active_to is not None]
    assert {agency.id for agency in ended} >= {
        "district_people_committees", "information_communications", "agriculture_rural_development",
        "customs", "market_surveillance"}
    for agency in ended:
        assert agency.successor and agency.change_source
        assert register.agencies[agency.successor].active_on(agency.active_to + dt.timedelta(days=1))
    assert register.agencies["customs"].active_to == dt.date(2025, 3, 14)
    assert not register.agencies["information_communications"].change_verified


@pytest.mark.skipif(not PLAN_TEXT.exists(), reason="the plan's text is not at hand")
def test_quoted_sentences_and_kept_headings_are_verbatim_in_the_plan_text():
    text = PLAN_TEXT.read_text(encoding="utf-8")
    register = load_plan_register()
    assert register.agency_deadline.quote_vi in text and register.city_deadline.quote_vi in text
    assert "trước ngày 15 tháng 10" in register.agency_deadline.quote_vi
    for area in register.areas.values():
        if area.heading_in_text:
            assert area.name_vi in text, area.number
    assert {number for number, area in register.areas.items() if not area.heading_in_text} == {1, 4, 5, 8}


# --- a broken folder is refused, naming the file, the item and the problem ---------------------------

def _broken_copy(tmp_path: Path, file: str, edit) -> Path:
    folder = tmp_path / "plan"
    shutil.copytree(PLAN_DIR, folder)
    raw = yaml.safe_load((folder / file).read_text(encoding="utf-8"))
    edit(raw)
    (folder / file).write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


def _agency(raw, agency_id):
    return next(entry for entry in raw["agencies"] if entry["id"] == agency_id)


def test_an_unknown_lead_agency_is_refused(tmp_path):
    folder = _broken_copy(tmp_path, "tasks.yaml",
                          lambda raw: raw["tasks"][0].update(lead="ministry_of_magic"))
    with pytest.raises(ValueError, match=r"tasks\.yaml: 1\.a: unknown lead agency 'ministry_of_magic'"):
        load_plan_register(folder)


def test_a_successor_cycle_is_refused(tmp_path):
    def loop(raw):
        _agency(raw, "agriculture_environment").update(active_to=dt.date(2026, 1, 1),
                                                       successor="agriculture_rural_development")
    folder = _broken_copy(tmp_path, "agencies.yaml", loop)
    with pytest.raises(ValueError, match=r"agencies\.yaml: agriculture_rural_development: successor cycle"):
        load_plan_register(folder)


def test_a_duplicate_id_is_refused(tmp_path):
    folder = _broken_copy(tmp_path, "agencies.yaml",
                          lambda raw: raw["agencies"].append(dict(raw["agencies"][0])))
    with pytest.raises(ValueError, match=r"agencies\.yaml: dost: duplicate id"):
        load_plan_register(folder)


def test_a_duplicate_task_id_is_refused(tmp_path):
    folder = _broken_copy(tmp_path, "tasks.yaml", lambda raw: raw["tasks"].append(dict(raw["tasks"][0])))
    with pytest.raises(ValueError, match=r"tasks\.yaml: 1\.a: duplicate id"):
        load_plan_register(folder)


@pytest.mark.parametrize("file, edit, message", [
    ("tasks.yaml", lambda raw: raw["tasks"][0].update(area=10), r"1\.a: area 10 is not 1\.\.9"),
    ("tasks.yaml", lambda raw: raw["tasks"][0].update(period=[2019, 2030]),
     r"1\.a: period \[2019, 2030\] is outside"),
    ("tasks.yaml", lambda raw: raw["tasks"][0].update(co_ordinating=["nobody"]),
     r"unknown co-ordinating agency"),
    ("agencies.yaml", lambda raw: _agency(raw, "customs").update(successor="nobody"),
     r"customs: unknown successor 'nobody'"),
    ("agencies.yaml", lambda raw: _agency(raw, "regional_customs").update(active_to=dt.date(2025, 1, 1)),
     r"regional_customs: active_to 2025-01-01 is before active_from 2025-03-15"),
    ("reporting.yaml", lambda raw: raw.update(compiler="nobody"),
     r"reporting\.yaml: compiler: unknown agency"),
])
def test_other_broken_entries_are_refused_with_their_problem(tmp_path, file, edit, message):
    with pytest.raises(ValueError, match=message):
        load_plan_register(_broken_copy(tmp_path, file, edit))


def test_every_problem_of_a_folder_is_reported_at_once(tmp_path):
    def two_problems(raw):
        raw["tasks"][0].update(lead="nobody")
        raw["tasks"][1].update(area=0)
    with pytest.raises(ValueError) as raised:
        load_plan_register(_broken_copy(tmp_path, "tasks.yaml", two_problems))
    assert "2 problem(s)" in str(raised.value)


def test_a_priority_task_of_the_annex_has_its_year_its_pl_number_and_its_annex_line():
    import copy

    from ipmonitor.register.plan_register import (AGENCIES_FILE, PLAN_DIR, REPORTING_FILE, TASKS_FILE,
                                                 build_plan_register)
    from ipmonitor.yaml_files import read_yaml

    tasks = copy.deepcopy(read_yaml(PLAN_DIR / TASKS_FILE))
    annex = {"id": "PL.3", "area": 2, "title_vi": "Nhiệm vụ ưu tiên 3", "title_en": "Priority task 3", "lead": "dost",
             "co_ordinating": [], "period": [2021, 2021], "source": "Phụ lục, TT 3", "assignment_verified": True,
             "annex_year": 2021}
    tasks["tasks"].append(annex)
    agencies, reporting = read_yaml(PLAN_DIR / AGENCIES_FILE), read_yaml(PLAN_DIR / REPORTING_FILE)
    assert build_plan_register(agencies, tasks, reporting).tasks["PL.3"].annex_year == 2021
    tasks["tasks"][-1] = dict(annex, id="PL.11", source="II.2.a", annex_year=2035)
    with pytest.raises(ValueError) as refused:
        build_plan_register(agencies, tasks, reporting)
    assert "PL.1 to PL.10" in str(refused.value) and "annex line" in str(refused.value)
    assert "2035 is not a year of the plan" in str(refused.value)
