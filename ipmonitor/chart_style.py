"""What the Plotly charts (ipmonitor.progress.charts) and the deck's native charts (ipmonitor.documents.deck) draw alike:
the plans' colours, the actual series' colour, the illustrative notice's sign, the value axis title. Here,
not in figures, so that a deck is built without importing Plotly."""
from __future__ import annotations

from ipmonitor.i18n import t

PLAN_COLOURS = {"plan_151": "#0969da", "decision_2724": "#8250df", "decision_1068": "#57606a"}
ACTUAL_COLOUR = "#1f2328"
SCENARIO_COLOUR = "#bc4c00"  # a what-if path: no plan's colour and not the actual values', so it never reads as either
NOTICE_SIGN = "⚠ "


def lighter(colour: str, share: float = 0.5) -> str:
    """A hex colour mixed with `share` of white: how an illustrative value is drawn beside a published one."""
    value = colour.lstrip("#")
    red, green, blue = (int(value[i:i + 2], 16) for i in (0, 2, 4))
    return "#" + "".join(f"{round(c + (255 - c) * share):02x}" for c in (red, green, blue))


def value_axis_title(unit: str, lang: str) -> str:
    """The value axis of an indicator in its unit: "Số lượng", "Số người", "Kinh phí (đồng)", "Tỷ lệ (%)"."""
    return t("chart.value_axis" if unit == "count" else f"indicators.axis_{unit}", lang)
