"""The structure chart of the report as SVG (for HTML and PDF); DOCX gets the same bars as PNG."""

from __future__ import annotations

from html import escape

from dieuhanh.reports.pure.document import Chart
from dieuhanh.vn.numbers import format_number

__all__ = ["BAR_COLOURS", "chart_geometry", "chart_svg"]

BAR_COLOURS = ("#1f4e79", "#9dc3e6")
"""This period, the same period last year."""

_LABEL_WIDTH = 230
_BAR_AREA = 330
_ROW_HEIGHT = 44
_TOP = 34


def chart_geometry(chart: Chart) -> tuple[float, int]:
    """(scale: pixels per unit of value, height in pixels)."""
    values = [b.value for b in chart.bars] + [b.previous for b in chart.bars if b.previous]
    largest = max(values) if values else 1.0
    scale = _BAR_AREA / largest if largest > 0 else 0.0
    return scale, _TOP + _ROW_HEIGHT * len(chart.bars) + 10


def chart_svg(chart: Chart) -> str:
    """Grouped horizontal bars with Vietnamese-formatted values; no script, no external refs."""
    scale, height = chart_geometry(chart)
    width = _LABEL_WIDTH + _BAR_AREA + 70
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(chart.title)}" '
        'font-family="Times New Roman, Liberation Serif, Tinos, serif" font-size="13">',
        f"<title>{escape(chart.title)}</title>",
    ]
    for i, (label, colour) in enumerate(zip(chart.legend, BAR_COLOURS, strict=True)):
        x = _LABEL_WIDTH + i * 170
        parts.append(f'<rect x="{x}" y="6" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{x + 18}" y="17">{escape(label)}</text>')
    for row, bar in enumerate(chart.bars):
        y = _TOP + row * _ROW_HEIGHT
        label = escape(bar.label)
        parts.append(f'<text x="{_LABEL_WIDTH - 8}" y="{y + 20}" text-anchor="end">{label}</text>')
        for i, value in enumerate((bar.value, bar.previous)):
            if value is None:
                continue
            top = y + 4 + i * 18
            length = max(value * scale, 1.0)
            parts.append(
                f'<rect x="{_LABEL_WIDTH}" y="{top}" width="{length:.1f}" height="15" '
                f'fill="{BAR_COLOURS[i]}"/>'
            )
            text = escape(format_number(value, 2)) + escape(chart.unit)
            parts.append(f'<text x="{_LABEL_WIDTH + length + 4:.1f}" y="{top + 12}">{text}</text>')
    parts.append("</svg>")
    return "".join(parts)
