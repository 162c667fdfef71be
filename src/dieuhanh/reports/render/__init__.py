"""Renderers of a `Document`: Markdown, HTML, DOCX (python-docx), PDF (WeasyPrint)."""
