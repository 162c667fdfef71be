"""The document as Markdown (for editing in any text editor or pasting into other systems)."""

from __future__ import annotations

import re

from dieuhanh.reports.pure.document import Bullet, Chart, Document, Heading, Paragraph, Run, Table
from dieuhanh.vn.numbers import format_number

# Characters that would make Markdown of a text (emphasis, links, code, raw HTML, tables); a
# backslash before any ASCII punctuation is a literal in CommonMark.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|!~&])")
_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])")


def md_escape(text: str) -> str:
    """`text` literal in Markdown: no emphasis, link, image, HTML tag or entity, no heading,
    quote, list or rule from the start of the text."""
    text = " ".join(text.splitlines())
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: m.group(1) + _escape_start(m.group(2)), text)


def _escape_start(token: str) -> str:
    if token[0].isdigit():
        return token[:-1] + "\\" + token[-1]
    return "\\" + token


def _runs(runs: tuple[Run, ...]) -> str:
    out = []
    for i, r in enumerate(runs):
        text = md_escape(r.text) if i == 0 else _INLINE_SPECIAL.sub(r"\\\1", r.text)
        if r.bold:
            text = f"**{text}**"
        elif r.italic:
            text = f"*{text}*"
        out.append(text)
    return "".join(out)


def _cell(text: str) -> str:
    return _INLINE_SPECIAL.sub(r"\\\1", " ".join(text.splitlines()))


def render_markdown(document: Document) -> str:
    head = document.head
    lines = [
        *[f"**{line}**" if line != "*" else "\\*" for line in head.issuer_lines],
        "",
        head.number,
        "",
        *[f"**{line}**" for line in head.national_lines],
        "",
        f"*{head.place_date}*",
        "",
        f"# {head.title}",
        "",
        f"**{head.subtitle}**",
        "",
    ]
    for block in document.blocks:
        if isinstance(block, Heading):
            lines += ["#" * (block.level + 1) + " " + _cell(block.text), ""]
        elif isinstance(block, Paragraph):
            lines += [_runs(block.runs), ""]
        elif isinstance(block, Bullet):
            lines.append("- " + _runs(block.runs))  # a bullet's own text may start with "-"
        elif isinstance(block, Table):
            lines += ["", f"**{_cell(block.title)}**", ""]
            lines.append("| " + " | ".join(_cell(h) for h in block.header) + " |")
            lines.append("|" + "|".join("---:" if n else "---" for n in block.numeric) + "|")
            lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in block.rows]
            if block.note:
                lines += ["", f"*{_cell(block.note)}*"]
            lines.append("")
        elif isinstance(block, Chart):
            lines += ["", f"**{_cell(block.title)}**", ""]
            lines.append(f"| | {_cell(block.legend[0])} | {_cell(block.legend[1])} |")
            lines.append("|---|---:|---:|")
            for bar in block.bars:
                before = "" if bar.previous is None else format_number(bar.previous, 2)
                lines.append(
                    f"| {_cell(bar.label)} | {format_number(bar.value, 2)}{block.unit} | "
                    f"{before}{block.unit if before else ''} |"
                )
            lines.append("")
    lines += ["", *[f"**{line}**" for line in head.signature_lines]]
    if head.signer:
        lines += ["", f"**{head.signer}**"]
    lines += ["", "*Nơi nhận:*", *[f"{r}  " for r in head.recipients], ""]
    return "\n".join(lines).replace("\n\n\n", "\n\n")
