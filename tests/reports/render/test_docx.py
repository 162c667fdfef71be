"""The DOCX's structure (reports/render/docx.py), read back with python-docx: no theme font in
styles.xml, the header table's grid equal to its cells, header rows repeated, rows that do not
split, room for the signature, the layouts' type sizes."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt

from dieuhanh.reports.render.docx import FONT, HEAD_COLUMNS_MM, render_docx
from tests.reports.render.sample import SIGNER, TABLE, sample_document

LAYOUTS = ("admin", "party")


def _docx(layout: str) -> docx.document.Document:
    return docx.Document(io.BytesIO(render_docx(sample_document(layout))))


def _styles_xml(layout: str) -> str:
    with zipfile.ZipFile(io.BytesIO(render_docx(sample_document(layout)))) as package:
        return package.read("word/styles.xml").decode("utf-8")


def test_no_theme_font_is_left_in_the_styles() -> None:
    styles = _styles_xml("admin")
    assert "Theme=" not in styles and "cstheme" not in styles
    assert "Calibri" not in styles and "Cambria" not in styles


@pytest.mark.parametrize("level", [1, 2, 3])
def test_heading_styles_name_times_new_roman(level: int) -> None:
    rfonts = _docx("admin").styles[f"Heading {level}"].element.rPr.find(qn("w:rFonts"))
    assert {rfonts.get(qn(f"w:{a}")) for a in ("ascii", "hAnsi", "eastAsia", "cs")} == {FONT}


def test_the_header_grid_is_the_width_of_its_cells() -> None:
    table = _docx("admin").tables[0]
    grid = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    cells = [cell.width.twips for cell in table.rows[0].cells]
    assert grid == cells == [Mm(w).twips for w in HEAD_COLUMNS_MM]


def test_the_header_row_of_a_table_is_repeated_and_no_row_splits() -> None:
    table = _docx("admin").tables[1]
    rows = [row._tr.trPr for row in table.rows]
    assert rows[0].find(qn("w:tblHeader")) is not None
    assert all(tr_pr.find(qn("w:cantSplit")) is not None for tr_pr in rows)
    assert all(tr_pr.find(qn("w:tblHeader")) is None for tr_pr in rows[1:])


def test_the_label_column_is_wide_and_tt_narrow() -> None:
    widths = [cell.width.mm for cell in _docx("admin").tables[1].rows[0].cells]
    label = TABLE.header.index("Chỉ tiêu")
    assert widths[0] < 12
    assert widths[label] == max(widths)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_at_least_three_blank_lines_for_the_signature(layout: str) -> None:
    signature = _docx(layout).tables[-1].rows[0].cells[1].paragraphs
    texts = [p.text for p in signature]
    name = texts.index(SIGNER)
    blank = 0
    for text in reversed(texts[:name]):
        if text.strip():
            break
        blank += 1
    assert blank >= 3


def _run_size(document: docx.document.Document, text: str) -> Length | None:
    """The size a run is printed at: its own, else its paragraph style's or a base style's."""
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            if run.text == text:
                size = run.font.size
                style = paragraph.style
                while size is None and style is not None:
                    size, style = style.font.size, style.base_style
                return size
    raise AssertionError(text)


def test_admin_title_is_14_pt_and_party_title_16_pt() -> None:
    assert _run_size(_docx("admin"), "BÁO CÁO") == Pt(14)
    assert _run_size(_docx("party"), "BÁO CÁO") == Pt(16)


def test_both_lines_of_the_people_s_committee_are_bold() -> None:
    cell = _docx("admin").tables[0].rows[0].cells[0]
    lines = {p.text: all(r.bold for r in p.runs) for p in cell.paragraphs if p.text}
    assert lines["ỦY BAN NHÂN DÂN"] and lines["HUYỆN CHƯ SÊ"]


def test_a_rule_is_drawn_under_the_issuing_body() -> None:
    cell = _docx("admin").tables[0].rows[0].cells[0]
    ruled = [
        p
        for p in cell.paragraphs
        if p._p.pPr is not None and p._p.pPr.find(qn("w:pBdr")) is not None
    ]
    assert len(ruled) == 1 and ruled[0].text == ""


def test_the_party_header_has_no_rule_under_the_body() -> None:
    cell = _docx("party").tables[0].rows[0].cells[0]
    assert all(p._p.pPr is None or p._p.pPr.find(qn("w:pBdr")) is None for p in cell.paragraphs)
