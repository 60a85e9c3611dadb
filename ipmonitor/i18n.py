"""The translation layer: every visible string is `t(key, lang, **params)` from locales/<lang>.yaml."""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from ipmonitor.paths import LOCALES_DIR
from ipmonitor.yaml_files import read_yaml

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"


def _flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in tree.items():
        full = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, full + "."))
        else:
            flat[full] = str(value)
    return flat


@lru_cache(maxsize=None)
def load_catalogue(lang: str) -> dict[str, str]:
    """All strings of one language, keyed "section.name"."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language: {lang!r}")
    # libyaml's loader (ipmonitor.yaml_files): a catalogue loads in 0.05 s instead of 0.5 s.
    return _flatten(read_yaml(LOCALES_DIR / f"{lang}.yaml"))


def normalise_language(lang: object) -> str:
    """A supported language code; anything else falls back to Vietnamese."""
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, lang: str = DEFAULT_LANGUAGE, **params: Any) -> str:
    """The string for `key` in `lang`, with {placeholders} filled; a missing key raises KeyError.

    A string asked for without parameters is returned as written, so that texts carrying LaTeX
    braces (the Method page's formulas) need no escaping."""
    text = load_catalogue(normalise_language(lang))[key]
    return text.format(**params) if params else text

