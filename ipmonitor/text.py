"""Text folding so that headers and labels match with or without diacritics, in any case."""
from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def fold(text: object) -> str:
    """Lower-case, strip Vietnamese diacritics (đ -> d) and collapse punctuation to single spaces.

    "Số đơn đăng ký" and "SO DON DANG KY" and "so_don-dang ky" all fold to "so don dang ky".
    """
    if text is None:
        return ""
    s = unicodedata.normalize("NFD", str(text))
    s = "".join(ch for ch in s if unicodedata.category(ch) != "Mn")
    s = s.replace("đ", "d").replace("Đ", "D").lower()
    return _NON_ALNUM.sub(" ", s).strip()


def nfc(text: str) -> str:
    """Compose combining marks (Windows-1258 text decodes into base letter + combining tone mark)."""
    return unicodedata.normalize("NFC", text)
