"""How a status looks wherever it is shown (page, table, legend, deck, PDF): a colour, a shape and the word.

Colour emoji (🟢🟡🔴) were dropped: without an emoji font (Debian's Chromium, many office machines) they
came out grey or as empty boxes. The shapes are plain Unicode geometric shapes (U+25A0–U+25FF) that
DejaVu Sans (shipped for the PDF) and the Noto family (Noto Sans Symbols 2) draw. They differ per
status, so that a grey print or a colour-blind reader still tells the statuses apart, and the word is
always written beside them. Every colour is dark enough for text on white (WCAG contrast at least
4.5:1, checked in tests/unit/test_status_style.py).
"""
from __future__ import annotations

import html
from dataclasses import dataclass

from ipmonitor.i18n import t


@dataclass(frozen=True)
class StatusLook:
    """A status's colour (hex, no #) and shape."""

    colour: str
    shape: str


BLUE, GREEN, AMBER, ORANGE, RED, GREY = "0969DA", "1A7F37", "9A6700", "BC4C00", "CF222E", "6E7781"
PURPLE = "8250DF"  # 5.05:1 on white; a hue of its own, apart from overdue's red

# Progress toward a target (ipmonitor.progress.growth.STATUSES): the better the status, the fuller the shape;
# the two that lag most point down or are hollow.
PROGRESS_LOOKS = {
    "achieved": StatusLook(BLUE, "■"),
    "on_track": StatusLook(GREEN, "●"),
    "needs_acceleration": StatusLook(AMBER, "▲"),
    "limited_progress": StatusLook(ORANGE, "◆"),
    "moving_away": StatusLook(RED, "▼"),
    "not_assessable": StatusLook(GREY, "○"),
}
# A task of the plan in a year (ipmonitor.tracker.records.TASK_STATUSES, and not recorded).
TASK_LOOKS = {
    "not_started": StatusLook(GREY, "○"),
    "in_progress": StatusLook(BLUE, "◆"),
    "done": StatusLook(GREEN, "●"),
    "overdue": StatusLook(RED, "▼"),
    # Blocked (vướng mắc): a square barred inside, a shape no other status of any kind uses.
    "blocked": StatusLook(PURPLE, "▣"),
    "not_recorded": StatusLook(GREY, "□"),
}
# A yearly report (ipmonitor.tracker.reporting_rules.REPORT_STATUSES).
REPORT_LOOKS = {
    "on_time": StatusLook(GREEN, "●"),
    "late": StatusLook(AMBER, "▲"),
    "missing": StatusLook(RED, "▼"),
    "not_due": StatusLook(GREY, "○"),
}
LOOKS = {"progress": PROGRESS_LOOKS, "task": TASK_LOOKS, "report": REPORT_LOOKS}
SHAPES = frozenset(look.shape for looks in LOOKS.values() for look in looks.values())


def status_word(kind: str, status: str, lang: str) -> str:
    """The status's word in `lang`: "đang đúng hướng", "quá hạn", "nộp muộn"."""
    if kind == "progress":
        return t(f"status.{status}", lang)
    if kind == "task":
        return t("tasks_page.not_recorded", lang) if status == "not_recorded" else t(f"tracker.status.{status}", lang)
    return t(f"reporting.status_{status}", lang)


def status_text(kind: str, status: str, lang: str) -> str:
    """The shape and the word, as plain text: "● on track" (tables, choices, deck and PDF cells)."""
    return f"{LOOKS[kind][status].shape} {status_word(kind, status, lang)}"


def status_chip_html(kind: str, status: str, lang: str, *, bold: bool = True) -> str:
    """The shape and the word in the status's colour, as an HTML span for a page. Only our own words
    go in (escaped all the same), never a user's text."""
    look = LOOKS[kind][status]
    weight = "font-weight:600;" if bold else ""
    return (f'<span class="ipm-status ipm-status-{status}" style="color:#{look.colour};{weight}white-space:nowrap">'
            f'{look.shape}\u00a0{html.escape(status_word(kind, status, lang))}</span>')


def colours(kind: str) -> dict[str, str]:
    """Status -> hex colour (no #) of one kind, for the deck and the PDF."""
    return {status: look.colour for status, look in LOOKS[kind].items()}


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2.x relative luminance of an sRGB colour."""
    value = hex_colour.lstrip("#")
    channels = []
    for i in (0, 2, 4):
        c = int(value[i:i + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(foreground: str, background: str = "FFFFFF") -> float:
    """WCAG contrast ratio of two colours, 1 to 21."""
    lighter, darker = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
