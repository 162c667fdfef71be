"""A composed review as a file: Markdown, HTML, DOCX or PDF."""

from __future__ import annotations

from dataclasses import dataclass

from dieuhanh.reports.pure.document import Document
from dieuhanh.reports.render.docx import render_docx
from dieuhanh.reports.render.html import render_html
from dieuhanh.reports.render.markdown import render_markdown
from dieuhanh.reports.render.pdf import render_pdf

CONTENT_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@dataclass(frozen=True)
class ReportFile:
    content: bytes
    content_type: str
    filename: str


def review_file(document: Document, fmt: str) -> ReportFile:
    meta = document.metadata
    filename = f"bao-cao-so-ket-{meta.get('unit', '')}-{meta.get('period', '')}"
    filename += f"-{meta.get('layout', '')}.{fmt}"
    if fmt == "md":
        content = render_markdown(document).encode("utf-8")
    elif fmt == "html":
        content = render_html(document).encode("utf-8")
    elif fmt == "docx":
        content = render_docx(document)
    elif fmt == "pdf":
        content = render_pdf(document)
    else:
        raise ValueError(f"unknown format {fmt!r}")
    return ReportFile(content, CONTENT_TYPES[fmt], filename)
