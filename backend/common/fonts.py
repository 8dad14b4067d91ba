"""The one home for the fonts that pictures and cards are drawn with.

Pillow's built-in default font has no accented letters (É, ü, ĳ, Ş become empty boxes), and
a fresh server has no system fonts we can count on. So the project ships Source Sans Pro
(SIL Open Font License) as the ``font-source-sans-pro`` dependency and loads its TTF files
by path from that package's folder, never from the operating system.

Opening a PNG does not show a missing glyph, so callers check their text first with
:func:`missing_characters` (the font's own character map) and refuse what it cannot draw.
"""

import functools
from importlib.resources import files
from pathlib import Path
from typing import Literal

from fontTools.ttLib import TTFont
from PIL import ImageFont

Weight = Literal["regular", "semibold", "bold"]

_FONT_FOLDER = Path(str(files("font_source_sans_pro") / "files"))

FONT_FILES: dict[str, Path] = {
    "regular": _FONT_FOLDER / "SourceSansPro-Regular.ttf",
    "semibold": _FONT_FOLDER / "SourceSansPro-Semibold.ttf",
    "bold": _FONT_FOLDER / "SourceSansPro-Bold.ttf",
}


def font_path(weight: Weight) -> Path:
    """The TTF file of ``weight``; a KeyError names a weight we do not ship."""
    return FONT_FILES[weight]


@functools.cache
def load_font(weight: Weight, size: int) -> ImageFont.FreeTypeFont:
    """A Pillow FreeType font, cached: parsing the file for every text would dominate the
    time to draw a picture or a card. A FreeType font keeps per-face state, so share the
    returned object within one thread (or process) only."""
    return ImageFont.truetype(str(font_path(weight)), size)


@functools.cache
def _code_points(path: Path) -> frozenset[int]:
    """The characters a font file has glyphs for, from its best Unicode character map."""
    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap())


def missing_characters(text: str, weight: Weight = "regular") -> set[str]:
    """The characters of ``text`` that the font of ``weight`` cannot draw.

    Whitespace is never missing: it is spacing, not a glyph (a line break is not drawn).
    """
    available = _code_points(font_path(weight))
    return {char for char in text if not char.isspace() and ord(char) not in available}


@functools.cache
def _advance_widths(path: Path) -> tuple[dict[int, int], int]:
    """Per character its advance width in font units, and the font's units per em."""
    with TTFont(path, lazy=True) as font:
        metrics = font["hmtx"].metrics
        widths = {code: metrics[glyph][0] for code, glyph in font.getBestCmap().items()}
        return widths, font["head"].unitsPerEm


def text_width(text: str, weight: Weight, size: float) -> float:
    """How wide ``text`` is at font size ``size``, in the unit of ``size`` (pixels, points or
    millimetres alike): the sum of the glyphs' advance widths, as PDF writers measure it.
    Kerning is left out, so text drawn with kerning is never wider than measured."""
    widths, units_per_em = _advance_widths(font_path(weight))
    return sum(widths.get(ord(char), units_per_em // 2) for char in text) * size / units_per_em
