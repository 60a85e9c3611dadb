"""What a reader must never meet in rendered text: a target's code from the register (T3_patent,
D2724_patent_applications) or a colour emoji (statuses are shapes and words, ipmonitor.status_style)."""
from __future__ import annotations

import re

from ipmonitor.register.targets import load_target_register

# The warning sign before an illustrative-figures notice is not a status; DejaVu Sans draws it.
ALLOWED_SYMBOLS = {"\u26a0", "\ufe0f"}


def target_code_pattern() -> re.Pattern:
    """Every target code of the shipped register, as a whole word."""
    codes = sorted((target.id for target in load_target_register().targets), key=len, reverse=True)
    return re.compile(r"(?<![\w])(" + "|".join(map(re.escape, codes)) + r")(?![\w])")


def is_emoji(character: str) -> bool:
    """In the emoji blocks (U+1F300–U+1FAFF), the symbols and dingbats (U+2600–U+27BF) or a variation selector."""
    code = ord(character)
    return 0x1F300 <= code <= 0x1FAFF or 0x2600 <= code <= 0x27BF or code in (0xFE0F, 0x2B55, 0x2B1C, 0x2B1B)


def find_codes(texts: list[str]) -> list[tuple[str, str]]:
    """(code, the text it was found in) for every target code in `texts`."""
    pattern = target_code_pattern()
    return [(match.group(1), text[:160]) for text in texts for match in pattern.finditer(text)]


def find_emoji(texts: list[str]) -> list[tuple[str, str]]:
    """(character as U+XXXX, the text it was found in) for every emoji not allowed in `texts`."""
    return [(f"U+{ord(c):04X}", text[:160]) for text in texts for c in text
            if is_emoji(c) and c not in ALLOWED_SYMBOLS]
