"""A progress status as the pages show it."""
from __future__ import annotations

from ipmonitor.status_style import status_chip_html


def status_chip(status: str, lang: str) -> str:
    """A progress status as a coloured HTML span (shape and word) for st.markdown(unsafe_allow_html=True)."""
    return status_chip_html("progress", status, lang)
