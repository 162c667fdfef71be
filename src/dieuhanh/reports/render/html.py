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
    issuer_body_index,
)

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


def _head(document: Document) -> str:
    head = document.head
    issuer = []
    body = issuer_body_index(head.issuer_lines)
    for i, line in enumerate(head.issuer_lines):
        css = "issuer-body" if i == body else "issuer-line"
        issuer.append(f'<div class="{css}">{escape(line)}</div>')
    issuer.append(f'<div class="number">{escape(head.number)}</div>')
    if head.layout == "party":
        national = [f'<div class="party-name">{escape(head.national_lines[0])}</div>']
    else:
        national = [
            f'<div class="national-title">{escape(head.national_lines[0])}</div>',
            f'<div class="national-motto">{escape(head.national_lines[1])}</div>',
        ]
    national.append(f'<div class="place-date">{escape(head.place_date)}</div>')
    return (
        '<table class="report-head"><tr>'
        f'<td class="issuer">{"".join(issuer)}</td>'
        f'<td class="national">{"".join(national)}</td>'
        "</tr></table>"
        f'<h1 class="report-title">{escape(head.title)}</h1>'
        f'<div class="report-subtitle">{escape(head.subtitle)}</div>'
    )


def _table(block: Table) -> str:
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
        f'<table class="report-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>{note}"
    )


def _foot(document: Document) -> str:
    head = document.head
    recipients = "".join(f"<div>{escape(r)}</div>" for r in head.recipients)
    signature = "".join(f"<div>{escape(line)}</div>" for line in head.signature_lines)
    signer = f'<div class="signer">{escape(head.signer)}</div>' if head.signer else ""
    return (
        '<table class="report-foot"><tr>'
        f'<td class="recipients"><div class="label">Nơi nhận:</div>{recipients}</td>'
        f'<td class="signature">{signature}{signer}</td>'
        "</tr></table>"
    )


def render_body(document: Document) -> str:
    """The report's content for embedding in a page (styled by report.css, class "report")."""
    parts = ['<div class="report"><div class="report-sheet">', _head(document)]
    in_list = False
    for block in document.blocks:
        if isinstance(block, Bullet):
            if not in_list:
                parts.append("<ul>")
                in_list = True
            parts.append(f"<li>{_runs(block.runs)}</li>")
            continue
        if in_list:
            parts.append("</ul>")
            in_list = False
        if isinstance(block, Heading):
            level = min(block.level + 1, 4)
            parts.append(f"<h{level}>{escape(block.text)}</h{level}>")
        elif isinstance(block, Paragraph):
            parts.append(f"<p>{_runs(block.runs)}</p>")
        elif isinstance(block, Table):
            parts.append(_table(block))
        elif isinstance(block, Chart):
            parts.append(
                f'<p class="chart-title">{escape(block.title)}</p>'
                f'<div class="chart">{chart_svg(block)}</div>'
            )
    if in_list:
        parts.append("</ul>")
    parts.append(_foot(document))
    parts.append("</div></div>")
    return "".join(parts)


def render_html(document: Document) -> str:
    """A whole HTML file, its style embedded (it is a downloaded file, not a page of the app)."""
    title = escape(f"{document.head.title} {document.head.subtitle}")
    return (
        f'<!DOCTYPE html><html lang="{document.language}"><head><meta charset="utf-8">'
        f"<title>{title}</title><style>{CSS_PATH.read_text(encoding='utf-8')}</style></head>"
        f"<body>{render_body(document)}</body></html>"
    )
