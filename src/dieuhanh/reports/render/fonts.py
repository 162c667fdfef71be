"""The font files the renderers measure and draw with: Times New Roman or a metric-compatible
serif (Liberation Serif 2.x, Tinos) that has every Vietnamese glyph.

Looking a font up by file name alone is not enough: Debian ships Liberation Serif 1.x
(fonts-liberation) beside 2.x (fonts-liberation2) under the same file name, and 1.x has no
"ủ ầ ệ ư ơ ạ ị ụ" — the chart in the DOCX drew boxes for them. So a file is taken only when its
character map holds every character it must draw (fontTools).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont
from PIL import ImageFont

__all__ = ["VIETNAMESE_SAMPLE", "font_covers", "serif_font", "text_width_mm"]

_DIRS = (
    Path("/usr/share/fonts/truetype/msttcorefonts"),
    Path("/usr/share/fonts/truetype/liberation2"),
    Path("/usr/share/fonts/truetype/croscore"),
    Path("/usr/share/fonts/truetype/liberation"),
    Path("/usr/share/fonts/truetype/dejavu"),
)
_FILES = {
    (False, False): ("Times_New_Roman.ttf", "LiberationSerif-Regular.ttf", "Tinos-Regular.ttf"),
    (True, False): ("Times_New_Roman_Bold.ttf", "LiberationSerif-Bold.ttf", "Tinos-Bold.ttf"),
    (False, True): ("Times_New_Roman_Italic.ttf", "LiberationSerif-Italic.ttf", "Tinos-Italic.ttf"),
    (True, True): (
        "Times_New_Roman_Bold_Italic.ttf",
        "LiberationSerif-BoldItalic.ttf",
        "Tinos-BoldItalic.ttf",
    ),
}
_LAST_RESORT = {
    (False, False): "DejaVuSerif.ttf",
    (True, False): "DejaVuSerif-Bold.ttf",
    (False, True): "DejaVuSerif-Italic.ttf",
    (True, True): "DejaVuSerif-BoldItalic.ttf",
}

VIETNAMESE_SAMPLE = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
)
"""Every Vietnamese letter (lower case; upper case is checked by `serif_font` too)."""


@cache
def _cmap(path: Path) -> frozenset[int]:
    return frozenset(TTFont(str(path), lazy=True).getBestCmap())


def font_covers(path: Path, text: str) -> bool:
    """Whether the font file has a glyph for every character of `text` (spaces aside)."""
    cmap = _cmap(path)
    return all(ord(ch) in cmap for ch in text if not ch.isspace())


@cache
def serif_font(*, bold: bool = False, italic: bool = False) -> Path:
    """The first Times-metric serif with all of Vietnamese; DejaVu Serif if none is installed."""
    sample = VIETNAMESE_SAMPLE + VIETNAMESE_SAMPLE.upper() + "0123456789,.%-"
    for name in (*_FILES[bold, italic], _LAST_RESORT[bold, italic]):
        for directory in _DIRS:
            path = directory / name
            if path.is_file() and font_covers(path, sample):
                return path
    raise FileNotFoundError(
        "No serif font with Vietnamese glyphs: install fonts-liberation2 (scripts/system-deps.sh)"
    )


@cache
def _pil_font(path: Path, size_pt: float) -> ImageFont.FreeTypeFont:
    # At 100 px per point the width in points is length / 100, precise enough for layout.
    return ImageFont.truetype(str(path), round(size_pt * 100))


@cache
def text_width_mm(text: str, size_pt: float, *, bold: bool = False, italic: bool = False) -> float:
    """The printed width of `text` at `size_pt` in the Times-metric serif, in millimetres."""
    font = _pil_font(serif_font(bold=bold, italic=italic), size_pt)
    return font.getlength(text) / 100 * 25.4 / 72
