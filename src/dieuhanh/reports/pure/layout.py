"""The official layouts' header and signature blocks, from the issuing unit (thể thức văn bản).

Party documents follow Guidance 36-HD/VPTW: "ĐẢNG CỘNG SẢN VIỆT NAM" top right, the Party body
top left ("ĐẢNG BỘ TỈNH GIA LAI / HUYỆN ỦY CHƯ SÊ / *"), "Số …-BC/HU", the place and date in
italics, "T/M BAN THƯỜNG VỤ". Administrative documents follow Decree 30/2020/NĐ-CP: the national
title and motto top right, "ỦY BAN NHÂN DÂN / HUYỆN CHƯ SÊ" top left, "Số: …/BC-UBND".
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from itertools import combinations, pairwise
from typing import TypedDict

from dieuhanh.reports.pure.document import DocumentHead

__all__ = [
    "LAYOUTS",
    "STYLES",
    "HeadOverrides",
    "IssuerFacts",
    "LayoutStyle",
    "balanced_lines",
    "column_widths",
    "document_head",
    "issuer_bold",
    "place_date_line",
    "upper_vi",
]

LAYOUTS = ("party", "admin")

_KIND_WORD = {
    "province": "tỉnh",
    "municipality": "thành phố",
    "district": "huyện",
    "urban_district": "quận",
    "town": "thị xã",
    "city": "thành phố",
    "commune": "xã",
    "ward": "phường",
    "township": "thị trấn",
    "special_zone": "đặc khu",
}


class HeadOverrides(TypedDict, total=False):
    """Fields of a DocumentHead that replace the layout's own (a unit's issuer settings)."""

    layout: str
    issuer_lines: tuple[str, ...]
    national_lines: tuple[str, ...]
    number: str
    place_date: str
    title: str
    subtitle: str
    signature_lines: tuple[str, ...]
    signer: str
    recipients: tuple[str, ...]


@dataclass(frozen=True)
class IssuerFacts:
    """The unit issuing the report, as the layouts need it (from its unit and its settings)."""

    kind: str
    """OrgUnit.kind: "district", "commune", "province", …"""
    name: str
    """Proper name without the kind word: "Chư Sê"."""
    level: int
    """1 province, 2 district, 3 commune."""
    parent_kind: str | None
    parent_name: str | None
    place: str
    """Where the report is signed: "Chư Sê"."""


_DISTRICT_BODY = {
    "district": ("HUYỆN ỦY", "-BC/HU"),
    "urban_district": ("QUẬN ỦY", "-BC/QU"),
    "town": ("THỊ ỦY", "-BC/TU"),
    "city": ("THÀNH ỦY", "-BC/TU"),
}


def upper_vi(text: str) -> str:
    return text.upper()


def _kind_word(kind: str | None) -> str:
    return _KIND_WORD.get(kind or "", "")


def place_date_line(place: str, issued_on: datetime.date | None, year: int) -> str:
    """ "Chư Sê, ngày 05 tháng 7 năm 2021"; without a date, blanks to fill in at signing.

    Decree 30/2020, Appendix I, II.4 (and Guidance 36-HD/VPTW alike): a day below 10 and the
    months 1 and 2 get a leading 0 (so that no digit can be put in front later); months 3-12 not.
    """
    if issued_on is None:
        return f"{place}, ngày      tháng      năm {year}"
    month = f"{issued_on.month:02d}" if issued_on.month <= 2 else str(issued_on.month)
    return f"{place}, ngày {issued_on.day:02d} tháng {month} năm {issued_on.year}"


@dataclass(frozen=True)
class LayoutStyle:
    """Type sizes (pt) and marks of a layout's formal parts (thể thức), shared by DOCX and HTML.

    admin: Decree 30/2020/NĐ-CP, Appendix I, part II; party: Guidance 36-HD/VPTW, part II.
    """

    issuer_pt: float
    """The issuing body and the body above it (12-13 admin, 14 Party)."""
    number_pt: float
    national_pt: float
    """The national title (12-13) / "ĐẢNG CỘNG SẢN VIỆT NAM" (15)."""
    motto_pt: float
    place_date_pt: float
    title_pt: float
    """ "BÁO CÁO": 13-14 admin, 15-16 Party, bold."""
    subtitle_pt: float
    subject_mark: str
    """Under the subject line: "rule" (a short line, Decree 30) or the text to print ("-----")."""
    signature_pt: float
    recipients_label_pt: float
    recipients_label_underline: bool
    """ "Nơi nhận:" bold italic 12 (admin) / underlined 14 (Party)."""
    recipients_pt: float


STYLES = {
    "admin": LayoutStyle(
        issuer_pt=13,
        number_pt=13,
        national_pt=13,
        motto_pt=14,
        place_date_pt=14,
        title_pt=14,
        subtitle_pt=14,
        subject_mark="rule",
        signature_pt=14,
        recipients_label_pt=12,
        recipients_label_underline=False,
        recipients_pt=11,
    ),
    "party": LayoutStyle(
        issuer_pt=14,
        number_pt=14,
        national_pt=15,
        motto_pt=14,
        place_date_pt=14,
        title_pt=16,
        subtitle_pt=14,
        subject_mark="-----",
        signature_pt=14,
        recipients_label_pt=14,
        recipients_label_underline=True,
        recipients_pt=12,
    ),
}

RULE_SHARE = 0.4
"""A rule under the issuing body or the subject is 1/3 to 1/2 as long as its text (Decree 30)."""

# Administrative bodies whose name the header breaks over two lines ("ỦY BAN NHÂN DÂN" /
# "HUYỆN CHƯ SÊ"): both lines are the issuing body's name, so both are bold (Decree 30 sample).
_SPLIT_BODY_NAMES = ("ỦY BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN")


def issuer_bold(layout: str, lines: Sequence[str]) -> tuple[bool, ...]:
    """Which header lines are bold: the issuing body's (the last before a closing "*"); in the
    administrative layout "ỦY BAN NHÂN DÂN" and the line after it, one name on two lines."""
    body = len(lines) - 2 if len(lines) > 1 and lines[-1] == "*" else len(lines) - 1
    bold = [i == body for i in range(len(lines))]
    if layout == "admin":
        for i, line in enumerate(lines[:-1]):
            if line.strip() in _SPLIT_BODY_NAMES and i + 1 == body:
                bold[i] = True
    return tuple(bold)


def _phrase_end(word: str, following: str) -> bool:
    return word.endswith((",", ";", ":")) or following in ("và", "của")


def balanced_lines(
    text: str, max_width: float, measure: Callable[[str], float] = len
) -> tuple[str, ...]:
    """`text` in as few lines as fit `max_width`, broken so the lines are even and, where it
    costs little, at the end of a phrase (after a comma, before "và"): never a word alone on its
    line, as a greedy break leaves "2021" under "... nhiệm vụ 6 tháng cuối năm"."""
    words = text.split()
    if not words:
        return ()
    n = len(words)
    total = measure(" ".join(words))
    # A break inside a phrase ("phương / hướng") costs a fifth of a line, a lone word far more.
    inside_phrase = 0.2 * max_width
    for count in range(1, min(n, 6) + 1):
        best: tuple[float, tuple[str, ...]] | None = None
        for cuts in combinations(range(1, n), count - 1):
            bounds = (0, *cuts, n)
            lines = tuple(" ".join(words[a:b]) for a, b in pairwise(bounds))
            widths = [measure(line) for line in lines]
            if max(widths) > max_width:
                continue
            score = max(widths)
            score += sum(inside_phrase for c in cuts if not _phrase_end(words[c - 1], words[c]))
            score += sum(max_width for a, b in pairwise(bounds) if b - a == 1 and n > 1)
            if best is None or score < best[0]:
                best = (score, lines)
        if best is not None:
            return best[1]
        if total <= max_width:
            break
    return (text,)


SHORT_COLUMN = 0.15
"""A text column needing at most this share of the table's width on one line gets it whole."""


def column_widths(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    numeric: Sequence[bool],
    total: float,
    measure: Callable[[str], float],
    padding: float = 0.0,
) -> tuple[float, ...]:
    """Column widths (in the unit of `measure` and `total`) for a table `total` wide.

    Each column gets at least its longest word (figures: their longest cell, figures never
    wrap); a column that fits whole ("TT", "Đơn vị", the figures) gets no more than it needs; the
    rest of the width goes to the text columns (the indicator's name), in proportion to what they
    would need on one line.
    """
    columns = range(len(header))

    def cells(c: int) -> list[str]:
        return [header[c], *(row[c] for row in rows)]

    natural = [max(measure(text) for text in cells(c)) + padding for c in columns]

    def longest_word(texts: Sequence[str]) -> float:
        return max(measure(w) for text in texts for w in (text.split() or [""])) + padding

    def unbroken(text: str) -> float:
        """A figure is never broken; words in a figure column ("giảm 1,52 điểm %", "chưa đạt")
        may wrap like any text, so they do not widen the column past their longest word."""
        if any(ch.isalpha() for ch in text):
            return longest_word([text])
        return measure(text) + padding

    least = [
        (
            max(longest_word([header[c]]), *(unbroken(r[c]) for r in rows))
            if numeric[c]
            else longest_word(cells(c))
        )
        for c in columns
    ]
    # Figures never wrap and their headers may (a header is no reason to widen a column).
    natural = [least[c] if numeric[c] else natural[c] for c in columns]
    if sum(natural) <= total:
        # Everything fits on one line: the spare width goes to the widest text column.
        spare = total - sum(natural)
        widths = list(natural)
        text_columns = [c for c in columns if not numeric[c]] or list(columns)
        widths[max(text_columns, key=lambda c: natural[c])] += spare
        return tuple(widths)
    widths = list(least)
    # A short text column ("Đơn vị": "tỷ đồng") is given its whole line when there is room.
    for c in sorted(columns, key=lambda c: natural[c]):
        if natural[c] <= SHORT_COLUMN * total and sum(widths) - widths[c] + natural[c] <= total:
            widths[c] = natural[c]
    spare = total - sum(widths)
    if spare <= 0:
        return tuple(w * total / sum(widths) for w in widths)
    wants = [natural[c] - widths[c] for c in columns]
    if sum(wants) <= 0:
        return tuple(w * total / sum(widths) for w in widths)
    return tuple(widths[c] + spare * wants[c] / sum(wants) for c in columns)


def _party_issuer(issuer: IssuerFacts) -> tuple[tuple[str, ...], str, tuple[str, str], str]:
    """(top-left lines, number suffix, signature lines, body name for recipients)."""
    name = upper_vi(issuer.name)
    parent = upper_vi(f"{_kind_word(issuer.parent_kind)} {issuer.parent_name or ''}").strip()
    if issuer.level == 1:
        return (f"TỈNH ỦY {name}", "*"), "-BC/TU", ("T/M BAN THƯỜNG VỤ", "BÍ THƯ"), "Tỉnh ủy"
    if issuer.level == 2:
        body, suffix = _DISTRICT_BODY.get(issuer.kind, ("HUYỆN ỦY", "-BC/HU"))
        word = body.split(" ")[0].capitalize()
        return (
            (f"ĐẢNG BỘ {parent}", f"{body} {name}", "*"),
            suffix,
            ("T/M BAN THƯỜNG VỤ", "BÍ THƯ"),
            f"{word} ủy",
        )
    kind = upper_vi(_kind_word(issuer.kind))
    return (
        (f"ĐẢNG BỘ {parent}", f"ĐẢNG ỦY {kind} {name}", "*"),
        "-BC/ĐU",
        ("T/M ĐẢNG ỦY", "BÍ THƯ"),
        "Đảng ủy",
    )


def document_head(
    *,
    layout: str,
    issuer: IssuerFacts,
    title_subject: str,
    year: int,
    issued_on: datetime.date | None = None,
    signer: str = "",
    recipients: tuple[str, ...] | None = None,
    overrides: HeadOverrides | None = None,
) -> DocumentHead:
    """The header, title and signature block of `layout` for `issuer`.

    `title_subject` is the line under "BÁO CÁO": "sơ kết 6 tháng đầu năm 2021 và phương hướng,
    nhiệm vụ 6 tháng cuối năm 2021". `overrides` replaces any field of the result (unit settings).
    """
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}")
    place_date = place_date_line(issuer.place, issued_on, year)
    if layout == "party":
        issuer_lines, suffix, signature, body = _party_issuer(issuer)
        head = DocumentHead(
            layout=layout,
            issuer_lines=issuer_lines,
            national_lines=("ĐẢNG CỘNG SẢN VIỆT NAM",),
            number=f"Số      {suffix}",
            place_date=place_date,
            title="BÁO CÁO",
            subtitle=title_subject,
            signature_lines=signature,
            signer=signer,
            recipients=recipients
            or (
                "- Ban Thường vụ cấp ủy cấp trên (báo cáo),",
                f"- Các đồng chí {body} viên,",
                "- Các chi, đảng bộ trực thuộc,",
                f"- Lưu Văn phòng {body}.",
            ),
        )
    else:
        kind = upper_vi(_kind_word(issuer.kind))
        head = DocumentHead(
            layout=layout,
            issuer_lines=("ỦY BAN NHÂN DÂN", f"{kind} {upper_vi(issuer.name)}".strip()),
            national_lines=("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"),
            number="Số:      /BC-UBND",
            place_date=place_date,
            title="BÁO CÁO",
            subtitle=title_subject,
            signature_lines=("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
            signer=signer,
            recipients=recipients
            or (
                "- Ủy ban nhân dân cấp trên (báo cáo);",
                "- Thường trực cấp ủy, Hội đồng nhân dân (báo cáo);",
                "- Các cơ quan, đơn vị liên quan;",
                "- Lưu: VT.",
            ),
        )
    if overrides:
        head = replace(head, **overrides)
    return head
