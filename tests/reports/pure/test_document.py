"""The report's markup (reports/pure/document.py): headings, paragraphs and bullets, bold and
italic runs, tables and charts placed by directives, an unknown table named by its line."""

from __future__ import annotations

import pytest

from dieuhanh.reports.pure.document import (
    Bullet,
    Chart,
    ChartBar,
    Heading,
    MarkupError,
    Paragraph,
    Run,
    Table,
    parse_inline,
    parse_markup,
)

TABLE = Table("Bảng", ("A", "B"), (("x", "1"),), (False, True))
EMPTY = Table("Trống", ("A",), (), (False,))
CHART = Chart("Cơ cấu", (ChartBar("a", 1.0, None),), "%", ("nay", "trước"))


def test_headings_paragraphs_and_bullets() -> None:
    blocks = parse_markup(
        "# I. KẾT QUẢ\n## 1. Kinh tế\nDòng một\ndòng hai.\n\n- gạch đầu dòng\n",
        tables={},
        charts={},
    )
    assert blocks == (
        Heading(1, "I. KẾT QUẢ"),
        Heading(2, "1. Kinh tế"),
        Paragraph((Run("Dòng một dòng hai."),)),
        Bullet((Run("gạch đầu dòng"),)),
    )


def test_bold_and_italic_runs() -> None:
    assert parse_inline("a **b** *c* d") == (
        Run("a "),
        Run("b", bold=True),
        Run(" "),
        Run("c", italic=True),
        Run(" d"),
    )


def test_directives_place_tables_and_charts_and_skip_empty_ones() -> None:
    blocks = parse_markup(
        "[[table:main]]\n[[table:empty]]\n[[chart:structure]]",
        tables={"main": TABLE, "empty": EMPTY},
        charts={"structure": CHART},
    )
    assert blocks == (TABLE, CHART)


def test_an_unknown_table_is_an_error_naming_the_line() -> None:
    with pytest.raises(MarkupError) as info:
        parse_markup("text\n\n[[table:nope]]", tables={"main": TABLE}, charts={})
    assert info.value.line == 3
    assert "nope" in info.value.message_vi
    assert "main" in info.value.message_en


def test_escaped_text_is_literal_markup() -> None:
    from dieuhanh.reports.pure.document import Heading, Paragraph, markup_escape, parse_markup

    hostile = "# giả\n- mục\n[[table:tasks]]\n**đậm** a\\b"
    blocks = parse_markup(markup_escape(hostile), tables={}, charts={})
    assert len(blocks) == 1 and isinstance(blocks[0], Paragraph)
    assert not any(isinstance(b, Heading) for b in blocks)
    assert [(r.text, r.bold) for r in blocks[0].runs] == [
        ("# giả - mục [[table:tasks]] **đậm** a\\b", False)
    ]


def test_unescaped_template_markup_still_works() -> None:
    from dieuhanh.reports.pure.document import parse_markup

    blocks = parse_markup("**đậm** thường", tables={}, charts={})
    assert blocks[0].runs[0].bold  # type: ignore[union-attr]  # a paragraph
