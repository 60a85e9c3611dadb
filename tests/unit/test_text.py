"""Folding text so that headers match with or without diacritics, in any case; and spotting the
characters that make a name look right while it is not."""
import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipmonitor.i18n import t
from ipmonitor.store.reference import load_reference_table
from ipmonitor.text import SuspiciousCharacter, describe_character, find_suspicious_characters, fold

VIETNAMESE_LETTERS = ("aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụ"
                      "ưừứửữựvxyỳýỷỹỵfjwz")
VIETNAMESE_ALPHABET = VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper() + "0123456789"
PUNCTUATION = " !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~«»“”‘’–—…·\u00a0\u202f"
vietnamese_text = st.text(alphabet=VIETNAMESE_ALPHABET + PUNCTUATION, max_size=40)
# Characters that must never disappear into a clean name: letters and digits of other scripts that look
# like Latin ones, and invisible ones.
INTRUDERS = ["х", "С", "ο", "中", "٥", "２", "Ｎ", "\u200b", "\u200c", "\u200d", "\u00ad", "\ufeff", "\u2060",
             "\u034f", "\x07"]


def _old_fold(text: str) -> str:
    """fold as it was before it kept other scripts: the reference for ordinary Vietnamese text."""
    s = unicodedata.normalize("NFD", text)
    s = "".join(ch for ch in s if unicodedata.category(ch) != "Mn")
    s = s.replace("đ", "d").replace("Đ", "D").lower()
    return re.sub(r"[^0-9a-z]+", " ", s).strip()


def test_diacritics_case_and_punctuation_fold_away():
    assert fold("Số đơn đăng ký") == fold("SO DON DANG KY") == fold("so_don-dang  ky") == "so don dang ky"


def test_the_vietnamese_d_with_stroke_folds_to_d():
    assert fold("Địa bàn") == "dia ban"


def test_none_folds_to_an_empty_string():
    assert fold(None) == ""


@pytest.mark.parametrize("text, folded", [
    ("Năm 2021", "nam 2021"), ("2021*", "2021"), ("Chỉ tiêu:", "chi tieu"), ("TP. Cần Thơ", "tp can tho"),
    ("Cần Thơ (sau hợp nhất)", "can tho sau hop nhat"), ("Nhãn hiệu tập thể", "nhan hieu tap the"),
    ("Quyền tác giả, quyền liên quan", "quyen tac gia quyen lien quan"), ("«Nhãn hiệu»", "nhan hieu"),
    ("Cần Thơ – Hậu Giang", "can tho hau giang"), ("Số\u00a0đơn\u202fđăng ký", "so don dang ky"),
    ("Sa\u0301ng che\u0302\u0301", "sang che"),
])
def test_ordinary_headers_and_names_fold_as_they_always_did(text, folded):
    assert fold(text) == folded


def test_a_header_broken_over_lines_or_by_tabs_still_matches():
    assert fold("Số đơn\nđăng ký") == fold("Số đơn\r\nđăng\tký") == "so don dang ky"


@given(vietnamese_text)
def test_vietnamese_text_folds_exactly_as_before(text):
    assert fold(text) == _old_fold(text)


def test_a_letter_of_another_script_is_kept_so_the_name_no_longer_matches():
    assert fold("Sáng chếх") == "sang cheх" != fold("Sáng chế")
    assert fold("Giống cây trồng 中文") == "giong cay trong 中文" != fold("Giống cây trồng")
    assert fold("Сáng chế") != fold("Sáng chế")  # Cyrillic capital ES


@pytest.mark.parametrize("hidden", ["\u200b", "\u200d", "\u00ad", "\ufeff", "\x07"],
                         ids=["zero-width space", "zero-width joiner", "soft hyphen", "BOM", "bell"])
def test_an_invisible_or_control_character_is_kept_so_the_name_no_longer_matches(hidden):
    assert hidden in fold(f"Nhãn{hidden} hiệu") and fold(f"Nhãn{hidden} hiệu") != fold("Nhãn hiệu")
    assert fold(f"{hidden}Nhãn hiệu") != fold("Nhãn hiệu")


@given(vietnamese_text, st.sampled_from(INTRUDERS), st.data())
def test_no_letter_of_another_script_nor_invisible_character_folds_away(text, intruder, data):
    place = data.draw(st.integers(min_value=0, max_value=len(text)))
    assert fold(text[:place] + intruder + text[place:]) != fold(text)


@given(st.text(max_size=30))
def test_folding_twice_changes_nothing(text):
    assert fold(fold(text)) == fold(text)


@pytest.mark.parametrize("ch, described", [
    ("С", "U+0421 CYRILLIC CAPITAL LETTER ES"), ("２", "U+FF12 FULLWIDTH DIGIT TWO"),
    ("\t", "U+0009 CHARACTER TABULATION"), ("\n", "U+000A LINE FEED"), ("\r", "U+000D CARRIAGE RETURN"),
    ("\x01", "U+0001 <control>"), ("\u200b", "U+200B ZERO WIDTH SPACE"), ("\U0001F600", "U+1F600 GRINNING FACE"),
])
def test_a_character_is_described_by_its_code_point_and_unicode_name(ch, described):
    assert describe_character(ch) == described


def test_a_cyrillic_letter_in_a_vietnamese_name_is_reported_with_its_name_and_place():
    assert find_suspicious_characters("Сáng chế") == [
        SuspiciousCharacter(1, "С", "U+0421", "CYRILLIC CAPITAL LETTER ES", "other_script")]
    assert find_suspicious_characters("Сáng chế")[0].described == "U+0421 CYRILLIC CAPITAL LETTER ES"


def test_a_zero_width_space_in_a_name_is_reported_as_invisible():
    found = find_suspicious_characters("Sáng\u200bchế")
    assert [(c.position, c.code, c.reason) for c in found] == [(5, "U+200B", "invisible")]


def test_chinese_characters_after_a_name_are_each_reported():
    found = find_suspicious_characters("Giống cây trồng 中文")
    assert [(c.position, c.char, c.reason) for c in found] == [(17, "中", "other_script"), (18, "文", "other_script")]


@pytest.mark.parametrize("text, position, name", [
    ("Nhãn\u00adhiệu", 5, "SOFT HYPHEN"), ("\ufeffSáng chế", 1, "ZERO WIDTH NO-BREAK SPACE"),
    ("Nhãn hiệu\u200d", 10, "ZERO WIDTH JOINER"), ("Nhãn\u200fhiệu", 5, "RIGHT-TO-LEFT MARK"),
    ("Nhãn\u034fhiệu", 5, "COMBINING GRAPHEME JOINER"),
])
def test_invisible_characters_in_a_name_are_reported(text, position, name):
    [found] = find_suspicious_characters(text)
    assert (found.position, found.name, found.reason) == (position, name, "invisible")


@pytest.mark.parametrize("text", ["Nhãn\thiệu", "Nhãn\nhiệu", "Nhãn\r\nhiệu", "Nhãn\u2028hiệu", "Nhãn\ue000hiệu",
                                  "Nhãn\x00hiệu"])
def test_control_characters_even_tabs_and_line_breaks_in_a_name_are_reported(text):
    found = find_suspicious_characters(text)
    assert found and found[0].position == 5 and {c.reason for c in found} == {"control"}


@pytest.mark.parametrize("text", ["Nhãn hiệu ２", "Nhãn hiệu tập thể ο", "Ｎhãn hiệu", "Nhãn hiệu ٥", "Sáng chế Ⅱ"])
def test_lookalike_letters_and_digits_of_other_scripts_are_reported(text):
    assert [c.reason for c in find_suspicious_characters(text)] == ["other_script"]


def test_decomposed_text_is_checked_and_placed_as_composed():
    assert find_suspicious_characters("Sa\u0301ng che\u0302\u0301") == []
    [found] = find_suspicious_characters("Sa\u0301ng\u200bche\u0302\u0301")
    assert found.position == 5


def test_vietnamese_punctuation_and_no_break_spaces_are_not_suspicious():
    assert find_suspicious_characters("«Nhãn hiệu» – “Sáng chế” — ‘Kiểu dáng’… Đà·Nẵng\u00a0\u202f(x) 100%") == []
    assert find_suspicious_characters(None) == []


@given(vietnamese_text)
def test_text_typed_on_a_vietnamese_keyboard_is_never_suspicious(text):
    assert find_suspicious_characters(text) == []


@given(vietnamese_text, st.sampled_from(INTRUDERS), st.data())
def test_an_intruder_anywhere_in_a_name_is_reported_where_it_is(text, intruder, data):
    place = data.draw(st.integers(min_value=0, max_value=len(text)))
    found = find_suspicious_characters(text[:place] + intruder + text[place:])
    assert [c.position for c in found] == [place + 1]


@pytest.mark.parametrize("kind", ["ip_type", "measure", "territory"])
def test_no_shipped_name_or_alias_is_suspicious(kind):
    frame = load_reference_table(kind)
    for column in ("name_vi", "name_en", "aliases"):
        for value in frame[column].dropna() if column in frame else []:
            assert find_suspicious_characters(value) == [], value


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_suspicious_character_has_a_message_in_each_language(lang):
    [found] = find_suspicious_characters("Сáng chế")
    message = t("problem.suspicious_character", lang, character=found.described, position=found.position,
                reason_text=t(f"problem.suspicious_{found.reason}", lang))
    assert "U+0421 CYRILLIC CAPITAL LETTER ES" in message and t("problem.suspicious_other_script", lang) in message


def test_text_a_person_typed_is_escaped_so_that_markdown_shows_it_as_written():
    from ipmonitor.text import markdown_literal
    assert markdown_literal("[x](javascript:alert(1)).csv") == r"\[x\]\(javascript:alert\(1\)\).csv"
    assert markdown_literal("**đậm** $x$ a_b") == r"\*\*đậm\*\* \$x\$ a\_b"
