"""Figures built as in the dashboard's own process, where Plotly's default template is Streamlit's."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

import plotly.io as pio


@contextmanager
def dashboards_plotly_template() -> Iterator[None]:
    """Streamlit's Plotly template as the default while the block runs: importing Streamlit makes it so
    in the dashboard's process, where the pages' PNG and SVG and the Overview's PDF are made. It sets no
    automargin, so a figure that leans on Plotly's own template loses its tick labels there."""
    import streamlit.elements.plotly_chart  # noqa: F401  (registers the "streamlit" template)

    before = pio.templates.default
    pio.templates.default = "streamlit"
    try:
        yield
    finally:
        pio.templates.default = before
