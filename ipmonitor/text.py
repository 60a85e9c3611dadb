"""Text folding so that headers and labels match with or without diacritics, in any case; and the
characters that make a name look right while it is not (letters of other scripts, invisible marks)."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# The marks Vietnamese (and every Latin-script language) puts on letters once NFD has split them off.
# U+034F COMBINING GRAPHEME JOINER sits in that block but is an invisible joiner, not a diacritic:
# dropping it would let "Sáng\u034f chế" match "Sáng chế".
_DIACRITICS = frozenset(chr(c) for c in range(0x0300, 0x0370)) - {"\u034f"}
# Whitespace controls separate words like a space: a header cell often breaks its text over two lines
# (Alt+Enter) and must still match. Every other control character is kept (see fold).
_WHITESPACE_CONTROLS = frozenset("\t\n\r\x0b\x0c")
# How a cell starts when a spreadsheet would run it as a formula (CSV injection): refused in uploads,
# neutralised in exports.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_RUNS_OF_SPACES = re.compile(" {2,}")

# Unicode has no name for most control characters; these are the names their standards give them.
_CONTROL_NAMES = {
    "\x00": "NULL", "\t": "CHARACTER TABULATION", "\n": "LINE FEED", "\x0b": "LINE TABULATION",
    "\x0c": "FORM FEED", "\r": "CARRIAGE RETURN", "\x1c": "INFORMATION SEPARATOR FOUR",
    "\x1d": "INFORMATION SEPARATOR THREE", "\x1e": "INFORMATION SEPARATOR TWO",
    "\x1f": "INFORMATION SEPARATOR ONE", "\x7f": "DELETE", "\x85": "NEXT LINE",
}
_UNNAMED = {"Cc": "<control>", "Co": "<private use>", "Cs": "<surrogate>", "Cn": "<unassigned>"}

OTHER_SCRIPT, INVISIBLE, CONTROL = "other_script", "invisible", "control"
# Characters of an allowed category that nevertheless show as nothing: fillers and a blank pattern
# that render as an empty space, and the joiner/selectors that attach to the letter before them.
_BLANK_LOOKING = frozenset("\u034f\u115f\u1160\u2800\u3164\uffa0") | frozenset(
    chr(c) for c in (*range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)))


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    """What one lower-cased NFD character becomes in folded text."""
    if ch in _DIACRITICS:
        return ""
    if ch == "đ":
        return "d"
    if ch in _WHITESPACE_CONTROLS or unicodedata.category(ch)[0] in "PSZ":
        return " "
    # Letters, digits and marks of any script stay, so that "chếх" (Cyrillic х) is not "chế" and
    # "Giống cây trồng 中文" is not "Giống cây trồng". Invisible (Cf) and control characters stay too:
    # a name carrying a zero-width space then matches nothing, instead of matching what it imitates.
    return ch


def fold(text: object) -> str:
    """Lower-case, strip Vietnamese diacritics (đ -> d) and collapse punctuation to single spaces.

    "Số đơn đăng ký" and "SO DON DANG KY" and "so_don-dang ky" all fold to "so don dang ky".
    Letters and digits of other scripts, invisible and control characters are kept as they are.
    """
    if text is None:
        return ""
    s = unicodedata.normalize("NFD", unicodedata.normalize("NFD", str(text)).lower())
    s = "".join(map(_fold_char, s))
    # Only spaces are collapsed and stripped: str.strip() would also drop controls such as U+001F.
    return _RUNS_OF_SPACES.sub(" ", s).strip(" ")


def nfc(text: str) -> str:
    """Compose combining marks (Windows-1258 text decodes into base letter + combining tone mark)."""
    return unicodedata.normalize("NFC", text)


def character_name(ch: str) -> str:
    """The Unicode name of a character ("CYRILLIC CAPITAL LETTER ES"), or a label for unnamed ones."""
    name = unicodedata.name(ch, None) or _CONTROL_NAMES.get(ch)
    return name or _UNNAMED.get(unicodedata.category(ch), "<unnamed>")


def describe_character(ch: str) -> str:
    """A character as messages name it: "U+0421 CYRILLIC CAPITAL LETTER ES", "U+0009 CHARACTER TABULATION"."""
    return f"U+{ord(ch):04X} {character_name(ch)}"


@dataclass(frozen=True)
class SuspiciousCharacter:
    """A character of a name that a Vietnamese user would not type: where it is, what it is, and why."""

    position: int  # 1-based, in the NFC text
    char: str
    code: str  # "U+0421"
    name: str  # "CYRILLIC CAPITAL LETTER ES"
    reason: str  # other_script, invisible or control

    @property
    def described(self) -> str:
        """The character as messages show it: U+0421 CYRILLIC CAPITAL LETTER ES."""
        return f"{self.code} {self.name}"


def _suspicion(ch: str) -> str | None:
    """Why a character does not belong in a Vietnamese name, or None when it does."""
    if " " <= ch <= "~":
        return None
    category = unicodedata.category(ch)
    if category == "Cf" or ch in _BLANK_LOOKING:
        return INVISIBLE
    if category[0] == "C" or category in ("Zl", "Zp"):
        return CONTROL
    if category[0] == "L":
        # Every Vietnamese letter, composed, is in a Latin block; Cyrillic, Greek, full-width and
        # mathematical letters, which can look the same, are named otherwise.
        return None if unicodedata.name(ch, "").startswith("LATIN") else OTHER_SCRIPT
    if category[0] == "M":  # a mark left uncomposed after NFC, e.g. a doubled tone mark
        return None if ch in _DIACRITICS else OTHER_SCRIPT
    if category[0] == "N":  # any digit or numeral beyond ASCII 0-9
        return OTHER_SCRIPT
    return None  # punctuation, symbols (« » “ ” – — … ·) and spaces, including no-break ones


def find_suspicious_characters(text: object) -> list[SuspiciousCharacter]:
    """The characters of a name that are letters of another script, invisible or control characters."""
    if text is None:
        return []
    found = []
    for position, ch in enumerate(nfc(str(text)), start=1):
        reason = _suspicion(ch)
        if reason:
            found.append(SuspiciousCharacter(position, ch, f"U+{ord(ch):04X}", character_name(ch), reason))
    return found


# What can turn text inside a sentence into a link, emphasis, code, HTML, a table or LaTeX; "-", "+" and
# "." matter only at the start of a line, where these names never stand.
_MARKDOWN_SIGNS = re.compile(r"([\\`*_\[\]()#|<>~$])")


def markdown_literal(text: object) -> str:
    """Text a person typed (a file name, a user name), escaped so that Markdown shows it as written:
    "[x](javascript:…)" stays text, not a link; "**x**" stays stars, not bold; "$x$" stays dollars."""
    return _MARKDOWN_SIGNS.sub(r"\\\1", str(text))
