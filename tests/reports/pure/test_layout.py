"""The document head (reports/pure/layout.py): Party and administrative headers of a district,
a commune after the reform and a province, overrides, the place and date line."""

from __future__ import annotations

import datetime

import pytest

from dieuhanh.reports.pure.document import DocumentHead
from dieuhanh.reports.pure.layout import IssuerFacts, document_head, place_date_line

CHU_SE_DISTRICT = IssuerFacts("district", "Chư Sê", 2, "province", "Gia Lai", "Chư Sê")
XA_CHU_SE_2025 = IssuerFacts("commune", "Chư Sê", 3, "province", "Gia Lai", "Chư Sê")
GIA_LAI = IssuerFacts("province", "Gia Lai", 1, None, None, "Gia Lai")


def head(layout: str, issuer: IssuerFacts = CHU_SE_DISTRICT) -> DocumentHead:
    return document_head(layout=layout, issuer=issuer, title_subject="sơ kết", year=2021)


def test_party_header_of_a_district() -> None:
    h = head("party")
    assert h.issuer_lines == ("ĐẢNG BỘ TỈNH GIA LAI", "HUYỆN ỦY CHƯ SÊ", "*")
    assert h.national_lines == ("ĐẢNG CỘNG SẢN VIỆT NAM",)
    assert h.number.endswith("-BC/HU")
    assert h.signature_lines == ("T/M BAN THƯỜNG VỤ", "BÍ THƯ")


def test_party_header_of_a_commune_after_the_reform() -> None:
    h = head("party", XA_CHU_SE_2025)
    assert h.issuer_lines == ("ĐẢNG BỘ TỈNH GIA LAI", "ĐẢNG ỦY XÃ CHƯ SÊ", "*")
    assert h.number.endswith("-BC/ĐU")
    assert h.signature_lines[0] == "T/M ĐẢNG ỦY"


def test_party_header_of_a_province() -> None:
    assert head("party", GIA_LAI).issuer_lines == ("TỈNH ỦY GIA LAI", "*")


def test_administrative_header() -> None:
    h = head("admin")
    assert h.issuer_lines == ("ỦY BAN NHÂN DÂN", "HUYỆN CHƯ SÊ")
    assert h.national_lines == ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
    assert h.number == "Số:      /BC-UBND"
    assert h.signature_lines == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")


def test_settings_override_the_defaults() -> None:
    h = document_head(
        layout="party",
        issuer=CHU_SE_DISTRICT,
        title_subject="x",
        year=2021,
        overrides={"signer": "Nguyễn Văn A"},
    )
    assert h.signer == "Nguyễn Văn A"


def test_place_and_date() -> None:
    assert place_date_line("Chư Sê", datetime.date(2021, 7, 15), 2021) == (
        "Chư Sê, ngày 15 tháng 7 năm 2021"
    )
    assert place_date_line("Chư Sê", None, 2021).startswith("Chư Sê, ngày ")


def test_an_unknown_layout_is_refused() -> None:
    with pytest.raises(ValueError, match="layout"):
        head("newspaper")
