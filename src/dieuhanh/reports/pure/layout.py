"""The official layouts' header and signature blocks, from the issuing unit (thể thức văn bản).

Party documents follow Guidance 36-HD/VPTW: "ĐẢNG CỘNG SẢN VIỆT NAM" top right, the Party body
top left ("ĐẢNG BỘ TỈNH GIA LAI / HUYỆN ỦY CHƯ SÊ / *"), "Số …-BC/HU", the place and date in
italics, "T/M BAN THƯỜNG VỤ". Administrative documents follow Decree 30/2020/NĐ-CP: the national
title and motto top right, "ỦY BAN NHÂN DÂN / HUYỆN CHƯ SÊ" top left, "Số: …/BC-UBND".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
from typing import TypedDict

from dieuhanh.reports.pure.document import DocumentHead

__all__ = [
    "LAYOUTS",
    "HeadOverrides",
    "IssuerFacts",
    "document_head",
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
    """ "Chư Sê, ngày 15 tháng 7 năm 2021"; without a date, blanks to fill in at signing."""
    if issued_on is None:
        return f"{place}, ngày      tháng      năm {year}"
    return f"{place}, ngày {issued_on.day} tháng {issued_on.month} năm {issued_on.year}"


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
