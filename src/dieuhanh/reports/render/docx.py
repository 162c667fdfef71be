"""The document as DOCX (python-docx): real headings, tables, A4 margins, page numbers from page 2.

Times New Roman is named for the text (Word has it; LibreOffice substitutes the metric-compatible
Liberation Serif), and no style keeps a theme font: python-docx's template names the theme's
fonts (`w:asciiTheme="minorHAnsi"`, headings `majorHAnsi`) and a theme font wins over a named one
in Word, so headings came out in Calibri Light. The header, title, tables and signature follow
Decree 30/2020/NĐ-CP Appendix I (admin) and Guidance 36-HD/VPTW (party); sizes in
`pure/layout.py` (`STYLES`).
"""

from __future__ import annotations

import io

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.styles.style import CharacterStyle
from docx.table import Table as DocxTable
from docx.table import _Row
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
)
from dieuhanh.reports.pure.layout import (
    RULE_SHARE,
    STYLES,
    LayoutStyle,
    balanced_lines,
    column_widths,
    issuer_bold,
)
from dieuhanh.reports.render.fonts import text_width_mm
from dieuhanh.reports.render.png import chart_png

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 12
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
TEXT_WIDTH_MM = 210 - MARGINS_MM["left"] - MARGINS_MM["right"]
HEAD_COLUMNS_MM = (62.0, 103.0)
"""The header table: the issuer (left) and the national title (right), which needs ~95 mm at
13 pt bold to stay on one line (plus the cells' 1.9 mm margins)."""
CELL_MARGIN_MM = 1.9
"""Word's default left and right cell margin (0.19 cm)."""
SIGNATURE_BLANK_LINES = 4
"""Blank lines between the signer's title and name, for the signature and the seal (≥ 3)."""

__all__ = [
    "BODY_PT",
    "FONT",
    "HEAD_COLUMNS_MM",
    "MARGINS_MM",
    "SIGNATURE_BLANK_LINES",
    "render_docx",
]

_THEME_ATTRS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")
_THEME_COLOUR_ATTRS = ("themeColor", "themeShade", "themeTint")


def _set_fonts(rfonts: BaseOxmlElement) -> None:
    for attr in _THEME_ATTRS:
        rfonts.attrib.pop(qn(f"w:{attr}"), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), FONT)


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
    rpr = run_or_style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    _set_fonts(fonts)


def _no_theme(doc: DocxDocument) -> None:
    """Times New Roman in every w:rFonts of styles.xml (document defaults included), no theme
    font or theme colour left for Word to prefer."""
    root = doc.styles.element
    for rfonts in root.iter(qn("w:rFonts")):
        _set_fonts(rfonts)
    for colour in root.iter(qn("w:color")):
        for attr in _THEME_COLOUR_ATTRS:
            colour.attrib.pop(qn(f"w:{attr}"), None)
        colour.set(qn("w:val"), "000000")
    defaults = root.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if rpr is not None and rpr.find(qn("w:rFonts")) is None:
            fonts = OxmlElement("w:rFonts")
            _set_fonts(fonts)
            rpr.insert(0, fonts)


# Style ids of the paragraph styles added (python-docx's `paragraph.style = name` walks every
# style per call, 1 s of a demo report: the id is set on w:pStyle directly)
_FORMAL = "Formal"
_CELL = "TableCell"
_CELL_HEAD = "TableHead"
_CELL_FIGURE = "TableFigure"


def _styles(doc: DocxDocument) -> None:
    normal = doc.styles["Normal"]
    _font(normal, BODY_PT)
    normal.paragraph_format.space_after = Pt(6)
    formal = doc.styles.add_style("Formal", WD_STYLE_TYPE.PARAGRAPH)
    formal.style_id = _FORMAL
    formal.base_style = normal
    formal.paragraph_format.space_after = Pt(0)
    formal.paragraph_format.first_line_indent = Cm(0)
    formal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # Table cells: one style per kind of cell, so a cell's run carries no properties of its own
    for style_id, name, align, bold in (
        (_CELL, "Table Cell", WD_ALIGN_PARAGRAPH.LEFT, False),
        (_CELL_HEAD, "Table Head", WD_ALIGN_PARAGRAPH.CENTER, True),
        (_CELL_FIGURE, "Table Figure", WD_ALIGN_PARAGRAPH.RIGHT, False),
    ):
        cell = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        cell.style_id = style_id
        cell.base_style = formal
        cell.font.size = Pt(TABLE_PT)
        cell.font.bold = bold or None
        cell.paragraph_format.alignment = align
    for level in (1, 2, 3):
        style = doc.styles[f"Heading {level}"]
        _font(style, BODY_PT, bold=True)
        style.font.italic = False
        fmt = style.paragraph_format
        fmt.space_before = Pt(6)
        fmt.space_after = Pt(3)
        fmt.first_line_indent = Cm(1)
        fmt.keep_with_next = True
    _no_theme(doc)


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


# Children of w:tblPr after w:tblBorders and after w:tblLayout, in the schema's order (Word
# refuses a file whose elements are out of order).
_AFTER_BORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption")
_AFTER_LAYOUT = ("w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")


def _no_borders(table: DocxTable) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.insert_element_before(borders, *_AFTER_BORDERS)


def _fixed_widths(table: DocxTable, widths_mm: tuple[float, ...]) -> None:
    """The grid, every cell and the table's own width agree, the layout fixed: LibreOffice lays
    a table out by its grid (w:gridCol) and Word by its cells, so they must say the same."""
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.insert_element_before(layout, *_AFTER_LAYOUT)
    widths = [Mm(w) for w in widths_mm]
    tbl_w = tbl_pr.find(qn("w:tblW"))
    if tbl_w is None:
        tbl_w = OxmlElement("w:tblW")
        tbl_pr.insert_element_before(tbl_w, "w:jc", "w:tblInd", "w:tblBorders", *_AFTER_BORDERS)
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(sum(w.twips for w in widths)))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _row_flags(row: _Row, *, header: bool = False) -> None:
    """A row is never split across pages; a header row is repeated on every page."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))


def _line(
    cell_paragraph: DocxParagraph,
    text: str,
    *,
    size: float = BODY_PT,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER,
) -> DocxRun:
    """One line of the formal parts: style "Formal" (no indent, no spacing, Times New Roman from
    the styles), only what differs set on the run."""
    cell_paragraph._p.style = _FORMAL
    if align != WD_ALIGN_PARAGRAPH.CENTER:
        cell_paragraph.alignment = align
    run = cell_paragraph.add_run(text)
    if size != BODY_PT:
        run.font.size = Pt(size)
    if bold:
        run.bold = True
    if italic:
        run.italic = True
    if underline:
        run.underline = True
    return run


def _rule(paragraph: DocxParagraph, length_mm: float, room_mm: float) -> None:
    """A short centred rule (đường kẻ ngang, nét liền): an empty paragraph's bottom border,
    indented from both sides so that it is `length_mm` long."""
    # w:pBdr and the mark's w:rPr first: python-docx then inserts spacing and indents in the
    # schema's order around them.
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    p_pr.append(borders)
    # an empty paragraph would still be one body line high: make its mark tiny
    mark = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "4")
    mark.append(size)
    p_pr.append(mark)
    fmt = paragraph.paragraph_format
    fmt.space_before = Pt(4)  # clear of the descenders of the line above
    fmt.space_after = Pt(2)
    fmt.first_line_indent = Cm(0)
    side = max((room_mm - length_mm) / 2, 0.0)
    fmt.left_indent = Mm(side)
    fmt.right_indent = Mm(side)
    fmt.line_spacing = Pt(3)


def _head(doc: DocxDocument, document: Document, style: LayoutStyle) -> None:
    head = document.head
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fixed_widths(table, HEAD_COLUMNS_MM)
    left, right = table.rows[0].cells
    bold = issuer_bold(head.layout, head.issuer_lines)
    for i, line in enumerate(head.issuer_lines):
        paragraph = left.paragraphs[0] if i == 0 else left.add_paragraph()
        _line(paragraph, line, size=style.issuer_pt, bold=bold[i])
    if head.layout == "admin" and any(bold):
        # Decree 30: a rule under the issuing body, 1/3 to 1/2 as long as its name
        longest = max(
            text_width_mm(line, style.issuer_pt, bold=True)
            for line, b in zip(head.issuer_lines, bold, strict=True)
            if b
        )
        room = HEAD_COLUMNS_MM[0] - 2 * CELL_MARGIN_MM
        _rule(left.add_paragraph(), RULE_SHARE * longest, room)
    number = left.add_paragraph()
    _line(number, head.number, size=style.number_pt)
    number.paragraph_format.space_before = Pt(6 if head.layout == "admin" else 0)
    if head.layout == "party":
        _line(
            right.paragraphs[0],
            head.national_lines[0],
            size=style.national_pt,
            bold=True,
            underline=True,
        )
    else:
        _line(right.paragraphs[0], head.national_lines[0], size=style.national_pt, bold=True)
        _line(
            right.add_paragraph(),
            head.national_lines[1],
            size=style.motto_pt,
            bold=True,
            underline=True,
        )
    place = right.add_paragraph()
    place.paragraph_format.space_before = Pt(12)
    _line(place, head.place_date, size=style.place_date_pt, italic=True)
    title = doc.add_paragraph()
    title.paragraph_format.space_before = Pt(18)
    title.paragraph_format.keep_with_next = True
    _line(title, head.title, size=style.title_pt, bold=True)
    _subject(doc, head.subtitle, style)


def _subject(doc: DocxDocument, subject: str, style: LayoutStyle) -> None:
    """The subject line (trích yếu), broken into even lines, and the mark under it."""
    room = TEXT_WIDTH_MM - 20  # kept off the margins, as the samples centre it
    lines = balanced_lines(
        subject, room, lambda text: text_width_mm(text, style.subtitle_pt, bold=True)
    )
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.keep_with_next = True
    for i, line in enumerate(lines):
        run = _line(paragraph, line, size=style.subtitle_pt, bold=True)
        if i < len(lines) - 1:
            run.add_break(WD_BREAK.LINE)
    if style.subject_mark == "rule":
        widest = max((text_width_mm(x, style.subtitle_pt, bold=True) for x in lines), default=0)
        mark = doc.add_paragraph()
        _rule(mark, RULE_SHARE * widest, TEXT_WIDTH_MM)
        mark.paragraph_format.space_after = Pt(12)
    else:
        mark = doc.add_paragraph()
        _line(mark, style.subject_mark, size=style.subtitle_pt)
        mark.paragraph_format.space_after = Pt(12)


def _runs(paragraph: DocxParagraph, runs: tuple[Run, ...]) -> None:
    for r in runs:
        run = paragraph.add_run(r.text)
        if r.bold:
            run.bold = True
        if r.italic:
            run.italic = True


def _table_widths(block: Table) -> tuple[float, ...]:
    return column_widths(
        block.header,
        block.rows,
        block.numeric,
        TEXT_WIDTH_MM,
        lambda text: text_width_mm(text, TABLE_PT, bold=True),
        padding=2 * CELL_MARGIN_MM + 0.5,
    )


def _table(doc: DocxDocument, block: Table) -> None:
    caption = doc.add_paragraph()
    caption.paragraph_format.keep_with_next = True
    _line(caption, block.title, bold=True)
    table = doc.add_table(rows=1 + len(block.rows), cols=len(block.header))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    rows = table.rows
    _row_flags(rows[0], header=True)
    for cell, text in zip(rows[0].cells, block.header, strict=True):
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        paragraph = cell.paragraphs[0]
        paragraph._p.style = _CELL_HEAD
        paragraph.paragraph_format.keep_with_next = True
        paragraph.add_run(text)
    styles = [_CELL_FIGURE if numeric else _CELL for numeric in block.numeric]
    for row, values in zip(rows[1:], block.rows, strict=True):
        _row_flags(row)
        for cell, text, style in zip(row.cells, values, styles, strict=True):
            paragraph = cell.paragraphs[0]
            paragraph._p.style = style
            paragraph.add_run(text)
    _fixed_widths(table, _table_widths(block))
    if block.note:
        _line(
            doc.add_paragraph(),
            block.note,
            size=TABLE_PT,
            italic=True,
            align=WD_ALIGN_PARAGRAPH.LEFT,
        )


def _chart(doc: DocxDocument, block: Chart) -> None:
    caption = doc.add_paragraph()
    caption.paragraph_format.keep_with_next = True
    _line(caption, block.title, bold=True)
    picture = doc.add_paragraph()
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.add_run().add_picture(io.BytesIO(chart_png(block)), width=Cm(15))


def _keep_last_with_next(doc: DocxDocument) -> None:
    """The last paragraph of the text (or the last row of a closing table) keeps with what
    follows, so the signature block never stands alone on the last page."""
    body = doc.element.body
    last = next((el for el in reversed(body) if el.tag in (qn("w:p"), qn("w:tbl"))), None)
    if last is None:
        return
    if last.tag == qn("w:tbl"):
        table = DocxTable(last, doc._body)
        paragraphs = [p for cell in table.rows[-1].cells for p in cell.paragraphs]
    else:
        paragraphs = [DocxParagraph(last, doc._body)]
    for paragraph in paragraphs:
        paragraph.paragraph_format.keep_with_next = True


def _foot(doc: DocxDocument, document: Document, style: LayoutStyle) -> None:
    """Recipients (left) and signature (right) in one row that cannot split, kept on the page
    of the paragraph before it; room for the signature and seal above the signer's name."""
    head = document.head
    _keep_last_with_next(doc)
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    _fixed_widths(table, (TEXT_WIDTH_MM / 2, TEXT_WIDTH_MM / 2))
    _row_flags(table.rows[0])
    left, right = table.rows[0].cells
    label = left.paragraphs[0]
    label.paragraph_format.space_before = Pt(6)
    _line(
        label,
        "Nơi nhận:",
        size=style.recipients_label_pt,
        bold=not style.recipients_label_underline,
        italic=not style.recipients_label_underline,
        underline=style.recipients_label_underline,
        align=WD_ALIGN_PARAGRAPH.LEFT,
    )
    for recipient in head.recipients:
        _line(
            left.add_paragraph(), recipient, size=style.recipients_pt, align=WD_ALIGN_PARAGRAPH.LEFT
        )
    first = right.paragraphs[0]
    first.paragraph_format.space_before = Pt(6)
    for i, line in enumerate(head.signature_lines):
        paragraph = first if i == 0 else right.add_paragraph()
        _line(paragraph, line, size=style.signature_pt, bold=True)
    for _ in range(SIGNATURE_BLANK_LINES):
        _line(right.add_paragraph(), "", size=style.signature_pt)
    _line(right.add_paragraph(), head.signer, size=style.signature_pt, bold=True)


def render_docx(document: Document) -> bytes:
    style = STYLES[document.head.layout]
    doc = new_docx()
    _styles(doc)
    _page(doc)
    doc.core_properties.title = f"{document.head.title} {document.head.subtitle}"
    doc.core_properties.language = document.language
    _head(doc, document, style)
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
    _foot(doc, document, style)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
