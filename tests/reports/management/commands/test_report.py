"""`dieuhanh report review` on the demo: the files as a user opens them (DOCX layout, PDF text)."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import docx
import pypdf
import pytest
from docx.shared import Pt

GOLDEN = (
    # The article's sentence with each figure's price basis named (issue 16: growth with its basis).
    "Tổng giá trị sản xuất ước đạt trên 5.700 tỷ đồng (giá hiện hành), tăng 5,56% so với cùng kỳ "
    "năm trước (giá so sánh 2010)",
    "ngành nông, lâm, thủy sản ước đạt trên 1.800 tỷ đồng",
    "công nghiệp - xây dựng trên 2.190 tỷ đồng",
    "thương mại - dịch vụ trên 1.200 tỷ đồng",
    "Thu ngân sách nhà nước trên địa bàn đạt 55,16 tỷ đồng",
)


def report(env: dict[str, str], tmp: Path, fmt: str, *extra: str) -> Path:
    out = tmp / f"review.{fmt}"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "dieuhanh.cli",
            "report",
            "review",
            "--unit",
            "633",
            "--period",
            "2021S1",
            "--format",
            fmt,
            "-o",
            str(out),
            *extra,
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def files(demo_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("reports")
    return {fmt: report(demo_env, tmp, fmt) for fmt in ("md", "docx", "pdf", "html")}


@pytest.mark.parametrize("sentence", GOLDEN)
def test_markdown_has_the_articles_sentences(files: dict[str, Path], sentence: str) -> None:
    assert sentence in files["md"].read_text(encoding="utf-8")


def test_docx_page_is_a4_with_the_decree_margins(files: dict[str, Path]) -> None:
    section = docx.Document(str(files["docx"])).sections[0]
    sizes = (
        section.page_width,
        section.page_height,
        section.top_margin,
        section.bottom_margin,
        section.left_margin,
        section.right_margin,
    )
    assert [round(s.mm) for s in sizes] == [210, 297, 20, 20, 30, 15]  # type: ignore[union-attr]  # all set in the file


def test_docx_text_is_times_new_roman_14(files: dict[str, Path]) -> None:
    normal = docx.Document(str(files["docx"])).styles["Normal"]
    assert (normal.font.name, normal.font.size) == ("Times New Roman", Pt(14))


def test_docx_has_real_headings(files: dict[str, Path]) -> None:
    document = docx.Document(str(files["docx"]))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]  # type: ignore[union-attr]  # every paragraph has a style
    assert headings[0] == "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ 6 THÁNG ĐẦU NĂM 2021"
    assert "III. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2021" in headings


def test_docx_party_header_block(files: dict[str, Path]) -> None:
    head = docx.Document(str(files["docx"])).tables[0]
    left, right = (cell.text.splitlines() for cell in head.rows[0].cells)
    assert left[:3] == ["ĐẢNG BỘ TỈNH GIA LAI", "HUYỆN ỦY CHƯ SÊ", "*"]
    assert left[3].endswith("-BC/HU")
    assert right[0] == "ĐẢNG CỘNG SẢN VIỆT NAM"
    place = head.rows[0].cells[1].paragraphs[1]
    assert place.text.startswith("Chư Sê, ngày") and place.runs[0].italic


def test_docx_page_numbers_start_on_page_two(files: dict[str, Path]) -> None:
    section = docx.Document(str(files["docx"])).sections[0]
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml  # a PAGE field in the header of later pages
    assert "PAGE" not in section.first_page_header._element.xml


def test_docx_tables_and_chart(files: dict[str, Path]) -> None:
    document = docx.Document(str(files["docx"]))
    key = document.tables[1]
    assert key.rows[0].cells[0].text == "Chỉ tiêu"
    assert key.rows[1].cells[3].text == "5.716,35*"
    assert len(document.inline_shapes) == 1  # the structure chart


def test_docx_signature_and_recipients(files: dict[str, Path]) -> None:
    foot = docx.Document(str(files["docx"])).tables[-1]
    assert foot.rows[0].cells[0].text.startswith("Nơi nhận:")
    assert foot.rows[0].cells[1].text.startswith("T/M BAN THƯỜNG VỤ")


def _body_text(page: pypdf.PageObject, number: int) -> str:
    """A PDF page's text without its page number and without the chart's labels (drawn in the
    chart's own coordinate system; the DOCX has the chart as a picture), so that a paragraph
    running on to the next page reads as one."""
    chunks: list[tuple[tuple[float, ...], str]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        chunks.append((tuple(round(x, 2) for x in cm), text))

    page.extract_text(visitor_text=visit)
    drawn = Counter(cm for cm, text in chunks if text.strip())
    if not drawn:
        return ""
    body = drawn.most_common(1)[0][0]
    return " ".join(text for cm, text in chunks if cm == body and text.strip() != str(number))


def test_pdf_has_the_same_text_as_the_docx(files: dict[str, Path]) -> None:
    pages = []
    for number, page in enumerate(pypdf.PdfReader(str(files["pdf"])).pages, start=1):
        pages.append(_body_text(page, number))
    # Compared without white space: a PDF line may break after a hyphen ("205/QĐ-" / "UBND").
    pdf = re.sub(r"\s+", "", " ".join(pages))
    document = docx.Document(str(files["docx"]))
    body = [re.sub(r"\s+", "", p.text) for p in document.paragraphs if p.text.strip()]
    cells = [re.sub(r"\s+", "", c.text) for t in document.tables for r in t.rows for c in r.cells]
    missing = [t for t in body + cells if t and t not in pdf]
    assert missing == []


def test_pdf_is_a4(files: dict[str, Path]) -> None:
    page = pypdf.PdfReader(str(files["pdf"])).pages[0]
    width_mm, height_mm = (
        float(x) * 25.4 / 72 for x in (page.mediabox.width, page.mediabox.height)
    )
    assert (round(width_mm), round(height_mm)) == (210, 297)


def test_html_is_a_whole_page_without_scripts(files: dict[str, Path]) -> None:
    html = files["html"].read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<script" not in html
    assert all(s in html for s in GOLDEN)


def test_the_administrative_layout_on_the_command_line(
    demo_env: dict[str, str], tmp_path: Path
) -> None:
    out = report(demo_env, tmp_path, "docx", "--layout", "admin", "--date", "2021-07-15")
    head = docx.Document(str(out)).tables[0]
    assert head.rows[0].cells[1].text.splitlines() == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Chư Sê, ngày 15 tháng 7 năm 2021",
    ]


def test_a_bad_period_fails_with_one_line_and_no_file(
    demo_env: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "x.md"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "dieuhanh.cli",
            "report",
            "review",
            "--unit",
            "633",
            "--period",
            "2021S3",
            "--format",
            "md",
            "-o",
            str(out),
        ],
        env=demo_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_a_broken_template_names_its_line_and_writes_nothing(
    demo_env: dict[str, str], tmp_path: Path
) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "review.md.j2").write_text(
        "# Báo cáo\n\n{{ economy.paragraphs[0] | nosuchfilter }}\n"
    )
    out = tmp_path / "x.docx"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "dieuhanh.cli",
            "report",
            "review",
            "--unit",
            "633",
            "--period",
            "2021S1",
            "--format",
            "docx",
            "-o",
            str(out),
        ],
        env={**demo_env, "DIEUHANH_REPORT_TEMPLATES": str(templates)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "line 3" in result.stderr
    assert not out.exists()


def test_docx_opens_from_bytes(files: dict[str, Path]) -> None:
    assert docx.Document(io.BytesIO(files["docx"].read_bytes())).paragraphs


def test_the_console_warns_of_parts_left_out_without_a_note(db: None, tmp_path: Path) -> None:
    from django.core.management import call_command

    err = io.StringIO()
    call_command(
        "report",
        "review",
        "--unit",
        "633",
        "--period",
        "2021S1",
        "--format",
        "md",
        "-o",
        str(tmp_path / "review.md"),
        stdout=io.StringIO(),
        stderr=err,
    )
    assert "“limitations”" in err.getvalue()
    assert "“directions”" in err.getvalue()
