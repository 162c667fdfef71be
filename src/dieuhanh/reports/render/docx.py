"""The document as DOCX (python-docx): real headings, tables, A4 margins, page numbers from page 2.

Times New Roman is named for the text (Word has it; LibreOffice substitutes the metric-compatible
Liberation Serif).
"""

from __future__ import annotations

import io

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.styles.style import CharacterStyle
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run as DocxRun

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
from dieuhanh.reports.render.png import chart_png

FONT = "Times New Roman"
BODY_PT = 14
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}

__all__ = ["BODY_PT", "FONT", "MARGINS_MM", "render_docx"]


def _font(
    run_or_style: DocxRun | CharacterStyle, size: float | None = None, *, bold: bool | None = None
) -> None:
    font = run_or_style.font
    font.name = FONT
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    font.color.rgb = RGBColor(0, 0, 0)
    element = run_or_style.element
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _styles(doc: DocxDocument) -> None:
    normal = doc.styles["Normal"]
    _font(normal, BODY_PT)
    normal.paragraph_format.space_after = Pt(6)
    for level in (1, 2, 3):
        style = doc.styles[f"Heading {level}"]
        _font(style, BODY_PT, bold=True)
        style.font.italic = False
        fmt = style.paragraph_format
        fmt.space_before = Pt(6)
        fmt.space_after = Pt(3)
        fmt.first_line_indent = Cm(1)
        fmt.keep_with_next = True


def _page(doc: DocxDocument) -> None:
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width = Mm(210)
    section.page_height = Mm(297)
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    section.header_distance = Mm(10)
    # Decree 30: the page number sits at the top centre, from the second page on.
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    _font(run, 13)
    for tag, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if tag:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), tag)
            run._r.append(field)
        else:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)


def _no_borders(table: DocxTable) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def _line(
    cell_paragraph: DocxParagraph,
    text: str,
    *,
    size: float = BODY_PT,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER,
) -> None:
    cell_paragraph.alignment = align
    cell_paragraph.paragraph_format.space_after = Pt(0)
    cell_paragraph.paragraph_format.first_line_indent = Cm(0)
    run = cell_paragraph.add_run(text)
    _font(run, size, bold=bold)
    run.italic = italic
    run.underline = underline


def _head(doc: DocxDocument, document: Document) -> None:
    head = document.head
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    left.width, right.width = Cm(7), Cm(9.5)
    body = issuer_body_index(head.issuer_lines)
    for i, line in enumerate(head.issuer_lines):
        paragraph = left.paragraphs[0] if i == 0 else left.add_paragraph()
        _line(paragraph, line, size=13, bold=i == body)
    _line(left.add_paragraph(), head.number, size=13)
    if head.layout == "party":
        _line(right.paragraphs[0], head.national_lines[0], size=15, bold=True, underline=True)
    else:
        _line(right.paragraphs[0], head.national_lines[0], size=13, bold=True)
        _line(right.add_paragraph(), head.national_lines[1], size=14, bold=True, underline=True)
    _line(right.add_paragraph(), head.place_date, italic=True)
    title = doc.add_paragraph()
    title.paragraph_format.space_before = Pt(12)
    _line(title, head.title, size=15, bold=True)
    _line(doc.add_paragraph(), head.subtitle, bold=True)
    doc.paragraphs[-1].paragraph_format.space_after = Pt(12)


def _runs(paragraph: DocxParagraph, runs: tuple[Run, ...]) -> None:
    for r in runs:
        run = paragraph.add_run(r.text)
        _font(run, BODY_PT)
        run.bold = r.bold or None
        run.italic = r.italic or None


def _table(doc: DocxDocument, block: Table) -> None:
    caption = doc.add_paragraph()
    _line(caption, block.title, bold=True)
    table = doc.add_table(rows=1, cols=len(block.header))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, block.header, strict=True):
        _line(cell.paragraphs[0], text, size=12, bold=True)
    for row in block.rows:
        cells = table.add_row().cells
        for cell, text, numeric in zip(cells, row, block.numeric, strict=True):
            align = WD_ALIGN_PARAGRAPH.RIGHT if numeric else WD_ALIGN_PARAGRAPH.LEFT
            _line(cell.paragraphs[0], text, size=12, align=align)
    if block.note:
        _line(doc.add_paragraph(), block.note, size=12, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)


def _chart(doc: DocxDocument, block: Chart) -> None:
    caption = doc.add_paragraph()
    _line(caption, block.title, bold=True)
    picture = doc.add_paragraph()
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.add_run().add_picture(io.BytesIO(chart_png(block)), width=Cm(15))


def _foot(doc: DocxDocument, document: Document) -> None:
    head = document.head
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    _line(
        left.paragraphs[0],
        "Nơi nhận:",
        size=12,
        bold=True,
        italic=True,
        align=WD_ALIGN_PARAGRAPH.LEFT,
    )
    for recipient in head.recipients:
        _line(left.add_paragraph(), recipient, size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    for i, line in enumerate(head.signature_lines):
        paragraph = right.paragraphs[0] if i == 0 else right.add_paragraph()
        _line(paragraph, line, bold=True)
    for _ in range(4):
        right.add_paragraph()
    _line(right.add_paragraph(), head.signer, bold=True)


def render_docx(document: Document) -> bytes:
    doc = new_docx()
    _styles(doc)
    _page(doc)
    doc.core_properties.title = f"{document.head.title} {document.head.subtitle}"
    doc.core_properties.language = document.language
    _head(doc, document)
    for block in document.blocks:
        if isinstance(block, Heading):
            doc.add_heading(block.text, level=min(block.level, 3))
        elif isinstance(block, Paragraph):
            paragraph = doc.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            paragraph.paragraph_format.first_line_indent = Cm(1)
            _runs(paragraph, block.runs)
        elif isinstance(block, Bullet):
            paragraph = doc.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            paragraph.paragraph_format.first_line_indent = Cm(1)
            _runs(paragraph, (Run("- "), *block.runs))
        elif isinstance(block, Table):
            _table(doc, block)
        else:
            _chart(doc, block)
    _foot(doc, document)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
