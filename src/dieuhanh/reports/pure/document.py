"""The report as plain data (a document model) and the small markup its templates write.

A template renders to markup: `#`/`##`/`###` headings, paragraphs separated by blank lines,
`- ` bullets, `**bold**` and `*italic*`, and directive lines `[[table:NAME]]` / `[[chart:NAME]]`
that place a table or chart from the composed data. Every renderer (Markdown, HTML, DOCX, PDF)
works from the same `Document`, so the formats say the same thing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = [
    "Block",
    "Bullet",
    "Chart",
    "ChartBar",
    "Document",
    "DocumentHead",
    "Heading",
    "MarkupError",
    "Paragraph",
    "Run",
    "Table",
    "document_text",
    "issuer_body_index",
    "markup_escape",
    "parse_inline",
    "parse_markup",
]


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    runs: tuple[Run, ...]


@dataclass(frozen=True)
class Bullet:
    runs: tuple[Run, ...]


@dataclass(frozen=True)
class Table:
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]
    """Per column: right-aligned figures."""
    note: str = ""


@dataclass(frozen=True)
class ChartBar:
    label: str
    value: float
    previous: float | None


@dataclass(frozen=True)
class Chart:
    title: str
    bars: tuple[ChartBar, ...]
    unit: str
    legend: tuple[str, str]
    """Labels of the two series: this period, the same period last year."""


Block = Heading | Paragraph | Bullet | Table | Chart


@dataclass(frozen=True)
class DocumentHead:
    """The official header, title and signature block of the layout (thể thức văn bản)."""

    layout: str
    """"party" (Hướng dẫn 36-HD/VPTW) or "admin" (Nghị định 30/2020/NĐ-CP)."""
    issuer_lines: tuple[str, ...]
    """Top left: "ĐẢNG BỘ TỈNH GIA LAI", "HUYỆN ỦY CHƯ SÊ" (the last line is the issuing body)."""
    national_lines: tuple[str, ...]
    """Top right: "ĐẢNG CỘNG SẢN VIỆT NAM" or the national title and motto."""
    number: str
    """"Số      -BC/HU" / "Số:      /BC-UBND"."""
    place_date: str
    title: str
    subtitle: str
    signature_lines: tuple[str, ...]
    """"T/M BAN THƯỜNG VỤ", "BÍ THƯ"."""
    signer: str
    recipients: tuple[str, ...]


@dataclass(frozen=True)
class Document:
    head: DocumentHead
    blocks: tuple[Block, ...]
    language: str = "vi"
    metadata: Mapping[str, str] = field(default_factory=dict)


class MarkupError(ValueError):
    """The markup a template wrote cannot be laid out (e.g. an unknown table name)."""

    def __init__(self, line: int, message_vi: str, message_en: str) -> None:
        super().__init__(message_en)
        self.line = line
        self.message_vi = message_vi
        self.message_en = message_en


_INLINE = re.compile(r"\*\*(.+?)\*\*|\*(.+?)\*")
# A backslash makes the next markup character literal (text from people and records: notes,
# task titles); the escapes become private-use characters while the markup is read.
_ESCAPABLE = "\\*[]#-_"
_ESCAPE = re.compile(r"\\([\\*\[\]#\-_])")
_PRIVATE = 0xE000


def markup_escape(text: str) -> str:
    """`text` as literal markup: no emphasis, heading, bullet or directive can come from it."""
    out = []
    for line in text.split("\n"):
        escaped = "".join("\\" + c if c in "\\*[]_" else c for c in line)
        stripped = escaped.lstrip()
        if stripped.startswith(("#", "- ", "-\t")) or stripped == "-":
            escaped = escaped[: len(escaped) - len(stripped)] + "\\" + stripped
        out.append(escaped)
    return "\n".join(out)


def _protect(text: str) -> str:
    return _ESCAPE.sub(lambda m: chr(_PRIVATE + _ESCAPABLE.index(m.group(1))), text)


def _restore(text: str) -> str:
    for i, c in enumerate(_ESCAPABLE):
        text = text.replace(chr(_PRIVATE + i), c)
    return text


_DIRECTIVE = re.compile(r"^\[\[(table|chart):([a-z0-9_]+)\]\]$")


def parse_inline(text: str) -> tuple[Run, ...]:
    """`**bold**` and `*italic*` in a line of text; anything else is literal, and so is a
    character after a backslash (`markup_escape`)."""
    text = _protect(text)
    runs: list[Run] = []
    pos = 0
    for match in _INLINE.finditer(text):
        if match.start() > pos:
            runs.append(Run(text[pos : match.start()]))
        if match.group(1) is not None:
            runs.append(Run(match.group(1), bold=True))
        else:
            runs.append(Run(match.group(2), italic=True))
        pos = match.end()
    if pos < len(text):
        runs.append(Run(text[pos:]))
    return tuple(Run(_restore(r.text), r.bold, r.italic) for r in runs)


def parse_markup(
    markup: str, *, tables: Mapping[str, Table], charts: Mapping[str, Chart]
) -> tuple[Block, ...]:
    """The blocks of a rendered template; a directive naming no known table/chart is an error
    naming its line (an empty table is left out)."""
    blocks: list[Block] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            text = " ".join(line.strip() for line in paragraph).strip()
            if text:
                blocks.append(Paragraph(parse_inline(text)))
            paragraph.clear()

    for number, raw in enumerate(markup.splitlines(), start=1):
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped:
            flush()
            continue
        heading = re.match(r"^(#{1,3})\s+(.*)$", stripped)
        directive = _DIRECTIVE.match(stripped)
        if heading:
            flush()
            text = _restore(_protect(heading.group(2).strip()))
            blocks.append(Heading(len(heading.group(1)), text))
        elif directive:
            flush()
            kind, name = directive.groups()
            source: Mapping[str, Table] | Mapping[str, Chart] = (
                tables if kind == "table" else charts
            )
            if name not in source:
                known = ", ".join(sorted(source)) or "—"
                raise MarkupError(
                    number,
                    f"Dòng {number}: không có {'bảng' if kind == 'table' else 'biểu đồ'} "
                    f"“{name}” (có: {known}).",
                    f"Line {number}: there is no {kind} “{name}” (known: {known}).",
                )
            item = source[name]
            if (isinstance(item, Table) and item.rows) or (isinstance(item, Chart) and item.bars):
                blocks.append(item)
        elif stripped.startswith("- "):
            flush()
            blocks.append(Bullet(parse_inline(stripped[2:].strip())))
        else:
            paragraph.append(stripped)
    flush()
    return tuple(blocks)


def issuer_body_index(lines: tuple[str, ...]) -> int:
    """Which header line names the issuing body (set in bold): the last, or the one before a
    closing "*"."""
    if len(lines) > 1 and lines[-1] == "*":
        return len(lines) - 2
    return len(lines) - 1


def _runs_text(runs: tuple[Run, ...]) -> str:
    return "".join(r.text for r in runs)


def document_text(document: Document) -> list[str]:
    """The document's text, one item per line or cell, in reading order (for comparing formats)."""
    head = document.head
    out: list[str] = [*head.issuer_lines, *head.national_lines, head.number, head.place_date]
    out += [head.title, head.subtitle]
    for block in document.blocks:
        if isinstance(block, Heading):
            out.append(block.text)
        elif isinstance(block, Paragraph | Bullet):
            out.append(_runs_text(block.runs))
        elif isinstance(block, Table):
            out.append(block.title)
            out += list(block.header)
            for row in block.rows:
                out += list(row)
        else:
            out.append(block.title)
            out += [bar.label for bar in block.bars]
    out += [*head.signature_lines, head.signer, *head.recipients]
    return [line for line in out if line.strip()]
