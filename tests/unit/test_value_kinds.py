"""Each value's kind: the weakest of the figures it is built from, and words that call a value
"reported" (công bố) only when it is published."""
import pytest

from ipmonitor.i18n import LANGUAGES, t
from ipmonitor.value_kinds import KINDS, compute_year_kinds, describe_kind, illustrative_years, kind_of, weakest_kind


@pytest.mark.parametrize("kinds, weakest", [
    (["published", "derived"], "derived"), (["derived", "rebuilt"], "rebuilt"),
    (["published", "illustrative", "rebuilt"], "illustrative"), (["published"], "published"),
    ([], "illustrative"), (["something else"], "illustrative"), ([None, "published"], "illustrative"),
])
def test_a_value_built_from_several_figures_has_the_weakest_kind_among_them(kinds, weakest):
    assert weakest_kind(kinds) == weakest


def test_a_year_rebuilt_from_published_figures_is_rebuilt_and_from_an_illustrative_one_illustrative():
    basis = {2023: "rebuilt", 2024: "rebuilt", 2025: "reported"}
    sources = {2023: ["published", "published"], 2024: ["published", "illustrative"], 2025: ["published"]}
    assert compute_year_kinds(basis, sources) == {2023: "rebuilt", 2024: "illustrative", 2025: "published"}


def test_a_stock_carried_forward_from_an_illustrative_year_stays_illustrative_even_on_published_flows():
    basis = {2019: "reported", 2020: "reported", 2021: "derived", 2022: "derived"}
    sources = {2019: ["illustrative"], 2020: ["derived"], 2021: ["published"], 2022: ["published"]}
    assert compute_year_kinds(basis, sources) == {2019: "illustrative", 2020: "derived", 2021: "rebuilt",
                                                  2022: "rebuilt"}
    sources[2021] = ["illustrative"]
    assert compute_year_kinds(basis, sources)[2022] == "illustrative"


def test_a_running_total_keeps_the_weakest_kind_of_every_year_it_has_added_up():
    basis = {2026: "reported", 2027: "reported", 2028: "reported"}
    sources = {2026: ["illustrative"], 2027: ["published"], 2028: ["published"]}
    assert compute_year_kinds(basis, sources, running=True) == {2026: "illustrative", 2027: "illustrative",
                                                               2028: "illustrative"}
    assert compute_year_kinds(basis, sources)[2027] == "published"


def test_a_year_without_known_sources_is_never_taken_for_published():
    assert compute_year_kinds({2020: "reported"}, {}) == {2020: "illustrative"}
    assert kind_of({2020: "published"}, 2021) == "illustrative"
    assert illustrative_years({2021: "illustrative", 2019: "illustrative", 2020: "published"}) == (2019, 2021)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_only_a_published_value_is_called_reported_and_an_illustrative_one_says_it_is_not_official(lang):
    words = {kind: describe_kind(kind, lang) for kind in KINDS}
    assert len(set(words.values())) == len(KINDS)
    reported = {"vi": "báo cáo", "en": "reported"}[lang]
    assert not any(reported in text for text in words.values())
    assert words["illustrative"] == {"vi": "minh họa, không chính thức", "en": "illustrative, not official"}[lang]
    assert words["published"] == {"vi": "công bố", "en": "published"}[lang]
    assert describe_kind("rebuilt", lang, "rebuilt") == f"{words['rebuilt']} · {t('chart.basis_rebuilt', lang)}"
    assert reported not in t("chart.basis_reported", lang)
