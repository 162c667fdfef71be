"""Both layouts as printed, read back with pdfplumber: the DOCX as LibreOffice lays it out
(converted to PDF) and the PDF of WeasyPrint. The national title on one line, the date
zero-padded, the subject in even lines, no table row split across pages, the header row
repeated, the signature block on the page of the text before it with room for the signature,
the text in Times New Roman (or its metric twin), the chart's font has every glyph.

The DOCX half needs LibreOffice (`scripts/system-deps.sh` installs libreoffice-writer-nogui; CI
runs it) and is skipped without it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pdfplumber
import pytest
from pdfplumber.page import Page
from pdfplumber.pdf import PDF

from dieuhanh.reports.pure.document import Chart, Heading
from dieuhanh.reports.render.docx import render_docx
from dieuhanh.reports.render.fonts import font_covers
from dieuhanh.reports.render.pdf import render_pdf
from dieuhanh.reports.render.png import chart_font, chart_text
from tests.reports.render.sample import (
    CHART,
    LAST_WORDS,
    ROW_LABEL,
    SIGNER,
    TABLE,
    sample_document,
)

SOFFICE = shutil.which("soffice")
LAYOUTS = ("admin", "party")
# What LibreOffice prints when a document names Times New Roman: the font itself or a
# metric-compatible substitute (same widths, so the same line breaks as Word).
TIMES = re.compile(r"TimesNewRoman|LiberationSerif|Tinos")


def _libreoffice(out: Path) -> dict[str, Path]:
    """Both DOCX layouts converted in one LibreOffice run, with a profile of its own."""
    if SOFFICE is None:
        # CI installs it (`make test` runs scripts/system-deps.sh): there a missing renderer is
        # a failure, not a pass that checked nothing.
        if os.environ.get("CI"):
            pytest.fail(
                "LibreOffice (soffice) is missing in CI: scripts/system-deps.sh must install it"
            )
        pytest.skip("LibreOffice (soffice) is not installed: run scripts/system-deps.sh")
    for layout in LAYOUTS:
        (out / f"{layout}.docx").write_bytes(render_docx(sample_document(layout)))
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{out / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *(str(out / f"{layout}.docx") for layout in LAYOUTS),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return {layout: out / f"{layout}.pdf" for layout in LAYOUTS}


def _weasyprint(out: Path) -> dict[str, Path]:
    for layout in LAYOUTS:
        (out / f"{layout}.pdf").write_bytes(render_pdf(sample_document(layout)))
    return {layout: out / f"{layout}.pdf" for layout in LAYOUTS}


@pytest.fixture(scope="module", params=["docx-libreoffice", "pdf-weasyprint"])
def pdfs(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, PDF]]:
    out = tmp_path_factory.mktemp(request.param)
    make = _libreoffice if request.param == "docx-libreoffice" else _weasyprint
    opened = {layout: pdfplumber.open(path) for layout, path in make(out).items()}
    yield opened
    for pdf in opened.values():
        pdf.close()


def _text(page: Page) -> str:
    return page.extract_text() or ""


def _flat(text: str) -> str:
    return " ".join(text.split())


def _lines(page: Page) -> list[str]:
    return [_flat(line) for line in _text(page).splitlines()]


@pytest.mark.parametrize(
    ("layout", "title"),
    [("admin", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), ("party", "ĐẢNG CỘNG SẢN VIỆT NAM")],
)
def test_the_national_title_is_on_one_line(pdfs: dict[str, PDF], layout: str, title: str) -> None:
    assert any(title in line for line in _lines(pdfs[layout].pages[0]))


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_date_is_zero_padded(pdfs: dict[str, PDF], layout: str) -> None:
    assert "Chư Sê, ngày 05 tháng 7 năm 2021" in _flat(_text(pdfs[layout].pages[0]))


@pytest.mark.parametrize("layout", LAYOUTS)
def test_no_word_of_the_subject_is_alone_on_its_line(pdfs: dict[str, PDF], layout: str) -> None:
    lines = _lines(pdfs[layout].pages[0])
    start = lines.index("BÁO CÁO") + 1
    subject = lines[start : start + 2]
    assert " ".join(subject) == _flat(sample_document(layout).head.subtitle)
    assert all(len(line.split()) > 1 for line in subject)


def _table_rows(page: Page) -> list[list[str]]:
    """The rows of the ruled tables of a page, each cell's lines joined."""
    return [
        [_flat(cell or "") for cell in row]
        for table in page.find_tables()
        for row in table.extract()
    ]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_no_table_row_is_split_across_pages(pdfs: dict[str, PDF], layout: str) -> None:
    labels = [row[1] for page in pdfs[layout].pages for row in _table_rows(page) if len(row) > 1]
    rows = [label for label in labels if label.startswith("Chỉ tiêu ") and label != "Chỉ tiêu"]
    # a split row would print its label in two parts, one on each page
    assert rows == [ROW_LABEL.format(n=n) for n in range(1, len(TABLE.rows) + 1)]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_header_row_is_repeated_on_every_page_of_the_table(
    pdfs: dict[str, PDF], layout: str
) -> None:
    tables = [_table_rows(page) for page in pdfs[layout].pages]
    pages = [rows for rows in tables if any(row and row[0].isdigit() for row in rows)]
    assert len(pages) >= 2  # the sample's table crosses a page
    header = [_flat(text) for text in TABLE.header]
    assert all(rows[0] == header for rows in pages)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_signature_block_is_on_the_page_of_the_last_paragraph(
    pdfs: dict[str, PDF], layout: str
) -> None:
    title = sample_document(layout).head.signature_lines[0]
    pages = [_flat(_text(page)) for page in pdfs[layout].pages]
    signed = [i for i, page in enumerate(pages) if title in page]
    assert len(signed) == 1
    assert LAST_WORDS in pages[signed[0]]
    assert SIGNER in pages[signed[0]]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_three_blank_lines_of_room_above_the_signer(pdfs: dict[str, PDF], layout: str) -> None:
    head = sample_document(layout).head
    page = next(p for p in pdfs[layout].pages if head.signature_lines[-1] in _text(p))
    words = page.extract_words()
    office = max(w["bottom"] for w in words if w["text"] == head.signature_lines[-1].split()[-1])
    name = min(w["top"] for w in words if w["text"] == SIGNER.split()[-1])
    line = 14 * 1.15  # a 14 pt line, single spacing
    assert name - office >= 3 * line


@pytest.mark.parametrize("layout", LAYOUTS)
def test_headings_are_printed_in_times_new_roman(pdfs: dict[str, PDF], layout: str) -> None:
    headings = [b.text for b in sample_document(layout).blocks if isinstance(b, Heading)]
    checked = 0
    for page in pdfs[layout].pages:
        for line in page.extract_text_lines(return_chars=True):
            if _flat(line["text"]) in headings:
                fonts = {c["fontname"] for c in line["chars"] if c["text"].strip()}
                assert all(TIMES.search(f) and "Bold" in f for f in fonts), fonts
                checked += 1
    assert checked == len(headings)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_whole_text_is_in_times_new_roman(pdfs: dict[str, PDF], layout: str) -> None:
    fonts = {c["fontname"] for page in pdfs[layout].pages for c in page.chars}
    assert fonts and all(TIMES.search(f) for f in fonts), fonts


def test_every_chart_label_character_is_in_the_chart_font() -> None:
    assert isinstance(CHART, Chart)
    text = chart_text(CHART)
    assert "ủ" in text and "ư" in text  # the characters that drew boxes
    assert font_covers(chart_font(), text)
