"""The document as HTML: the page on screen and, through WeasyPrint, the PDF."""

from __future__ import annotations

from html import escape
from pathlib import Path

from dieuhanh.reports.pure.charts import chart_svg
from dieuhanh.reports.pure.document import (
    Bullet,
    Chart,
    Document,
    Heading,
    Paragraph,
    Run,
    Table,
)
from dieuhanh.reports.pure.layout import (
    RULE_SHARE,
    STYLES,
    balanced_lines,
    column_widths,
    issuer_bold,
)
from dieuhanh.reports.render.fonts import text_width_mm

TEXT_WIDTH_MM = 165
ISSUER_WIDTH_MM = 62
"""The header's left column (report.css: col.issuer)."""
SUBJECT_WIDTH_MM = TEXT_WIDTH_MM - 20
CELL_PADDING_MM = 2 * 1.4 + 0.5
"""A table cell's left and right padding (4 pt each, report.css) and a little air."""

CSS_PATH = Path(__file__).resolve().parent.parent / "static" / "reports" / "report.css"


def _runs(runs: tuple[Run, ...]) -> str:
    out = []
    for r in runs:
        text = escape(r.text)
        if r.bold:
            text = f"<strong>{text}</strong>"
        if r.italic:
            text = f"<em>{text}</em>"
        out.append(text)
    return "".join(out)


def _rule(text_mm: float, room_mm: float, *, styled: bool) -> str:
    """A short centred rule, 1/3 to 1/2 as long as the text above it (Decree 30), in a block
    `room_mm` wide. The width is the `width` attribute for the page, whose
    Content-Security-Policy refuses inline styles (each one a console error), and also a style
    in the file WeasyPrint prints, which ignores presentational attributes (`styled`)."""
    mm = RULE_SHARE * text_mm
    style = f' style="width:{mm:.1f}mm"' if styled else ""
    return f'<hr class="rule" width="{mm / room_mm * 100:.1f}%"{style}>'


def _head(document: Document, *, styled: bool) -> str:
    head = document.head
    style = STYLES[head.layout]
    issuer = []
    bold = issuer_bold(head.layout, head.issuer_lines)
    for line, is_bold in zip(head.issuer_lines, bold, strict=True):
        css = "issuer-body" if is_bold else "issuer-line"
        issuer.append(f'<div class="{css}">{escape(line)}</div>')
    if head.layout == "admin" and any(bold):
        widths = [
            text_width_mm(line, style.issuer_pt, bold=True)
            for line, is_bold in zip(head.issuer_lines, bold, strict=True)
            if is_bold
        ]
        issuer.append(_rule(max(widths), ISSUER_WIDTH_MM, styled=styled))
    issuer.append(f'<div class="number">{escape(head.number)}</div>')
    if head.layout == "party":
        national = [f'<div class="party-name">{escape(head.national_lines[0])}</div>']
    else:
        national = [
            f'<div class="national-title">{escape(head.national_lines[0])}</div>',
            f'<div class="national-motto">{escape(head.national_lines[1])}</div>',
        ]
    national.append(f'<div class="place-date">{escape(head.place_date)}</div>')
    lines = balanced_lines(
        head.subtitle,
        SUBJECT_WIDTH_MM,
        lambda text: text_width_mm(text, style.subtitle_pt, bold=True),
    )
    if style.subject_mark == "rule":
        widest = max((text_width_mm(x, style.subtitle_pt, bold=True) for x in lines), default=0)
        mark = _rule(widest, TEXT_WIDTH_MM, styled=styled)
    else:
        mark = f'<div class="subject-mark">{escape(style.subject_mark)}</div>'
    return (
        '<table class="report-head"><colgroup><col class="issuer"><col class="national">'
        "</colgroup><tr>"
        f'<td class="issuer">{"".join(issuer)}</td>'
        f'<td class="national">{"".join(national)}</td>'
        "</tr></table>"
        f'<h1 class="report-title">{escape(head.title)}</h1>'
        f'<div class="report-subtitle">{"<br>".join(escape(x) for x in lines)}</div>{mark}'
    )


def _table(block: Table, *, styled: bool) -> str:
    widths = column_widths(
        block.header,
        block.rows,
        block.numeric,
        TEXT_WIDTH_MM,
        lambda text: text_width_mm(text, 12, bold=True),
        padding=CELL_PADDING_MM,
    )
    # as for the rules: the attribute for the page's CSP, a style too for WeasyPrint
    shares = [w / TEXT_WIDTH_MM * 100 for w in widths]
    cols = "".join(
        f'<col width="{x:.2f}%"' + (f' style="width:{x:.2f}%">' if styled else ">") for x in shares
    )
    head = "".join(f"<th>{escape(h)}</th>" for h in block.header)
    rows = []
    for row in block.rows:
        cells = "".join(
            f'<td class="num">{escape(c)}</td>' if n else f"<td>{escape(c)}</td>"
            for c, n in zip(row, block.numeric, strict=True)
        )
        rows.append(f"<tr>{cells}</tr>")
    note = f'<p class="table-note">{escape(block.note)}</p>' if block.note else ""
    return (
        f'<p class="table-title">{escape(block.title)}</p>'
        f'<table class="report-table"><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>{note}"
    )


def _foot(document: Document) -> str:
    head = document.head
    recipients = "".join(f"<div>{escape(r)}</div>" for r in head.recipients)
    signature = "".join(f"<div>{escape(line)}</div>" for line in head.signature_lines)
    # the signer's line is printed even when empty: the room above it is for the signature
    signer = f'<div class="signer">{escape(head.signer) or "&nbsp;"}</div>'
    return (
        '<table class="report-foot"><tr>'
        f'<td class="recipients"><div class="label">Nơi nhận:</div>{recipients}</td>'
        f'<td class="signature">{signature}{signer}</td>'
        "</tr></table>"
    )


def _block(block: Heading | Paragraph | Table | Chart, *, styled: bool) -> str:
    if isinstance(block, Heading):
        level = min(block.level + 1, 4)
        return f"<h{level}>{escape(block.text)}</h{level}>"
    if isinstance(block, Paragraph):
        return f"<p>{_runs(block.runs)}</p>"
    if isinstance(block, Table):
        return _table(block, styled=styled)
    return (
        f'<p class="chart-title">{escape(block.title)}</p>'
        f'<div class="chart">{chart_svg(block)}</div>'
    )


def render_body(document: Document, *, styled: bool = False) -> str:
    """The report's content for embedding in a page (styled by report.css, class "report");
    `styled` adds the inline widths the printed file needs (the page's CSP refuses them)."""
    parts = [
        f'<div class="report layout-{escape(document.head.layout)}"><div class="report-sheet">',
        _head(document, styled=styled),
    ]
    # The last paragraph and the signature block are one unit that a page break cannot split.
    blocks = list(document.blocks)
    closing = blocks.pop() if blocks and isinstance(blocks[-1], Paragraph | Bullet) else None
    in_list = False
    for block in blocks:
        if isinstance(block, Bullet):
            if not in_list:
                parts.append("<ul>")
                in_list = True
            parts.append(f"<li>{_runs(block.runs)}</li>")
            continue
        if in_list:
            parts.append("</ul>")
            in_list = False
        parts.append(_block(block, styled=styled))
    if in_list:
        parts.append("</ul>")
    parts.append('<div class="closing">')
    if isinstance(closing, Bullet):
        parts.append(f"<ul><li>{_runs(closing.runs)}</li></ul>")
    elif closing is not None:
        parts.append(_block(closing, styled=styled))
    parts.append(_foot(document))
    parts.append("</div></div></div>")
    return "".join(parts)


def render_html(document: Document) -> str:
    """A whole HTML file, its style embedded (it is a downloaded file, not a page of the app)."""
    title = escape(f"{document.head.title} {document.head.subtitle}")
    return (
        f'<!DOCTYPE html><html lang="{document.language}"><head><meta charset="utf-8">'
        f"<title>{title}</title><style>{CSS_PATH.read_text(encoding='utf-8')}</style></head>"
        f"<body>{render_body(document, styled=True)}</body></html>"
    )
