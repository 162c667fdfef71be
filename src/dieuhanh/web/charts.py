"""Charts as inline SVG, drawn on the server: nothing to load, works offline, no script.

Pure functions over plain numbers; the templates include their output as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from dieuhanh.vn import format_number

PALETTE = ("#a50e0e", "#e0a800", "#1f6f8b", "#3c8d3c", "#6f42c1", "#6c757d")


def sparkline_points(
    values: Sequence[Decimal | None], width: int = 120, height: int = 32, pad: int = 3
) -> list[tuple[float, float]]:
    """The (x, y) of each known value, scaled into the box (y grows downwards)."""
    known = [(i, float(v)) for i, v in enumerate(values) if v is not None]
    if not known:
        return []
    low = min(v for _, v in known)
    high = max(v for _, v in known)
    span = high - low or 1.0
    step = (width - 2 * pad) / max(len(values) - 1, 1)
    return [
        (round(pad + i * step, 1), round(height - pad - (v - low) / span * (height - 2 * pad), 1))
        for i, v in known
    ]


def sparkline_svg(
    values: Sequence[Decimal | None], label: str, width: int = 120, height: int = 32
) -> SafeString:
    points = sparkline_points(values, width, height)
    if not points:
        return format_html('<span class="text-muted small">–</span>')
    path = " ".join(f"{x},{y}" for x, y in points)
    last_x, last_y = points[-1]
    return format_html(
        '<svg class="sparkline" width="{}" height="{}" viewBox="0 0 {} {}" role="img" '
        'aria-label="{}">'
        '<polyline fill="none" stroke="#a50e0e" stroke-width="1.5" points="{}"/>'
        '<circle cx="{}" cy="{}" r="2.5" fill="#a50e0e"/></svg>',
        width,
        height,
        width,
        height,
        label,
        path,
        last_x,
        last_y,
    )


def share_bar_svg(
    parts: Sequence[tuple[str, Decimal]], label: str, width: int = 480, height: int = 28
) -> SafeString:
    """A 100 % stacked bar of the parts' shares, with a legend (cơ cấu)."""
    total = sum((v for _, v in parts if v > 0), Decimal(0))
    if total <= 0:
        return format_html('<span class="text-muted small">–</span>')
    rects = []
    legend = []
    x = Decimal(0)
    for i, (name, value) in enumerate(p for p in parts if p[1] > 0):
        share = value / total * 100
        w = share / 100 * width
        colour = PALETTE[i % len(PALETTE)]
        rects.append(
            (round(float(x), 2), round(float(w), 2), colour, f"{name}: {format_number(share, 1)}%")
        )
        legend.append((colour, name, format_number(share, 1)))
        x += w
    bars = format_html_join(
        "",
        '<rect x="{}" y="0" width="{}" height="{}" fill="{}"><title>{}</title></rect>',
        ((rx, rw, height, c, t) for rx, rw, c, t in rects),
    )
    keys = format_html_join(
        "",
        '<li><svg class="swatch" width="12" height="12" aria-hidden="true"><rect width="12" '
        'height="12" fill="{}"/></svg>{} {}%</li>',
        legend,
    )
    return format_html(
        '<svg class="share-bar" width="100%" height="{}" viewBox="0 0 {} {}" '
        'preserveAspectRatio="none" role="img" aria-label="{}">{}</svg>'
        '<ul class="chart-legend">{}</ul>',
        height,
        width,
        height,
        label,
        bars,
        keys,
    )
