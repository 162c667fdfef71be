"""The document as PDF: WeasyPrint lays out the same HTML with the print rules of report.css."""

from __future__ import annotations

from dieuhanh.reports.pure.document import Document
from dieuhanh.reports.render.html import render_html


def render_pdf(document: Document) -> bytes:
    from weasyprint import HTML  # imported late: loading Pango costs ~0.3 s

    pdf = HTML(string=render_html(document)).write_pdf()
    assert pdf is not None
    return bytes(pdf)
