"""The document as Markdown (for editing in any text editor or pasting into other systems)."""

from __future__ import annotations

from dieuhanh.reports.pure.document import Bullet, Chart, Document, Heading, Paragraph, Run, Table
from dieuhanh.vn.numbers import format_number


def _runs(runs: tuple[Run, ...]) -> str:
    out = []
    for r in runs:
        text = r.text
        if r.bold:
            text = f"**{text}**"
        elif r.italic:
            text = f"*{text}*"
        out.append(text)
    return "".join(out)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


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
            lines += ["#" * (block.level + 1) + " " + block.text, ""]
        elif isinstance(block, Paragraph):
            lines += [_runs(block.runs), ""]
        elif isinstance(block, Bullet):
            lines.append("- " + _runs(block.runs))
        elif isinstance(block, Table):
            lines += ["", f"**{block.title}**", ""]
            lines.append("| " + " | ".join(_cell(h) for h in block.header) + " |")
            lines.append("|" + "|".join("---:" if n else "---" for n in block.numeric) + "|")
            lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in block.rows]
            if block.note:
                lines += ["", f"*{block.note}*"]
            lines.append("")
        elif isinstance(block, Chart):
            lines += ["", f"**{block.title}**", ""]
            lines.append(f"| | {block.legend[0]} | {block.legend[1]} |")
            lines.append("|---|---:|---:|")
            for bar in block.bars:
                before = "" if bar.previous is None else format_number(bar.previous, 2)
                lines.append(
                    f"| {bar.label} | {format_number(bar.value, 2)}{block.unit} | "
                    f"{before}{block.unit if before else ''} |"
                )
            lines.append("")
    lines += ["", *[f"**{line}**" for line in head.signature_lines]]
    if head.signer:
        lines += ["", f"**{head.signer}**"]
    lines += ["", "*Nơi nhận:*", *[f"{r}  " for r in head.recipients], ""]
    return "\n".join(lines).replace("\n\n\n", "\n\n")
