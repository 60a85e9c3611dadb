"""Every status has a readable colour, a shape of its own and a word, in plain characters the fonts draw."""
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from ipmonitor.i18n import LANGUAGES
from ipmonitor.progress.growth import STATUSES
from ipmonitor.tracker.reporting_rules import REPORT_STATUSES
from ipmonitor.status_style import (LOOKS, SHAPES, contrast_ratio, relative_luminance, status_chip_html,
                                    status_text)
from ipmonitor.tracker.task_board import BOARD_STATUSES

FONT_DIR = Path(__file__).resolve().parents[2] / "ipmonitor" / "fonts"
SYSTEM_DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
# Noto Sans itself has no geometric shapes: the Noto family draws them from Noto Sans Symbols 2.
SYSTEM_NOTO = Path("/usr/share/fonts/truetype/noto/NotoSansSymbols2-Regular.ttf")


def is_emoji(character: str) -> bool:
    """In the emoji blocks (U+1F300–U+1FAFF) or the symbols and dingbats (U+2600–U+27BF), or a variation selector."""
    code = ord(character)
    return 0x1F300 <= code <= 0x1FAFF or 0x2600 <= code <= 0x27BF or code == 0xFE0F


def test_every_status_of_each_kind_has_a_look():
    assert set(LOOKS["progress"]) == set(STATUSES)
    assert set(LOOKS["task"]) == set(BOARD_STATUSES)
    assert set(LOOKS["report"]) == set(REPORT_STATUSES)


@pytest.mark.parametrize("kind", list(LOOKS))
def test_within_a_kind_every_status_has_its_own_shape_so_grey_prints_and_colour_blind_readers_tell_them_apart(kind):
    shapes = [look.shape for look in LOOKS[kind].values()]
    assert len(set(shapes)) == len(shapes), shapes


def test_the_shapes_are_plain_geometric_shapes_not_emoji():
    assert all(len(shape) == 1 and 0x25A0 <= ord(shape) <= 0x25FF and not is_emoji(shape) for shape in SHAPES)


@pytest.mark.parametrize("font", [FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf", SYSTEM_DEJAVU,
                                  SYSTEM_NOTO], ids=lambda path: path.name)
def test_the_shipped_and_system_fonts_draw_every_shape(font):
    if not font.exists():
        pytest.skip(f"{font} is not installed")
    covered = TTFont(font).getBestCmap()
    assert [shape for shape in sorted(SHAPES) if ord(shape) not in covered] == []


def test_the_wcag_formula_gives_the_known_ratios():
    assert relative_luminance("FFFFFF") == pytest.approx(1.0)
    assert contrast_ratio("000000") == pytest.approx(21.0)
    assert contrast_ratio("767676") == pytest.approx(4.54, abs=0.01)  # the lightest grey that passes AA


@pytest.mark.parametrize("kind, status", [(kind, status) for kind, looks in LOOKS.items() for status in looks])
def test_every_status_colour_reads_as_text_on_white_at_4_5_to_1_or_more(kind, status):
    ratio = contrast_ratio(LOOKS[kind][status].colour)
    print(f"{kind}.{status}: #{LOOKS[kind][status].colour} {ratio:.2f}:1")
    assert ratio >= 4.5


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_text_and_the_chip_carry_the_shape_and_the_word(lang):
    for kind, looks in LOOKS.items():
        for status, look in looks.items():
            text = status_text(kind, status, lang)
            assert text.startswith(look.shape + " ") and len(text) > 3
            assert not any(is_emoji(c) for c in text)
            chip = status_chip_html(kind, status, lang)
            assert f"color:#{look.colour}" in chip and text.split(" ", 1)[1] in chip.replace("\u00a0", " ")
