"""Page charts. Two kinds:

- the data of a chart drawn in the browser by Apache ECharts (web/static/web/charts.js, decision
  0007): plain JSON numbers and ISO dates, never localised, written into the page with
  `json_script` (no inline script under the CSP);
- small inline SVGs drawn here (the sparkline, the share bar), which are also the no-JS fallback
  of a chart. Their attributes are written with `str()` of a float, never with the template's
  localisation: "16.7", not "16,7".

Pure functions over plain numbers; the templates include their output as it is.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from decimal import Decimal

from django.utils.html import format_html, format_html_join, json_script
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


def trend_chart(
    *,
    periods: Sequence[tuple[str, datetime.date]],
    values: Sequence[Decimal | None],
    decimals: int,
    unit_of_measure: str,
    formed_on: datetime.date | None,
    labels: Mapping[str, str],
) -> dict[str, object]:
    """The data of an indicator's trend chart (kind "trend"): each period's label and value, as
    JSON numbers. `periods` are (label, start) in order. When the unit was formed (a merger of
    the 2025 reform) after the first period began, `formed_index` is the first period that
    starts on or after `formed_on`: the figures before it come from the units it was formed from
    (the indicators' running totals follow the succession) and the chart draws them dashed."""
    formed_index: int | None = None
    if formed_on is not None and periods and periods[0][1] < formed_on:
        formed_index = next((i for i, (_, s) in enumerate(periods) if s >= formed_on), None)
    return {
        "periods": [label for label, _ in periods],
        "values": [None if v is None else float(v) for v in values],
        "decimals": decimals,
        "unit_of_measure": unit_of_measure,
        "formed_index": formed_index,
        "labels": dict(labels),
    }


def chart_markup(
    kind: str, data: Mapping[str, object], element_id: str, label: str, fallback: SafeString
) -> SafeString:
    """A chart's element for web/charts.js: its data in a `json_script` block and the element
    that names it, holding the `fallback` (shown without JavaScript, replaced by the chart)."""
    return format_html(
        '{}<div class="chart-{}" data-chart="{}" data-chart-data="{}" role="img" '
        'aria-label="{}">{}</div>',
        json_script(dict(data), element_id),
        kind,
        kind,
        element_id,
        label,
        fallback,
    )
