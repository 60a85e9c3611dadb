"""The translation layer: both languages carry the same keys and placeholders."""
import re
import string

import pytest

from ipmonitor.i18n import LANGUAGES, load_catalogue, normalise_language, t


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_language_has_the_same_keys():
    vi, en = load_catalogue("vi"), load_catalogue("en")
    assert set(vi) == set(en)


@pytest.mark.parametrize("key", sorted(load_catalogue("vi")))
def test_every_string_has_the_same_placeholders_in_both_languages(key):
    if "$" in load_catalogue("vi")[key]:
        return  # texts with LaTeX are shown as written, never formatted (see ipmonitor.i18n.t)
    assert _placeholders(load_catalogue("vi")[key]) == _placeholders(load_catalogue("en")[key])


def test_vietnamese_is_the_default_and_unknown_languages_fall_back_to_it():
    assert normalise_language(None) == "vi"
    assert normalise_language("fr") == "vi"
    assert t("nav.data") == "Dữ liệu"
    assert t("nav.data", "en") == "Data"


def test_a_missing_key_is_an_error_not_a_silent_blank():
    with pytest.raises(KeyError):
        t("no.such.key")


def test_every_translation_key_used_in_code_exists():
    from pathlib import Path
    root = Path(__file__).resolve().parents[2]
    keys = set(load_catalogue("vi"))
    used = set()
    sources = [root / "dashboard.py"] + [p for d in ("pages", "ipmonitor", "etl") for p in (root / d).rglob("*.py")]
    for path in sources:
        used |= set(re.findall(r'\bt\(\s*"([a-z_]+\.[a-z_.]+)"', path.read_text(encoding="utf-8")))
    assert used, "the scan found no keys: the pattern is broken"
    assert used - keys == set()
    assert LANGUAGES == ("vi", "en")
