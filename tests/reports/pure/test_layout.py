"""The document head (reports/pure/layout.py): Party and administrative headers of a district,
a commune after the reform and a province, overrides, the place and date line."""

from __future__ import annotations

import datetime

import pytest

from dieuhanh.reports.pure.document import DocumentHead
from dieuhanh.reports.pure.layout import (
    IssuerFacts,
    balanced_lines,
    column_widths,
    document_head,
    issuer_bold,
    place_date_line,
)

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


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2021, 7, 5), "ngày 05 tháng 7 năm 2021"),
        (datetime.date(2021, 2, 1), "ngày 01 tháng 02 năm 2021"),
        (datetime.date(2021, 1, 31), "ngày 31 tháng 01 năm 2021"),
        (datetime.date(2021, 12, 9), "ngày 09 tháng 12 năm 2021"),
        (datetime.date(2021, 3, 10), "ngày 10 tháng 3 năm 2021"),
    ],
)
def test_the_date_is_zero_padded_per_the_decree(day: datetime.date, expected: str) -> None:
    assert place_date_line("Chư Sê", day, 2021) == f"Chư Sê, {expected}"


def test_both_lines_of_the_people_s_committee_are_bold() -> None:
    assert issuer_bold("admin", ("ỦY BAN NHÂN DÂN", "HUYỆN CHƯ SÊ")) == (True, True)


def test_only_the_issuing_body_is_bold_under_its_superior() -> None:
    lines = ("ĐẢNG BỘ TỈNH GIA LAI", "HUYỆN ỦY CHƯ SÊ", "*")
    assert issuer_bold("party", lines) == (False, True, False)


def test_the_subject_is_broken_after_the_comma_not_inside_a_word_pair() -> None:
    subject = "sơ kết 6 tháng đầu năm 2021 và phương hướng, nhiệm vụ 6 tháng cuối năm 2021"
    assert balanced_lines(subject, 60) == (
        "sơ kết 6 tháng đầu năm 2021 và phương hướng,",
        "nhiệm vụ 6 tháng cuối năm 2021",
    )


def test_no_word_is_left_alone_on_its_line() -> None:
    lines = balanced_lines("một hai ba bốn năm sáu bảy tám chín mười", 36)
    assert len(lines) == 2
    assert all(len(line.split()) > 1 for line in lines)


def test_a_subject_that_fits_stays_on_one_line() -> None:
    assert balanced_lines("tổng kết năm 2021", 60) == ("tổng kết năm 2021",)


def test_the_label_column_takes_the_width_and_tt_stays_narrow() -> None:
    header = ("TT", "Chỉ tiêu", "Đơn vị", "Thực hiện 6 tháng đầu năm")
    rows = (
        (
            "1",
            "Tổng giá trị sản xuất theo giá so sánh năm 2010 của toàn huyện",
            "tỷ đồng",
            "5.716,35",
        ),
    )
    widths = column_widths(header, rows, (False, False, False, True), 100, len)
    assert sum(widths) == pytest.approx(100)
    assert widths[0] == 2  # "TT"
    assert widths[2] == len("tỷ đồng")  # a short text column gets its whole line
    assert widths[3] == len("5.716,35")  # figures: no wider than the longest figure or word
    assert widths[1] == max(widths)


def test_words_in_a_figure_column_wrap_and_leave_the_width_to_the_label() -> None:
    header = ("Chỉ tiêu", "So cùng kỳ")
    rows = (
        ("Tổng giá trị sản xuất theo giá so sánh năm 2010 của toàn huyện", "105,56"),
        ("Tỷ lệ hộ nghèo của toàn huyện theo chuẩn nghèo đa chiều", "giảm 1,52 điểm %"),
    )
    widths = column_widths(header, rows, (False, True), 40, len)
    assert widths[1] == len("105,56")  # not the 16 characters of the phrase
