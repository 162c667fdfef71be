"""The structure chart as PNG (Pillow) for DOCX, the same bars as the SVG of the HTML/PDF.

The font is a file whose character map holds every character of the labels (`chart_font`), not
the first file of a given name (Debian's Liberation Serif 1.x drew boxes for "ủ ầ ệ ươ ạ ị ụ").
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from dieuhanh.reports.pure.charts import BAR_COLOURS
from dieuhanh.reports.pure.document import Chart
from dieuhanh.reports.render.fonts import serif_font
from dieuhanh.vn.numbers import format_number

__all__ = ["chart_font", "chart_png", "chart_text"]

_SCALE = 2  # drawn at twice the size, so it stays sharp when printed


def chart_font() -> Path:
    """The font file the chart is drawn with."""
    return serif_font()


def chart_text(chart: Chart) -> str:
    """Every text the chart draws: legend, labels, the values with their unit."""
    values = [
        format_number(v, 2) + chart.unit
        for b in chart.bars
        for v in (b.value, b.previous)
        if v is not None
    ]
    return " ".join((*chart.legend, *(b.label for b in chart.bars), *values))


@cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(chart_font()), size * _SCALE)


def chart_png(chart: Chart) -> bytes:
    label_width, bar_area, row_height, top = 230, 330, 44, 34
    width = label_width + bar_area + 70
    height = top + row_height * len(chart.bars) + 10
    values = [b.value for b in chart.bars] + [b.previous for b in chart.bars if b.previous]
    largest = max(values) if values else 1.0
    scale = bar_area / largest if largest > 0 else 0.0
    s = _SCALE
    image = Image.new("RGB", (width * s, height * s), "white")
    draw = ImageDraw.Draw(image)
    font = _font(13)
    for i, (label, colour) in enumerate(zip(chart.legend, BAR_COLOURS, strict=True)):
        x = label_width + i * 170
        draw.rectangle([x * s, 6 * s, (x + 12) * s, 18 * s], fill=colour)
        draw.text(((x + 18) * s, 4 * s), label, fill="black", font=font)
    for row, bar in enumerate(chart.bars):
        y = top + row * row_height
        draw.text(
            ((label_width - 8) * s, (y + 8) * s), bar.label, fill="black", font=font, anchor="ra"
        )
        for i, value in enumerate((bar.value, bar.previous)):
            if value is None:
                continue
            y0 = y + 4 + i * 18
            length = max(value * scale, 1.0)
            draw.rectangle(
                [label_width * s, y0 * s, (label_width + length) * s, (y0 + 15) * s],
                fill=BAR_COLOURS[i],
            )
            text = format_number(value, 2) + chart.unit
            draw.text(((label_width + length + 4) * s, y0 * s), text, fill="black", font=font)
    out = io.BytesIO()
    image.save(out, format="PNG")  # no optimize: it costs 0.1 s for a few kB
    return out.getvalue()
