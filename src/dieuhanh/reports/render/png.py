"""The structure chart as PNG (Pillow) for DOCX, the same bars as the SVG of the HTML/PDF."""

from __future__ import annotations

import io
from functools import cache

from PIL import Image, ImageDraw, ImageFont

from dieuhanh.reports.pure.charts import BAR_COLOURS
from dieuhanh.reports.pure.document import Chart
from dieuhanh.vn.numbers import format_number

_SCALE = 2  # drawn at twice the size, so it stays sharp when printed
_FONT_FILES = ("LiberationSerif-Regular.ttf", "Tinos-Regular.ttf", "DejaVuSerif.ttf")


@cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for name in _FONT_FILES:
        try:
            return ImageFont.truetype(name, size * _SCALE)
        except OSError:
            continue
    return ImageFont.load_default(size * _SCALE)


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
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
